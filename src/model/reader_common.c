/*
 * reader_common.c - small typed reads shared by every part of the model reader.
 */
#include "reader.h"

#include "core/alloc.h"
#include "core/suggest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int read_discount(struct reader *r, struct fy_node *node, const char *context,
		  vmap_discount *out)
{
	const char *text = yaml_text(node);
	char what[160];
	double rate;
	int rc;

	if (text && strcmp(text, "stpr") == 0) {
		*out = (vmap_discount){VMAP_SCHEDULE_STPR, 0};
		return VMAP_OK;
	}
	if (text && strcmp(text, "health") == 0) {
		*out = (vmap_discount){VMAP_SCHEDULE_HEALTH, 0};
		return VMAP_OK;
	}
	if (text && !strpbrk(text, "0123456789"))
		return yaml_fail(&r->y, node,
				 "%s: discount: unknown schedule '%s'; expected stpr, health or a "
				 "rate such as 0.035",
				 context, text);
	snprintf(what, sizeof what, "%s: discount", context);
	rc = yaml_read_double(&r->y, node, what, &rate);
	if (rc)
		return rc;
	if (rate < 0 || rate >= 1)
		return yaml_fail(&r->y, node,
				 "%s: %g is out of range; expected a rate from 0 up to 1 (0.035 is "
				 "3.5%%)",
				 what, rate);
	*out = (vmap_discount){VMAP_SCHEDULE_CONSTANT, rate};
	return VMAP_OK;
}

int read_grade(struct reader *r, struct fy_node *mapping, const char *context, int *grade)
{
	struct fy_node *node = yaml_lookup(mapping, "confidence", NULL);
	char what[160];
	long value;
	int rc;

	*grade = 0;
	if (!node)
		return VMAP_OK;
	snprintf(what, sizeof what, "%s: confidence", context);
	rc = yaml_read_int(&r->y, node, what, 1, GRADE_COUNT, &value);
	if (!rc)
		*grade = (int)value;
	return rc;
}

/* The message for a year the model's deflator lacks. */
static int missing_deflator(struct reader *r, struct fy_node *node, const char *context,
			    int year, int needed)
{
	const char *base = needed == r->model->price_base ? "the price base " : "";
	int first, last;

	if (r->model->deflator_hmt) {
		vmap_hmt_deflator(needed, NULL, &first, &last);
		return yaml_fail(&r->y, node,
				 "%s: price_year %d needs a deflator index for %s%d, outside the HM "
				 "Treasury series (%d to %d); give the model its own series under "
				 "'deflator'",
				 context, year, base, needed, first, last);
	}
	return yaml_fail(&r->y, node,
			 "%s: price_year %d needs a deflator index for %s%d; add it under "
			 "'deflator'",
			 context, year, base, needed);
}

int read_price_year(struct reader *r, struct fy_node *mapping, const char *context,
		    int fallback, int *price_year, double *real_factor)
{
	struct vmap_model *m = r->model;
	struct fy_node *node = yaml_lookup(mapping, "price_year", NULL);
	double from, to;
	char what[160];
	long year = fallback ? fallback : m->price_base;
	int rc;

	if (node) {
		snprintf(what, sizeof what, "%s: price_year", context);
		rc = yaml_read_int(&r->y, node, what, 1800, 2500, &year);
		if (rc)
			return rc;
	}
	*price_year = (int)year;
	*real_factor = 1;
	if (year == m->price_base)
		return VMAP_OK;
	if (!node)
		node = mapping;
	if (!model_deflator(m, (int)year, &from))
		return missing_deflator(r, node, context, (int)year, (int)year);
	if (!model_deflator(m, m->price_base, &to))
		return missing_deflator(r, node, context, (int)year, m->price_base);
	*real_factor = vmap_real_price(1.0, from, to);
	return VMAP_OK;
}

int find_id(struct reader *r, struct fy_node *node, const char *context, const char *kind,
	    char *const *ids, size_t count, size_t *index)
{
	const char *text = yaml_text(node);
	char hint[160];

	if (!text || yaml_is_null(node))
		return yaml_fail(&r->y, node, "%s: expected the id of an %s", context, kind);
	for (size_t i = 0; i < count; i++) {
		if (strcmp(ids[i], text) == 0) {
			*index = i;
			return VMAP_OK;
		}
	}
	suggest_hint(hint, sizeof hint, text, (const char *const *)ids, count);
	return yaml_fail(&r->y, node, "%s: unknown %s '%s'%s", context, kind, text, hint);
}

bool valid_id(const char *text)
{
	size_t length = strlen(text);

	if (length == 0 || length > 64)
		return false;
	for (const char *p = text; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

int read_id(struct reader *r, struct fy_node *mapping, const char *context, char **out)
{
	struct fy_node *node = yaml_lookup(mapping, "id", NULL);
	char what[160];
	const char *text;
	int rc;

	if (!node)
		return yaml_fail(&r->y, mapping, "%s: missing 'id'", context);
	snprintf(what, sizeof what, "%s: id", context);
	rc = yaml_read_string(&r->y, node, what, &text);
	if (rc)
		return rc;
	if (!valid_id(text))
		return yaml_fail(&r->y, node,
				 "%s: '%s' is not a valid id; expected 1 to 64 letters, digits, "
				 "'_', '-' or '.'",
				 what, text);
	*out = alloc_strdup(text);
	return *out ? VMAP_OK : diag_nomem(&r->model->diag, "reading ids");
}

int read_name(struct reader *r, struct fy_node *mapping, const char *context,
	      const char *fallback, char **out)
{
	struct fy_node *node = yaml_lookup(mapping, "name", NULL);
	char what[160];
	const char *text = fallback;

	if (node) {
		int rc;
		snprintf(what, sizeof what, "%s: name", context);
		rc = yaml_read_string(&r->y, node, what, &text);
		if (rc)
			return rc;
	}
	*out = alloc_strdup(text);
	return *out ? VMAP_OK : diag_nomem(&r->model->diag, "reading names");
}

static const char *item_id(void *items, size_t size, size_t index)
{
	return *(char **)((char *)items + index * size);
}

int read_section(struct reader *r, struct fy_node *node, const struct section *s, void **items,
		 size_t *count)
{
	size_t n;
	int rc = yaml_expect_sequence(&r->y, node, s->name);

	if (rc)
		return rc;
	n = (size_t)fy_node_sequence_item_count(node);
	*items = alloc_array(n, s->item_size);
	if (!*items)
		return diag_nomem(&r->model->diag, "reading the model");
	for (size_t i = 0; i < n; i++) {
		struct fy_node *item = fy_node_sequence_get_by_index(node, (int)i);
		rc = s->read_item(r, item, i, (char *)*items + i * s->item_size);
		*count = i + 1;
		if (rc)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(item_id(*items, s->item_size, j), item_id(*items, s->item_size, i)) == 0)
				return yaml_fail(&r->y, yaml_lookup(item, "id", NULL),
						 "%s '%s' is declared twice", s->kind,
						 item_id(*items, s->item_size, i));
	}
	return VMAP_OK;
}
