/*
 * bootstrap.c - percentile bootstrap intervals (DESIGN.md "Journeys"): replicate r resamples,
 * with replacement, as many treated people as there are from the treated and as many
 * comparisons from the comparisons, and repeats the whole estimate on them, the propensity
 * model or the strata included.
 *
 * Draw j of cohort g in replicate r comes from Random123's Philox4x32-10 keyed by the seed
 * with the counter (r, j, g): a pure function of those numbers, so replicates run on any
 * thread in any order give the same bytes. Replicates are split over threads by core/parallel
 * and written by index; intervals and standard errors are then taken in replicate order.
 * A replicate whose weights cannot be formed (no comparison weight, a singular model) is left
 * out and counted.
 */
#include "journeys.h"

#include "core/alloc.h"
#include "core/parallel.h"
#include "core/random.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct replicates {
	const struct vmap_journeys *j;
	size_t stats;     /* numbers kept per replicate */
	double *values;   /* replicates * stats; NaN for a failed replicate */
	bool *failed;
	int *error;       /* per worker: VMAP_NOMEM when its buffers could not be made */
	size_t first;     /* this MPI rank's first replicate (bootstrap_share) */
};

/* A uniform index in [0, n) for draw j of cohort g in replicate r. */
static size_t draw_index(uint64_t seed, uint64_t r, uint32_t j, uint32_t g, size_t n)
{
	return (size_t)((double)random_bits53(seed, r, j, g) * 0x1p-53 * (double)n);
}

static void resample(const struct cohort *c, uint64_t seed, uint64_t r, uint32_t *frequency)
{
	memset(frequency, 0, c->count * sizeof *frequency);
	for (uint32_t j = 0; j < c->treated; j++)
		frequency[draw_index(seed, r, j, 0, c->treated)]++;
	for (uint32_t j = 0; j < c->count - c->treated; j++)
		frequency[c->treated + draw_index(seed, r, j, 1, c->count - c->treated)]++;
}

/* The numbers a replicate keeps: effects, then the three profiles. */
static void keep(const struct replicates *rep, const struct estimate *e, double *out)
{
	const struct cohort *c = &rep->j->cohort;
	size_t effects = c->agencies * (size_t)rep->j->config.post, cells = c->agencies * c->years;

	memcpy(out, e->effect, effects * sizeof *out);
	memcpy(out + effects, e->treated, cells * sizeof *out);
	memcpy(out + effects + cells, e->weighted, cells * sizeof *out);
	memcpy(out + effects + 2 * cells, e->comparison, cells * sizeof *out);
}

static void run_range(void *context, unsigned worker, size_t begin, size_t end,
		      atomic_size_t *done)
{
	struct replicates *rep = context;
	const struct vmap_journeys *j = rep->j;
	const struct cohort *c = &j->cohort;
	uint32_t *frequency = alloc_array(c->count + 1, sizeof *frequency);
	struct weighting_result w = {0};
	struct estimate e;

	if (!frequency || estimate_alloc(&e, c->agencies, c->years, (size_t)j->config.post)) {
		rep->error[worker] = VMAP_NOMEM;
		free(frequency);
		return;
	}
	for (size_t r = begin + rep->first; r < end + rep->first; r++) {
		int rc;
		resample(c, j->config.seed, r, frequency);
		rc = weights_compute(c, &j->settings, frequency, &w);
		if (rc == VMAP_NOMEM) {
			rep->error[worker] = VMAP_NOMEM;
			break;
		}
		if (!rc)
			estimate_compute(c, &j->settings, frequency, w.weight, &e);
		rep->failed[r] = rc || !e.ok;
		if (!rep->failed[r])
			keep(rep, &e, &rep->values[r * rep->stats]);
		atomic_fetch_add(done, 1);
	}
	weights_release(&w);
	estimate_release(&e);
	free(frequency);
}

