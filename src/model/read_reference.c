/*
 * read_reference.c - the parts of a model that draw on the reference data compiled into the
 * library (reference.h): `{ucd: CODE}` values, the `ucd_agencies:` table that maps a unit
 * cost's agency to one of the model's agencies, and the deflator (`deflator: hmt`, the default,
 * or the model's own series, which wins).
 */
#include "reader.h"
#include "reference.h"

#include "core/alloc.h"
#include "core/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int read_value(struct reader *r, struct fy_node *node, const char *context, const char *what,
	       const char *label, double min, double max, struct quantity *out,
	       const vmap_ucd_entry **entry)
{
	static const char *const keys[] = {"ucd", NULL};
	char where[200];
	const char *code, *near;
	int rc;

	*entry = NULL;
	if (!yaml_is_mapping(node) || !yaml_lookup(node, "ucd", NULL))
		return read_quantity(r, node, context, what, label, min, max, out);
	snprintf(where, sizeof where, "%s: %s", context, what);
	rc = yaml_check_keys(&r->y, node, where, keys);
	if (!rc)
		rc = yaml_read_string(&r->y, yaml_lookup(node, "ucd", NULL), where, &code);
	if (rc)
		return rc;
	*entry = vmap_ucd_find(code);
	if (!*entry) {
		near = vmap_ucd_suggest(code);
		return yaml_fail(&r->y, yaml_lookup(node, "ucd", NULL),
				 "%s: unknown unit cost '%s'%s%s%s; `valuemap ucd search WORDS` "
				 "lists the codes",
				 where, code, near ? " (did you mean '" : "", near ? near : "",
				 near ? "'?)" : "");
	}
	out->value = (*entry)->cost;
	out->param = -1;
	if (out->value < min || out->value > max)
		return yaml_fail(&r->y, node, "%s: unit cost %s (%g) is out of range", where, code,
				 out->value);
	return VMAP_OK;
}

/* The UCD's own spelling of `name` (agency names differ in case: "Local authority"). */
static const char *ucd_agency_name(const char *name)
{
	for (size_t i = 0; i < ucd_entry_count; i++)
		if (strcasecmp(ucd_entries[i].agency, name) == 0)
			return ucd_entries[i].agency;
	return NULL;
}

static int ucd_agency_list(const char ***names, size_t *count)
{
	*names = alloc_array(ucd_entry_count, sizeof **names);
	*count = 0;
	if (!*names)
		return VMAP_NOMEM;
	for (size_t i = 0; i < ucd_entry_count; i++) {
		size_t k = 0;
		while (k < *count && strcasecmp((*names)[k], ucd_entries[i].agency) != 0)
			k++;
		if (k == *count)
			(*names)[(*count)++] = ucd_entries[i].agency;
	}
	return VMAP_OK;
}

static int unknown_ucd_agency(struct reader *r, struct fy_node *key, const char *name)
{
	const char **names;
	size_t count;
	char hint[160];

	if (ucd_agency_list(&names, &count))
		return diag_nomem(&r->model->diag, "reading ucd_agencies");
	suggest_hint(hint, sizeof hint, name, names, count);
	free(names);
	return yaml_fail(&r->y, key,
			 "ucd_agencies: '%s' is not an agency of the unit cost database%s; "
			 "`valuemap ucd search` shows each entry's agency",
			 name, hint);
}

int read_ucd_agencies(struct reader *r, struct fy_node *node)
{
	struct vmap_model *m = r->model;
	struct fy_node_pair *pair;
	void *iter = NULL;
	char **ids = NULL;
	size_t count;
	int rc = yaml_expect_mapping(&r->y, node, "ucd_agencies");

	if (rc)
		return rc;
	count = (size_t)fy_node_mapping_item_count(node);
	m->ucd_agencies = alloc_array(count ? count : 1, sizeof *m->ucd_agencies);
	ids = alloc_array(m->agency_count, sizeof *ids);
	if (!m->ucd_agencies || !ids) {
		free(ids);
		return diag_nomem(&m->diag, "reading ucd_agencies");
	}
	for (size_t k = 0; k < m->agency_count; k++)
		ids[k] = m->agencies[k].id;
	while (!rc && (pair = fy_node_mapping_iterate(node, &iter))) {
		struct ucd_agency *u = &m->ucd_agencies[m->ucd_agency_count];
		const char *name = yaml_text(fy_node_pair_key(pair));
		u->name = name ? ucd_agency_name(name) : NULL;
		if (!u->name) {
			rc = unknown_ucd_agency(r, fy_node_pair_key(pair), name ? name : "");
			break;
		}
		rc = find_id(r, fy_node_pair_value(pair), "ucd_agencies", "agency", ids,
			     m->agency_count, &u->agency);
		if (!rc)
			m->ucd_agency_count++;
	}
	free(ids);
	return rc;
}

bool model_ucd_agency(const struct vmap_model *m, const char *name, size_t *agency)
{
	for (size_t i = 0; i < m->ucd_agency_count; i++) {
		if (strcasecmp(m->ucd_agencies[i].name, name) == 0) {
			*agency = m->ucd_agencies[i].agency;
			return true;
		}
	}
	return false;
}

/* The shipped series, copied so that model_deflator reads one table whichever was chosen. */
static int use_hmt_deflator(struct vmap_model *m)
{
	m->deflator_years = alloc_array(hmt_deflator_count, sizeof *m->deflator_years);
	m->deflator_index = alloc_array(hmt_deflator_count, sizeof *m->deflator_index);
	if (!m->deflator_years || !m->deflator_index)
		return diag_nomem(&m->diag, "reading the deflator");
	for (size_t i = 0; i < hmt_deflator_count; i++) {
		m->deflator_years[i] = hmt_deflator[i].year;
		m->deflator_index[i] = hmt_deflator[i].index;
	}
	m->deflator_count = hmt_deflator_count;
	m->deflator_hmt = true;
	return VMAP_OK;
}

static int read_own_deflator(struct reader *r, struct fy_node *node)
{
	struct vmap_model *m = r->model;
	struct fy_node_pair *pair;
	void *iter = NULL;
	size_t count = (size_t)fy_node_mapping_item_count(node);

	m->deflator_years = alloc_array(count, sizeof *m->deflator_years);
	m->deflator_index = alloc_array(count, sizeof *m->deflator_index);
	if (!m->deflator_years || !m->deflator_index)
		return diag_nomem(&m->diag, "reading the deflator");
	while ((pair = fy_node_mapping_iterate(node, &iter))) {
		long year;
		double index;
		int rc = yaml_read_int_key(&r->y, fy_node_pair_key(pair), "deflator: year", 1800,
					   2500, &year);
		if (!rc)
			rc = yaml_read_double(&r->y, fy_node_pair_value(pair), "deflator: index", &index);
		if (!rc && !(index > 0))
			rc = yaml_fail(&r->y, fy_node_pair_value(pair),
				       "deflator: the index for %ld must be positive, not %g", year,
				       index);
		if (rc)
			return rc;
		m->deflator_years[m->deflator_count] = (int)year;
		m->deflator_index[m->deflator_count++] = index;
	}
	return VMAP_OK;
}

int read_deflator(struct reader *r, struct fy_node *node)
{
	const char *text;

	if (!node)
		return use_hmt_deflator(r->model);
	if (yaml_is_mapping(node))
		return read_own_deflator(r, node);
	text = yaml_text(node);
	if (text && strcmp(text, "hmt") == 0)
		return use_hmt_deflator(r->model);
	return yaml_fail(&r->y, node,
			 "deflator: expected hmt (the HM Treasury series shipped with valuemap) or a "
			 "mapping of year to index");
}
