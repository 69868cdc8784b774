/*
 * quantile_table.h - fast quantiles for the kinds whose GSL inverse is iterative (beta, PERT,
 * gamma), as a pure function of the distribution and u.
 *
 * gsl_cdf_beta_Pinv and gsl_cdf_gamma_Pinv take microseconds each, which would dominate a
 * Monte Carlo run. A table keeps the exact GSL quantile x(z) at normal scores z = -5 .. 5 in
 * steps of 1/32, with its slope dx/dz = phi(z) / pdf(x), and evaluates x(Phi^-1(u)) by cubic
 * Hermite interpolation. The table is checked at every midpoint against GSL when it is built;
 * where the interpolation is not within 1e-8 of the distribution's range (sharp shapes, such
 * as alpha or beta below 1), each value is refined by up to two Newton steps on GSL's CDF.
 * Monte Carlo sampling error is many orders of magnitude larger than either.
 * Outside |z| < 5 (a probability of 6e-7) GSL's inverse is used directly.
 */
#ifndef VMAP_UNCERTAINTY_QUANTILE_TABLE_H
#define VMAP_UNCERTAINTY_QUANTILE_TABLE_H

#include "model/model.h"

#include <stdbool.h>

struct quantile_table {
	const struct distribution *dist;
	double *x; /* [nodes][2]: quantile and slope, side by side for one cache line a lookup;
		    * NULL when the kind needs no table */
	bool refine;       /* interpolation alone is not accurate enough */
	double log_norm;   /* beta and PERT: log(Gamma(a + b) / (Gamma(a) Gamma(b))) */
};

/* True for the kinds (and shapes) that get a table. */
bool quantile_table_wanted(const struct distribution *d);

/* Builds the table of `d`, which must outlive it. Returns VMAP_OK or VMAP_NOMEM. */
int quantile_table_init(struct quantile_table *t, const struct distribution *d);
void quantile_table_release(struct quantile_table *t);

/* The density at x on the distribution's own scale, as GSL's gsl_ran_*_pdf gives it to the
 * bit, with the beta normalising constant kept from the build. */
double quantile_table_density(const struct quantile_table *t, double x);

/* The u-quantile of the table's distribution (within 1e-8 of its range of GSL's). */
double quantile_table_eval(const struct quantile_table *t, double u);

/* The same, given z = normal_quantile(u). */
double quantile_table_eval_z(const struct quantile_table *t, double u, double z);

#endif
