/*
 * weights.c - the weight of every analysed row (DESIGN.md "Journeys"), for the full sample or
 * a bootstrap sample (each row counted `frequency` times).
 *
 * Treated rows weigh 1 (0 when exact matching finds them no comparison). Comparisons:
 * - weighting: e / (1 - e) = exp(x'beta), the odds of the propensity score e, which targets
 *   the effect on the treated;
 * - exact: n_treated / n_comparison of their stratum (exact.c);
 * - none: all the same.
 * Comparison weights are then scaled so that, counted with their frequencies, they sum to the
 * (matched) treated count: a weighted comparison mean is sum(f w y) / sum(f w) either way.
 */
#include "journeys.h"

#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double frequency_of(const uint32_t *frequency, size_t row)
{
	return frequency ? frequency[row] : 1;
}

static int propensity_weights(const struct cohort *c, const uint32_t *frequency,
			      struct weighting_result *w)
{
	double *y = alloc_array(c->count + 1, sizeof *y);
	double *f = alloc_array(c->count + 1, sizeof *f);
	double *beta = alloc_array(c->columns + 1, sizeof *beta), top = 0;
	int rc = !y || !f || !beta ? VMAP_NOMEM : VMAP_OK;

	for (size_t i = 0; !rc && i < c->count; i++)
		y[i] = i < c->treated, f[i] = frequency_of(frequency, i);
	if (!rc)
		rc = propensity_fit(c->x, y, f, c->count, c->columns, beta, &w->iterations,
				    &w->converged);
	for (size_t i = 0; !rc && i < c->count; i++) {
		double eta = beta[0];
		for (size_t k = 0; k < c->columns; k++)
			eta += beta[k + 1] * c->x[i * c->columns + k];
		w->propensity[i] = 1 / (1 + exp(-eta));
		w->weight[i] = eta; /* the log odds, for now */
		if (i >= c->treated && (i == c->treated || eta > top))
			top = eta;
	}
	/* exp(eta - top): the odds scaled by a constant, which normalising removes, so a large
	 * log odds never overflows */
	for (size_t i = 0; !rc && i < c->count; i++)
		w->weight[i] = i < c->treated ? 1 : exp(w->weight[i] - top);
	free(y);
	free(f);
	free(beta);
	return rc;
}

/* Scales comparison weights to sum (with frequencies) to the weighted treated count. */
static bool normalise(const struct cohort *c, const uint32_t *frequency,
		      struct weighting_result *w)
{
	double treated = 0, comparison = 0;

	w->matched_treated = w->matched_comparison = 0;
	for (size_t i = 0; i < c->count; i++) {
		double fw = frequency_of(frequency, i) * w->weight[i];
		if (i < c->treated)
			treated += fw, w->matched_treated += w->weight[i] > 0;
		else
			comparison += fw, w->matched_comparison += w->weight[i] > 0;
	}
	if (!(treated > 0) || !(comparison > 0) || !isfinite(comparison))
		return false;
	for (size_t i = c->treated; i < c->count; i++)
		w->weight[i] *= treated / comparison;
	return true;
}

int weights_compute(const struct cohort *c, const struct journeys_settings *s,
		    const uint32_t *frequency, struct weighting_result *w)
{
	int rc = VMAP_OK;

	if (!w->weight) {
		w->weight = alloc_array(c->count + 1, sizeof *w->weight);
		w->propensity = alloc_array(c->count + 1, sizeof *w->propensity);
		if (!w->weight || !w->propensity)
			return VMAP_NOMEM;
	}
	w->converged = true;
	w->iterations = 0;
	w->strata = 0;
	if (s->match == MATCH_WEIGHTING)
		rc = propensity_weights(c, frequency, w);
	else if (s->match == MATCH_EXACT)
		rc = exact_weights(c, frequency, w);
	else
		for (size_t i = 0; i < c->count; i++)
			w->weight[i] = 1;
	if (rc)
		return rc;
	return normalise(c, frequency, w) ? VMAP_OK : VMAP_NUMERIC;
}

void weights_release(struct weighting_result *w)
{
	free(w->weight);
	free(w->propensity);
	memset(w, 0, sizeof *w);
}
