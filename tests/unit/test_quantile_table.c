/*
 * test_quantile_table.c - the fast quantiles used by Monte Carlo.
 *
 * The tables must agree with GSL's own inverse CDFs (gsl_cdf_beta_Pinv, gsl_cdf_gamma_Pinv,
 * called here directly) within 1e-8 of the distribution's range, over shapes from U-shaped
 * (alpha, beta < 1) to sharply peaked; and the beta and gamma CDFs they are built on
 * (beta_cdf.h, gamma_cdf.h) agree with GSL's and with exact values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "uncertainty/beta_cdf.h"
#include "uncertainty/gamma_cdf.h"
#include "uncertainty/normal_quantile.h"
#include "uncertainty/quantile_table.h"
#include "uncertainty/sample.h"
#include "uncertainty/stream.h"

/* A table of its own for `d`: its shape, and d's view of it. */
struct own_table {
	struct quantile_shape shape;
	struct quantile_table table;
};

static void own_table_init(struct own_table *o, const struct distribution *d)
{
	assert_true(quantile_table_wanted(d));
	assert_int_equal(quantile_shape_init(&o->shape, d), VMAP_OK);
	quantile_table_bind(&o->table, &o->shape, d);
}

static void check_beta(double alpha, double beta)
{
	double s = alpha + beta;
	struct distribution d = {DIST_BETA, alpha / s, sqrt(alpha * beta / (s * s * (s + 1))),
				 0, 0, 1, alpha, beta};
	struct own_table o;
	const struct quantile_table *t = &o.table;

	own_table_init(&o, &d);
	for (int i = 0; i < 20000; i++) {
		double u = stream_uniform(4, (uint64_t)i, 0);
		assert_true(fabs(quantile_table_eval(t, u) - gsl_cdf_beta_Pinv(u, alpha, beta)) <
			    1e-8);
	}
	quantile_shape_release(&o.shape);
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
	struct own_table g, p;
	(void)state;
	own_table_init(&g, &gamma);
	own_table_init(&p, &pert);
	for (int i = 0; i < 20000; i++) {
		double u = stream_uniform(8, (uint64_t)i, 0);
		/* the gamma's range is unbounded: 1e-8 of mean + 10 sd */
		assert_true(fabs(quantile_table_eval(&g.table, u) - gsl_cdf_gamma_Pinv(u, 4, 0.75)) <
			    1e-8 * 18);
		assert_true(fabs(quantile_table_eval(&p.table, u) - 4 * gsl_cdf_beta_Pinv(u, 2, 4)) <
			    1e-8 * 4);
	}
	quantile_shape_release(&g.shape);
	quantile_shape_release(&p.shape);
}

/* Inputs of one standard form share a table, and each gets its own distribution's
 * quantiles from it: PERTs with the mode at the same place in the range, a beta of the same
 * alpha and beta, gammas of the same shape. Other forms do not share. */
static void one_table_serves_every_input_of_a_form(void **state)
{
	struct distribution pert_a = {DIST_PERT, 4.0 / 3, 0.71, 0, 1, 4, 2, 4};
	struct distribution pert_b = {DIST_PERT, 1100, 142, 800, 1000, 1600, 2, 4};
	struct distribution beta = {DIST_BETA, 1.0 / 3, 0.178, 0, 0, 1, 2, 4};
	struct distribution gamma_a = {DIST_GAMMA, 3, 1.5, 0, 0, INFINITY, 0, 0};
	struct distribution gamma_b = {DIST_GAMMA, 300, 150, 0, 0, INFINITY, 0, 0};
	struct distribution other = {DIST_PERT, 1, 0.5, 0, 1, 2, 3, 3};
	struct quantile_shape shape, gamma_shape;
	struct quantile_table tb, tg;
	(void)state;
	assert_true(quantile_shape_same(&pert_a, &pert_b) && quantile_shape_same(&pert_a, &beta));
	assert_true(quantile_shape_same(&gamma_a, &gamma_b));
	assert_false(quantile_shape_same(&pert_a, &other) || quantile_shape_same(&pert_a, &gamma_a));
	assert_int_equal(quantile_shape_init(&shape, &pert_a), VMAP_OK);
	assert_int_equal(quantile_shape_init(&gamma_shape, &gamma_a), VMAP_OK);
	for (int i = 0; i < 20000; i++) {
		double u = stream_uniform(10, (uint64_t)i, 0);
		quantile_table_bind(&tb, &shape, &pert_b);
		assert_true(fabs(quantile_table_eval(&tb, u) -
				 (800 + 800 * gsl_cdf_beta_Pinv(u, 2, 4))) < 1e-8 * 800);
		quantile_table_bind(&tb, &shape, &beta);
		assert_true(fabs(quantile_table_eval(&tb, u) - gsl_cdf_beta_Pinv(u, 2, 4)) < 1e-8);
		quantile_table_bind(&tg, &gamma_shape, &gamma_b);
		assert_true(fabs(quantile_table_eval(&tg, u) - gsl_cdf_gamma_Pinv(u, 4, 75)) <
			    1e-8 * 1800);
	}
	quantile_shape_release(&shape);
	quantile_shape_release(&gamma_shape);
}

