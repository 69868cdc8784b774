/*
 * sample.c - quantile and distribution functions of each kind, through GSL.
 *
 * Lognormal: mean and sd are those of the variable itself, so sigma^2 = log(1 + sd^2/mean^2)
 * and mu = log(mean) - sigma^2/2. Gamma from mean and sd: shape mean^2/sd^2, scale sd^2/mean.
 * Beta and PERT use the alpha and beta the model reader derived (PERT on [min, max]).
 * Triangular has a closed-form quantile. GSL's error handler must be off (the simulation turns
 * it off): where its inverse fails to converge, the quantile is found by bisection instead.
 * A beta or gamma so concentrated that GSL cannot invert it (shape parameters summing to more
 * than NEAR_NORMAL_SHAPE, where its skewness is below 0.01) is sampled as the normal with its
 * mean and sd.
 */
#include "sample.h"

#include "clamp_block.h"
#include "normal_quantile.h"
#include "quantile_table.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

static void lognormal_shape(const struct distribution *d, double *mu, double *sigma)
{
	double ratio = d->sd / d->mean;
	double variance = log1p(ratio * ratio);

	*mu = log(d->mean) - variance / 2;
	*sigma = sqrt(variance);
}

static double triangular_quantile(const struct distribution *d, double u)
{
	double a = d->min, b = d->max, c = d->mode;
	double split = (c - a) / (b - a);

	if (u < split)
		return a + sqrt(u * (b - a) * (c - a));
	return b - sqrt((1 - u) * (b - a) * (b - c));
}

static double triangular_cdf(const struct distribution *d, double x)
{
	double a = d->min, b = d->max, c = d->mode;

	if (x <= a)
		return 0;
	if (x >= b)
		return 1;
	if (x <= c)
		return (x - a) * (x - a) / ((b - a) * (c - a));
	return 1 - (b - x) * (b - x) / ((b - a) * (b - c));
}

/* The u-quantile by bisection on the CDF within 50 sd of the mean (and the support), for
 * shapes whose GSL inverse gives up (a gamma or beta so narrow that it is all but normal). */
static double bisect_quantile(const struct distribution *d, double u)
{
	double low = fmax(d->min, d->mean - 50 * d->sd), high = fmin(d->max, d->mean + 50 * d->sd);

	for (int n = 0; n < 200 && low < high; n++) {
		double middle = low + (high - low) / 2;
		if (middle <= low || middle >= high)
			break;
		if (sample_cdf(d, middle) < u)
			low = middle;
		else
			high = middle;
	}
	return low + (high - low) / 2;
}

bool sample_is_near_normal(const struct distribution *d)
{
	if (d->kind == DIST_BETA)
		return d->alpha + d->beta > NEAR_NORMAL_SHAPE;
	return d->kind == DIST_GAMMA && d->sd > 0 &&
	       d->mean * d->mean / (d->sd * d->sd) > NEAR_NORMAL_SHAPE;
}

/* GSL's quantile of the kinds it inverts by iteration, with bisection where it fails. */
static double iterative_quantile(const struct distribution *d, double u)
{
	double x;

	if (d->kind == DIST_GAMMA)
		x = gsl_cdf_gamma_Pinv(u, d->mean * d->mean / (d->sd * d->sd), d->sd * d->sd / d->mean);
	else
		x = gsl_cdf_beta_Pinv(u, d->alpha, d->beta);
	if (isfinite(x) && d->kind == DIST_PERT)
		x = d->min + (d->max - d->min) * x;
	return isfinite(x) ? x : bisect_quantile(d, u);
}

double sample_quantile(const struct distribution *d, double u)
{
	double mu, sigma;

	if (d->sd == 0)
		return d->mean;
	if (sample_is_near_normal(d))
		return fmin(d->max, fmax(d->min, d->mean + d->sd * normal_quantile(u)));
	switch (d->kind) {
	case DIST_NORMAL:
		return d->mean + d->sd * normal_quantile(u);
	case DIST_LOGNORMAL: /* gsl_cdf_lognormal_Pinv's expression */
		lognormal_shape(d, &mu, &sigma);
		return exp(mu + sigma * normal_quantile(u));
	case DIST_GAMMA:
	case DIST_BETA:
	case DIST_PERT:
		return iterative_quantile(d, u);
	case DIST_UNIFORM:
		return d->min + u * (d->max - d->min);
	case DIST_TRIANGULAR:
		return triangular_quantile(d, u);
	}
	return d->mean;
}

