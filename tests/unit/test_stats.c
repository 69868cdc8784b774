/*
 * test_stats.c - sample summaries and the expected value of perfect information.
 *
 * Expected percentiles are those of NumPy's default (linear) method, worked by hand: for
 * 1..10, h = 9p, so p05 = 1 + 0.45 = 1.45, p50 = 5.5, p95 = 9 + 0.55 = 9.55.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "uncertainty/montecarlo.h"
#include "uncertainty/stats.h"

static void close_to(double actual, double expected)
{
	assert_true(fabs(actual - expected) < 1e-12 * fmax(1, fabs(expected)));
}

static void percentiles_interpolate_linearly(void **state)
{
	double values[] = {7, 3, 10, 1, 5, 9, 2, 8, 4, 6}, work[10];
	(void)state;
	vmap_stats s = stats_summarise(values, 10, 1, work);
	assert_int_equal(s.count, 10);
	close_to(s.mean, 5.5);
	close_to(s.sd, sqrt(82.5 / 9)); /* sum of squares about 5.5 is 82.5 */
	close_to(s.p05, 1.45);
	close_to(s.p50, 5.5);
	close_to(s.p95, 9.55);
	close_to(s.prob_positive, 1);
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Type 7 on a fully sorted copy, the textbook way. */
static double sorted_quantile(const double *sorted, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);
	return lo + 1 < n ? sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo])
			  : sorted[lo];
}

static void percentiles_match_a_full_sort(void **state)
{
	enum { N = 10007 };
	static double values[N], sorted[N], work[N];
	(void)state;
	for (size_t n = 1; n <= N; n = n * 3 + 1) {
		for (size_t i = 0; i < n; i++) /* with ties: values on a coarse grid */
			values[i] = sorted[i] = floor(sin((double)i * 12.9898) * 43758.5453) / 7;
		qsort(sorted, n, sizeof *sorted, compare);
		vmap_stats s = stats_summarise(values, n, 1, work);
		close_to(s.p05, sorted_quantile(sorted, n, 0.05));
		close_to(s.p50, sorted_quantile(sorted, n, 0.50));
		close_to(s.p95, sorted_quantile(sorted, n, 0.95));
	}
}

static void equal_values_summarise_exactly(void **state)
{
	double values[1000], work[1000], x = 0.1 + 0.2; /* not exactly representable */
	(void)state;
	for (int i = 0; i < 1000; i++)
		values[i] = x;
	vmap_stats s = stats_summarise(values, 1000, 1, work);
	assert_true(s.mean == x && s.sd == 0 && s.p05 == x && s.p50 == x && s.p95 == x);
}

static void undefined_values_are_left_out(void **state)
{
	/* strided: every other value, of which one is NaN (an undefined ratio) */
	double values[] = {-2, 99, NAN, 99, 4, 99, -1, 99}, work[4];
	(void)state;
	vmap_stats s = stats_summarise(values, 4, 2, work);
	assert_int_equal(s.count, 3);
	close_to(s.mean, 1.0 / 3);
	close_to(s.prob_positive, 1.0 / 3);
	vmap_stats none = stats_summarise(values + 2, 1, 1, work);
	assert_int_equal(none.count, 0);
	assert_true(isnan(none.mean));
}

static void evpi_of_a_decision(void **state)
{
	/* NB = -1 or 3: fund now gets E[NB] = 1; knowing, E[max(0, NB)] = 1.5; EVPI 0.5 */
	double mixed[] = {-1, 3};
	/* all negative: do not fund either way, EVPI 0; all equal: nothing to learn */
	double negative[] = {-1, -3}, same[] = {0.3, 0.3, 0.3};
	(void)state;
	close_to(evpi(mixed, 2, 1), 0.5);
	assert_true(evpi(negative, 2, 1) == 0);
	assert_true(evpi(same, 3, 1) == 0);
	/* NB = 2 with probability 3/4, -10 with 1/4: E[NB] = -1, E[max] = 1.5 */
	double skewed[] = {2, 2, -10, 2};
	close_to(evpi(skewed, 4, 1), 1.5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(percentiles_interpolate_linearly),
		cmocka_unit_test(percentiles_match_a_full_sort),
		cmocka_unit_test(equal_values_summarise_exactly),
		cmocka_unit_test(undefined_values_are_left_out),
		cmocka_unit_test(evpi_of_a_decision),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
