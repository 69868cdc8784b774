/*
 * estimate.c - one estimate from weights (DESIGN.md "Journeys"), for the full sample or a
 * bootstrap sample (each row counted `frequency` times):
 *   treated(a, k)    = sum f w y / sum f w over treated rows (w 0 for unmatched ones)
 *   weighted(a, k)   = the same over comparison rows
 *   comparison(a, k) = sum f y / sum f over comparison rows (unweighted)
 *   effect(a, k)     = treated - weighted in post year k, less for `did` the same
 *                      difference of the means over the pre years
 *   naive(a, k)      = the unweighted difference of post-year means, all treated against all
 *                      comparisons
 * and the balance of the covariates: standardised mean differences before and after weighting.
 */
#include "journeys.h"

#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int estimate_alloc(struct estimate *e, size_t agencies, size_t years, size_t post)
{
	memset(e, 0, sizeof *e);
	e->treated = alloc_array(agencies * years + 1, sizeof *e->treated);
	e->weighted = alloc_array(agencies * years + 1, sizeof *e->weighted);
	e->comparison = alloc_array(agencies * years + 1, sizeof *e->comparison);
	e->all_treated = alloc_array(agencies * years + 1, sizeof *e->all_treated);
	e->effect = alloc_array(agencies * post + 1, sizeof *e->effect);
	e->naive = alloc_array(agencies * post + 1, sizeof *e->naive);
	if (e->treated && e->weighted && e->comparison && e->all_treated && e->effect && e->naive)
		return VMAP_OK;
	estimate_release(e);
	return VMAP_NOMEM;
}

void estimate_release(struct estimate *e)
{
	free(e->treated);
	free(e->weighted);
	free(e->comparison);
	free(e->all_treated);
	free(e->effect);
	free(e->naive);
	memset(e, 0, sizeof *e);
}

/* Weighted means over rows [begin, end) of every agency and year into `out`; `weight` NULL
 * counts each row once. */
static void means(const struct cohort *c, size_t begin, size_t end, const uint32_t *frequency,
		  const double *weight, double *out)
{
	size_t cells = c->agencies * c->years;
	double total = 0;

	memset(out, 0, cells * sizeof *out);
	for (size_t i = begin; i < end; i++) {
		double fw = (frequency ? frequency[i] : 1) * (weight ? weight[i] : 1);
		const double *y = &c->costs[i * cells];
		if (fw == 0)
			continue;
		total += fw;
		for (size_t cell = 0; cell < cells; cell++)
			out[cell] += fw * y[cell];
	}
	for (size_t cell = 0; cell < cells; cell++)
		out[cell] = total > 0 ? out[cell] / total : NAN;
}

static double pre_mean(const double *m, size_t agency, size_t years, int pre)
{
	double sum = 0;

	for (int k = 0; k < pre; k++)
		sum += m[agency * years + (size_t)k];
	return sum / pre;
}

void estimate_compute(const struct cohort *c, const struct journeys_settings *s,
		      const uint32_t *frequency, const double *weight, struct estimate *e)
{
	size_t years = c->years, post = (size_t)s->post;

	means(c, 0, c->treated, frequency, weight, e->treated);
	means(c, 0, c->treated, frequency, NULL, e->all_treated);
	means(c, c->treated, c->count, frequency, weight, e->weighted);
	means(c, c->treated, c->count, frequency, NULL, e->comparison);
	e->ok = true;
	for (size_t a = 0; a < c->agencies; a++) {
		double base = s->estimate == ESTIMATE_DID
				      ? pre_mean(e->treated, a, years, s->pre) -
						pre_mean(e->weighted, a, years, s->pre)
				      : 0;
		for (size_t k = 0; k < post; k++) {
			size_t cell = a * years + (size_t)s->pre + k, out = a * post + k;
			e->effect[out] = e->treated[cell] - e->weighted[cell] - base;
			e->naive[out] = e->all_treated[cell] - e->comparison[cell];
			e->ok &= isfinite(e->effect[out]) != 0;
		}
	}
}

struct moments {
	double n, mean, variance;
};

static struct moments column_moments(const struct cohort *c, size_t begin, size_t end,
				     size_t col, const double *weight)
{
	struct moments m = {0, 0, 0};
	double sum = 0, squares = 0;

	for (size_t i = begin; i < end; i++) {
		double w = weight ? weight[i] : 1;
		m.n += w;
		sum += w * c->x[i * c->columns + col];
	}
	m.mean = m.n > 0 ? sum / m.n : NAN;
	for (size_t i = begin; i < end; i++) {
		double w = weight ? weight[i] : 1, d = c->x[i * c->columns + col] - m.mean;
		squares += w * d * d;
	}
	m.variance = m.n > 1 ? squares / (m.n - 1) : 0;
	return m;
}

/* SMD = (mean_t - mean_c) / sqrt((var_t + var_c) / 2) with the unweighted variances in the
 * denominator before and after weighting (Austin 2011; Austin and Stuart 2015), so that a
 * change in SMD is a change in the means only. 0 when neither cohort varies and the means
 * agree. */
static double smd(double mean_t, double mean_c, double pooled_sd)
{
	if (pooled_sd > 0)
		return (mean_t - mean_c) / pooled_sd;
	return mean_t == mean_c ? 0 : (mean_t > mean_c ? INFINITY : -INFINITY);
}

void balance_compute(const struct cohort *c, const double *weight, struct balance_row *rows)
{
	for (size_t col = 0; col < c->columns; col++) {
		struct moments t = column_moments(c, 0, c->treated, col, NULL);
		struct moments k = column_moments(c, c->treated, c->count, col, NULL);
		struct moments tw = column_moments(c, 0, c->treated, col, weight);
		struct moments kw = column_moments(c, c->treated, c->count, col, weight);
		double sd = sqrt((t.variance + k.variance) / 2);
		rows[col] = (struct balance_row){t.mean, k.mean, smd(t.mean, k.mean, sd), kw.mean,
						 smd(tw.mean, kw.mean, sd)};
	}
}
