/*
 * stats.c - sample summaries for Monte Carlo outputs.
 */
#include "stats.h"

#include <math.h>
#include <stdlib.h>

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double stats_mean(const double *values, size_t count, size_t stride)
{
	double sum = 0;

	if (count == 0)
		return NAN;
	for (size_t n = 1; n < count; n++)
		sum += values[n * stride] - values[0];
	return values[0] + sum / (double)count;
}

double stats_quantile(const double *sorted, size_t count, double p)
{
	double h = (double)(count - 1) * p;
	size_t below = (size_t)floor(h);

	if (below + 1 >= count)
		return sorted[count - 1];
	if (sorted[below] == sorted[below + 1])
		return sorted[below];
	return sorted[below] + (h - (double)below) * (sorted[below + 1] - sorted[below]);
}

vmap_stats stats_summarise(const double *values, size_t count, size_t stride, double *work)
{
	vmap_stats s = {0, NAN, NAN, NAN, NAN, NAN, NAN};
	size_t positive = 0;
	double squares = 0;

	for (size_t n = 0; n < count; n++)
		if (!isnan(values[n * stride]))
			work[s.count++] = values[n * stride];
	if (s.count == 0)
		return s;
	s.mean = stats_mean(work, s.count, 1);
	for (size_t n = 0; n < s.count; n++) {
		squares += (work[n] - s.mean) * (work[n] - s.mean);
		positive += work[n] > 0;
	}
	s.sd = s.count > 1 ? sqrt(squares / (double)(s.count - 1)) : 0;
	s.prob_positive = (double)positive / (double)s.count;
	qsort(work, s.count, sizeof *work, compare_doubles);
	s.p05 = stats_quantile(work, s.count, 0.05);
	s.p50 = stats_quantile(work, s.count, 0.50);
	s.p95 = stats_quantile(work, s.count, 0.95);
	return s;
}