/* The block evaluation (four at a time, with and without AVX2) gives the bits of the value
 * by value one, for a smooth and a refined (U-shaped) table, tails included. */
static void block_evaluation_gives_the_same_bits(void **state)
{
	struct distribution smooth = {DIST_PERT, 1100, 142, 800, 1000, 1600, 2, 4};
	struct distribution sharp = {DIST_BETA, 0.5, 0.4767312946227962, 0, 0, 1, 0.05, 0.05};
	const struct distribution *kinds[] = {&smooth, &sharp};
	double u[203], z[203], block[203], scalar_block[203];
	(void)state;
	for (int k = 0; k < 2; k++) {
		struct own_table o;
		own_table_init(&o, kinds[k]);
		for (int round = 0; round < 50; round++) {
			for (int i = 0; i < 203; i++) {
				u[i] = stream_uniform(11, (uint64_t)(round * 203 + i), 0);
				if (i == 7)
					u[i] = 1e-9; /* beyond the table */
				z[i] = normal_quantile(u[i]);
			}
			quantile_table_eval_block(&o.table, u, z, 203, block, stream_simd_available());
			quantile_table_eval_block(&o.table, u, z, 203, scalar_block, false);
			for (int i = 0; i < 203; i++) {
				double one = quantile_table_eval_z(&o.table, u[i], z[i]);
				assert_memory_equal(&one, &block[i], sizeof one);
				assert_memory_equal(&one, &scalar_block[i], sizeof one);
			}
		}
		quantile_shape_release(&o.shape);
	}
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
		struct quantile_shape tb;
		assert_int_equal(quantile_shape_init(&tb, &beta), VMAP_OK);
		for (int i = 0; i < 20000; i++) {
			double x = stream_uniform(9, (uint64_t)i, (uint32_t)n);
			double pb = gsl_ran_beta_pdf(x, a, b);
			double qb = quantile_shape_density(&tb, x);
			assert_memory_equal(&pb, &qb, sizeof pb);
		}
		assert_true(quantile_shape_density(&tb, 0) == gsl_ran_beta_pdf(0, a, b));
		quantile_shape_release(&tb);
	}
}

static void values_stay_in_the_support(void **state)
{
	/* U-shaped beta(0.05, 0.05): nearly all its mass within 1e-10 of 0 or 1 */
	struct distribution d = {DIST_BETA, 0.5, 0.4767312946227962, 0, 0, 1, 0.05, 0.05};
	struct own_table o;
	(void)state;
	own_table_init(&o, &d);
	for (int i = 0; i < 50000; i++) {
		double x = quantile_table_eval(&o.table, stream_uniform(6, (uint64_t)i, 0));
		assert_true(x >= 0 && x <= 1);
	}
	quantile_shape_release(&o.shape);
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

/* The beta CDF the tables are built on agrees with GSL's gsl_cdf_beta_P (another
 * implementation, which works out log B itself) to 5e-14 relative, over U-shaped, J-shaped,
 * flat and concentrated shapes (alpha, beta from 0.3 to 25,000) and x on a fine grid, both
 * sides of the point where the fraction switches; and is 0 and 1 at and beyond the ends. */
static void beta_cdf_matches_gsl(void **state)
{
	static const double shapes[] = {0.3, 0.5, 0.9, 1, 1.3, 2.5, 7, 40, 300, 4000, 25000};
	enum { SHAPES = sizeof shapes / sizeof shapes[0] };
	(void)state;
	gsl_set_error_handler_off();
	for (size_t i = 0; i < SHAPES; i++)
		for (size_t j = 0; j < SHAPES; j++) {
			double a = shapes[i], b = shapes[j], log_beta = gsl_sf_lnbeta(a, b);
			for (int k = 1; k < 2000; k++) {
				double x = k / 2000.0, g = gsl_cdf_beta_P(x, a, b);
				if (g > 1e-290)
					assert_true(fabs(beta_cdf(x, a, b, log_beta) - g) <=
						    5e-14 * g);
			}
			assert_true(beta_cdf(0, a, b, log_beta) == 0);
			assert_true(beta_cdf(-1, a, b, log_beta) == 0);
			assert_true(beta_cdf(1, a, b, log_beta) == 1);
			assert_true(beta_cdf(2, a, b, log_beta) == 1);
		}
}

/* The gamma CDF the tables are built on agrees with GSL's gsl_cdf_gamma_P to 1e-12 relative
 * for shapes 0.2 to 300 (x from far below the mode to far above it), and with values worked
 * out to 50 digits (Python's decimal: x^k e^-x / Gamma(k) times the series, Gamma(k) as (k-1)!
 * from the sum of the logarithms) to 5e-14 for shapes 16 to 30,000, where GSL's own is up to
 * 7e-14 (shape 100), 4e-11 (4,000) and 1e-8 (30,000) away. */
static void gamma_cdf_matches_gsl_and_exact_values(void **state)
{
	static const double shapes[] = {0.2, 0.5, 0.9, 1, 1.3, 2.5, 7, 16, 40, 100, 300};
	static const double exact[][3] = {{16, 10.5, 0.068334939064760066975},
					  {100, 90.125, 0.16148021711367062624},
					  {4000, 3938.21, 0.16433783706672028727},
					  {4000, 3937.13, 0.16010148141277898444},
					  {30000, 29825, 0.15614972755480872809},
					  {30000, 29827.5, 0.15964473178272209522},
					  {30000, 29830, 0.16319033623870909715}};
	(void)state;
	gsl_set_error_handler_off();
	for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		double k = shapes[i], c = gamma_cdf_constant(k);
		for (int j = 1; j < 4000; j++) {
			double x = k * exp((j - 2000) / 250.0), g = gsl_cdf_gamma_P(x, k, 1);
			if (g > 1e-290)
				assert_true(fabs(gamma_cdf(x, k, c) - g) <= 1e-12 * g);
		}
		assert_true(gamma_cdf(0, k, c) == 0 && gamma_cdf(-1, k, c) == 0);
		assert_true(gamma_cdf(INFINITY, k, c) == 1);
	}
	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++) {
		double k = exact[i][0], x = exact[i][1], p = exact[i][2];
		assert_true(fabs(gamma_cdf(x, k, gamma_cdf_constant(k)) - p) <= 5e-14 * p);
	}
}

