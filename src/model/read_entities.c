/*
 * read_entities.c - the agencies and outcomes sections of a model.
 */
#include "reader.h"

#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const char *const agency_keys[] = {"id", "name", "government", NULL};
static const char *const outcome_keys[] = {"id",	  "name",	   "value",
					   "price_year",  "kind",	   "cashable",
					   "confidence",  "beneficiaries", "beneficiary",
					   "discount",	  NULL};
static const char *const kind_names[] = {"fiscal", "economic", "social", NULL};

static int read_agency(struct reader *r, struct fy_node *item, size_t index, void *target)
{
	struct agency *a = target;
	struct fy_node *gov;
	char context[160];
	int rc;

	snprintf(context, sizeof context, "agency %zu", index + 1);
	rc = yaml_expect_mapping(&r->y, item, context);
	if (!rc)
		rc = yaml_check_keys(&r->y, item, context, agency_keys);
	if (!rc)
		rc = read_id(r, item, context, &a->id);
	if (rc)
		return rc;
	snprintf(context, sizeof context, "agency '%s'", a->id);
	rc = read_name(r, item, context, a->id, &a->name);
	a->government = true;
	gov = yaml_lookup(item, "government", NULL);
	if (!rc && gov) {
		char what[200];
		snprintf(what, sizeof what, "%s: government", context);
		rc = yaml_read_bool(&r->y, gov, what, &a->government);
	}
	return rc;
}


static char **agency_ids(struct vmap_model *m)
{
	char **ids = alloc_array(m->agency_count, sizeof *ids);

	for (size_t i = 0; ids && i < m->agency_count; i++)
		ids[i] = m->agencies[i].id;
	return ids;
}

/* A fiscal benefit may go only to a government agency. */
static int check_fiscal(struct reader *r, struct fy_node *node, const struct outcome *o,
			const char *context, const struct share *s)
{
	const struct agency *a = &r->model->agencies[s->agency];

	if (o->kind != KIND_FISCAL || s->share <= 0 || a->government)
		return VMAP_OK;
	return yaml_fail(&r->y, node,
			 "%s: a fiscal benefit cannot go to '%s', which is not government "
			 "(government: false); make the outcome economic or social",
			 context, a->id);
}

static int add_share(struct reader *r, struct outcome *o, struct fy_node *key,
		     struct fy_node *value, const char *context)
{
	struct vmap_model *m = r->model;
	char **ids = agency_ids(m);
	char what[200];
	struct share *s;
	int rc;

	if (!ids)
		return diag_nomem(&m->diag, "reading beneficiaries");
	s = &o->shares[o->share_count];
	rc = find_id(r, key, context, "agency", ids, m->agency_count, &s->agency);
	free(ids);
	if (rc)
		return rc;
	for (size_t i = 0; i < o->share_count; i++)
		if (o->shares[i].agency == s->agency)
			return yaml_fail(&r->y, key, "%s: agency '%s' is listed twice", context,
					 m->agencies[s->agency].id);
	snprintf(what, sizeof what, "%s: share of '%s'", context, m->agencies[s->agency].id);
	if (value) {
		rc = yaml_read_double(&r->y, value, what, &s->share);
		if (rc)
			return rc;
		if (s->share < 0 || s->share > 1)
			return yaml_fail(&r->y, value, "%s: %g is out of range; expected 0 to 1",
					 what, s->share);
	} else {
		s->share = 1;
	}
	rc = check_fiscal(r, key, o, context, s);
	if (!rc)
		o->share_count++;
	return rc;
}

/* The beneficiary of an outcome valued by a unit cost that names none: the entry's agency,
 * through the model's ucd_agencies table. */
static int ucd_beneficiary(struct reader *r, struct fy_node *item, struct outcome *o,
			   const char *context, const vmap_ucd_entry *e)
{
	size_t agency;
	int rc;

	if (strcmp(e->agency, "Multiple") == 0)
		return yaml_fail(&r->y, item,
				 "%s: unit cost %s is shared by several agencies; give "
				 "'beneficiaries', or use its parts (%s.1, ...: `valuemap ucd search "
				 "%s`)",
				 context, e->code, e->code, e->code);
	if (!model_ucd_agency(r->model, e->agency, &agency))
		return yaml_fail(&r->y, item,
				 "%s: missing 'beneficiary': unit cost %s falls to '%s'; map it to "
				 "one of the model's agencies under 'ucd_agencies' (%s: ID), or give "
				 "'beneficiary'",
				 context, e->code, e->agency, e->agency);
	o->shares = alloc_array(1, sizeof *o->shares);
	if (!o->shares)
		return diag_nomem(&r->model->diag, "reading beneficiaries");
	o->shares[0] = (struct share){agency, 1.0};
	rc = check_fiscal(r, item, o, context, &o->shares[0]);
	if (!rc)
		o->share_count = 1;
	return rc;
}

