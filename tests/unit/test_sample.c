/*
 * test_sample.c - random streams and sampling of every distribution kind.
 *
 * Expected moments are worked out by hand from each distribution's textbook formulas (noted
 * beside each case), not from the code under test. Tolerances come from the sampling error:
 * the sample mean is within 5 standard errors (sd / sqrt(n)) of the mean, and the sample sd
 * within 5 standard errors of the sd, sd * sqrt((kurtosis - 1) / (4 n)), using a kurtosis
 * of 9, above that of every case here (the lognormal's, 8.04, is the largest). The shape is
 * checked by a Kolmogorov-Smirnov test against GSL's CDF at the 0.1% level (critical value
 * 1.95 / sqrt(n)).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "uncertainty/sample.h"
#include "uncertainty/stream.h"

enum { MOMENT_DRAWS = 400000, KS_DRAWS = 20000 };

struct moment_case {
	struct distribution d;
	double mean, sd; /* expected, by hand */
};

static double *draw_sample(const struct distribution *d, size_t n, uint64_t seed)
{
	double *x = malloc(n * sizeof *x);
	assert_non_null(x);
	for (size_t i = 0; i < n; i++)
		x[i] = sample_quantile(d, stream_uniform(seed, i, 7));
	return x;
}

static void check_moments(const struct moment_case *c)
{
	double *x = draw_sample(&c->d, MOMENT_DRAWS, 2024);
	double sum = 0, squares = 0, n = MOMENT_DRAWS;

	for (size_t i = 0; i < MOMENT_DRAWS; i++)
		sum += x[i];
	for (size_t i = 0; i < MOMENT_DRAWS; i++)
		squares += (x[i] - sum / n) * (x[i] - sum / n);
	free(x);
	assert_true(fabs(sum / n - c->mean) < 5 * c->sd / sqrt(n));
	assert_true(fabs(sqrt(squares / (n - 1)) - c->sd) < 5 * c->sd * sqrt(8 / (4 * n)));
}

static const struct moment_case cases[] = {
	/* normal(10, 2) */
	{{DIST_NORMAL, 10, 2, -INFINITY, 0, INFINITY, 0, 0}, 10, 2},
	/* lognormal given the variable's own mean 1 and sd 0.5 */
	{{DIST_LOGNORMAL, 1, 0.5, 0, 0, INFINITY, 0, 0}, 1, 0.5},
	/* gamma with mean 3, sd 1.5 (shape 4, scale 0.75) */
	{{DIST_GAMMA, 3, 1.5, 0, 0, INFINITY, 0, 0}, 3, 1.5},
	/* beta(2, 5): mean 2/7, variance 2*5 / (7^2 * 8) */
	{{DIST_BETA, 2.0 / 7, 0.15971914124998499, 0, 0, 1, 2, 5}, 2.0 / 7,
	 0.15971914124998499},
	/* beta by mean 0.3, sd 0.1: alpha = 0.3 * 20, beta = 0.7 * 20 */
	{{DIST_BETA, 0.3, 0.1, 0, 0, 1, 6, 14}, 0.3, 0.1},
	/* uniform(2, 6): mean 4, sd 4 / sqrt(12) */
	{{DIST_UNIFORM, 4, 1.1547005383792515, 2, 4, 6, 0, 0}, 4, 1.1547005383792515},
	/* triangular(0, 1, 4): mean 5/3, variance (0 + 1 + 16 - 0 - 0 - 4) / 18 */
	{{DIST_TRIANGULAR, 5.0 / 3, 0.8498365855987975, 0, 1, 4, 0, 0}, 5.0 / 3,
	 0.8498365855987975},
	/* PERT(0, 1, 4): Beta(2, 4) on [0, 4]: mean 4/3, variance 16 * 8 / (36 * 7) */
	{{DIST_PERT, 4.0 / 3, 0.7126966450997984, 0, 1, 4, 2, 4}, 4.0 / 3, 0.7126966450997984},
};

static void every_kind_has_its_mean_and_sd(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
		check_moments(&cases[c]);
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The CDF of each case straight from GSL (or closed form), independent of sample.c. */
static double reference_cdf(const struct distribution *d, double x)
{
	double s2 = log(1 + d->sd * d->sd / (d->mean * d->mean));

	switch (d->kind) {
	case DIST_NORMAL:
		return gsl_cdf_gaussian_P(x - d->mean, d->sd);
	case DIST_LOGNORMAL:
		return gsl_cdf_lognormal_P(x, log(d->mean) - s2 / 2, sqrt(s2));
	case DIST_GAMMA:
		return gsl_cdf_gamma_P(x, 4, 0.75);
	case DIST_BETA:
		return gsl_cdf_beta_P(x, d->alpha, d->beta);
	case DIST_UNIFORM:
		return (x - 2) / 4;
	case DIST_TRIANGULAR:
		return x <= 1 ? x * x / 4 : 1 - (4 - x) * (4 - x) / 12;
	case DIST_PERT:
		return gsl_cdf_beta_P(x / 4, 2, 4);
	}
	return NAN;
}

static void every_kind_passes_kolmogorov_smirnov(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		double *x = draw_sample(&cases[c].d, KS_DRAWS, 99), worst = 0;
		qsort(x, KS_DRAWS, sizeof *x, compare);
		for (size_t i = 0; i < KS_DRAWS; i++) {
			double f = reference_cdf(&cases[c].d, x[i]);
			worst = fmax(worst, fmax(fabs(f - (double)i / KS_DRAWS),
						 fabs(f - (double)(i + 1) / KS_DRAWS)));
		}
		free(x);
		assert_true(worst < 1.95 / sqrt(KS_DRAWS));
	}
}

