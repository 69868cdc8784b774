/*
 * test_copula.c - correlated parameters through the Gaussian copula.
 *
 * The normal scores of the correlated uniforms must have correlation rho within 5 standard
 * errors ((1 - rho^2) / sqrt(n), the large-sample error of Pearson's r for normal data), the
 * uniforms must stay uniform, and an inconsistent set of correlations must be refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#include "uncertainty/copula.h"
#include "uncertainty/stream.h"

enum { DRAWS = 50000 };

static void make_model(struct vmap_model *m, struct param *params, size_t count,
		       struct correlation *correlations, size_t correlation_count)
{
	static char *names[] = {"a", "b", "c"};

	memset(m, 0, sizeof *m);
	m->path = "model.yaml";
	for (size_t p = 0; p < count; p++)
		params[p] = (struct param){names[p], {DIST_NORMAL, 0, 1, -INFINITY, 0, INFINITY, 0, 0},
					   true, -INFINITY, INFINITY, 1, 1};
	m->params = params;
	m->param_count = m->named_count = count;
	m->correlations = correlations;
	m->correlation_count = correlation_count;
}

static double correlation_of_scores(const struct copula *c, size_t a, size_t b, size_t count)
{
	double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, u[3], work[6], n = DRAWS;

	for (uint64_t d = 0; d < DRAWS; d++) {
		for (size_t p = 0; p < count; p++)
			u[p] = stream_uniform(11, d, (uint32_t)p);
		copula_apply(c, u, work);
		double x = gsl_cdf_ugaussian_Pinv(u[a]), y = gsl_cdf_ugaussian_Pinv(u[b]);
		sa += x;
		sb += y;
		saa += x * x;
		sbb += y * y;
		sab += x * y;
	}
	return (sab / n - sa / n * sb / n) /
	       sqrt((saa / n - sa / n * sa / n) * (sbb / n - sb / n * sb / n));
}

static void scores_have_the_stated_correlation(void **state)
{
	struct vmap_model m;
	struct param params[3];
	struct correlation cs[] = {{0, 1, 0.6, 1, 1}, {1, 2, -0.3, 2, 1}};
	struct copula c;
	struct vmap_diag diag = {0};
	(void)state;
	make_model(&m, params, 3, cs, 2);
	assert_int_equal(copula_init(&c, &m, &diag), VMAP_OK);
	assert_int_equal(c.count, 3);
	assert_true(fabs(correlation_of_scores(&c, 0, 1, 3) - 0.6) < 5 * (1 - 0.36) / sqrt(DRAWS));
	assert_true(fabs(correlation_of_scores(&c, 1, 2, 3) + 0.3) < 5 * (1 - 0.09) / sqrt(DRAWS));
	/* a and c are not given: their correlation is that implied, 0 here since L makes
	 * corr(a, c) = R[a][c] = 0 */
	assert_true(fabs(correlation_of_scores(&c, 0, 2, 3)) < 5 / sqrt(DRAWS));
	copula_release(&c);
}

static void uniforms_stay_uniform(void **state)
{
	struct vmap_model m;
	struct param params[2];
	struct correlation cs[] = {{0, 1, 0.9, 1, 1}};
	struct copula c;
	struct vmap_diag diag = {0};
	double sum = 0, u[2], work[4];
	(void)state;
	make_model(&m, params, 2, cs, 1);
	assert_int_equal(copula_init(&c, &m, &diag), VMAP_OK);
	for (uint64_t d = 0; d < DRAWS; d++) {
		u[0] = stream_uniform(5, d, 0);
		u[1] = stream_uniform(5, d, 1);
		copula_apply(&c, u, work);
		assert_true(u[1] > 0 && u[1] < 1);
		sum += u[1];
	}
	assert_true(fabs(sum / DRAWS - 0.5) < 5 / sqrt(12.0 * DRAWS));
	copula_release(&c);
}

static void inconsistent_correlations_are_refused(void **state)
{
	/* a~b 0.9 and a~c 0.9 force b~c near 0.62 at least; -0.9 cannot hold */
	struct vmap_model m;
	struct param params[3];
	struct correlation cs[] = {{0, 1, 0.9, 4, 3}, {0, 2, 0.9, 5, 3}, {1, 2, -0.9, 6, 3}};
	struct copula c;
	struct vmap_diag diag = {0};
	(void)state;
	make_model(&m, params, 3, cs, 3);
	assert_int_equal(copula_init(&c, &m, &diag), VMAP_INPUT);
	assert_non_null(strstr(diag.message, "model.yaml:6:3: correlations:"));
	assert_non_null(strstr(diag.message, "not positive definite"));
	assert_non_null(strstr(diag.message, "'c'"));
	assert_null(c.params);
}

static void perfect_correlation_suggests_sharing(void **state)
{
	struct vmap_model m;
	struct param params[2];
	struct correlation cs[] = {{0, 1, 1, 4, 3}};
	struct copula c;
	struct vmap_diag diag = {0};
	(void)state;
	make_model(&m, params, 2, cs, 1);
	assert_int_equal(copula_init(&c, &m, &diag), VMAP_INPUT);
	assert_non_null(strstr(diag.message, "use one shared parameter"));
}

static void no_correlations_no_copula(void **state)
{
	struct vmap_model m;
	struct param params[2];
	struct copula c;
	struct vmap_diag diag = {0};
	(void)state;
	make_model(&m, params, 2, NULL, 0);
	assert_int_equal(copula_init(&c, &m, &diag), VMAP_OK);
	assert_int_equal(c.count, 0);
	copula_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scores_have_the_stated_correlation),
		cmocka_unit_test(uniforms_stay_uniform),
		cmocka_unit_test(inconsistent_correlations_are_refused),
		cmocka_unit_test(perfect_correlation_suggests_sharing),
		cmocka_unit_test(no_correlations_no_copula),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
