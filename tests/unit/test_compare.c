/*
 * test_compare.c - string similarity against published values, and the levels of each
 * field's comparison on hand-made records.
 *
 * Jaro-Winkler: Winkler (1990) and the Wikipedia table: MARTHA/MARHTA 0.961,
 * DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813. Damerau (optimal string alignment):
 * kitten/sitting 3, ca/ac 1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "link/compare_fields.h"
#include "link/compare_strings.h"
#include "link/nicknames.h"
#include "link/records.h"
#include "link/spec.h"
#include "link/standardise.h"

static double jw(const char *a, const char *b)
{
	return jaro_winkler(a, strlen(a), b, strlen(b));
}

static void jaro_winkler_matches_published_values(void **state)
{
	(void)state;
	assert_true(fabs(jw("MARTHA", "MARHTA") - 0.961) < 0.0005);
	assert_true(fabs(jw("DWAYNE", "DUANE") - 0.840) < 0.0005);
	assert_true(fabs(jw("DIXON", "DICKSONX") - 0.813) < 0.0005);
	assert_true(jw("SMITH", "SMITH") == 1.0);
	assert_true(jw("ABC", "XYZ") == 0.0);
	assert_true(fabs(jw("MARTHA", "MARHTA") - jw("MARHTA", "MARTHA")) < 1e-12);
}

static int osa(const char *a, const char *b, int cap)
{
	return damerau_distance(a, strlen(a), b, strlen(b), cap);
}

static void damerau_counts_transpositions_as_one(void **state)
{
	(void)state;
	assert_int_equal(osa("kitten", "sitting", 5), 3);
	assert_int_equal(osa("ca", "ac", 2), 1);
	assert_int_equal(osa("19810305", "19810350", 1), 1);
	assert_int_equal(osa("kitten", "sitting", 1), 2); /* capped: cap + 1 */
}

/* within_one_edit agrees with the distance on every pair of short strings over {a, b}. */
static void one_edit_agrees_with_the_distance(void **state)
{
	char words[64][5];
	size_t n = 0;

	(void)state;
	for (int length = 0; length <= 4; length++)
		for (int bits = 0; bits < (1 << length); bits++, n++) {
			for (int k = 0; k < length; k++)
				words[n][k] = (bits >> k) & 1 ? 'b' : 'a';
			words[n][length] = '\0';
		}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			assert_int_equal(within_one_edit(words[i], strlen(words[i]), words[j],
							 strlen(words[j])),
					 osa(words[i], words[j], 1) <= 1);
}

static void set(struct record *r, enum field f, const char *value)
{
	r->value[f] = value;
	r->length[f] = (uint16_t)strlen(value);
}

static struct record person(const char *first, const char *last, const char *dob,
			    const char *postcode)
{
	struct record r;
	bool uk;
	struct std_buffer pc;
	static char keep[8][16];
	static int next;

	memset(&r, 0, sizeof r);
	r.nickname[0] = r.nickname[1] = -1;
	if (first) {
		set(&r, FIELD_FIRST_NAME, first);
		nickname_groups(first, strlen(first), r.nickname);
	}
	if (last)
		set(&r, FIELD_LAST_NAME, last);
	if (dob) {
		set(&r, FIELD_DOB, dob);
		r.dob = (int32_t)atoi(dob);
		r.dob_days = days_from_civil(r.dob);
	}
	if (postcode) {
		std_postcode(postcode, &pc, &uk);
		memcpy(keep[next], pc.text, pc.length + 1);
		set(&r, FIELD_POSTCODE, keep[next]);
		next = (next + 1) % 8;
		r.postcode_uk = uk;
	}
	return r;
}

static int level(enum field f, struct record a, struct record b)
{
	struct comparison c;

	assert_true(comparison_default(f, &c));
	return compare_level(&c, &a, &b);
}

