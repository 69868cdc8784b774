/*
 * journeys.c - the vmap_journeys handle: load a journeys file, run the steps in order, and
 * answer the getters a caller needs for a summary.
 *
 * load reads the journeys file and every dataset spec with its events block, so mistakes in
 * them are reported before any data is read; run reads records, clusters and events, builds
 * the cohorts, weighs them, estimates, and bootstraps. A handle runs once.
 */
#include "journeys.h"

#include "core/alloc.h"
#include "core/input.h"
#include "core/suggest.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

vmap_journeys *vmap_journeys_new(void)
{
	return alloc_array(1, sizeof(vmap_journeys));
}

static void release_data(vmap_journeys *j)
{
	datasets_release(j);
	for (size_t d = 0; j->events && d < j->config.dataset_count; d++) {
		free(j->events[d].person);
		free(j->events[d].day);
		free(j->events[d].cost);
	}
	free(j->events);
	j->events = NULL;
	arena_release(&j->cluster_names);
	free(j->person_cluster);
	j->person_cluster = NULL;
	string_index_release(&j->clusters);
	free(j->persons);
	j->persons = NULL;
	cohort_release(&j->cohort);
	weights_release(&j->weights);
	estimate_release(&j->full);
	free(j->balance);
	free(j->effect_se);
	free(j->effect_low);
	free(j->effect_high);
	free(j->profile_low);
	free(j->profile_high);
	j->balance = NULL;
	j->effect_se = NULL;
	j->effect_low = j->effect_high = j->profile_low = j->profile_high = NULL;
}

void vmap_journeys_free(vmap_journeys *j)
{
	if (!j)
		return;
	release_data(j);
	journeys_config_release(&j->config);
	warnings_release(&j->warnings);
	free(j->clusters_override);
	free(j);
}

const char *vmap_journeys_errmsg(const vmap_journeys *j)
{
	return j ? j->diag.message : "";
}

int journeys_warn(struct vmap_journeys *j, const char *fmt, ...)
{
	va_list args;
	int rc;

	va_start(args, fmt);
	rc = warnings_addv(&j->warnings, fmt, args);
	va_end(args);
	return rc ? diag_nomem(&j->diag, "keeping a warning") : VMAP_OK;
}

size_t vmap_journeys_warning_count(const vmap_journeys *j)
{
	return warnings_count(&j->warnings);
}

const char *vmap_journeys_warning(const vmap_journeys *j, size_t index)
{
	return warnings_get(&j->warnings, index);
}

/* The dataset a cohort rule names, which must have events with a type column. */
static int resolve_rule(vmap_journeys *j, const char *key, const char *id,
			struct cohort_rule *rule)
{
	const char *ids[64];
	char hint[160];
	size_t n = 0;

	for (size_t d = 0; d < j->dataset_count; d++) {
		if (strcmp(j->datasets[d].spec.id, id) == 0) {
			rule->dataset = d;
			if (j->datasets[d].events.type)
				return VMAP_OK;
			return diag_fail(&j->diag, VMAP_INPUT,
					 "%s: cohorts.%s: the events of dataset '%s' (%s) have no "
					 "'type' column to find '%s' in",
					 j->config.path, key, id, j->config.dataset_paths[d], rule->type);
		}
		if (n < 64)
			ids[n++] = j->datasets[d].spec.id;
	}
	suggest_hint(hint, sizeof hint, id, ids, n);
	return diag_fail(&j->diag, VMAP_INPUT,
			 "%s: cohorts.%s.dataset: no dataset '%s' among journeys.datasets%s",
			 j->config.path, key, id, hint);
}

int vmap_journeys_load(vmap_journeys *j, const char *path)
{
	int rc;

	diag_clear(&j->diag);
	if (j->loaded)
		return diag_fail(&j->diag, VMAP_USAGE, "a journeys handle loads one file");
	rc = journeys_config_load(&j->config, path, &j->diag);
	if (!rc)
		rc = specs_read(j);
	if (!rc)
		rc = resolve_rule(j, "treated", j->config.treated_dataset, &j->config.treated);
	if (!rc)
		rc = resolve_rule(j, "comparison", j->config.comparison_dataset,
				  &j->config.comparison);
	if (rc) {
		release_data(j);
		journeys_config_release(&j->config);
		return rc;
	}
	j->settings = (struct journeys_settings){j->config.match, j->config.estimate,
						  j->config.pre, j->config.post};
	j->loaded = true;
	return VMAP_OK;
}

int vmap_journeys_set_clusters(vmap_journeys *j, const char *path)
{
	char *copy = alloc_strdup(path);

	if (!copy)
		return diag_nomem(&j->diag, "setting the clusters file");
	free(j->clusters_override);
	j->clusters_override = copy;
	return VMAP_OK;
}

void vmap_journeys_set_threads(vmap_journeys *j, unsigned threads)
{
	j->threads = threads;
}

void vmap_journeys_set_progress(vmap_journeys *j, vmap_progress_fn progress, void *context)
{
	j->progress = progress;
	j->progress_context = context;
}

