/*
 * test_number.c - the one number formatter (core/number.h) in its two styles: both must read
 * back (strtod) as the very same double for values of every magnitude, and look as printf's
 * "%.15g"/"%.17g" would write them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/number.h"
#include "core/strbuf.h"

/* A uniform number in [0, 1) from a counter (splitmix64), independent of the code tested. */
static double uniform_at(uint64_t i, uint64_t lane)
{
	uint64_t z = i * 2 + lane + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (double)(z >> 11) * 0x1p-53;
}

static void number_text_reads_back_exactly(void **state)
{
	char text[NUMBER_TEXT_MAX];
	(void)state;
	for (uint64_t i = 0; i < 300000; i++) {
		double u = uniform_at(i, 0), v = uniform_at(i, 1);
		double x = (u - 0.5) * pow(10, floor(v * 60) - 30);
		if (i % 5 == 0)
			x = round(x * 1000) / 1000; /* short decimals too */
		number_text(text, x);
		assert_true(strtod(text, NULL) == x);
	}
}

static void number_text_looks_like_printf(void **state)
{
	char text[NUMBER_TEXT_MAX];
	(void)state;
	number_text(text, 100);
	assert_string_equal(text, "100");
	number_text(text, -2.5);
	assert_string_equal(text, "-2.5");
	number_text(text, 0.001);
	assert_string_equal(text, "0.001");
	number_text(text, 1e20);
	assert_string_equal(text, "1e+20");
	number_text(text, 0);
	assert_string_equal(text, "0");
	number_text(text, 0.1);
	assert_string_equal(text, "0.10000000000000001"); /* as printf("%.17g") */
}

static void format_double_is_shortest_of_15_or_17(void **state)
{
	char text[40];
	(void)state;
	format_double(text, sizeof text, 0.1);
	assert_string_equal(text, "0.1");
	format_double(text, sizeof text, 1.0 / 3);
	assert_string_equal(text, "0.33333333333333331");
	format_double(text, sizeof text, -1234.5);
	assert_string_equal(text, "-1234.5");
	format_double(text, sizeof text, 0);
	assert_string_equal(text, "0");
	format_double(text, sizeof text, NAN);
	assert_string_equal(text, "null");
	format_double(text, sizeof text, INFINITY);
	assert_string_equal(text, "null");
	for (uint64_t i = 0; i < 100000; i++) {
		double x = (uniform_at(i, 0) - 0.5) * pow(10, floor(uniform_at(i, 1) * 60) - 30);
		format_double(text, sizeof text, x);
		assert_true(strtod(text, NULL) == x);
	}
}

/* printf's own rule, the reference format_double must match byte for byte. */
static void printf_shortest(char *out, size_t size, double x)
{
	snprintf(out, size, "%.15g", x);
	if (strtod(out, NULL) != x)
		snprintf(out, size, "%.17g", x);
}

static void check_like_printf(double x)
{
	char text[40], expected[40];

	format_double(text, sizeof text, x);
	if (x == 0 || !isfinite(x))
		return;
	printf_shortest(expected, sizeof expected, x);
	assert_string_equal(text, expected);
}

/* format_double writes what printf writes (it works the digits out exactly itself where it
 * can), over random doubles of every size, random decimal figures as people write them,
 * integers, ties at the 15th and 17th digit (x.5 of 15- and 16-digit integers), powers of two
 * (whose ulp below is half) and their neighbours, and values either side of powers of ten. */
static void format_double_matches_printf(void **state)
{
	(void)state;
	for (uint64_t i = 0; i < 300000; i++) {
		double u = uniform_at(i, 2), v = uniform_at(i, 3);
		double x = (u - 0.5) * pow(10, floor(v * 50) - 25);
		double figure = round(u * 1e6) / pow(10, floor(v * 8));
		double whole = floor(u * pow(10, floor(v * 17)));
		check_like_printf(x);
		check_like_printf(figure);
		check_like_printf(whole);
		check_like_printf(whole + 0.5);
		check_like_printf(nextafter(x, 0));
	}
	for (int k = -60; k <= 60; k++) {
		double two = ldexp(1, k), ten = pow(10, k / 4);
		check_like_printf(two);
		check_like_printf(nextafter(two, 0));
		check_like_printf(nextafter(two, INFINITY));
		check_like_printf(ten);
		check_like_printf(nextafter(ten, 0));
		check_like_printf(nextafter(ten, INFINITY));
	}
	check_like_printf(123456789012345.5);  /* a tie at 15 digits: to even, up */
	check_like_printf(123456789012344.5);  /* to even, down */
	check_like_printf(1234567890123456.5); /* at 17 digits */
	check_like_printf(-0.1);
	check_like_printf(1e-300);
	check_like_printf(DBL_MAX);
	check_like_printf(5e-324);
}

static void strbuf_writes_both_styles(void **state)
{
	struct strbuf sb;
	(void)state;
	strbuf_init(&sb);
	strbuf_add_double(&sb, 0.1);
	strbuf_adds(&sb, ",");
	strbuf_add_double17(&sb, 0.1);
	strbuf_adds(&sb, ",");
	strbuf_add_double17(&sb, NAN);
	assert_false(sb.failed);
	assert_string_equal(sb.data, "0.1,0.10000000000000001,null");
	strbuf_release(&sb);
}

/* Numbers typed as in a spreadsheet get the plain number to write; anything else gets none. */
static void typed_numbers_get_the_plain_number(void **state)
{
	static const char *const typed[][2] = {
		{"9,000", "9000"},     {"\xc2\xa3" "50", "50"}, {"40%", "0.4"},
		{"3.5%", "0.035"},     {"\xc2\xa3" "9,000.50", "9000.5"},
		{"12,345,678", "12345678"}, {"-1,000", "-1000"},
	};
	static const char *const not_typed[] = {"9000", "9,00", "1,2345", ",100", "\xc2\xa3",
						"%", "abc", "1,000,00", "0x10%", "nan%", ""};
	char out[NUMBER_TEXT_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
		assert_true(number_typed_hint(typed[i][0], out, sizeof out));
		assert_string_equal(out, typed[i][1]);
	}
	for (size_t i = 0; i < sizeof not_typed / sizeof not_typed[0]; i++)
		assert_false(number_typed_hint(not_typed[i], out, sizeof out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(number_text_reads_back_exactly),
		cmocka_unit_test(number_text_looks_like_printf),
		cmocka_unit_test(format_double_is_shortest_of_15_or_17),
		cmocka_unit_test(format_double_matches_printf),
		cmocka_unit_test(strbuf_writes_both_styles),
		cmocka_unit_test(typed_numbers_get_the_plain_number),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
