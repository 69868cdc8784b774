/*
 * test_discount.c - Green Book discount factors and real prices against published values.
 *
 * Expected figures: Green Book 2022 Annex A6 discount factor tables (4 decimal places) and
 * the Green Book's worked deflation example (a 2% deflator turns £1,000 a year nominal into
 * £1,000, 980, 961, 942, 924, 906 in year-0 prices over years 0 to 5).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>

#include "appraise/discount.h"
#include "valuemap.h"

static void assert_4dp(double actual, double expected)
{
	assert_true(fabs(actual - expected) < 0.00005);
}

static void stpr_factors_match_the_green_book(void **state)
{
	vmap_discount stpr = {VMAP_SCHEDULE_STPR, 0};
	(void)state;
	assert_true(vmap_discount_factor(stpr, 0) == 1.0);
	assert_4dp(vmap_discount_factor(stpr, 1), 0.9662);
	assert_4dp(vmap_discount_factor(stpr, 30), 0.3563);
	assert_4dp(vmap_discount_factor(stpr, 31), 0.3459);
	assert_4dp(vmap_discount_factor(stpr, 75), 0.0942);
	assert_4dp(vmap_discount_factor(stpr, 76), 0.0919);
	assert_4dp(vmap_discount_factor(stpr, 125), 0.0274);
}

static void health_factors_match_the_green_book(void **state)
{
	vmap_discount health = {VMAP_SCHEDULE_HEALTH, 0};
	(void)state;
	assert_4dp(vmap_discount_factor(health, 10), 0.8617);
	assert_4dp(vmap_discount_factor(health, 30), 0.6398);
}

static void band_edges_change_the_rate(void **state)
{
	vmap_discount stpr = {VMAP_SCHEDULE_STPR, 0}, health = {VMAP_SCHEDULE_HEALTH, 0};
	(void)state;
	assert_true(vmap_discount_rate(stpr, 30) == 0.035 && vmap_discount_rate(stpr, 31) == 0.030);
	assert_true(vmap_discount_rate(stpr, 300) == 0.015 && vmap_discount_rate(stpr, 301) == 0.010);
	assert_true(vmap_discount_rate(health, 76) == 0.0107);
}

static void constant_rate_is_a_plain_power(void **state)
{
	vmap_discount c = {VMAP_SCHEDULE_CONSTANT, 0.05};
	(void)state;
	for (int t = 0; t < 60; t++)
		assert_true(fabs(vmap_discount_factor(c, t) - pow(1.05, -t)) < 1e-12);
}

static void table_equals_single_factors(void **state)
{
	vmap_discount stpr = {VMAP_SCHEDULE_STPR, 0};
	double table[400];
	(void)state;
	discount_table(stpr, 400, table);
	for (int t = 0; t < 400; t++)
		assert_true(table[t] == vmap_discount_factor(stpr, t));
}

static void deflation_example_of_the_green_book(void **state)
{
	const double expected[] = {1000, 980, 961, 942, 924, 906};
	(void)state;
	for (int year = 0; year <= 5; year++) {
		/* deflator index grows 2% a year from 100 in year 0 */
		double index = 100 * pow(1.02, year);
		double real = vmap_real_price(1000, index, 100);
		assert_true(fabs(round(real) - expected[year]) < 0.5);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stpr_factors_match_the_green_book),
		cmocka_unit_test(health_factors_match_the_green_book),
		cmocka_unit_test(band_edges_change_the_rate),
		cmocka_unit_test(constant_rate_is_a_plain_power),
		cmocka_unit_test(table_equals_single_factors),
		cmocka_unit_test(deflation_example_of_the_green_book),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
