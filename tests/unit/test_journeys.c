/*
 * test_journeys.c - the pieces of `journeys` checked against hand and closed-form results:
 * relative years by calendar anniversary (29 February, year ends), ages, the propensity model
 * against the closed form of a saturated binary design, frequency weights against repeated
 * rows, the string index, coarsened exact matching weights on a small table, and a whole run
 * on a small world written here, under every allocation failure in turn.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/paths.h"
#include "journeys/journeys.h"
#include "valuemap.h"

#include <unistd.h>

static void anniversaries_of_a_leap_day(void **state)
{
	(void)state;
	/* index 29 Feb 2016: year 0 runs to 28 Feb 2017, year 1 starts 1 Mar 2017 */
	assert_int_equal(relative_year(20160229, 20160229), 0);
	assert_int_equal(relative_year(20160229, 20170228), 0);
	assert_int_equal(relative_year(20160229, 20170301), 1);
	assert_int_equal(relative_year(20160229, 20200228), 3);
	assert_int_equal(relative_year(20160229, 20200229), 4);
	assert_int_equal(relative_year(20160229, 20160228), -1);
	assert_int_equal(relative_year(20160229, 20150301), -1);
	assert_int_equal(relative_year(20160229, 20150228), -2);
	assert_int_equal(anniversary_day(20160229, 1), days_from_civil(20170301));
	assert_int_equal(anniversary_day(20160229, 4), days_from_civil(20200229));
	assert_int_equal(anniversary_day(20160229, -2), days_from_civil(20140301));
}

static void anniversaries_at_year_ends(void **state)
{
	(void)state;
	assert_int_equal(relative_year(20191231, 20191231), 0);
	assert_int_equal(relative_year(20191231, 20201230), 0);
	assert_int_equal(relative_year(20191231, 20201231), 1);
	assert_int_equal(relative_year(20191231, 20191230), -1);
	assert_int_equal(relative_year(20200101, 20191231), -1);
	assert_int_equal(relative_year(20200101, 20201231), 0);
	assert_int_equal(relative_year(20200101, 20210101), 1);
	assert_int_equal(anniversary_day(20191231, -2), days_from_civil(20171231));
	/* every day of a relative year lies in [anniversary k, anniversary k + 1) */
	for (int32_t d = days_from_civil(20150101); d < days_from_civil(20250101); d++) {
		int k = relative_year(20160229, civil_from_days(d));
		assert_true(d >= anniversary_day(20160229, k));
		assert_true(d < anniversary_day(20160229, k + 1));
	}
}

static void ages_and_days(void **state)
{
	(void)state;
	assert_int_equal(whole_years(19800229, 20210228), 40);
	assert_int_equal(whole_years(19800229, 20210301), 41);
	assert_int_equal(whole_years(19800315, 20200314), 39);
	assert_int_equal(whole_years(19800315, 20200315), 40);
	assert_int_equal(civil_from_days(days_from_civil(20000229)), 20000229);
	assert_int_equal(civil_from_days(days_from_civil(19991231) + 1), 20000101);
	assert_int_equal(days_from_civil(20240301) - days_from_civil(20240228), 2);
}

/* One binary covariate (a saturated model): logit P(y | x) = b0 + b1 x is fitted exactly, so
 * b0 = logit(share treated when x = 0) and b1 = logit(share when x = 1) - b0. */
static void propensity_matches_the_saturated_closed_form(void **state)
{
	enum { N = 100 };
	double x[N], y[N], beta[2];
	int iterations;
	bool converged;

	(void)state;
	for (int i = 0; i < N; i++) {
		x[i] = i < 40;                        /* 40 with x = 1, 60 with x = 0 */
		y[i] = i < 40 ? (i < 30) : (i < 55);  /* 30 of 40 treated; 15 of 60 treated */
	}
	assert_int_equal(propensity_fit(x, y, NULL, N, 1, beta, &iterations, &converged), 0);
	assert_true(converged);
	assert_true(fabs(beta[0] - log(15.0 / 45.0)) < 1e-9);
	assert_true(fabs(beta[1] - (log(30.0 / 10.0) - log(15.0 / 45.0))) < 1e-9);
}

