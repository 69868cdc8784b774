/*
 * power.h - base^0, base^1, base^2, ... one after another, each exactly as pow() returns it,
 * at a fraction of pow's cost: the drop-off factors of an effect, year by year.
 *
 * The series carries base^n in double-double precision (a double and the rounding error of
 * the product, made exact by fma), so it knows base^n to about 2^-100 and can round it
 * correctly. pow() is not always correctly rounded, but glibc's (2.28 on) and musl's are
 * within 0.52 ulp, so they are whenever the exact power lies more than 0.02 ulp from a
 * rounding midpoint. Where it lies within POWER_MARGIN (1/16 ulp: about one power in eight)
 * of one, or the power is not a comfortably normal positive number, the series calls pow()
 * itself. Every value is thus pow's, bit for bit (checked against pow over millions of
 * values in test_appraisal), and most cost one fma instead of a pow.
 */
#ifndef VMAP_APPRAISE_POWER_H
#define VMAP_APPRAISE_POWER_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define POWER_MARGIN (1.0 / 16)

struct power_series {
	double base;
	double high, low; /* base^exponent = high + low, |low| within half an ulp of high */
	int exponent;
};

static inline void power_series_start(struct power_series *s, double base)
{
	s->base = base;
	s->high = 1;
	s->low = 0;
	s->exponent = 0;
}

/* The gap from x (positive, normal) to its neighbour on the side of `side`'s sign. */
static inline double power_gap(double x, double side)
{
	uint64_t bits, exponent_bits;
	double ulp;

	memcpy(&bits, &x, sizeof bits);
	exponent_bits = bits & 0x7ff0000000000000u; /* x with its mantissa cleared: 2^e */
	memcpy(&ulp, &exponent_bits, sizeof ulp);
	ulp *= 0x1p-52;
	/* below a power of two the doubles are twice as dense */
	return (bits & 0x000fffffffffffffu) == 0 && side < 0 ? ulp / 2 : ulp;
}

/* Whether high is the correctly rounded high + low, far enough from a midpoint that pow()
 * rounds the same way. */
static inline bool power_is_clear(double high, double low)
{
	double gap;

	if (!(high > 0x1p-900 && high < 0x1p900))
		return false;
	gap = power_gap(high, low);
	return fabs(fabs(low) - gap / 2) > POWER_MARGIN * gap;
}

/* base^exponent as pow(base, exponent) gives it; then the exponent goes up by one. */
static inline double power_series_next(struct power_series *s)
{
	double value, product, error, high;
	int n = s->exponent++;

	if (n == 0)
		value = 1;
	else if (n == 1)
		value = s->base;
	else
		value = power_is_clear(s->high, s->low) ? s->high : pow(s->base, n);
	product = s->high * s->base;
	error = fma(s->high, s->base, -product) + s->low * s->base;
	high = product + error;
	s->low = error - (high - product);
	s->high = high;
	return value;
}

#endif