static int read_beneficiaries(struct reader *r, struct fy_node *item, struct outcome *o,
			      const char *context, const vmap_ucd_entry *unit_cost)
{
	struct fy_node *many = yaml_lookup(item, "beneficiaries", NULL);
	struct fy_node *one_key = NULL, *one = yaml_lookup(item, "beneficiary", &one_key);
	struct fy_node_pair *pair;
	void *iter = NULL;
	double sum = 0;
	int rc;

	if (many && one)
		return yaml_fail(&r->y, one_key, "%s: give 'beneficiaries' or 'beneficiary', not both",
				 context);
	if (!many && !one && unit_cost)
		return ucd_beneficiary(r, item, o, context, unit_cost);
	if (!many && !one)
		return yaml_fail(&r->y, item,
				 "%s: missing 'beneficiaries' (agency: share, ...) or 'beneficiary'",
				 context);
	o->shares = alloc_array(r->model->agency_count, sizeof *o->shares);
	if (!o->shares)
		return diag_nomem(&r->model->diag, "reading beneficiaries");
	if (one)
		return add_share(r, o, one, NULL, context);
	rc = yaml_expect_mapping(&r->y, many, "beneficiaries");
	while (!rc && (pair = fy_node_mapping_iterate(many, &iter))) {
		rc = add_share(r, o, fy_node_pair_key(pair), fy_node_pair_value(pair), context);
		if (!rc)
			sum += o->shares[o->share_count - 1].share;
	}
	if (!rc && fabs(sum - 1) > 1e-6)
		return yaml_fail(&r->y, many, "%s: beneficiary shares sum to %.9g; expected 1",
				 context, sum);
	return rc;
}

static int read_kind(struct reader *r, struct fy_node *item, struct outcome *o,
		     const char *context)
{
	struct fy_node *kind = yaml_lookup(item, "kind", NULL);
	struct fy_node *cashable = yaml_lookup(item, "cashable", NULL);
	const char *text;
	int rc;

	o->kind = KIND_FISCAL;
	if (kind) {
		rc = yaml_read_string(&r->y, kind, "kind", &text);
		if (rc)
			return rc;
		for (o->kind = 0; kind_names[o->kind]; o->kind++)
			if (strcmp(kind_names[o->kind], text) == 0)
				break;
		if (!kind_names[o->kind])
			return yaml_fail(&r->y, kind,
					 "%s: kind: unknown kind '%s'; expected fiscal, economic or "
					 "social",
					 context, text);
	}
	if (!cashable)
		return VMAP_OK;
	rc = yaml_read_bool(&r->y, cashable, "cashable", &o->cashable);
	if (!rc && o->cashable && o->kind != KIND_FISCAL)
		return yaml_fail(&r->y, cashable, "%s: cashable: only a fiscal outcome can be cashable",
				 context);
	return rc;
}

int read_outcome(struct reader *r, struct fy_node *item, size_t index, void *target)
{
	struct outcome *o = target;
	const vmap_ucd_entry *unit_cost = NULL;
	struct fy_node *node;
	char context[160], label[160];
	int rc;

	snprintf(context, sizeof context, "outcome %zu", index + 1);
	rc = yaml_expect_mapping(&r->y, item, context);
	if (!rc)
		rc = yaml_check_keys(&r->y, item, context, outcome_keys);
	if (!rc)
		rc = read_id(r, item, context, &o->id);
	if (rc)
		return rc;
	snprintf(context, sizeof context, "outcome '%s'", o->id);
	snprintf(label, sizeof label, "outcomes.%s.value", o->id);
	rc = read_name(r, item, context, o->id, &o->name);
	node = yaml_lookup(item, "value", NULL);
	if (!rc && !node)
		rc = yaml_fail(&r->y, item, "%s: missing 'value' (the value of one unit)", context);
	if (!rc)
		rc = read_value(r, node, context, "value", label, -INFINITY, INFINITY, &o->value,
				&unit_cost);
	if (!rc)
		rc = read_price_year(r, item, context, unit_cost ? unit_cost->price_year : 0,
				     &o->price_year, &o->real_factor);
	if (!rc)
		rc = read_kind(r, item, o, context);
	if (!rc)
		rc = read_grade(r, item, context, &o->confidence);
	node = yaml_lookup(item, "discount", NULL);
	if (!rc && node) {
		o->has_discount = true;
		rc = read_discount(r, node, context, &o->discount);
	}
	if (!rc)
		rc = read_beneficiaries(r, item, o, context, unit_cost);
	return rc;
}


int read_agencies(struct reader *r, struct fy_node *node)
{
	static const struct section agencies = {"agencies", "agency", sizeof(struct agency),
						read_agency};
	void *items = NULL;
	int rc;

	if (yaml_is_sequence(node) && fy_node_sequence_item_count(node) == 0)
		return yaml_fail(&r->y, node, "agencies: at least one agency is needed");
	rc = read_section(r, node, &agencies, &items, &r->model->agency_count);
	r->model->agencies = items;
	return rc;
}

int read_outcomes(struct reader *r, struct fy_node *node)
{
	static const struct section outcomes = {"outcomes", "outcome", sizeof(struct outcome),
						read_outcome};
	void *items = NULL;
	int rc = read_section(r, node, &outcomes, &items, &r->model->outcome_count);

	r->model->outcomes = items;
	return rc;
}