/* Frequency 2 on a row is the same fit as the row written twice. */
static void frequencies_are_repeated_rows(void **state)
{
	double x[] = {1, 2, 3, 4, 5, 6, 7, 8}, y[] = {0, 0, 1, 0, 1, 0, 1, 1};
	double f[] = {2, 1, 1, 3, 1, 2, 1, 1};
	double xr[16], yr[16], a[2], b[2];
	size_t n = 0;
	int it;
	bool ok;

	(void)state;
	for (size_t i = 0; i < 8; i++)
		for (int k = 0; k < f[i]; k++)
			xr[n] = x[i], yr[n++] = y[i];
	assert_int_equal(propensity_fit(x, y, f, 8, 1, a, &it, &ok), 0);
	assert_int_equal(propensity_fit(xr, yr, NULL, n, 1, b, &it, &ok), 0);
	assert_true(fabs(a[0] - b[0]) < 1e-9 && fabs(a[1] - b[1]) < 1e-9);
}

/* A column that never varies is left out (coefficient 0) instead of making X'WX singular. */
static void a_constant_column_is_left_out(void **state)
{
	double x[] = {1, 5, 0, 5, 1, 5, 0, 5, 1, 5, 0, 5}, y[] = {1, 0, 1, 0, 0, 1};
	double beta[3];
	int it;
	bool ok;

	(void)state;
	assert_int_equal(propensity_fit(x, y, NULL, 6, 2, beta, &it, &ok), 0);
	assert_true(ok);
	assert_true(beta[2] == 0);
	assert_true(fabs(beta[0] - log(1.0 / 2.0)) < 1e-9);           /* x = 0: 1 of 3 treated */
	assert_true(fabs(beta[0] + beta[1] - log(2.0 / 1.0)) < 1e-9); /* x = 1: 2 of 3 */
}

static void the_index_finds_what_it_holds(void **state)
{
	struct string_index ix;
	char keys[3000][8];
	uint32_t value;

	(void)state;
	assert_int_equal(string_index_init(&ix, 4), 0);
	for (uint32_t i = 0; i < 3000; i++) {
		snprintf(keys[i], sizeof keys[i], "k%u", i);
		assert_int_equal(string_index_put(&ix, keys[i], i, &value), 0);
		assert_int_equal(value, i);
	}
	assert_int_equal(string_index_put(&ix, "k17", 99, &value), 0);
	assert_int_equal(value, 17);
	for (uint32_t i = 0; i < 3000; i++) {
		assert_true(string_index_get(&ix, keys[i], &value));
		assert_int_equal(value, i);
	}
	assert_false(string_index_get(&ix, "k3000", &value));
	string_index_release(&ix);
}

/* Strata by sex alone: stratum F holds 2 treated and 4 comparisons (each weighs 2/4),
 * stratum M 1 treated and 1 comparison (weight 1), and a treated person aged 90 is alone in
 * its age band: unmatched. */
static void exact_matching_weighs_strata(void **state)
{
	enum covariate_kind kinds[] = {COV_AGE, COV_SEX};
	double x[] = {/* treated */ 30, 1, 31, 1, 40, 0, 90, 1,
		      /* comparisons */ 32, 1, 33, 1, 34, 1, 30, 1, 41, 0, 60, 0};
	struct cohort c = {.count = 10, .treated = 4, .x = x, .columns = 2, .column_kind = kinds};
	struct journeys_settings s = {MATCH_EXACT, ESTIMATE_DID, 1, 1};
	struct weighting_result w = {0};
	const double expected[] = {1, 1, 1, 0, 0.5, 0.5, 0.5, 0.5, 1, 0};

	(void)state;
	assert_int_equal(weights_compute(&c, &s, NULL, &w), 0);
	for (size_t i = 0; i < 10; i++)
		assert_true(fabs(w.weight[i] - expected[i]) < 1e-12);
	assert_int_equal(w.matched_treated, 3);
	assert_int_equal(w.strata, 2);
	weights_release(&w);
}

/* Odds weights: with one binary covariate the weighted comparisons reproduce the treated
 * share of x exactly (the saturated model balances it), so the SMD after weighting is 0. */
