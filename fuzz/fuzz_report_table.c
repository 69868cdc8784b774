/*
 * fuzz_report_table.c - libFuzzer harness for the report's table reader, differential: any
 * bytes read as a CSV file keeping the first column and those named from 'k' on must never crash,
 * hang or leak, and wherever the general reader accepts the file the fast path for wide number
 * tables (table_tail.c) must accept it too and read the same cells.
 */
#include "report/report.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool keep_k(const char *column)
{
	return column[0] >= 'k';
}

static void assert_same(const struct rtable *a, const struct rtable *b)
{
	assert(a->rows == b->rows && a->cols == b->cols);
	for (size_t c = 0; c < a->cols; c++)
		assert(strcmp(a->names[c], b->names[c]) == 0);
	for (size_t r = 0; r < a->rows; r++)
		for (size_t c = 0; c < a->cols; c++) {
			double x = rtable_num(a, r, c), y = rtable_num(b, r, c);
			assert((isnan(x) && isnan(y)) || x == y);
			assert(strcmp(rtable_cell(a, r, c), rtable_cell(b, r, c)) == 0);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const numeric[] = {"kn", NULL};
	const struct rtable_spec spec = {NULL, numeric, keep_k};
	struct vmap_diag d1, d2;
	struct rtable general, fast;
	int rc_general, rc_fast;

	diag_clear(&d1);
	diag_clear(&d2);
	rc_general = rtable_read_memory(&general, "fuzz.csv", (const char *)data, size, &spec,
					false, &d1);
	rc_fast = rtable_read_memory(&fast, "fuzz.csv", (const char *)data, size, &spec, true,
				     &d2);
	if (rc_general == VMAP_OK) {
		assert(rc_fast == VMAP_OK);
		assert_same(&general, &fast);
	}
	rtable_free(&general);
	rtable_free(&fast);
	return 0;
}