static void sd_zero_gives_the_mean(void **state)
{
	struct distribution d = {DIST_NORMAL, 0.25, 0, -INFINITY, 0, INFINITY, 0, 0};
	(void)state;
	for (int i = 1; i < 100; i++)
		assert_true(sample_quantile(&d, i / 100.0) == 0.25);
}

static void uniforms_are_strictly_inside_and_reproducible(void **state)
{
	double sum = 0;
	(void)state;
	for (uint64_t i = 0; i < 100000; i++) {
		double u = stream_uniform(1, i, 0);
		assert_true(u > 0 && u < 1);
		assert_true(u == stream_uniform(1, i, 0));
		assert_true(u != stream_uniform(2, i, 0));
		assert_true(u != stream_uniform(1, i, 1));
		sum += u;
	}
	/* mean of 100000 uniforms: 0.5 within 5 standard errors (1 / sqrt(12 * 100000)) */
	assert_true(fabs(sum / 100000 - 0.5) < 5 / sqrt(12.0 * 100000));
}

static void clamped_to_the_range_of_use(void **state)
{
	/* a share ~ normal(0.5, 1) clamped to [0, 1]: P(below 0) = P(above 1) = Phi(-0.5) */
	struct param p = {NULL, {DIST_NORMAL, 0.5, 1, -INFINITY, 0, INFINITY, 0, 0}, true, 0, 1,
			  0, 0};
	size_t low = 0, high = 0, n = 100000;
	(void)state;
	for (size_t i = 0; i < n; i++) {
		double x = sample_param(&p, stream_uniform(3, i, 0));
		assert_true(x >= 0 && x <= 1);
		low += x == 0;
		high += x == 1;
	}
	/* 0.3085375387259869 = Phi(-0.5) from tables; 5 binomial standard errors */
	double se = sqrt(0.3085375387259869 * (1 - 0.3085375387259869) / (double)n);
	assert_true(fabs((double)low / (double)n - 0.3085375387259869) < 5 * se);
	assert_true(fabs((double)high / (double)n - 0.3085375387259869) < 5 * se);
}

static void triangular_quantile_closed_form(void **state)
{
	struct distribution d = {DIST_TRIANGULAR, 5.0 / 3, 0.85, 0, 1, 4, 0, 0};
	(void)state;
	/* F(1) = 1/4; F^-1(0.25) = 1; F^-1(1/16) = 0.5; F^-1(1 - 3/16) = 4 - 1.5 = 2.5 */
	assert_true(fabs(sample_quantile(&d, 0.25) - 1) < 1e-12);
	assert_true(fabs(sample_quantile(&d, 1.0 / 16) - 0.5) < 1e-12);
	assert_true(fabs(sample_quantile(&d, 13.0 / 16) - 2.5) < 1e-12);
}

/* A block of values (normal scores four at a time, the kind decided once a block) is value by
 * value sample_param's, to the bit, with and without the SIMD path, for every kind sampled
 * without a table, clamped or not (a lognormal clamped above, a normal and a uniform clamped
 * at both ends), in blocks of 300 (four at a time, then a remainder). */
static void block_sampling_is_value_by_value(void **state)
{
	static const struct param params[] = {
		{NULL, {DIST_NORMAL, 0.5, 1, -INFINITY, 0, INFINITY, 0, 0}, false, 0, 1, 0, 0},
		{NULL, {DIST_NORMAL, 3, 2, -INFINITY, 0, INFINITY, 0, 0}, false, -INFINITY,
		 INFINITY, 0, 0},
		{NULL, {DIST_LOGNORMAL, 9000, 2500, 0, 0, INFINITY, 0, 0}, false, 0, 12000, 0, 0},
		{NULL, {DIST_BETA, 0.3, 0.002, 0, 0, 1, 0.3 * 52499, 0.7 * 52499}, false, 0, 1, 0,
		 0},
		{NULL, {DIST_UNIFORM, 0.2, 0.05, 0.11, 0, 0.29, 0, 0}, false, 0, 1, 0, 0},
		{NULL, {DIST_UNIFORM, 0.2, 0.23, -0.2, 0, 0.6, 0, 0}, false, 0, 0.5, 0, 0},
		{NULL, {DIST_TRIANGULAR, 5.0 / 3, 0.85, 0, 1, 4, 0, 0}, false, 0, 3, 0, 0},
	};
	double u[300], x[300];
	(void)state;
	for (size_t k = 0; k < sizeof params / sizeof params[0]; k++)
		for (int simd = 0; simd < 2; simd++) {
			for (size_t i = 0; i < 300; i++)
				u[i] = stream_uniform(21, i, (uint32_t)k);
			u[7] = 1e-9; /* both tails of the normal score */
			u[8] = 1 - 1e-9;
			sample_values(&params[k], NULL, u, 300, x, 1,
				      simd && stream_simd_available());
			for (size_t i = 0; i < 300; i++) {
				double one = sample_param(&params[k], u[i]);
				assert_memory_equal(&x[i], &one, sizeof one);
			}
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_kind_has_its_mean_and_sd),
		cmocka_unit_test(every_kind_passes_kolmogorov_smirnov),
		cmocka_unit_test(sd_zero_gives_the_mean),
		cmocka_unit_test(uniforms_are_strictly_inside_and_reproducible),
		cmocka_unit_test(clamped_to_the_range_of_use),
		cmocka_unit_test(triangular_quantile_closed_form),
		cmocka_unit_test(block_sampling_is_value_by_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
