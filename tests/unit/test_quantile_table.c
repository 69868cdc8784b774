/*
 * test_quantile_table.c - the fast quantiles used by Monte Carlo.
 *
 * The tables must agree with GSL's own inverse CDFs (gsl_cdf_beta_Pinv, gsl_cdf_gamma_Pinv,
 * called here directly) within 1e-8 of the distribution's range, over shapes from U-shaped
 * (alpha, beta < 1) to sharply peaked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "uncertainty/quantile_table.h"
#include "uncertainty/sample.h"
#include "uncertainty/stream.h"

static void check_beta(double alpha, double beta)
{
	double s = alpha + beta;
	struct distribution d = {DIST_BETA, alpha / s, sqrt(alpha * beta / (s * s * (s + 1))),
				 0, 0, 1, alpha, beta};
	struct quantile_table t;

	assert_true(quantile_table_wanted(&d));
	assert_int_equal(quantile_table_init(&t, &d), VMAP_OK);
	for (int i = 0; i < 20000; i++) {
		double u = stream_uniform(4, (uint64_t)i, 0);
		assert_true(fabs(quantile_table_eval(&t, u) - gsl_cdf_beta_Pinv(u, alpha, beta)) <
			    1e-8);
	}
	quantile_table_release(&t);
}

static void beta_tables_match_gsl(void **state)
{
	const double shapes[][2] = {{0.5, 0.5}, {0.3, 5}, {1, 1}, {2, 4}, {6, 14},
				    {24.9, 58}, {100, 300}, {1.2, 30}};
	(void)state;
	for (size_t n = 0; n < sizeof shapes / sizeof shapes[0]; n++)
		check_beta(shapes[n][0], shapes[n][1]);
}

static void gamma_and_pert_tables_match_gsl(void **state)
{
	/* gamma mean 3 sd 1.5: shape 4, scale 0.75; PERT(0, 1, 4): Beta(2, 4) on [0, 4] */
	struct distribution gamma = {DIST_GAMMA, 3, 1.5, 0, 0, INFINITY, 0, 0};
	struct distribution pert = {DIST_PERT, 4.0 / 3, 0.71, 0, 1, 4, 2, 4};
	struct quantile_table g, p;
	(void)state;
	assert_int_equal(quantile_table_init(&g, &gamma), VMAP_OK);
	assert_int_equal(quantile_table_init(&p, &pert), VMAP_OK);
	for (int i = 0; i < 20000; i++) {
		double u = stream_uniform(8, (uint64_t)i, 0);
		/* the gamma's range is unbounded: 1e-8 of mean + 10 sd */
		assert_true(fabs(quantile_table_eval(&g, u) - gsl_cdf_gamma_Pinv(u, 4, 0.75)) <
			    1e-8 * 18);
		assert_true(fabs(quantile_table_eval(&p, u) - 4 * gsl_cdf_beta_Pinv(u, 2, 4)) <
			    1e-8 * 4);
	}
	quantile_table_release(&g);
	quantile_table_release(&p);
}

/* The cached normalising constant must leave the density exactly as GSL computes it, or the
 * tables (and every Monte Carlo result) would change in their last bits. */
static void density_is_gsl_to_the_bit(void **state)
{
	const double shapes[][2] = {{0.5, 0.5}, {0.3, 5}, {1, 1}, {2, 4}, {24.9, 58}, {100, 300}};
	(void)state;
	for (size_t n = 0; n < sizeof shapes / sizeof shapes[0]; n++) {
		double a = shapes[n][0], b = shapes[n][1];
		struct distribution beta = {DIST_BETA, 0.5, 0.1, 0, 0, 1, a, b};
		struct distribution pert = {DIST_PERT, 0.5, 0.1, -2, 0.5, 3, a, b};
		struct quantile_table tb, tp;
		assert_int_equal(quantile_table_init(&tb, &beta), VMAP_OK);
		assert_int_equal(quantile_table_init(&tp, &pert), VMAP_OK);
		for (int i = 0; i < 20000; i++) {
			double x = stream_uniform(9, (uint64_t)i, (uint32_t)n);
			double pb = gsl_ran_beta_pdf(x, a, b), pp = gsl_ran_beta_pdf(x, a, b) / 5;
			double qb = quantile_table_density(&tb, x);
			double qp = quantile_table_density(&tp, -2 + 5 * x);
			assert_memory_equal(&pb, &qb, sizeof pb);
			if ((-2 + 5 * x + 2) / 5 == x)
				assert_memory_equal(&pp, &qp, sizeof pp);
		}
		assert_true(quantile_table_density(&tb, 0) == gsl_ran_beta_pdf(0, a, b));
		quantile_table_release(&tb);
		quantile_table_release(&tp);
	}
}

static void values_stay_in_the_support(void **state)
{
	/* U-shaped beta(0.05, 0.05): nearly all its mass within 1e-10 of 0 or 1 */
	struct distribution d = {DIST_BETA, 0.5, 0.4767312946227962, 0, 0, 1, 0.05, 0.05};
	struct quantile_table t;
	(void)state;
	assert_int_equal(quantile_table_init(&t, &d), VMAP_OK);
	for (int i = 0; i < 50000; i++) {
		double x = quantile_table_eval(&t, stream_uniform(6, (uint64_t)i, 0));
		assert_true(x >= 0 && x <= 1);
	}
	quantile_table_release(&t);
}

static void concentrated_shapes_are_sampled_as_normal(void **state)
{
	/* beta mean 0.5, sd 1e-5: alpha = beta = 0.5 * (0.25 / 1e-10 - 1), about 1.25e9, where
	 * GSL's inverse never returns; gamma of shape 1e10: likewise NaN. Both are then the
	 * normal of their mean and sd, and need no table. */
	struct distribution beta = {DIST_BETA, 0.5, 1e-5, 0, 0, 1, 1.25e9, 1.25e9};
	struct distribution gamma = {DIST_GAMMA, 1000, 0.01, 0, 0, INFINITY, 0, 0};
	(void)state;
	assert_true(sample_is_near_normal(&beta) && sample_is_near_normal(&gamma));
	assert_false(quantile_table_wanted(&beta));
	/* the normal's 97.5% point is 1.959963984540054 sd above the mean (tables) */
	assert_true(fabs(sample_quantile(&beta, 0.975) - (0.5 + 1.959963984540054e-5)) < 1e-12);
	assert_true(fabs(sample_quantile(&gamma, 0.975) - (1000 + 0.01959963984540054)) < 1e-9);
	assert_true(fabs(sample_cdf(&gamma, 1000) - 0.5) < 1e-12);
}

static void closed_forms_need_no_table(void **state)
{
	struct distribution normal = {DIST_NORMAL, 0, 1, -INFINITY, 0, INFINITY, 0, 0};
	struct distribution fixed = {DIST_BETA, 0.5, 0, 0, 0, 1, 1, 1};
	(void)state;
	assert_false(quantile_table_wanted(&normal));
	assert_false(quantile_table_wanted(&fixed));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(beta_tables_match_gsl),
		cmocka_unit_test(gamma_and_pert_tables_match_gsl),
		cmocka_unit_test(density_is_gsl_to_the_bit),
		cmocka_unit_test(values_stay_in_the_support),
		cmocka_unit_test(concentrated_shapes_are_sampled_as_normal),
		cmocka_unit_test(closed_forms_need_no_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
