/*
 * read_interventions.c - the interventions section: participants, costs and effects.
 *
 * Years at or beyond the horizon are outside the appraisal: a cost year there is dropped and
 * an effect is cut at the horizon, each with a warning on the model.
 */
#include "reader.h"

#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const intervention_keys[] = {"id", "name", "participants", "costs",
						"effects", "effects_from", NULL};
static const char *const cost_keys[] = {"agency",     "amount",	    "per",	     "years",
					"price_year", "confidence", "optimism_bias", NULL};
static const char *const effect_keys[] = {"outcome",	  "change",	  "start",
					  "duration",	  "drop_off",	  "deadweight",
					  "displacement", "attribution", "confidence",
					  NULL};

static char **collect_ids(struct vmap_model *m, bool agencies)
{
	size_t count = agencies ? m->agency_count : m->outcome_count;
	char **ids = alloc_array(count, sizeof *ids);

	for (size_t i = 0; ids && i < count; i++)
		ids[i] = agencies ? m->agencies[i].id : m->outcomes[i].id;
	return ids;
}

static int lookup_ref(struct reader *r, struct fy_node *item, const char *context,
		      const char *key, size_t *index)
{
	bool agencies = strcmp(key, "agency") == 0;
	struct fy_node *node = yaml_lookup(item, key, NULL);
	char **ids;
	int rc;

	if (!node)
		return yaml_fail(&r->y, item, "%s: missing '%s'", context, key);
	ids = collect_ids(r->model, agencies);
	if (!ids)
		return diag_nomem(&r->model->diag, "reading interventions");
	rc = find_id(r, node, context, key, ids,
		     agencies ? r->model->agency_count : r->model->outcome_count, index);
	free(ids);
	return rc;
}

static int read_per(struct reader *r, struct fy_node *item, const char *context,
		    enum cost_per *per)
{
	struct fy_node *node = yaml_lookup(item, "per", NULL);
	const char *text = yaml_text(node);

	if (!node)
		return yaml_fail(&r->y, item, "%s: missing 'per' (participant or total)", context);
	if (text && strcmp(text, "participant") == 0)
		*per = PER_PARTICIPANT;
	else if (text && strcmp(text, "total") == 0)
		*per = PER_TOTAL;
	else
		return yaml_fail(&r->y, node, "%s: per: expected participant or total, not '%s'",
				 context, text ? text : "a collection");
	return VMAP_OK;
}

static int add_cost_year(struct reader *r, struct cost *c, struct fy_node *node,
			 const char *context)
{
	int horizon = r->model->horizon;
	char what[240];
	long year;
	int rc;

	snprintf(what, sizeof what, "%s: years", context);
	rc = yaml_read_int(&r->y, node, what, 0, 100000, &year);

	if (rc)
		return rc;
	for (size_t i = 0; i < c->year_count; i++)
		if (c->years[i] == year)
			return yaml_fail(&r->y, node, "%s: year %ld is listed twice", context, year);
	if (year >= horizon) {
		struct yaml_mark mark = yaml_node_mark(node);
		return model_warn(r->model,
				  "%s:%d:%d: %s: year %ld is at or beyond the horizon (%d years); "
				  "it is left out",
				  r->y.path, mark.line, mark.column, context, year, horizon);
	}
	c->years[c->year_count++] = (int)year;
	return VMAP_OK;
}

static int read_cost_years(struct reader *r, struct fy_node *item, struct cost *c,
			   const char *context)
{
	struct fy_node *node = yaml_lookup(item, "years", NULL);
	char what[240];
	size_t count;
	int rc;

	if (!node) {
		c->years = alloc_array(1, sizeof *c->years);
		if (!c->years)
			return diag_nomem(&r->model->diag, "reading costs");
		c->year_count = 1;
		return VMAP_OK;
	}
	snprintf(what, sizeof what, "%s: years", context);
	rc = yaml_expect_sequence(&r->y, node, what);
	if (rc)
		return rc;
	count = (size_t)fy_node_sequence_item_count(node);
	if (count == 0)
		return yaml_fail(&r->y, node, "%s: years: the list is empty", context);
	c->years = alloc_array(count, sizeof *c->years);
	if (!c->years)
		return diag_nomem(&r->model->diag, "reading costs");
	for (size_t i = 0; i < count && !rc; i++)
		rc = add_cost_year(r, c, fy_node_sequence_get_by_index(node, (int)i), context);
	return rc;
}

