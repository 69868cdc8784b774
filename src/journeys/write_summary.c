/*
 * journeys_write_summary.c - journeys-summary.json: the design, the counts at every step (records,
 * persons, events joined and not, who was found, dropped and why, weighted or matched), the
 * weights and overlap, the balance and the effects. Undefined numbers are null.
 */
#include "journeys.h"

#include "core/alloc.h"
#include "core/json_out.h"

#include <math.h>
#include <stdlib.h>

static const char *const match_names[] = {"weighting", "exact", "none"};
static const char *const estimate_names[] = {"did", "post"};

static void number(struct json_out *out, cJSON *parent, const char *key, double value)
{
	if (isfinite(value))
		json_add_number(out, parent, key, value);
	else
		json_add_null(out, parent, key);
}

static void add_design(const vmap_journeys *j, struct json_out *out)
{
	const struct journeys_config *c = &j->config;
	cJSON *d = json_add_object(out, out->root, "design");

	json_add_string(out, d, "name", vmap_journeys_name(j));
	json_add_string(out, d, "match", match_names[c->match]);
	json_add_string(out, d, "estimate", estimate_names[c->estimate]);
	number(out, d, "pre", c->pre);
	number(out, d, "post", c->post);
	number(out, d, "price_base", c->price_base);
	number(out, d, "bootstrap", (double)c->bootstrap);
	number(out, d, "level", c->level);
	number(out, d, "seed", (double)c->seed);
}

static void add_group(struct json_out *out, cJSON *steps, const char *key, size_t found,
		      size_t unobserved, size_t missing, size_t unmatched, size_t used)
{
	cJSON *g = json_add_object(out, steps, key);

	number(out, g, "found", (double)found);
	number(out, g, "dropped_not_fully_observed", (double)unobserved);
	number(out, g, "dropped_missing_covariate", (double)missing);
	number(out, g, "dropped_unmatched", (double)unmatched);
	number(out, g, "used", (double)used);
}

/* Per dataset: its agency, records, events read and events kept (joined, inside observed). */
static void add_datasets(const vmap_journeys *j, struct json_out *out, cJSON *steps)
{
	cJSON *list = json_add_array(out, steps, "datasets");

	for (size_t d = 0; d < j->dataset_count; d++) {
		cJSON *item = json_add_object(out, list, NULL);
		json_add_string(out, item, "id", j->datasets[d].spec.id);
		json_add_string(out, item, "agency", j->agencies[j->datasets[d].agency]);
		number(out, item, "records", (double)j->datasets[d].records.count);
		number(out, item, "events", (double)j->events[d].rows);
		number(out, item, "events_used", (double)j->events[d].count);
	}
}

static void add_steps(const vmap_journeys *j, struct json_out *out)
{
	vmap_journeys_counts n = vmap_journeys_get_counts(j);
	cJSON *s = json_add_object(out, out->root, "steps");

	number(out, s, "records", (double)n.records);
	number(out, s, "records_not_in_clusters", (double)n.records_unclustered);
	number(out, s, "persons", (double)n.persons);
	number(out, s, "events", (double)n.events);
	number(out, s, "events_joined", (double)n.events_joined);
	number(out, s, "events_unjoined", (double)n.events_unjoined);
	number(out, s, "events_outside_observed", (double)n.events_outside);
	add_group(out, s, "treated", n.treated_found, n.treated_unobserved,
		  n.treated_missing_covariate, n.treated_unmatched, n.treated);
	add_group(out, s, "comparison", n.comparison_found, n.comparison_unobserved,
		  n.comparison_missing_covariate, n.comparison_unmatched, n.comparisons);
	number(out, s, "comparison_dropped_treated_before_window_end",
	       (double)n.comparison_treated_in_window);
	number(out, s, "bootstrap_replicates_failed", (double)n.bootstrap_failed);
	add_datasets(j, out, s);
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Quantiles of the propensity score in rows [begin, end), and (comparisons) the weights'
 * effective sample size (sum w)^2 / sum w^2 and the largest weight's share. */
static void add_overlap_group(const vmap_journeys *j, struct json_out *out, cJSON *parent,
			      const char *key, size_t begin, size_t end)
{
	cJSON *g = json_add_object(out, parent, key);
	double *e = alloc_array(end - begin + 1, sizeof *e), sum = 0, squares = 0, most = 0;
	size_t n = end - begin;

	for (size_t i = begin; i < end; i++) {
		double w = j->weights.weight[i];
		sum += w, squares += w * w, most = w > most ? w : most;
		if (e)
			e[i - begin] = j->weights.propensity[i];
	}
	number(out, g, "effective_size", squares > 0 ? sum * sum / squares : NAN);
	number(out, g, "largest_weight_share", sum > 0 ? most / sum : NAN);
	if (e && n && j->config.match == MATCH_WEIGHTING) {
		qsort(e, n, sizeof *e, by_double);
		number(out, g, "propensity_min", e[0]);
		number(out, g, "propensity_median", e[n / 2]);
		number(out, g, "propensity_max", e[n - 1]);
	}
	free(e);
}

static void add_weights(const vmap_journeys *j, struct json_out *out)
{
	const struct cohort *c = &j->cohort;
	cJSON *w = json_add_object(out, out->root, "weights");

	json_add_bool(out, w, "converged", j->weights.converged);
	number(out, w, "iterations", j->weights.iterations);
	if (j->config.match == MATCH_EXACT)
		number(out, w, "strata_matched", (double)j->weights.strata);
	add_overlap_group(j, out, w, "treated", 0, c->treated);
	add_overlap_group(j, out, w, "comparison", c->treated, c->count);
}

static void add_balance(const vmap_journeys *j, struct json_out *out)
{
	cJSON *list = json_add_array(out, out->root, "balance");

	for (size_t col = 0; col < j->cohort.columns; col++) {
		const struct balance_row *b = &j->balance[col];
		cJSON *row = json_add_object(out, list, NULL);
		json_add_string(out, row, "covariate", j->cohort.column_names[col]);
		number(out, row, "mean_treated", b->mean_treated);
		number(out, row, "mean_comparison", b->mean_comparison);
		number(out, row, "smd_before", b->smd_before);
		number(out, row, "mean_weighted", b->mean_weighted);
		number(out, row, "smd_after", b->smd_after);
	}
}

static void add_effects(const vmap_journeys *j, struct json_out *out)
{
	cJSON *list = json_add_array(out, out->root, "effects");

	for (size_t a = 0; a < j->agency_count; a++) {
		for (int k = 0; k < j->config.post; k++) {
			vmap_journeys_effect e = vmap_journeys_get_effect(j, a, k);
			cJSON *row = json_add_object(out, list, NULL);
			json_add_string(out, row, "agency", j->agencies[a]);
			number(out, row, "year", k);
			number(out, row, "effect", e.effect);
			number(out, row, "se", e.se);
			number(out, row, "ci_low", e.ci_low);
			number(out, row, "ci_high", e.ci_high);
			number(out, row, "naive", e.naive);
		}
	}
}

void journeys_write_summary(const vmap_journeys *j, struct strbuf *sb)
{
	struct json_out out;
	cJSON *warnings;

	json_out_init(&out);
	add_design(j, &out);
	add_steps(j, &out);
	add_weights(j, &out);
	add_balance(j, &out);
	add_effects(j, &out);
	warnings = json_add_array(&out, out.root, "warnings");
	for (size_t w = 0; w < warnings_count(&j->warnings); w++)
		json_add_string(&out, warnings, NULL, warnings_get(&j->warnings, w));
	if (!json_out_render(&out, sb))
		sb->failed = true;
	json_out_release(&out);
}