static void name_levels(void **state)
{
	(void)state;
	assert_int_equal(level(FIELD_FIRST_NAME, person("william", "smith", 0, 0),
			       person("william", "smith", 0, 0)), 0);
	assert_int_equal(level(FIELD_FIRST_NAME, person("martha", 0, 0, 0),
			       person("marhta", 0, 0, 0)), 1);
	assert_int_equal(level(FIELD_FIRST_NAME, person("william", 0, 0, 0),
			       person("bill", 0, 0, 0)), 3);
	/* alex is in alexander's group and in alexandra's */
	assert_int_equal(level(FIELD_FIRST_NAME, person("sandra", 0, 0, 0),
			       person("alex", 0, 0, 0)), 3);
	assert_int_equal(level(FIELD_FIRST_NAME, person("sandy", 0, 0, 0),
			       person("alex", 0, 0, 0)), 3);
	assert_int_equal(level(FIELD_FIRST_NAME, person("smith", "john", 0, 0),
			       person("john", "smith", 0, 0)), 4);
	assert_int_equal(level(FIELD_LAST_NAME, person("smith", "john", 0, 0),
			       person("john", "smith", 0, 0)), 3);
	assert_int_equal(level(FIELD_FIRST_NAME, person(0, 0, 0, 0), person("john", 0, 0, 0)),
			 LEVEL_MISSING);
}

static void date_levels(void **state)
{
	(void)state;
	assert_int_equal(level(FIELD_DOB, person(0, 0, "19810305", 0),
			       person(0, 0, "19810305", 0)), 0);
	assert_int_equal(level(FIELD_DOB, person(0, 0, "19810305", 0),
			       person(0, 0, "19810503", 0)), 1); /* day and month swapped */
	assert_int_equal(level(FIELD_DOB, person(0, 0, "19810305", 0),
			       person(0, 0, "19810306", 0)), 2); /* one character */
	assert_int_equal(level(FIELD_DOB, person(0, 0, "19810305", 0),
			       person(0, 0, "19811105", 0)), 3); /* one component: the month */
	assert_int_equal(level(FIELD_DOB, person(0, 0, "19810305", 0),
			       person(0, 0, "19750305", 0)), 3); /* one component: the year */
	assert_int_equal(level(FIELD_DOB, person(0, 0, "19810305", 0),
			       person(0, 0, "19800617", 0)), 4); /* within a year */
	assert_int_equal(level(FIELD_DOB, person(0, 0, "19810305", 0),
			       person(0, 0, "19700101", 0)), 5);
	/* an unreadable date (its digits kept, dob missing) is one character off or missing */
	struct record typo = person(0, 0, "18568618", 0), read = person(0, 0, "18560618", 0);
	typo.dob = DOB_MISSING;
	assert_int_equal(level(FIELD_DOB, typo, read), 2);
	assert_int_equal(level(FIELD_DOB, read, typo), 2);
	assert_int_equal(level(FIELD_DOB, typo, person(0, 0, "19700101", 0)), LEVEL_MISSING);
	assert_int_equal(level(FIELD_DOB, typo, typo), 0);
}

static void soundex_codes_match_the_published_rule(void **state)
{
	/* the US National Archives' examples: Robert, Rupert R163; Ashcraft A261 (h between s
	 * and c does not separate them); Tymczak T522; Pfister P236; Honeyman H555 */
	static const char *const cases[][2] = {
		{"robert", "R163"}, {"rupert", "R163"}, {"ashcraft", "A261"}, {"tymczak", "T522"},
		{"pfister", "P236"}, {"honeyman", "H555"}, {"lee", "L000"}, {"o'brien", "O165"}};
	char out[5];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(soundex(cases[i][0], strlen(cases[i][0]), out), 4);
		assert_string_equal(out, cases[i][1]);
	}
	assert_int_equal(soundex("--", 2, out), 0);
}

static void postcode_levels(void **state)
{
	(void)state;
	assert_int_equal(level(FIELD_POSTCODE, person(0, 0, 0, "SW1A 1AA"),
			       person(0, 0, 0, "sw1a1aa")), 0);
	assert_int_equal(level(FIELD_POSTCODE, person(0, 0, 0, "SW1A 1AA"),
			       person(0, 0, 0, "SW1A 1BB")), 1); /* sector */
	assert_int_equal(level(FIELD_POSTCODE, person(0, 0, 0, "SW1A 1AA"),
			       person(0, 0, 0, "SW1A 2AA")), 2); /* district */
	assert_int_equal(level(FIELD_POSTCODE, person(0, 0, 0, "2615"),
			       person(0, 0, 0, "2651")), 3);
	assert_int_equal(level(FIELD_POSTCODE, person(0, 0, 0, "2615"),
			       person(0, 0, 0, "4000")), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jaro_winkler_matches_published_values),
		cmocka_unit_test(damerau_counts_transpositions_as_one),
		cmocka_unit_test(one_edit_agrees_with_the_distance),
		cmocka_unit_test(name_levels),
		cmocka_unit_test(date_levels),
		cmocka_unit_test(soundex_codes_match_the_published_rule),
		cmocka_unit_test(postcode_levels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