/* Standard error and percentile interval of statistic s over the replicates that worked. */
static void summarise(const struct replicates *rep, size_t s, double level, double *column,
		      double *se, double *low, double *high)
{
	size_t n = 0, replicates = rep->j->config.bootstrap;

	for (size_t r = 0; r < replicates; r++)
		if (!rep->failed[r] && isfinite(rep->values[r * rep->stats + s]))
			column[n++] = rep->values[r * rep->stats + s];
	if (n < 2) {
		*se = *low = *high = NAN;
		return;
	}
	if (se)
		*se = gsl_stats_sd(column, 1, n);
	gsl_sort(column, 1, n);
	*low = gsl_stats_quantile_from_sorted_data(column, 1, n, (1 - level) / 2);
	*high = gsl_stats_quantile_from_sorted_data(column, 1, n, 1 - (1 - level) / 2);
}

static int allocate_results(struct vmap_journeys *j, size_t effects, size_t cells)
{
	j->effect_se = alloc_array(effects + 1, sizeof *j->effect_se);
	j->effect_low = alloc_array(effects + 1, sizeof *j->effect_low);
	j->effect_high = alloc_array(effects + 1, sizeof *j->effect_high);
	j->profile_low = alloc_array(3 * cells + 1, sizeof *j->profile_low);
	j->profile_high = alloc_array(3 * cells + 1, sizeof *j->profile_high);
	if (!j->effect_se || !j->effect_low || !j->effect_high || !j->profile_low ||
	    !j->profile_high)
		return diag_nomem(&j->diag, "bootstrap results");
	for (size_t i = 0; i < effects; i++)
		j->effect_se[i] = j->effect_low[i] = j->effect_high[i] = NAN;
	for (size_t i = 0; i < 3 * cells; i++)
		j->profile_low[i] = j->profile_high[i] = NAN;
	return VMAP_OK;
}

static void summarise_all(struct vmap_journeys *j, struct replicates *rep, double *column,
			  size_t effects)
{
	double unused;

	for (size_t r = 0; r < j->config.bootstrap; r++)
		j->replicates_failed += rep->failed[r];
	for (size_t s = 0; s < rep->stats; s++) {
		if (s < effects)
			summarise(rep, s, j->config.level, column, &j->effect_se[s],
				  &j->effect_low[s], &j->effect_high[s]);
		else
			summarise(rep, s, j->config.level, column, &unused,
				  &j->profile_low[s - effects], &j->profile_high[s - effects]);
	}
}

int bootstrap_run(struct vmap_journeys *j)
{
	const struct cohort *c = &j->cohort;
	size_t effects = c->agencies * (size_t)j->config.post, cells = c->agencies * c->years;
	size_t replicates = j->config.bootstrap;
	unsigned threads = j->threads ? j->threads : parallel_cores();
	struct replicates rep = {j, effects + 3 * cells, NULL, NULL, NULL, 0};
	size_t end;
	double *column = NULL;
	int rc = allocate_results(j, effects, cells);

	if (rc || replicates == 0)
		return rc;
	rep.values = alloc_array(replicates * rep.stats, sizeof *rep.values);
	rep.failed = alloc_array(replicates, sizeof *rep.failed);
	rep.error = alloc_array(threads, sizeof *rep.error);
	column = alloc_array(replicates, sizeof *column);
	if (!rep.values || !rep.failed || !rep.error || !column) {
		rc = diag_nomem(&j->diag, "the bootstrap");
		goto cleanup;
	}
	if (j->progress)
		j->progress(j->progress_context, "bootstrap", 0, replicates);
	bootstrap_share(replicates, &rep.first, &end);
	parallel_run(&(struct parallel_job){run_range, &rep, end - rep.first, threads,
					    j->progress, j->progress_context});
	for (unsigned t = 0; t < threads && !rc; t++)
		if (rep.error[t])
			rc = diag_nomem(&j->diag, "the bootstrap");
	rc = bootstrap_gather(rep.values, rep.failed, rep.stats, replicates, rc, &j->diag);
	if (!rc)
		summarise_all(j, &rep, column, effects);
cleanup:
	free(rep.values);
	free(rep.failed);
	free(rep.error);
	free(column);
	return rc;
}
