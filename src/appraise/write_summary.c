/*
 * write_summary.c - summary.json: settings, totals, interventions, agencies, the matrix and
 * warnings. Numbers are printed so that they read back exactly; undefined ratios are null.
 */
#include "appraisal.h"

#include "core/json_out.h"

static void add_totals(struct json_out *j, cJSON *object, const vmap_totals *t)
{
	for (size_t f = 0; totals_fields[f]; f++) {
		double value;
		if (totals_field(t, f, &value))
			json_add_number(j, object, totals_fields[f], value);
		else
			json_add_null(j, object, totals_fields[f]);
	}
}

static void add_settings(struct json_out *j, const struct vmap_model *m)
{
	cJSON *s = json_add_object(j, j->root, "appraisal");

	json_add_string(j, s, "name", m->name);
	json_add_number(j, s, "base_year", m->base_year);
	json_add_number(j, s, "price_base", m->price_base);
	json_add_number(j, s, "horizon", m->horizon);
	json_add_string(j, s, "deflator", m->deflator_hmt ? "hmt" : "model");
	if (m->discount.schedule == VMAP_SCHEDULE_STPR)
		json_add_string(j, s, "discount", "stpr");
	else if (m->discount.schedule == VMAP_SCHEDULE_HEALTH)
		json_add_string(j, s, "discount", "health");
	else
		json_add_number(j, s, "discount", m->discount.rate);
}

static void add_interventions(struct json_out *j, const struct vmap_appraisal *a)
{
	const struct vmap_model *m = a->model;
	cJSON *list = json_add_array(j, j->root, "interventions");

	for (size_t i = 0; i < m->intervention_count; i++) {
		cJSON *item = json_add_object(j, list, NULL);
		vmap_totals t = valuation_intervention(&a->value, i);
		json_add_string(j, item, "id", m->interventions[i].id);
		json_add_string(j, item, "name", m->interventions[i].name);
		add_totals(j, item, &t);
		json_add_bool(j, item, "collaboration_gap",
			      valuation_collaboration_gap(&a->value, i));
	}
}

static void add_agencies(struct json_out *j, const struct vmap_appraisal *a)
{
	const struct vmap_model *m = a->model;
	cJSON *list = json_add_array(j, j->root, "agencies");

	for (size_t k = 0; k < m->agency_count; k++) {
		cJSON *item = json_add_object(j, list, NULL);
		vmap_totals t = valuation_agency(&a->value, k);
		json_add_string(j, item, "id", m->agencies[k].id);
		json_add_string(j, item, "name", m->agencies[k].name);
		json_add_bool(j, item, "government", m->agencies[k].government);
		add_totals(j, item, &t);
	}
}

static void add_rank(struct json_out *j, cJSON *item, const char *key, size_t rank)
{
	if (rank)
		json_add_number(j, item, key, (double)rank);
	else
		json_add_null(j, item, key);
}

/* One option: its totals, each agency's net and net_fiscal, and its ranks. */
static void add_option(struct json_out *j, cJSON *list, const struct vmap_appraisal *a,
		       size_t o)
{
	const struct vmap_model *m = a->model;
	cJSON *item = json_add_object(j, list, NULL);
	cJSON *members = json_add_array(j, item, "interventions");
	cJSON *agencies;
	vmap_totals t = vmap_appraisal_option(a, o);

	json_add_string(j, item, "id", m->options[o].id);
	json_add_string(j, item, "name", m->options[o].name);
	for (size_t i = 0; i < m->intervention_count; i++)
		if (m->options[o].member[i])
			json_add_string(j, members, NULL, m->interventions[i].id);
	add_totals(j, item, &t);
	add_rank(j, item, "rank_npsv", vmap_appraisal_option_rank(a, o, VMAP_RANK_NPSV));
	add_rank(j, item, "rank_bcr", vmap_appraisal_option_rank(a, o, VMAP_RANK_BCR));
	agencies = json_add_array(j, item, "agencies");
	for (size_t k = 0; k < m->agency_count; k++) {
		cJSON *entry = json_add_object(j, agencies, NULL);
		vmap_totals at = vmap_appraisal_option_agency(a, o, k);
		json_add_string(j, entry, "id", m->agencies[k].id);
		json_add_number(j, entry, "net", at.pv_benefit - at.pv_cost);
		json_add_number(j, entry, "net_fiscal", at.net_fiscal);
	}
}

/* options[]: the implied do-minimum first (every figure 0, no ratios), then the shortlist. */
static void add_options(struct json_out *j, const struct vmap_appraisal *a)
{
	const struct vmap_model *m = a->model;
	cJSON *list, *item, *agencies;
	vmap_totals zero = {.payback_year = -1};

	if (m->option_count == 0)
		return;
	list = json_add_array(j, j->root, "options");
	item = json_add_object(j, list, NULL);
	json_add_string(j, item, "id", "do_minimum");
	json_add_string(j, item, "name", "Do minimum (no intervention)");
	json_add_array(j, item, "interventions");
	add_totals(j, item, &zero);
	add_rank(j, item, "rank_npsv", vmap_appraisal_do_minimum_rank(a));
	add_rank(j, item, "rank_bcr", 0);
	agencies = json_add_array(j, item, "agencies");
	for (size_t k = 0; k < m->agency_count; k++) {
		cJSON *entry = json_add_object(j, agencies, NULL);
		json_add_string(j, entry, "id", m->agencies[k].id);
		json_add_number(j, entry, "net", 0);
		json_add_number(j, entry, "net_fiscal", 0);
	}
	for (size_t o = 0; o < m->option_count; o++)
		add_option(j, list, a, o);
}

static void add_matrix(struct json_out *j, const struct vmap_appraisal *a)
{
	const struct vmap_model *m = a->model;
	cJSON *list = json_add_array(j, j->root, "matrix");

	for (size_t p = 0; p < m->agency_count; p++) {
		for (size_t b = 0; b < m->agency_count; b++) {
			cJSON *item = json_add_object(j, list, NULL);
			json_add_string(j, item, "payer", m->agencies[p].id);
			json_add_string(j, item, "beneficiary", m->agencies[b].id);
			json_add_number(j, item, "pv", valuation_matrix(&a->value, p, b));
		}
	}
}

int write_summary(struct vmap_appraisal *a, struct outset *out)
{
	const struct vmap_model *m = a->model;
	vmap_totals totals = valuation_totals(&a->value);
	struct json_out j;
	struct strbuf sb;
	cJSON *warnings;
	int rc;

	json_out_init(&j);
	strbuf_init(&sb);
	json_add_string(&j, j.root, "valuemap_version", VMAP_VERSION);
	add_settings(&j, m);
	add_totals(&j, json_add_object(&j, j.root, "totals"), &totals);
	add_interventions(&j, a);
	add_agencies(&j, a);
	add_matrix(&j, a);
	add_options(&j, a);
	if (a->extension.add_summary)
		a->extension.add_summary(a->extension.context, &j);
	warnings = json_add_array(&j, j.root, "warnings");
	for (size_t w = 0; w < warnings_count(&m->warnings); w++)
		json_add_string(&j, warnings, NULL, warnings_get(&m->warnings, w));
	if (json_out_render(&j, &sb))
		rc = outset_write_buf(out, "summary.json", &sb);
	else
		rc = diag_nomem(&a->diag, "writing summary.json");
	json_out_release(&j);
	strbuf_release(&sb);
	return rc;
}
