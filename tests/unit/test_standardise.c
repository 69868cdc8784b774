/*
 * test_standardise.c - the cleaning of each canonical field: inputs beside what they must
 * become, and values that must be refused (left missing) rather than read wrongly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "link/records.h"
#include "link/spec.h"
#include "link/standardise.h"

static void expect_name(const char *raw, const char *expected)
{
	struct std_buffer b;

	assert_true(std_name(raw, &b));
	assert_string_equal(b.text, expected);
}

static void names_are_folded_and_cleaned(void **state)
{
	(void)state;
	expect_name("  José ", "jose");
	expect_name("ZOË", "zoe");
	expect_name("Mr. O'Brien", "obrien");
	expect_name("Smith-Jones", "smith jones");
	expect_name("Dr John  Smith Jr", "john smith");
	expect_name("Straße", "strasse");
	expect_name("ＡＢＣ", "abc"); /* full-width letters, NFKC */
	expect_name("Łukasz", "łukasz");
}

static void expect_split(const char *raw, const char *first, const char *middle,
			 const char *last)
{
	struct std_buffer f, m, l;

	std_split_full_name(raw, &f, &m, &l);
	assert_string_equal(f.text, first);
	assert_string_equal(m.text, middle);
	assert_string_equal(l.text, last);
}

static void full_names_split_in_either_order(void **state)
{
	(void)state;
	expect_split("SMITH, John Paul", "john", "paul", "smith");
	expect_split("John Paul Smith", "john", "paul", "smith");
	expect_split("SMITH John", "john", "", "smith");
	expect_split("Mrs Jane Doe", "jane", "", "doe");
	expect_split("Madonna", "", "", "madonna"); /* one word: the surname */
	expect_split("NORWORTHS", "", "", "norworths");
}

static void expect_date(const char *raw, const char *format, int32_t expected)
{
	int32_t d;

	assert_true(std_date(raw, format, &d));
	assert_int_equal(d, expected);
}

static void expect_no_date(const char *raw, const char *format)
{
	int32_t d;

	assert_false(std_date(raw, format, &d));
	assert_int_equal(d, DOB_MISSING);
}

static void dates_read_in_many_formats(void **state)
{
	(void)state;
	expect_date("19810305", NULL, 19810305);
	expect_date("1981-03-05", NULL, 19810305);
	expect_date("05/03/1981", NULL, 19810305);
	expect_date("5 Mar 1981", NULL, 19810305);
	expect_date("1981-03-05T00:00:00", NULL, 19810305);
	expect_date("03/05/1981", "%m/%d/%Y", 19810305);
	expect_date("05.03.81", "%d.%m.%y", 19810305);
	expect_date("29/02/2000", "%d/%m/%Y", 20000229);
	/* any date the calendar allows: historical records have years before 1000 */
	expect_date("0990-01-01", NULL, 9900101);
	expect_date("0012-06-30", NULL, 120630);
	assert_false(date_is_plausible(9900101));
	assert_false(date_is_plausible(22000101));
	assert_true(date_is_plausible(19810305));
}

static void unreadable_dates_keep_their_digits(void **state)
{
	char out[16];

	(void)state;
	expect_no_date("1856-86-18", NULL);
	assert_int_equal(date_digits("1856-86-18", out, sizeof out), 8);
	assert_string_equal(out, "18568618");
	assert_int_equal(date_digits("ab", out, sizeof out), 0);
	assert_int_equal(date_digits("123456789012345678", out, 6), 5); /* room for 5 + NUL */
}

static void impossible_dates_are_refused(void **state)
{
	(void)state;
	expect_no_date("19162429", NULL);        /* month 24 */
	expect_no_date("31/02/1990", NULL);      /* 31 February */
	expect_no_date("29/02/1900", NULL);      /* not a leap year */
	expect_no_date("1981-03-05", "%d/%m/%Y"); /* not the declared format */
	expect_no_date("yesterday", NULL);
	assert_int_equal(days_from_civil(20000301) - days_from_civil(20000228), 2);
	assert_true(date_is_placeholder(19000101));
	assert_true(date_is_placeholder(18991230));
	assert_false(date_is_placeholder(19000102));
}

static void sex_codes_map_to_m_and_f(void **state)
{
	struct code_map codes[] = {{"A", "F"}, {"B", "M"}};
	struct field_spec spec = {.codes = codes, .code_count = 2};
	struct std_buffer b;

	(void)state;
	assert_true(std_sex("Male", NULL, &b));
	assert_string_equal(b.text, "m");
	assert_true(std_sex("2", NULL, &b));
	assert_string_equal(b.text, "f");
	assert_true(std_sex("a", &spec, &b));
	assert_string_equal(b.text, "f");
	assert_true(std_sex("unknown", NULL, &b)); /* known to be unknown: missing */
	assert_int_equal(b.length, 0);
	assert_false(std_sex("7", NULL, &b)); /* unreadable */
}

static void expect_postcode(const char *raw, const char *expected, bool uk)
{
	struct std_buffer b;
	bool is_uk;

	assert_true(std_postcode(raw, &b, &is_uk));
	assert_string_equal(b.text, expected);
	assert_int_equal(is_uk, uk);
}

static void postcodes_with_or_without_spaces(void **state)
{
	(void)state;
	expect_postcode("sw1a1aa", "SW1A 1AA", true);
	expect_postcode("SW1A  1AA", "SW1A 1AA", true);
	expect_postcode("m1 1ae", "M1 1AE", true);
	expect_postcode("EC1A-1BB", "EC1A 1BB", true);
	expect_postcode("2615", "2615", false); /* an Australian code stays as it is */
}

static void phones_emails_and_identifiers(void **state)
{
	struct std_buffer b;

	(void)state;
	assert_true(std_phone("+44 (0)20 7946 0000", &b));
	assert_string_equal(b.text, "02079460000");
	assert_true(std_phone("+44 20 7946 0000", &b));
	assert_string_equal(b.text, "02079460000");
	assert_false(std_phone("12", &b));
	assert_true(std_email(" Jo.Bloggs@Example.COM ", &b));
	assert_string_equal(b.text, "jo.bloggs@example.com");
	assert_false(std_email("not an address", &b));
	assert_true(std_identifier("ab 12-34 56 c", &b));
	assert_string_equal(b.text, "AB123456C");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_are_folded_and_cleaned),
		cmocka_unit_test(full_names_split_in_either_order),
		cmocka_unit_test(dates_read_in_many_formats),
		cmocka_unit_test(impossible_dates_are_refused),
		cmocka_unit_test(unreadable_dates_keep_their_digits),
		cmocka_unit_test(sex_codes_map_to_m_and_f),
		cmocka_unit_test(postcodes_with_or_without_spaces),
		cmocka_unit_test(phones_emails_and_identifiers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
