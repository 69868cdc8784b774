/*
 * test_report.c - the report's small pieces: numbers as people write them, HTML escaping, the
 * SVG writer and its charts, histogram counts, and which spreadsheet text must be neutralised.
 * Expected texts are written out by hand beside each input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "report/charts.h"
#include "report/html.h"
#include "report/numfmt.h"
#include "report/report.h"
#include "report/svg.h"
#include "report/workbook_sheet.h"

#include "temp_dir.h"

static void money_is(double pounds, const char *expected)
{
	char out[64];

	fmt_money(out, sizeof out, pounds);
	assert_string_equal(out, expected);
}

static void test_money_compact(void **state)
{
	(void)state;
	money_is(41955, "\xc2\xa3" "41,955");
	money_is(-41955.4, "-\xc2\xa3" "41,955");
	money_is(1234567, "\xc2\xa3" "1.2m");
	money_is(-27238412, "-\xc2\xa3" "27.2m");
	money_is(3000000, "\xc2\xa3" "3m");
	money_is(123456789, "\xc2\xa3" "123m");
	money_is(2.5e9, "\xc2\xa3" "2.5bn");
	money_is(999999.4, "\xc2\xa3" "999,999");
	money_is(999999.6, "\xc2\xa3" "1m");
	money_is(0, "\xc2\xa3" "0");
	money_is(-0.2, "-\xc2\xa3" "0.20"); /* pence below £10 */
	money_is(4.5, "\xc2\xa3" "4.50");
	money_is(NAN, "n/a");
	money_is(INFINITY, "n/a");
}

static void test_money_full(void **state)
{
	char out[64];

	(void)state;
	fmt_money_full(out, sizeof out, 4397730.77);
	assert_string_equal(out, "\xc2\xa3" "4,397,731");
	fmt_money_full(out, sizeof out, -0.4);
	assert_string_equal(out, "\xc2\xa3" "0"); /* never "-£0" */
	fmt_money_full(out, sizeof out, 100);
	assert_string_equal(out, "\xc2\xa3" "100");
	fmt_money_full(out, 6, 1234567); /* truncated, still terminated */
	assert_int_equal(strlen(out), 5);
}

static void test_percent_and_counts(void **state)
{
	char out[32];

	(void)state;
	fmt_percent(out, sizeof out, 0.35);
	assert_string_equal(out, "35%");
	fmt_percent(out, sizeof out, 0.003);
	assert_string_equal(out, "<1%");
	fmt_percent(out, sizeof out, 0.998);
	assert_string_equal(out, ">99%");
	fmt_percent(out, sizeof out, 1);
	assert_string_equal(out, "100%");
	fmt_percent(out, sizeof out, 0);
	assert_string_equal(out, "0%");
	fmt_count(out, sizeof out, 1234567);
	assert_string_equal(out, "1,234,567");
	fmt_count(out, sizeof out, -999);
	assert_string_equal(out, "-999");
	fmt_fixed(out, sizeof out, 0.694270, 2);
	assert_string_equal(out, "0.69");
}

static void test_escape(void **state)
{
	struct strbuf sb;
	char out[16];

	(void)state;
	strbuf_init(&sb);
	html_escape(&sb, "<script>alert('x')</script> & \"q\"");
	assert_string_equal(sb.data, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
				     "&quot;q&quot;");
	strbuf_release(&sb);
	html_escape_to(out, sizeof out, "a<b");
	assert_string_equal(out, "a&lt;b");
	html_escape_to(out, 8, "ab&cd"); /* 7 bytes fit: an entity is never cut in half */
	assert_string_equal(out, "ab&amp;");
	html_escape_to(out, 6, "ab&cd");
	assert_string_equal(out, "ab");
	html_escape_to(out, 5, "ab\xc3\xa9" "cd"); /* nor a UTF-8 character */
	assert_string_equal(out, "ab\xc3\xa9");
	html_escape_to(out, 4, "ab\xc3\xa9" "cd");
	assert_string_equal(out, "ab");
}

