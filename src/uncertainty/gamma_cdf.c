/*
 * gamma_cdf.c - P(k, x) by its series or the continued fraction of its complement (see
 * gamma_cdf.h).
 *
 * P(k, x) = x^k e^-x / Gamma(k) * sum over n >= 0 of x^n / (k (k + 1) ... (k + n)), which
 * converges fast for x < k + 1; above, Q(k, x) = 1 - P(k, x) = x^k e^-x / Gamma(k) *
 * 1 / (x + 1 - k - 1 (1 - k) / (x + 3 - k - 2 (2 - k) / (x + 5 - k - ...))).
 */
#include "gamma_cdf.h"

#include <float.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>

enum { MAX_TERMS = 5000 };

static double away_from_zero(double v)
{
	return fabs(v) < 1e-300 ? 1e-300 : v;
}

/* The series' sum (times k), NaN when it does not settle. */
static double series(double x, double k)
{
	double term = 1 / k, sum = term, next = k;

	for (int n = 1; n < MAX_TERMS; n++) {
		next += 1;
		term *= x / next;
		sum += term;
		if (fabs(term) < fabs(sum) * DBL_EPSILON)
			return sum;
	}
	return NAN;
}

/* The continued fraction of Q, NaN when it does not settle. */
static double fraction(double x, double k)
{
	double b = x + 1 - k, c = 1 / 1e-300, d = 1 / away_from_zero(b), value = d;

	for (int n = 1; n < MAX_TERMS; n++) {
		double term = -n * (n - k), factor;
		b += 2;
		d = 1 / away_from_zero(term * d + b);
		c = away_from_zero(b + term / c);
		factor = d * c;
		value *= factor;
		if (fabs(factor - 1) < 2 * DBL_EPSILON)
			return value;
	}
	return NAN;
}

double gamma_cdf_constant(double k)
{
	return log(k / 6.28318530717958647692) / 2 - log(gsl_sf_gammastar(k)); /* 2 pi */
}

double gamma_cdf(double x, double k, double c)
{
	double r = x / k, prefactor, part;

	if (!(x > 0))
		return 0;
	if (!isfinite(x))
		return 1;
	/* k (log1p(t) - t) with t = r - 1, as k log r - (x - k) where r is far from 1 (r - 1
	 * would lose r's digits when x is far below k) */
	prefactor = exp((fabs(r - 1) < 0.5 ? k * (log1p(r - 1) - (r - 1)) : k * log(r) - (x - k)) +
			c);
	if (x < k + 1) {
		part = prefactor * series(x, k);
		return isnan(part) ? gsl_cdf_gamma_P(x, k, 1) : part;
	}
	part = prefactor * fraction(x, k);
	return isnan(part) ? gsl_cdf_gamma_P(x, k, 1) : 1 - part;
}
