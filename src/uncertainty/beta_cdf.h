/*
 * beta_cdf.h - the regularised incomplete beta function I_x(a, b), the CDF of Beta(a, b), with
 * log B(a, b) worked out once by the caller.
 *
 * A quantile table (quantile_table.h) evaluates the CDF of one Beta(a, b) a few hundred times
 * while it is built; GSL's gsl_cdf_beta_P works out log B(a, b) (three log-gammas) in every
 * call, which was half of a table's time. This is the same method (the continued fraction of
 * DLMF 8.17.22 by the modified Lentz algorithm, on I_x(a, b) below the mean's side and
 * 1 - I_{1-x}(b, a) above it), with the normalising constant given; it agrees with GSL to
 * rounding (checked in test_quantile_table), not to the bit.
 */
#ifndef VMAP_UNCERTAINTY_BETA_CDF_H
#define VMAP_UNCERTAINTY_BETA_CDF_H

/* I_x(a, b) for a, b > 0, given log_beta = log B(a, b) (gsl_sf_lnbeta); 0 at x <= 0, 1 at
 * x >= 1. Where the fraction does not settle (not seen for a + b up to 5e4), GSL's value. */
double beta_cdf(double x, double a, double b, double log_beta);

#endif