static size_t count(const char *text, const char *what)
{
	size_t n = 0;

	for (const char *p = strstr(text, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

static void test_svg_accessible_and_escaped(void **state)
{
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	svg_open(&sb, "c1", 100, 50, "A & B", "<desc>");
	svg_rect(&sb, 10, 10, -5, 20, "#0072B2", "tip <1>");
	svg_text(&sb, 1, 2, "start", NULL, "x<y");
	svg_close(&sb);
	assert_non_null(strstr(sb.data, "role=\"img\" aria-labelledby=\"c1-t c1-d\""));
	assert_non_null(strstr(sb.data, "<title id=\"c1-t\">A &amp; B</title>"));
	assert_non_null(strstr(sb.data, "<desc id=\"c1-d\">&lt;desc&gt;</desc>"));
	/* a negative width is drawn from x - 5 */
	assert_non_null(strstr(sb.data, "<rect x=\"5.0\" y=\"10.0\" width=\"5.0\""));
	assert_non_null(strstr(sb.data, "<title>tip &lt;1&gt;</title></rect>"));
	assert_non_null(strstr(sb.data, ">x&lt;y</text>"));
	assert_int_equal(count(sb.data, "<svg"), count(sb.data, "</svg>"));
	strbuf_release(&sb);
}

static void test_nice_ticks(void **state)
{
	double ticks[12], lo = -3.2e6, hi = 9.1e6;
	size_t n = nice_ticks(&lo, &hi, ticks, 7);

	(void)state;
	/* range 12.3m over 6 gaps is 2.05m: the next round step is 5m */
	assert_true(lo == -5e6 && hi == 10e6);
	assert_int_equal(n, 4);
	assert_true(ticks[1] == 0 && ticks[3] == 10e6);
	lo = hi = 7;
	n = nice_ticks(&lo, &hi, ticks, 5); /* an empty range is widened, never divided by 0 */
	assert_true(lo < 7 && hi > 7 && n >= 2);
}

static void test_histogram_counts(void **state)
{
	/* values 0..9 in 5 bins of width 1.8: 0,1 | 2,3 | 4,5 | 6,7 | 8,9; NaN skipped */
	double values[11] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, NAN}, edges[6], counts[5];

	(void)state;
	histogram_count(values, 11, 1, 5, edges, counts);
	assert_true(edges[0] == 0 && edges[5] == 9);
	for (int b = 0; b < 5; b++)
		assert_true(counts[b] == 2);
}

static void test_charts_are_whole(void **state)
{
	static const char *const cats[] = {"DHSC", "DWP <&>"}, *const series[] = {"Pays", "Net"};
	double values[4] = {100, -50, 0, 80}, flows[4] = {30, 10, 0, 20};
	struct bar_chart bars = {{"b", "Bars", "d"}, 2, 2, cats, series, values, true};
	struct sankey_chart sankey = {{"s", "Sankey", "d"}, 2, 2, cats, cats, NULL, flows};
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	chart_bars(&sb, &bars);
	chart_sankey(&sb, &sankey);
	assert_false(sb.failed);
	assert_int_equal(count(sb.data, "<svg"), 2);
	assert_int_equal(count(sb.data, "</svg>"), 2);
	assert_int_equal(count(sb.data, "<path"), 3); /* three non-zero flows */
	assert_null(strstr(sb.data, "DWP <&>"));
	assert_non_null(strstr(sb.data, "DWP &lt;&amp;&gt;"));
	assert_null(strstr(sb.data, "nan"));
	strbuf_release(&sb);
}

static void test_formula_like(void **state)
{
	(void)state;
	assert_true(text_is_formula_like("=HYPERLINK(\"http://x\",\"y\")"));
	assert_true(text_is_formula_like("+cmd|' /C calc'!A0"));
	assert_true(text_is_formula_like("-2+3"));
	assert_true(text_is_formula_like("@SUM(1+1)"));
	assert_true(text_is_formula_like("\tx"));
	assert_true(text_is_formula_like("\rx"));
	assert_false(text_is_formula_like("Department for Work and Pensions"));
	assert_false(text_is_formula_like(""));
	assert_int_equal(column_kind("pv_cost"), CELL_MONEY);
	assert_int_equal(column_kind("net_fiscal.dwp"), CELL_MONEY);
	assert_int_equal(column_kind("bcr"), CELL_RATIO);
	assert_int_equal(column_kind("name"), CELL_GENERAL);
}

static bool keep_results(const char *column)
{
	return strcmp(column, "npsv") == 0;
}

/* Reads `text` both ways (fast path allowed or not); both must agree on rc and cells. */
static int read_both(const char *text, struct rtable *out, char *message, size_t size)
{
	static const char *const required[] = {"draw", "npsv", NULL};
	const struct rtable_spec spec = {required, required, keep_results};
	struct vmap_diag d1, d2;
	struct rtable general;
	int rc1, rc2;

	diag_clear(&d1);
	diag_clear(&d2);
	rc1 = rtable_read_memory(&general, "d.csv", text, strlen(text), &spec, false, &d1);
	rc2 = rtable_read_memory(out, "d.csv", text, strlen(text), &spec, true, &d2);
	assert_int_equal(rc1, rc2);
	assert_string_equal(d1.message, d2.message);
	for (size_t r = 0; !rc1 && r < general.rows; r++)
		for (size_t c = 0; c < general.cols; c++)
			assert_string_equal(rtable_cell(&general, r, c), rtable_cell(out, r, c));
	snprintf(message, size, "%s", d2.message);
	rtable_free(&general);
	return rc2;
}

static void test_wide_table_reader(void **state)
{
	struct rtable t;
	char message[DIAG_MESSAGE_MAX];

	(void)state;
	/* sampled inputs a, b are skipped; the last line has no newline; CRLF line ends */
	assert_int_equal(read_both("draw,a,b,npsv\r\n0,1,2,-3.5\r\n1,4,5,6", &t, message,
				   sizeof message), VMAP_OK);
	assert_int_equal(t.rows, 2);
	assert_int_equal(t.cols, 2);
	assert_true(rtable_num(&t, 0, 1) == -3.5 && rtable_num(&t, 1, 1) == 6);
	assert_int_equal(t.lines[1], 3);
	rtable_free(&t);
	/* a line with a field too many, and one too few, is an error at its line */
	assert_int_not_equal(read_both("draw,a,npsv\n0,1,2\n1,2,3,4\n", &t, message,
				       sizeof message), VMAP_OK);
	assert_non_null(strstr(message, "d.csv:3:"));
	rtable_free(&t);
	assert_int_not_equal(read_both("draw,a,npsv\n0,1\n", &t, message, sizeof message),
			     VMAP_OK);
	assert_non_null(strstr(message, "d.csv:2:"));
	rtable_free(&t);
	/* text where a number belongs names the column, never the value */
	assert_int_equal(read_both("draw,a,npsv\n0,1,secret\n", &t, message, sizeof message),
			 VMAP_INPUT);
	assert_string_equal(message, "d.csv:2: column 'npsv': expected a number");
	rtable_free(&t);
}

/* Memory running out while cJSON parses a stage's JSON is "out of memory" (exit 1), never
 * "not valid JSON" (exit 2): each allocation fails in turn, cJSON's (one or more per value)
 * included, in this build as in the fault-injection one. */
static void test_json_out_of_memory(void **state)
{
	enum { VALUES = 60 };
	char dir[64], text[4096];
	struct vmap_diag diag;
	cJSON *json = NULL;
	size_t n = 0;
	int rc = VMAP_NOMEM, failed = 0;

	(void)state;
	assert_true(temp_dir_make(dir, sizeof dir, "report-json"));
	n += (size_t)snprintf(text + n, sizeof text - n, "{\"values\": [");
	for (int i = 0; i < VALUES; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%s{\"k\": %d}", i ? ", " : "", i);
	snprintf(text + n, sizeof text - n, "]}\n");
	assert_true(temp_dir_put(dir, "s.json", text));
	for (long fail = 1; fail < 100000 && rc != VMAP_OK; fail++) {
		diag_clear(&diag);
		alloc_fail_after(fail);
		rc = json_load(&json, dir, "s.json", &diag);
		alloc_fail_after(0);
		if (rc != VMAP_OK) {
			assert_int_equal(rc, VMAP_NOMEM);
			assert_string_equal(diag.message, "out of memory while reading JSON");
			assert_null(json);
			failed++;
		}
	}
	assert_int_equal(rc, VMAP_OK);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(json, "values")), VALUES);
	cJSON_Delete(json);
	assert_true(failed > 2 * VALUES); /* cJSON's allocations failed too, not only the read's */
	assert_true(temp_dir_remove(dir));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_compact),
		cmocka_unit_test(test_money_full),
		cmocka_unit_test(test_percent_and_counts),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_svg_accessible_and_escaped),
		cmocka_unit_test(test_nice_ticks),
		cmocka_unit_test(test_histogram_counts),
		cmocka_unit_test(test_charts_are_whole),
		cmocka_unit_test(test_formula_like),
		cmocka_unit_test(test_wide_table_reader),
		cmocka_unit_test(test_json_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