static void odds_weights_balance_a_saturated_covariate(void **state)
{
	enum covariate_kind kinds[] = {COV_SEX};
	double x[20];
	struct cohort c = {.count = 20, .treated = 5, .x = x, .columns = 1, .column_kind = kinds};
	struct journeys_settings s = {MATCH_WEIGHTING, ESTIMATE_DID, 1, 1};
	struct weighting_result w = {0};
	struct balance_row b;

	(void)state;
	for (int i = 0; i < 20; i++)
		x[i] = i < 5 ? (i < 4) : (i < 9); /* treated 4/5 female; comparisons 4/15 */
	assert_int_equal(weights_compute(&c, &s, NULL, &w), 0);
	balance_compute(&c, w.weight, &b);
	assert_true(fabs(b.mean_treated - 0.8) < 1e-12);
	assert_true(fabs(b.mean_comparison - 4.0 / 15) < 1e-12);
	assert_true(fabs(b.mean_weighted - 0.8) < 1e-9);
	assert_true(fabs(b.smd_after) < 1e-8);
	weights_release(&w);
}

static void paths_are_beside_their_file(void **state)
{
	const char *cases[][3] = {
		{"a/b/j.yaml", "c.csv", "a/b/c.csv"}, {"j.yaml", "c.csv", "c.csv"},
		{"/x/j.yaml", "../c.csv", "/x/../c.csv"}, {"a/j.yaml", "/abs/c.csv", "/abs/c.csv"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *p = path_beside(cases[i][0], cases[i][1]);
		assert_string_equal(p, cases[i][2]);
		free(p);
	}
}

static char dir[64], world[96], out_dir[96];

static FILE *open_in_dir(const char *name)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	return f;
}

static void write_text(const char *name, const char *text)
{
	FILE *f = open_in_dir(name);

	fputs(text, f);
	fclose(f);
}

/* 42 people with a record in h (agency nhs) and d (agency dwp); all start treatment
 * (MH_TREATMENT_START) in 2018 and every third takes up IPS a month later; each has one nhs
 * and one dwp event a year from 2015 to 2022. */
static void write_world(void)
{
	FILE *h = open_in_dir("h.csv"), *d = open_in_dir("d.csv"), *c = open_in_dir("clusters.csv");
	FILE *he = open_in_dir("h_events.csv"), *de = open_in_dir("d_events.csv");

	fputs("id,dob,sex\n", h);
	fputs("ref,born\n", d);
	fputs("dataset,record_id,cluster_id\n", c);
	fputs("id,date,type,cost\n", he);
	fputs("ref,date,cost\n", de);
	for (int i = 0; i < 42; i++) {
		int month = 1 + i % 12, day = 1 + i % 28;
		fprintf(h, "h%d,%d-0%d-1%d,%s\n", i, 1960 + i % 30, 1 + i % 9, i % 9, i % 2 ? "F" : "M");
		fprintf(d, "d%d,%d-0%d-1%d\n", i, 1960 + i % 30, 1 + i % 9, i % 9);
		fprintf(c, "h,h%d,p%d\nd,d%d,p%d\n", i, i, i, i);
		fprintf(he, "h%d,2018-%02d-%02d,MH_TREATMENT_START,0\n", i, month, day);
		if (i % 3 == 0)
			fprintf(he, "h%d,2018-%02d-%02d,IPS_START,0\n", i, month, day + 1);
		for (int year = 2015; year <= 2022; year++) {
			fprintf(he, "h%d,%d-%02d-%02d,VISIT,%d\n", i, year, 13 - month, day, 100 + i);
			fprintf(de, "d%d,%d-%02d-%02d,%d.5\n", i, year, month, 28 - i % 28,
				200 + (i % 5) * 10 - (i % 3 == 0 && year > 2018) * 50);
		}
	}
	fclose(h);
	fclose(d);
	fclose(c);
	fclose(he);
	fclose(de);
}