double clamp_param(const struct param *p, double x)
{
	return x < p->lo ? p->lo : x > p->hi ? p->hi : x;
}

double sample_param(const struct param *p, double u)
{
	return clamp_param(p, sample_quantile(&p->dist, u));
}

double sample_cdf(const struct distribution *d, double x)
{
	double mu, sigma;

	if (d->sd == 0)
		return x < d->mean ? 0 : 1;
	if (sample_is_near_normal(d))
		return gsl_cdf_gaussian_P(x - d->mean, d->sd);
	switch (d->kind) {
	case DIST_NORMAL:
		return gsl_cdf_gaussian_P(x - d->mean, d->sd);
	case DIST_LOGNORMAL:
		lognormal_shape(d, &mu, &sigma);
		return gsl_cdf_lognormal_P(x, mu, sigma);
	case DIST_GAMMA:
		return gsl_cdf_gamma_P(x, d->mean * d->mean / (d->sd * d->sd),
				       d->sd * d->sd / d->mean);
	case DIST_BETA:
		return gsl_cdf_beta_P(x, d->alpha, d->beta);
	case DIST_PERT:
		return gsl_cdf_beta_P((x - d->min) / (d->max - d->min), d->alpha, d->beta);
	case DIST_UNIFORM:
		return x <= d->min ? 0 : x >= d->max ? 1 : (x - d->min) / (d->max - d->min);
	case DIST_TRIANGULAR:
		return triangular_cdf(d, x);
	}
	return 0;
}

/* Kinds whose quantile is an expression of Phi^-1(u), evaluated over a block. */
static bool by_normal_score(const struct distribution *d)
{
	return d->sd != 0 && (d->kind == DIST_NORMAL || d->kind == DIST_LOGNORMAL ||
			      sample_is_near_normal(d));
}

/* x[i] from the normal scores z[i], as sample_quantile computes it from u (mu and sigma: the
 * lognormal's shape): one loop per kind, the kind decided once a block. */
static void from_normal_scores(const struct distribution *d, const double *z, size_t n,
			       double mu, double sigma, double *x)
{
	if (sample_is_near_normal(d)) {
		for (size_t i = 0; i < n; i++)
			x[i] = fmin(d->max, fmax(d->min, d->mean + d->sd * z[i]));
	} else if (d->kind == DIST_NORMAL) {
		for (size_t i = 0; i < n; i++)
			x[i] = d->mean + d->sd * z[i];
	} else {
		for (size_t i = 0; i < n; i++)
			x[i] = exp(mu + sigma * z[i]);
	}
}

void sample_values(const struct param *p, const struct quantile_table *table, double *u,
		   size_t count, double *out, size_t stride, bool simd)
{
	const struct distribution *d = &p->dist;
	double mu = 0, sigma = 0;

	if (d->kind == DIST_LOGNORMAL && d->sd != 0)
		lognormal_shape(d, &mu, &sigma);
	if (table || by_normal_score(d)) {
		double z[64], x[64];
		for (size_t first = 0; first < count; first += 64) {
			size_t n = count - first < 64 ? count - first : 64;
			normal_quantiles(u + first, n, z, simd);
			if (table)
				quantile_table_eval_block(table, u + first, z, n, x, simd);
			else
				from_normal_scores(d, z, n, mu, sigma, x);
			clamp_block(x, n, p->lo, p->hi, simd); /* clamp_param */
			for (size_t i = 0; i < n; i++)
				out[(first + i) * stride] = x[i];
		}
		return;
	}
	if (d->kind == DIST_UNIFORM && d->sd != 0 && stride == 1) { /* sample_quantile's */
		memmove(out, u, count * sizeof *out);
		clamp_block_affine(out, count, d->min, d->max - d->min, p->lo, p->hi, simd);
		return;
	}
	for (size_t i = 0; i < count; i++)
		out[i * stride] = sample_param(p, u[i]);
}