static int estimate_full(vmap_journeys *j)
{
	struct cohort *c = &j->cohort;
	int rc;

	if (c->treated == 0 || c->count == c->treated)
		return diag_fail(&j->diag, VMAP_INPUT,
				 "%s: no %s person is fully observed over the window (see the counts "
				 "in journeys-summary.json's steps): nothing to compare",
				 j->config.path, c->treated == 0 ? "treated" : "comparison");
	rc = weights_compute(c, &j->settings, NULL, &j->weights);
	if (rc == VMAP_NUMERIC)
		return diag_fail(&j->diag, VMAP_NUMERIC,
				 "%s: no comparison person gets a weight: the cohorts do not overlap "
				 "on the covariates (%s)", j->config.path,
				 j->config.match == MATCH_EXACT ? "no stratum holds both"
								: "the propensity model separates them");
	if (rc)
		return diag_nomem(&j->diag, "weighting");
	rc = estimate_alloc(&j->full, c->agencies, c->years, (size_t)j->config.post);
	j->balance = alloc_array(c->columns + 1, sizeof *j->balance);
	if (rc || !j->balance)
		return diag_nomem(&j->diag, "estimating");
	estimate_compute(c, &j->settings, NULL, j->weights.weight, &j->full);
	balance_compute(c, j->weights.weight, j->balance);
	j->counts.treated_unmatched = c->treated - j->weights.matched_treated;
	j->counts.comparison_unmatched = c->count - c->treated - j->weights.matched_comparison;
	if (!j->weights.converged)
		return journeys_warn(j, "the propensity model did not converge in %d steps (the "
				     "covariates nearly separate the cohorts): check overlap",
				     j->weights.iterations);
	return VMAP_OK;
}

/* The files a run reads (each dataset's records and events, the clusters): a pipe named twice
 * would wait for ever at its second opening, so that is refused before any is opened. */
static int refuse_pipe_twice(vmap_journeys *j, const char *clusters)
{
	size_t count = 2 * j->dataset_count + 1;
	const char **paths = alloc_array(count, sizeof *paths);
	int rc;

	if (!paths)
		return diag_nomem(&j->diag, "checking the inputs");
	for (size_t i = 0; i < j->dataset_count; i++) {
		paths[2 * i] = j->datasets[i].spec.data_path;
		paths[2 * i + 1] = j->datasets[i].events.path;
	}
	paths[count - 1] = clusters;
	rc = input_refuse_special_twice(paths, count, &j->diag);
	free(paths);
	return rc;
}

int vmap_journeys_run(vmap_journeys *j)
{
	const char *clusters = j->clusters_override ? j->clusters_override
						    : j->config.clusters_path;
	int rc;

	diag_clear(&j->diag);
	if (!j->loaded || j->ran)
		return diag_fail(&j->diag, VMAP_USAGE, j->ran ? "a journeys handle runs once"
							     : "load a journeys file first");
	if (!clusters)
		return diag_fail(&j->diag, VMAP_USAGE,
				 "%s: journeys: no 'clusters' (the clusters.csv of valuemap link) and "
				 "none given", j->config.path);
	gsl_set_error_handler_off();
	rc = refuse_pipe_twice(j, clusters);
	if (!rc)
		rc = datasets_read(j);
	if (!rc)
		rc = clusters_read(j, clusters);
	if (!rc)
		rc = persons_describe(j);
	if (!rc)
		rc = events_read(j);
	if (!rc)
		rc = cohort_build(j);
	if (!rc)
		rc = estimate_full(j);
	if (!rc)
		rc = bootstrap_run(j);
	j->ran = rc == VMAP_OK;
	return rc;
}

vmap_journeys_counts vmap_journeys_get_counts(const vmap_journeys *j)
{
	const struct journeys_counts_private *n = &j->counts;

	return (vmap_journeys_counts){
		.records = n->records,
		.records_unclustered = n->records_unclustered,
		.persons = n->persons,
		.events = n->events,
		.events_joined = n->events_joined,
		.events_unjoined = n->events_unjoined,
		.events_outside = n->events_outside,
		.treated_found = n->treated_found,
		.treated_unobserved = n->treated_unobserved,
		.treated_missing_covariate = n->treated_missing_covariate,
		.treated_unmatched = n->treated_unmatched,
		.treated = j->weights.matched_treated,
		.comparison_found = n->comparison_found,
		.comparison_treated_in_window = n->comparison_treated_in_window,
		.comparison_unobserved = n->comparison_unobserved,
		.comparison_missing_covariate = n->comparison_missing_covariate,
		.comparison_unmatched = n->comparison_unmatched,
		.comparisons = j->weights.matched_comparison,
		.bootstrap = j->ran ? j->config.bootstrap : 0,
		.bootstrap_failed = j->replicates_failed,
	};
}

size_t vmap_journeys_agency_count(const vmap_journeys *j)
{
	return j->agency_count;
}

const char *vmap_journeys_agency_id(const vmap_journeys *j, size_t agency)
{
	return agency < j->agency_count ? j->agencies[agency] : NULL;
}

int vmap_journeys_pre_years(const vmap_journeys *j)
{
	return j->config.pre;
}

int vmap_journeys_post_years(const vmap_journeys *j)
{
	return j->config.post;
}

double vmap_journeys_level(const vmap_journeys *j)
{
	return j->config.level;
}

const char *vmap_journeys_name(const vmap_journeys *j)
{
	return j->config.name ? j->config.name : "";
}

vmap_journeys_effect vmap_journeys_get_effect(const vmap_journeys *j, size_t agency, int year)
{
	size_t i = agency * (size_t)j->config.post + (size_t)year;

	if (!j->ran || agency >= j->agency_count || year < 0 || year >= j->config.post)
		return (vmap_journeys_effect){NAN, NAN, NAN, NAN, NAN};
	return (vmap_journeys_effect){j->full.effect[i], j->effect_se[i], j->effect_low[i],
				      j->effect_high[i], j->full.naive[i]};
}

double vmap_journeys_worst_smd(const vmap_journeys *j, bool after, const char **covariate)
{
	double worst = NAN;

	if (covariate)
		*covariate = NULL;
	for (size_t col = 0; j->ran && col < j->cohort.columns; col++) {
		double smd = fabs(after ? j->balance[col].smd_after : j->balance[col].smd_before);
		if (isnan(worst) || smd > worst) {
			worst = smd;
			if (covariate)
				*covariate = j->cohort.column_names[col];
		}
	}
	return worst;
}
