/*
 * stats.c - sample summaries for Monte Carlo outputs.
 */
#include "stats.h"

#include <math.h>
#include <stddef.h>

static void swap(double *a, double *b)
{
	double t = *a;

	*a = *b;
	*b = t;
}

/* Rearranges x[0..n) so that x[k] is the k-th smallest, with nothing larger before it and
 * nothing smaller after it (Hoare's selection, median-of-three pivots): O(n) on average. */
static void select_kth(double *x, size_t n, size_t k)
{
	ptrdiff_t left = 0, right = (ptrdiff_t)n - 1, target = (ptrdiff_t)k;

	while (right > left) {
		ptrdiff_t middle = left + (right - left) / 2, i = left, j = right;
		if (x[middle] < x[left])
			swap(&x[middle], &x[left]);
		if (x[right] < x[left])
			swap(&x[right], &x[left]);
		if (x[right] < x[middle])
			swap(&x[right], &x[middle]);
		double pivot = x[middle];
		while (i <= j) {
			while (x[i] < pivot)
				i++;
			while (pivot < x[j])
				j--;
			if (i <= j)
				swap(&x[i++], &x[j--]);
		}
		if (target <= j)
			right = j;
		else if (target >= i)
			left = i;
		else
			return;
	}
}

/* The p-quantile of x[0..n) (rearranged), given that x[0..from) holds nothing larger than
 * any of x[from..n); `from` becomes the lower order statistic's index. */
static double select_quantile(double *x, size_t n, double p, size_t *from)
{
	double h = (double)(n - 1) * p, next;
	size_t below = (size_t)floor(h);

	select_kth(x + *from, n - *from, below - *from);
	*from = below;
	if (below + 1 >= n || h == (double)below)
		return x[below];
	next = x[below + 1];
	for (size_t i = below + 2; i < n; i++)
		next = fmin(next, x[i]);
	return x[below] == next ? next : x[below] + (h - (double)below) * (next - x[below]);
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

vmap_stats stats_summarise(const double *values, size_t count, size_t stride, double *work)
{
	vmap_stats s = {0, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
	size_t positive = 0, above_1 = 0;
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
		above_1 += work[n] > 1;
	}
	s.sd = s.count > 1 ? sqrt(squares / (double)(s.count - 1)) : 0;
	s.prob_positive = (double)positive / (double)s.count;
	s.prob_above_1 = (double)above_1 / (double)s.count;
	size_t from = 0;
	s.p05 = select_quantile(work, s.count, 0.05, &from);
	s.p50 = select_quantile(work, s.count, 0.50, &from);
	s.p95 = select_quantile(work, s.count, 0.95, &from);
	return s;
}