static int make_world(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/vmap-test-journeys-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	write_world();
	write_text("h.yaml", "dataset: {id: h, path: h.csv, record_id: id}\n"
			     "fields: {dob: dob, sex: sex}\n"
			     "events: {path: h_events.csv, record_id: id, date: date, type: type,\n"
			     "         cost: cost, price_year: 2024, agency: nhs}\n");
	write_text("d.yaml", "dataset: {id: d, path: d.csv, record_id: ref}\n"
			     "fields: {dob: born}\n"
			     "events: {path: d_events.csv, record_id: ref, date: date, cost: cost,\n"
			     "         price_year: 2024, agency: dwp}\n");
	write_text("j.yaml", "journeys: {clusters: clusters.csv, datasets: [h.yaml, d.yaml],\n"
			     "           price_base: 2024}\n"
			     "cohorts:\n  treated: {dataset: h, type: IPS_START}\n"
			     "  comparison: {dataset: h, type: MH_TREATMENT_START}\n"
			     "window: {observed: {from: 2015-01-01, to: 2022-12-31}, pre: 2, post: 2}\n"
			     "match: {method: weighting, covariates: [age, sex]}\n"
			     "estimate: {bootstrap: 20, seed: 3}\n");
	snprintf(world, sizeof world, "%s/j.yaml", dir);
	snprintf(out_dir, sizeof out_dir, "%s/out", dir);
	return 0;
}

static int remove_world(void **state)
{
	char command[128];

	(void)state;
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	return system(command) == 0 ? 0 : -1;
}

static int journeys_once(void)
{
	vmap_journeys *j = vmap_journeys_new();
	int rc = j ? vmap_journeys_load(j, world) : VMAP_NOMEM;

	if (!rc)
		rc = vmap_journeys_run(j);
	if (!rc)
		rc = vmap_journeys_write(j, out_dir);
	if (rc && j)
		assert_true(strlen(vmap_journeys_errmsg(j)) > 0);
	vmap_journeys_free(j);
	return rc;
}

/* The world's dwp saving: every treated person's dwp cost falls by exactly 50 a year from
 * 2019, which is relative year 0 (from early 2019 on) or 1 of the treated: the did estimate is
 * -50 in year 1, where all of the year is after 2018, within the comparison's own noise. */
static void runs_a_small_world(void **state)
{
	vmap_journeys *j = vmap_journeys_new();
	vmap_journeys_counts n;
	vmap_journeys_effect e;

	(void)state;
	if (vmap_journeys_load(j, world) || vmap_journeys_run(j))
		fail_msg("%s", vmap_journeys_errmsg(j));
	n = vmap_journeys_get_counts(j);
	assert_int_equal(n.treated_found, 14);
	assert_int_equal(n.comparison_found, 28);
	assert_int_equal(n.comparison_treated_in_window, 14);
	assert_int_equal(n.persons, 42);
	assert_int_equal(vmap_journeys_agency_count(j), 2);
	assert_string_equal(vmap_journeys_agency_id(j, 1), "dwp");
	e = vmap_journeys_get_effect(j, 1, 1);
	assert_true(e.ci_low <= e.effect && e.effect <= e.ci_high);
	assert_true(isnan(vmap_journeys_get_effect(j, 2, 0).effect));
	assert_true(isnan(vmap_journeys_get_effect(j, 0, 2).effect));
	assert_int_equal(vmap_journeys_run(j), VMAP_USAGE); /* runs once */
	vmap_journeys_free(j);
}

static void survives_every_allocation_failure(void **state)
{
	int rc = VMAP_NOMEM;
	long n;

	(void)state;
	for (n = 1; n < 20000 && rc != VMAP_OK; n++) {
		alloc_fail_after(n);
		rc = journeys_once();
		alloc_fail_after(0);
		assert_true(rc == VMAP_OK || rc == VMAP_NOMEM || rc == VMAP_IO);
	}
	assert_int_equal(rc, VMAP_OK);
	assert_true(n > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(anniversaries_of_a_leap_day),
		cmocka_unit_test(anniversaries_at_year_ends),
		cmocka_unit_test(ages_and_days),
		cmocka_unit_test(propensity_matches_the_saturated_closed_form),
		cmocka_unit_test(frequencies_are_repeated_rows),
		cmocka_unit_test(a_constant_column_is_left_out),
		cmocka_unit_test(the_index_finds_what_it_holds),
		cmocka_unit_test(exact_matching_weighs_strata),
		cmocka_unit_test(odds_weights_balance_a_saturated_covariate),
		cmocka_unit_test(paths_are_beside_their_file),
		cmocka_unit_test(runs_a_small_world),
		cmocka_unit_test(survives_every_allocation_failure),
	};
	return cmocka_run_group_tests(tests, make_world, remove_world);
}
