/*
 * test_ucd.c - the reference data compiled into the library (src/model/ucd.c): unit costs by
 * code (figures as published in data/unit-costs/gmca-ucd-v1.4.csv), suggestions, word search,
 * and the HM Treasury deflator (data/appraisal/gdp_deflator_calendar.csv).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "valuemap.h"

#include <string.h>

static void entries_by_code(void **state)
{
	const vmap_ucd_entry *e = vmap_ucd_find("E&E1.0");

	(void)state;
	assert_int_equal(vmap_ucd_count(), 674);
	assert_non_null(e);
	assert_true(e->cost == 9800);
	assert_int_equal(e->price_year, 2013); /* 2012/13 taken as 2013 */
	assert_string_equal(e->source_year, "2012/13");
	assert_string_equal(e->agency, "Multiple");
	e = vmap_ucd_find("SS7.0");
	assert_non_null(e);
	assert_true(e->cost == 538.23);
	assert_int_equal(e->price_year, 2014);
	assert_null(vmap_ucd_find("E&E9.99"));
	assert_null(vmap_ucd_find(NULL));
	assert_null(vmap_ucd_get(674));
	assert_string_equal(vmap_ucd_get(0)->code, "CR1.0");
}

static void suggestions(void **state)
{
	(void)state;
	assert_string_equal(vmap_ucd_suggest("e&e1.0.1"), "E&E1.0.1"); /* case */
	assert_string_equal(vmap_ucd_suggest("E&E1.0.1x"), "E&E1.0.1");
	assert_null(vmap_ucd_suggest("nothing like a code"));
	assert_null(vmap_ucd_suggest(NULL));
}

static void word_search(void **state)
{
	const char *const words[] = {"jobseeker", "HEALTH"};
	const char *const none[] = {"jobseeker", "prison"};
	size_t found = 0;

	(void)state;
	for (size_t i = 0; i < vmap_ucd_count(); i++)
		if (vmap_ucd_matches(vmap_ucd_get(i), words, 2))
			found++;
	assert_int_equal(found, 1); /* E&E1.0.2: "Job Seekers' ... improved health" */
	assert_true(vmap_ucd_matches(vmap_ucd_find("E&E1.0.2"), words, 2));
	assert_false(vmap_ucd_matches(vmap_ucd_find("E&E1.0.2"), none, 2));
	assert_true(vmap_ucd_matches(vmap_ucd_find("CR1.0"), NULL, 0));
	assert_false(vmap_ucd_matches(NULL, words, 1));
}

static void hmt_deflator(void **state)
{
	double index = 0;
	int first = 0, last = 0;

	(void)state;
	assert_true(vmap_hmt_deflator(2013, &index, &first, &last));
	assert_true(index == 73.4795);
	assert_int_equal(first, 1990);
	assert_int_equal(last, 2024);
	assert_true(vmap_hmt_deflator(2024, &index, NULL, NULL));
	assert_true(index == 100);
	assert_false(vmap_hmt_deflator(1989, &index, NULL, NULL));
	assert_false(vmap_hmt_deflator(2025, NULL, NULL, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(entries_by_code),
		cmocka_unit_test(suggestions),
		cmocka_unit_test(word_search),
		cmocka_unit_test(hmt_deflator),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