static int read_cost(struct reader *r, struct fy_node *item, const char *owner, size_t index,
		     struct cost *c)
{
	struct fy_node *amount, *ob;
	const vmap_ucd_entry *unit_cost = NULL;
	char context[200], label[200];
	int rc;

	snprintf(context, sizeof context, "intervention '%s' cost %zu", owner, index + 1);
	snprintf(label, sizeof label, "interventions.%s.costs[%zu]", owner, index);
	rc = yaml_expect_mapping(&r->y, item, context);
	if (!rc)
		rc = yaml_check_keys(&r->y, item, context, cost_keys);
	if (!rc)
		rc = lookup_ref(r, item, context, "agency", &c->agency);
	amount = yaml_lookup(item, "amount", NULL);
	if (!rc && !amount)
		rc = yaml_fail(&r->y, item, "%s: missing 'amount'", context);
	if (!rc) {
		size_t length = strlen(label);
		snprintf(label + length, sizeof label - length, ".amount");
		rc = read_value(r, amount, context, "amount", label, 0, INFINITY, &c->amount,
				&unit_cost);
		label[length] = '\0';
	}
	if (!rc)
		rc = read_per(r, item, context, &c->per);
	if (!rc)
		rc = read_price_year(r, item, context, unit_cost ? unit_cost->price_year : 0,
				     &c->price_year, &c->real_factor);
	if (!rc)
		rc = read_grade(r, item, context, &c->confidence);
	ob = yaml_lookup(item, "optimism_bias", NULL);
	if (!rc && ob && c->confidence)
		rc = yaml_fail(&r->y, ob, "%s: give 'confidence' or 'optimism_bias', not both",
			       context);
	if (!rc && ob) {
		c->has_optimism_bias = true;
		size_t length = strlen(label);
		snprintf(label + length, sizeof label - length, ".optimism_bias");
		rc = read_quantity(r, ob, context, "optimism_bias", label, 0, 10, &c->optimism_bias);
	}
	if (!rc)
		rc = read_cost_years(r, item, c, context);
	return rc;
}

static int read_effect_timing(struct reader *r, struct fy_node *item, struct effect *e,
			      const char *context)
{
	struct fy_node *start = yaml_lookup(item, "start", NULL);
	struct fy_node *duration = yaml_lookup(item, "duration", NULL);
	char what_start[240], what_duration[240];
	long value;
	int rc = VMAP_OK;

	snprintf(what_start, sizeof what_start, "%s: start", context);
	snprintf(what_duration, sizeof what_duration, "%s: duration", context);
	e->start = 0;
	e->duration = 1;
	if (start && !(rc = yaml_read_int(&r->y, start, what_start, 0, 100000, &value)))
		e->start = (int)value;
	if (!rc && duration &&
	    !(rc = yaml_read_int(&r->y, duration, what_duration, 1, 100000, &value)))
		e->duration = (int)value;
	if (rc || e->start + e->duration <= r->model->horizon)
		return rc;
	struct yaml_mark mark = yaml_node_mark(start ? start : duration ? duration : item);
	return model_warn(r->model,
			  "%s:%d:%d: %s: years %d to %d are at or beyond the horizon (%d years); "
			  "they are left out",
			  r->y.path, mark.line, mark.column, context,
			  e->start > r->model->horizon ? e->start : r->model->horizon,
			  e->start + e->duration - 1, r->model->horizon);
}

static int read_effect_share(struct reader *r, struct fy_node *item, const char *context,
			     const char *key, const char *label, struct quantity *out)
{
	char full[240];

	snprintf(full, sizeof full, "%s.%s", label, key);
	return read_optional_quantity(r, item, context, key, full, 0, 1, 0, out);
}

int read_effect(struct reader *r, struct fy_node *item, const char *owner, size_t index,
		struct effect *e)
{
	static const char *const shares[] = {"drop_off", "deadweight", "displacement",
					     "attribution"};
	struct quantity *targets[] = {&e->drop_off, &e->deadweight, &e->displacement,
				      &e->attribution};
	struct fy_node *change;
	char context[200], label[200], change_label[240];
	int rc;

	snprintf(context, sizeof context, "intervention '%s' effect %zu", owner, index + 1);
	snprintf(label, sizeof label, "interventions.%s.effects[%zu]", owner, index);
	rc = yaml_expect_mapping(&r->y, item, context);
	if (!rc)
		rc = yaml_check_keys(&r->y, item, context, effect_keys);
	if (!rc)
		rc = lookup_ref(r, item, context, "outcome", &e->outcome);
	change = yaml_lookup(item, "change", NULL);
	if (!rc && !change)
		rc = yaml_fail(&r->y, item, "%s: missing 'change' (units per participant)", context);
	snprintf(change_label, sizeof change_label, "%s.change", label);
	if (!rc)
		rc = read_quantity(r, change, context, "change", change_label, -INFINITY, INFINITY,
				   &e->change);
	for (size_t i = 0; i < 4 && !rc; i++)
		rc = read_effect_share(r, item, context, shares[i], label, targets[i]);
	if (!rc)
		rc = read_grade(r, item, context, &e->confidence);
	if (!rc)
		rc = read_effect_timing(r, item, e, context);
	return rc;
}

