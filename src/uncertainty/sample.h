/*
 * sample.h - values of a distribution by inverse transform: quantile(u) for u in (0, 1).
 *
 * Every kind of DESIGN.md is sampled through its quantile function, so one uniform gives one
 * value, a correlated uniform (from the copula) gives a correlated value, and the P10 and P90
 * used by the sensitivity analysis are the same functions at 0.1 and 0.9. A distribution with
 * sd 0 gives its mean for every u.
 */
#ifndef VMAP_UNCERTAINTY_SAMPLE_H
#define VMAP_UNCERTAINTY_SAMPLE_H

#include "model/model.h"

#include <stdbool.h>

/* Beyond this, alpha + beta of a beta or the shape of a gamma, GSL's inverse CDF fails (NaN
 * from 1e5, no end from 1e6); skewness is then below 2 / sqrt(5e4) < 0.01, and the
 * distribution is treated as the normal of the same mean and sd. */
#define NEAR_NORMAL_SHAPE 5e4

/* True for a beta or gamma treated as normal (above). */
bool sample_is_near_normal(const struct distribution *d);

/* The u-quantile of `d` (0 < u < 1). */
double sample_quantile(const struct distribution *d, double u);

/* The u-quantile of the parameter, clamped to the range allowed where it is used. */
double sample_param(const struct param *p, double u);

/* x clamped to the range allowed where the parameter is used. */
double clamp_param(const struct param *p, double x);

/* The probability that a value of `d` is at most x (the CDF), for tests and diagnostics. */
double sample_cdf(const struct distribution *d, double x);

struct quantile_table;

/* out[i * stride] = sample_param(p, u[i]) for i < count, through `table` when not NULL
 * (quantile_table_eval), with the normal scores of a block computed together
 * (normal_quantile.h, in AVX2 registers with `simd`); the same bits as value by value. */
void sample_values(const struct param *p, const struct quantile_table *table, double *u,
		   size_t count, double *out, size_t stride, bool simd);

#endif
