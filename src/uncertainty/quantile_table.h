/*
 * quantile_table.h - fast quantiles for the kinds whose GSL inverse is iterative (beta, PERT,
 * gamma), as a pure function of the distribution and u.
 *
 * gsl_cdf_beta_Pinv and gsl_cdf_gamma_Pinv take microseconds each, which would dominate a
 * Monte Carlo run. A table (struct quantile_shape) is built for a distribution's standard
 * form: Beta(alpha, beta) on (0, 1) for a beta or a PERT, the gamma of its shape with unit
 * scale for a gamma. It keeps the quantile x(z) of that form at normal scores z = -5 .. 5 in
 * steps of 1/16, to full precision (by Halley's method from the previous node carried along
 * its slope and curvature, on the CDF of beta_cdf.h or gamma_cdf.h, whose normalising
 * constants are worked out once a table; GSL's own CDFs, which work them out in every call,
 * took half of a table's time or more), with
 * its slope dx/dz = phi(z) / pdf(x), and evaluates
 * x(Phi^-1(u)) by cubic Hermite interpolation. The table is checked at every midpoint against
 * GSL when it is built; where the interpolation is not within 1e-8 of the range (sharp
 * shapes, such as alpha or beta below 1), each value is refined by up to two Newton steps on
 * that CDF. Monte Carlo sampling error is many orders of magnitude larger than either.
 *
 * Inputs with the same standard form (every PERT whose mode sits at the same place in its
 * range, betas of equal alpha and beta, gammas of equal shape) share one table: an input's
 * view of it (struct quantile_table) adds its own offset and scale, x = offset + scale * x_std
 * (PERT: min + (max - min) x_std; gamma: scale x_std; beta: x_std itself).
 * Outside |z| < 5 (a probability of 6e-7) GSL's inverse of the input's own distribution is
 * used directly.
 *
 * Invariants: a value depends only on the distribution and u (never on which inputs share a
 * table); the block evaluation gives the same bits as value by value, with or without AVX2.
 */
#ifndef VMAP_UNCERTAINTY_QUANTILE_TABLE_H
#define VMAP_UNCERTAINTY_QUANTILE_TABLE_H

#include "model/model.h"

#include <stdbool.h>

/* The table of one standard form. */
struct quantile_shape {
	struct distribution std; /* the standard form: DIST_BETA on (0, 1), or DIST_GAMMA */
	double *x; /* [nodes][2]: quantile and slope, side by side for one cache line a lookup */
	bool refine;     /* interpolation alone is not accurate enough */
	double log_norm; /* beta: log(Gamma(a + b) / (Gamma(a) Gamma(b))) */
	double cdf_constant; /* for the CDF: beta, log B(a, b) by gsl_sf_lnbeta (beta_cdf.h);
			      * gamma, gamma_cdf_constant of its shape (gamma_cdf.h) */
};

/* One input's view of a shared table. */
struct quantile_table {
	const struct quantile_shape *shape; /* NULL when GSL's quantile is used */
	const struct distribution *dist;
	double offset, scale;
};

/* True for the kinds (and shapes) that get a table. */
bool quantile_table_wanted(const struct distribution *d);

/* True when two wanted distributions have the same standard form (so share a table). */
bool quantile_shape_same(const struct distribution *a, const struct distribution *b);

/* Builds the table of the standard form of `d` (wanted). Returns VMAP_OK or VMAP_NOMEM. */
int quantile_shape_init(struct quantile_shape *s, const struct distribution *d);
void quantile_shape_release(struct quantile_shape *s);

/* `d`'s view of `shape` (built for d or for a distribution of the same standard form); `d`
 * and `shape` must outlive it. */
void quantile_table_bind(struct quantile_table *t, const struct quantile_shape *shape,
			 const struct distribution *d);

/* The density of the standard form at x, as GSL's gsl_ran_*_pdf gives it to the bit, with
 * the beta normalising constant kept from the build. */
double quantile_shape_density(const struct quantile_shape *s, double x);

/* The u-quantile of the table's distribution (within 1e-8 of its range of GSL's). */
double quantile_table_eval(const struct quantile_table *t, double u);

/* The same, given z = normal_quantile(u). */
double quantile_table_eval_z(const struct quantile_table *t, double u, double z);

/* x[i] = quantile_table_eval_z(t, u[i], z[i]) for i < n, the interpolation four values at a
 * time (in AVX2 registers with `simd`, only when the CPU has them); the same bits. */
void quantile_table_eval_block(const struct quantile_table *t, const double *u,
			       const double *z, size_t n, double *x, bool simd);

#endif
