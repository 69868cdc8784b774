/*
 * test_result_spool.c - the draws' results kept in a temporary file (result_spool.h).
 *
 * Blocks put in any order (as threads finish them) read back as the columns of the rows put,
 * whole or in ranges; nothing is left in TMPDIR; a TMPDIR that cannot take the file is an
 * error that names it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uncertainty/result_spool.h"

enum { DRAWS = 1000, COLUMNS = 5, BLOCK = 64 };

static double value(size_t draw, size_t column)
{
	return (double)draw * 10 + (double)column + 0.25;
}

static size_t entries(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static void blocks_in_any_order_read_back_by_column(void **state)
{
	char dir[] = "/tmp/vmap-spool-XXXXXX";
	struct vmap_diag diag = {0};
	struct result_spool r;
	double rows[BLOCK * COLUMNS], column[BLOCK], out[DRAWS];
	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("TMPDIR", dir, 1);
	assert_int_equal(result_spool_open(&r, DRAWS, COLUMNS, &diag), VMAP_OK);
	assert_int_equal(entries(dir), 2); /* . and ..: unlinked at once */
	for (size_t first = (DRAWS / BLOCK) * BLOCK;; first -= BLOCK) { /* last block first */
		size_t count = DRAWS - first < BLOCK ? DRAWS - first : BLOCK;
		for (size_t d = 0; d < count; d++)
			for (size_t c = 0; c < COLUMNS; c++)
				rows[d * COLUMNS + c] = value(first + d, c);
		result_spool_put(&r, first, count, rows, column);
		if (first == 0)
			break;
	}
	assert_int_equal(result_spool_check(&r, &diag), VMAP_OK);
	for (size_t c = 0; c < COLUMNS; c++) {
		assert_int_equal(result_spool_get(&r, c, 0, DRAWS, out), VMAP_OK);
		for (size_t d = 0; d < DRAWS; d++)
			assert_true(out[d] == value(d, c));
	}
	assert_int_equal(result_spool_get(&r, 3, 517, 100, out), VMAP_OK);
	for (size_t d = 0; d < 100; d++)
		assert_true(out[d] == value(517 + d, 3));
	result_spool_close(&r);
	result_spool_close(&r); /* closing twice is harmless */
	unsetenv("TMPDIR");
	assert_int_equal(rmdir(dir), 0);
}

static void an_unusable_tmpdir_is_named(void **state)
{
	struct vmap_diag diag = {0};
	struct result_spool r;
	(void)state;
	setenv("TMPDIR", "/nonexistent/vmap-spool", 1);
	assert_int_equal(result_spool_open(&r, 10, 1, &diag), VMAP_IO);
	assert_non_null(strstr(diag.message, "/nonexistent/vmap-spool: cannot make a temporary file"));
	unsetenv("TMPDIR");
	result_spool_close(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blocks_in_any_order_read_back_by_column),
		cmocka_unit_test(an_unusable_tmpdir_is_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
