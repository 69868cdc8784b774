/*
 * evpi.c - the expected value of perfect information for a fund / do-not-fund decision.
 *
 * Deciding now, one funds when the expected net benefit is positive and gets
 * max(0, E[NB]); knowing each draw's truth one would fund only when NB > 0 and get
 * E[max(0, NB)]. The difference is what resolving all uncertainty is worth (never negative).
 */
#include "montecarlo.h"

#include "stats.h"

#include <math.h>

double evpi(const double *values, size_t count, size_t stride)
{
	double first, sum = 0, value;

	if (count == 0)
		return NAN;
	/* the same summation as stats_mean, so that identical draws give exactly 0 */
	first = fmax(0, values[0]);
	for (size_t n = 1; n < count; n++)
		sum += fmax(0, values[n * stride]) - first;
	value = first + sum / (double)count - fmax(0, stats_mean(values, count, stride));
	return value > 0 ? value : 0;
}