/* Reads item `index` of an intervention's list into `target` (a struct cost or effect). */
typedef int (*item_reader)(struct reader *r, struct fy_node *item, const char *owner,
			   size_t index, void *target);

static int read_cost_item(struct reader *r, struct fy_node *item, const char *owner,
			  size_t index, void *target)
{
	return read_cost(r, item, owner, index, target);
}

static int read_effect_item(struct reader *r, struct fy_node *item, const char *owner,
			    size_t index, void *target)
{
	return read_effect(r, item, owner, index, target);
}

/* Reads the list under `key` into a new array of `size`-byte items, one read_item each. */
static int read_list(struct reader *r, struct fy_node *item, const char *key, const char *owner,
		     size_t size, item_reader read_item, void **out, size_t *count)
{
	struct fy_node *node = yaml_lookup(item, key, NULL);
	char what[200];
	size_t n;
	int rc;

	*count = 0;
	if (!node || yaml_is_null(node))
		return VMAP_OK;
	snprintf(what, sizeof what, "intervention '%s': %s", owner, key);
	rc = yaml_expect_sequence(&r->y, node, what);
	if (rc)
		return rc;
	n = (size_t)fy_node_sequence_item_count(node);
	*out = alloc_array(n, size);
	if (!*out)
		return diag_nomem(&r->model->diag, "reading interventions");
	for (size_t i = 0; i < n && !rc; i++) {
		struct fy_node *child = fy_node_sequence_get_by_index(node, (int)i);
		*count = i + 1;
		rc = read_item(r, child, owner, i, (char *)*out + i * size);
	}
	return rc;
}

static bool costs_inside_horizon(const struct intervention *iv)
{
	for (size_t c = 0; c < iv->cost_count; c++)
		if (iv->costs[c].year_count > 0)
			return true;
	return false;
}

static int read_intervention(struct reader *r, struct fy_node *item, size_t index, void *target)
{
	struct intervention *iv = target;
	struct fy_node *participants;
	char context[160], label[160];
	void *list = NULL;
	int rc;

	snprintf(context, sizeof context, "intervention %zu", index + 1);
	rc = yaml_expect_mapping(&r->y, item, context);
	if (!rc)
		rc = yaml_check_keys(&r->y, item, context, intervention_keys);
	if (!rc)
		rc = read_id(r, item, context, &iv->id);
	if (rc)
		return rc;
	snprintf(context, sizeof context, "intervention '%s'", iv->id);
	snprintf(label, sizeof label, "interventions.%s.participants", iv->id);
	rc = read_name(r, item, context, iv->id, &iv->name);
	participants = yaml_lookup(item, "participants", NULL);
	if (!rc && !participants)
		rc = yaml_fail(&r->y, item, "%s: missing 'participants'", context);
	if (!rc)
		rc = read_quantity(r, participants, context, "participants", label, 0, INFINITY,
				   &iv->participants);
	if (!rc) {
		rc = read_list(r, item, "costs", iv->id, sizeof(struct cost), read_cost_item, &list,
			       &iv->cost_count);
		iv->costs = list;
	}
	if (!rc) {
		list = NULL;
		rc = read_list(r, item, "effects", iv->id, sizeof(struct effect), read_effect_item,
			       &list, &iv->effect_count);
		iv->effects = list;
	}
	if (!rc && yaml_lookup(item, "effects_from", NULL))
		rc = read_effects_from(r, item, iv);
	if (!rc && !costs_inside_horizon(iv))
		rc = model_warn(r->model,
				"%s: intervention '%s' has no cost inside the horizon: it adds nothing "
				"to the value map",
				r->y.path, iv->id);
	return rc;
}


int read_interventions(struct reader *r, struct fy_node *node)
{
	static const struct section interventions = {"interventions", "intervention",
						     sizeof(struct intervention),
						     read_intervention};
	void *items = NULL;
	int rc = read_section(r, node, &interventions, &items, &r->model->intervention_count);

	r->model->interventions = items;
	return rc;
}
