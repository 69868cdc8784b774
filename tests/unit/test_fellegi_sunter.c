/*
 * test_fellegi_sunter.c - EM recovers known m and the share of matches from simulated
 * comparison vectors (u held at its true value, as in training), and weights follow the
 * Fellegi-Sunter formula computed by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "link/compare_fields.h"
#include "link/fellegi_sunter.h"
#include "link/spec.h"

static uint64_t next_random(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double uniform(uint64_t *s)
{
	return (double)(next_random(s) >> 11) / 9007199254740992.0;
}

static int draw(const double *p, int levels, uint64_t *s)
{
	double x = uniform(s), c = 0;

	for (int l = 0; l < levels - 1; l++) {
		c += p[l];
		if (x < c)
			return l;
	}
	return levels - 1;
}

static const double true_m[3][3] = {{0.85, 0.10, 0.05}, {0.90, 0.07, 0.03}, {0.75, 0.20, 0.05}};
static const double true_u[3][3] = {{0.01, 0.04, 0.95}, {0.003, 0.03, 0.967}, {0.05, 0.15, 0.80}};

static void setup_model(struct fs_model *m)
{
	memset(m, 0, sizeof *m);
	m->comparison_count = 3;
	for (size_t c = 0; c < 3; c++) {
		comparison_default(FIELD_MIDDLE_NAME, &m->cmp[c]); /* any 3-level comparison */
		memcpy(m->cmp[c].u, true_u[c], sizeof true_u[c]);
	}
	fs_defaults(m);
	for (size_t c = 0; c < 3; c++)
		memcpy(m->cmp[c].u, true_u[c], sizeof true_u[c]);
}

static void em_recovers_m_and_the_match_share(void **state)
{
	struct fs_model model;
	struct pattern_table t = {0};
	double m[COMPARISON_MAX][LEVEL_MAX], lambda = 0.3, true_lambda = 0.2;
	uint64_t seed = 42;
	int iterations;

	(void)state;
	setup_model(&model);
	for (int n = 0; n < 200000; n++) {
		bool match = uniform(&seed) < true_lambda;
		gamma_t g = 0;
		for (size_t c = 0; c < 3; c++)
			g |= (gamma_t)draw(match ? true_m[c] : true_u[c], 3, &seed) << (4 * c);
		assert_int_equal(patterns_add(&t, g, 1), 0);
	}
	fs_em(&model, &t, 7u, &lambda, m, &iterations);
	assert_true(fabs(lambda - true_lambda) < 0.005);
	for (size_t c = 0; c < 3; c++)
		for (int l = 0; l < 3; l++)
			assert_true(fabs(m[c][l] - true_m[c][l]) < 0.01);
	patterns_release(&t);
}

static void weights_follow_the_formula(void **state)
{
	struct fs_model model;
	gamma_t g = 0 | (2u << 4) | ((gamma_t)LEVEL_MISSING << 8);
	double expected;

	(void)state;
	setup_model(&model);
	for (size_t c = 0; c < 3; c++)
		memcpy(model.cmp[c].m, true_m[c], sizeof true_m[c]);
	model.prior = 0.001;
	fs_finish(&model);
	expected = log2(0.001 / 0.999) + log2(0.85 / 0.01) + log2(0.03 / 0.967);
	assert_true(fabs(fs_weight(&model, g) - expected) < 1e-9);
	assert_true(fabs(fs_probability(0) - 0.5) < 1e-12);
	assert_true(fabs(fs_probability(log2(3)) - 0.75) < 1e-12);
}

static void pattern_tables_merge_counts(void **state)
{
	struct pattern_table a = {0}, b = {0};
	uint64_t total = 0;

	(void)state;
	for (gamma_t g = 0; g < 1000; g++) {
		assert_int_equal(patterns_add(&a, g % 300, 1), 0);
		assert_int_equal(patterns_add(&b, g % 500, 2), 0);
	}
	assert_int_equal(patterns_merge(&a, &b), 0);
	assert_int_equal(a.used, 500);
	for (size_t i = 0; i < a.capacity; i++)
		total += a.counts[i];
	assert_int_equal(total, 3000);
	patterns_release(&a);
	patterns_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(em_recovers_m_and_the_match_share),
		cmocka_unit_test(weights_follow_the_formula),
		cmocka_unit_test(pattern_tables_merge_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
