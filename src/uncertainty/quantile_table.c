/*
 * quantile_table.c - interpolated inverse CDFs for beta, PERT and gamma, with Newton
 * refinement where the interpolation alone is not accurate enough.
 */
#include "quantile_table.h"

#include "normal_quantile.h"

#include "core/alloc.h"
#include "sample.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>

#define Z_LIMIT 5.0
#define STEPS_PER_UNIT 16
enum { NODES = (int)(2 * Z_LIMIT * STEPS_PER_UNIT) + 1, NEWTON_STEPS = 2 };

bool quantile_table_wanted(const struct distribution *d)
{
	return d->sd > 0 && !sample_is_near_normal(d) &&
	       (d->kind == DIST_BETA || d->kind == DIST_PERT || d->kind == DIST_GAMMA);
}

/* The beta density at x in (0, 1) with its normalising constant log(B(alpha, beta)^-1)
 * worked out once: the very expression gsl_ran_beta_pdf evaluates, so the same bits (checked
 * in test_quantile_table), but without its three log-gammas a call. */
static double beta_density(const struct quantile_table *t, double x)
{
	const struct distribution *d = t->dist;

	if (!(x > 0 && x < 1))
		return gsl_ran_beta_pdf(x, d->alpha, d->beta);
	return exp(t->log_norm + log(x) * (d->alpha - 1) + log1p(-x) * (d->beta - 1));
}

double quantile_table_density(const struct quantile_table *t, double x)
{
	const struct distribution *d = t->dist;
	double width = d->max - d->min;

	switch (d->kind) {
	case DIST_BETA:
		return beta_density(t, x);
	case DIST_PERT:
		return beta_density(t, (x - d->min) / width) / width;
	default:
		return gsl_ran_gamma_pdf(x, d->mean * d->mean / (d->sd * d->sd),
					 d->sd * d->sd / d->mean);
	}
}

static double hermite(const struct quantile_table *t, double z)
{
	const double h = 1.0 / STEPS_PER_UNIT;
	double position = (z + Z_LIMIT) * STEPS_PER_UNIT;
	int j = (int)position;
	double s, h00, h10, h01, h11;

	if (j > NODES - 2)
		j = NODES - 2;
	s = position - j;
	h00 = (1 + 2 * s) * (1 - s) * (1 - s);
	h10 = s * (1 - s) * (1 - s);
	h01 = s * s * (3 - 2 * s);
	h11 = s * s * (s - 1);
	const double *node = t->x + 2 * j;
	return h00 * node[0] + h10 * h * node[1] + h01 * node[2] + h11 * h * node[3];
}

/* Newton on CDF(x) = u from a close start, kept inside the support. */
static double refine(const struct quantile_table *t, double x, double u)
{
	const struct distribution *d = t->dist;

	for (int n = 0; n < NEWTON_STEPS; n++) {
		double f = quantile_table_density(t, x), next;
		if (!(f > 0))
			break;
		next = x - (sample_cdf(d, x) - u) / f;
		if (next <= d->min || next >= d->max || next == x)
			break;
		x = next;
	}
	return x;
}

/* Whether interpolation alone is within 1e-8 of the range at every midpoint: the error in
 * x is the CDF's error there over the density (first order, which is ample at that size). */
static bool accurate(const struct quantile_table *t)
{
	const struct distribution *d = t->dist;
	double scale = isfinite(d->max - d->min) ? d->max - d->min : d->mean + 10 * d->sd;

	for (int j = 0; j + 1 < NODES; j++) {
		double z = -Z_LIMIT + (j + 0.5) / STEPS_PER_UNIT, x = hermite(t, z);
		double f = quantile_table_density(t, x);
		if (!(f > 0 && fabs(sample_cdf(d, x) - gsl_cdf_ugaussian_P(z)) <= 1e-8 * scale * f))
			return false;
	}
	return true;
}

/* The exact quantile at u by Newton's method on GSL's CDF from a close guess (the previous
 * node carried along its slope), to full precision; GSL's own inverse when Newton would
 * leave the support or does not settle. */
static double node_quantile(const struct quantile_table *t, double u, double guess)
{
	const struct distribution *d = t->dist;
	double x = guess;

	for (int n = 0; n < 8 && x > d->min && x < d->max; n++) {
		double f = quantile_table_density(t, x), step;
		if (!(f > 0))
			break;
		step = (sample_cdf(d, x) - u) / f;
		x -= step;
		if (fabs(step) <= 1e-15 * fabs(x))
			return x > d->min && x < d->max ? x : sample_quantile(d, u);
	}
	return sample_quantile(d, u);
}

int quantile_table_init(struct quantile_table *t, const struct distribution *d)
{
	const double h = 1.0 / STEPS_PER_UNIT;

	t->dist = d;
	t->refine = false;
	t->log_norm = d->kind == DIST_GAMMA ? 0
					     : gsl_sf_lngamma(d->alpha + d->beta) -
						       gsl_sf_lngamma(d->alpha) - gsl_sf_lngamma(d->beta);
	t->x = alloc_array(NODES, 2 * sizeof *t->x);
	if (!t->x)
		return VMAP_NOMEM;
	for (int j = 0; j < NODES; j++) {
		double z = -Z_LIMIT + j * h, u = gsl_cdf_ugaussian_P(z), x, f;
		x = j ? node_quantile(t, u, t->x[2 * j - 2] + h * t->x[2 * j - 1])
		      : sample_quantile(d, u);
		f = quantile_table_density(t, x);
		t->x[2 * j] = x;
		t->x[2 * j + 1] = f > 0 ? gsl_ran_ugaussian_pdf(z) / f : 0;
	}
	t->refine = !accurate(t);
	return VMAP_OK;
}

void quantile_table_release(struct quantile_table *t)
{
	free(t->x);
	t->x = NULL;
}

double quantile_table_eval(const struct quantile_table *t, double u)
{
	return quantile_table_eval_z(t, u, normal_quantile(u));
}

double quantile_table_eval_z(const struct quantile_table *t, double u, double z)
{
	double x;

	if (!(fabs(z) < Z_LIMIT))
		return sample_quantile(t->dist, u);
	x = hermite(t, z);
	if (t->refine)
		x = refine(t, x, u);
	/* interpolation may overshoot a bound by an ulp or so */
	return fmin(t->dist->max, fmax(t->dist->min, x));
}
