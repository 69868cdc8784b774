/*
 * gamma_cdf.h - the regularised lower incomplete gamma function P(k, x), the CDF of the gamma
 * of shape k and unit scale, with log Gamma(k) worked out once by the caller.
 *
 * As beta_cdf.h for the beta: a quantile table evaluates one gamma's CDF a few hundred times
 * while it is built, and GSL's gsl_cdf_gamma_P takes several times longer a call. This is the
 * textbook method (the series of DLMF 8.11.4 below k + 1, the continued fraction of DLMF
 * 8.9.2 for the upper function above, by the modified Lentz algorithm), with the normalising
 * constant given; it agrees with GSL to rounding (checked in test_quantile_table), not to
 * the bit. The factor x^k e^-x / Gamma(k) is worked out as exp(k (log1p(t) - t) + c) with
 * t = x / k - 1 (k log(x / k) - (x - k) when x is not near k) and c = log(k / 2 pi) / 2 - log Gamma*(k) (Gamma* being GSL's gammastar,
 * Gamma(k) over Stirling's approximation), so that no large logarithms cancel.
 */
#ifndef VMAP_UNCERTAINTY_GAMMA_CDF_H
#define VMAP_UNCERTAINTY_GAMMA_CDF_H

/* The constant c above, for gamma_cdf. */
double gamma_cdf_constant(double k);

/* P(k, x) for k > 0, given c = gamma_cdf_constant(k); 0 at x <= 0, 1 at infinity. Where the
 * series or fraction does not settle (not seen for k up to 5e4), GSL's value. */
double gamma_cdf(double x, double k, double c);

#endif