/* Every node of a table is its quantile: GSL's CDF there is Phi(z) within 1e-11 (the nodes
 * stop iterating when Halley's error constant says the next step would be below a quarter of
 * an ulp, rather than after a step that confirms it; an early stop would leave errors near
 * 1e-8), for beta and gamma shapes from sharp to concentrated. The bound is what GSL's CDF
 * itself allows: 4e-12 for Beta(7, 0.6) near 1 and for shapes of 4,000, as before this rule;
 * GSL's gamma CDF of shape 30,000 disagrees with itself by 1e-9, so that shape is left out. */
static void nodes_are_quantiles(void **state)
{
	static const double shapes[][2] = {{0.3, 2.5}, {0.6, 40}, {1.3, 4000}, {2.5, 7},
					   {40, 300}, {7, 0.6}, {4000, 4000}, {4000, 20}};
	(void)state;
	gsl_set_error_handler_off();
	for (size_t n = 0; n < sizeof shapes / sizeof shapes[0]; n++)
		for (int gamma = 0; gamma < 2; gamma++) {
			double a = shapes[n][0], b = shapes[n][1], s = a + b;
			struct distribution d = {DIST_BETA, a / s, sqrt(a * b / (s * s * (s + 1))),
						 0, 0, 1, a, b};
			struct quantile_shape q;
			if (gamma)
				d = (struct distribution){DIST_GAMMA, a, sqrt(a), 0, 0, INFINITY, a, 1};
			assert_int_equal(quantile_shape_init(&q, &d), VMAP_OK);
			for (int j = 0; j <= 160; j++) {
				double z = -5 + j / 16.0, x = q.x[2 * j];
				double cdf = gamma ? gsl_cdf_gamma_P(x, a, 1) : gsl_cdf_beta_P(x, a, b);
				assert_true(fabs(cdf - gsl_cdf_ugaussian_P(z)) <= 1e-11);
			}
			quantile_shape_release(&q);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(beta_tables_match_gsl),
		cmocka_unit_test(gamma_and_pert_tables_match_gsl),
		cmocka_unit_test(one_table_serves_every_input_of_a_form),
		cmocka_unit_test(block_evaluation_gives_the_same_bits),
		cmocka_unit_test(density_is_gsl_to_the_bit),
		cmocka_unit_test(values_stay_in_the_support),
		cmocka_unit_test(concentrated_shapes_are_sampled_as_normal),
		cmocka_unit_test(closed_forms_need_no_table),
		cmocka_unit_test(beta_cdf_matches_gsl),
		cmocka_unit_test(gamma_cdf_matches_gsl_and_exact_values),
		cmocka_unit_test(nodes_are_quantiles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
