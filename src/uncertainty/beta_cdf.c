/*
 * beta_cdf.c - I_x(a, b) by its continued fraction (see beta_cdf.h).
 *
 * I_x(a, b) = x^a (1 - x)^b / (a B(a, b)) * 1 / (1 + d1 / (1 + d2 / (1 + ...))) with
 * d(2m + 1) = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) and
 * d(2m) = m (b - m) x / ((a + 2m - 1)(a + 2m)) (DLMF 8.17.22), which converges fast for
 * x < (a + 1) / (a + b + 2); above that point I_x(a, b) = 1 - I_{1-x}(b, a).
 */
#include "beta_cdf.h"

#include <float.h>
#include <stdbool.h>
#include <gsl/gsl_cdf.h>
#include <math.h>

enum { MAX_TERMS = 2000 };

/* A denominator kept away from 0, as the modified Lentz algorithm asks. */
static double away_from_zero(double v)
{
	return fabs(v) < 1e-300 ? 1e-300 : v;
}

/* One step of Lentz's products with the partial numerator `term`: updates c and d and
 * returns the factor the fraction's value takes. */
static double lentz_step(double term, double *c, double *d)
{
	*d = 1 / away_from_zero(1 + term * *d);
	*c = away_from_zero(1 + term / *c);
	return *c * *d;
}

/* The continued fraction 1 / (1 + d1 / (1 + d2 / ...)) at x, a, b; NaN when it does not
 * settle within MAX_TERMS. */
static double fraction(double x, double a, double b)
{
	double c = 1, d = 1 / away_from_zero(1 - (a + b) * x / (a + 1)), value = d;

	for (int m = 1; m < MAX_TERMS; m++) {
		double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
		double factor;
		value *= lentz_step(even, &c, &d);
		factor = lentz_step(odd, &c, &d);
		value *= factor;
		if (fabs(factor - 1) < 2 * DBL_EPSILON)
			return value;
	}
	return NAN;
}

double beta_cdf(double x, double a, double b, double log_beta)
{
	double prefactor, part;
	bool below;

	if (!(x > 0))
		return 0;
	if (!(x < 1))
		return 1;
	prefactor = exp(-log_beta + a * log(x) + b * log1p(-x));
	below = x < (a + 1) / (a + b + 2);
	part = below ? prefactor * fraction(x, a, b) / a : prefactor * fraction(1 - x, b, a) / b;
	if (isnan(part))
		return gsl_cdf_beta_P(x, a, b);
	return below ? part : 1 - part;
}
