/*
 * test_name_list.c - the comma-separated name lists of synth's departments and encode's
 * fields (core/name_list.c).
 */
#include "core/name_list.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static const char *const names[] = {"health", NULL, "dwp", "justice"};

static void test_good_lists(void **state)
{
	bool chosen[4] = {true, true, true, true};
	struct name_list_error bad;

	(void)state;
	assert_true(name_list_parse("justice,health", names, 4, chosen, &bad));
	assert_true(chosen[0] && !chosen[1] && !chosen[2] && chosen[3]);
	assert_true(name_list_parse("dwp,dwp", names, 4, chosen, &bad));
	assert_true(!chosen[0] && !chosen[1] && chosen[2] && !chosen[3]);
}

static void test_bad_items(void **state)
{
	static const char *const lists[] = {"health,hmrc", "", "health,", ",dwp", "dwp,,health",
					    "healthy", "heal"};
	static const char *const items[] = {"hmrc", "", "", "", "", "healthy", "heal"};
	bool chosen[4] = {false, false, true, false};
	struct name_list_error bad;

	(void)state;
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		assert_false(name_list_parse(lists[i], names, 4, chosen, &bad));
		assert_int_equal(bad.length, strlen(items[i]));
		assert_memory_equal(bad.item, items[i], bad.length);
	}
	assert_true(!chosen[0] && chosen[2]); /* untouched by a bad list */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_lists),
		cmocka_unit_test(test_bad_items),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
