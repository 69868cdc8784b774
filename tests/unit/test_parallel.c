/*
 * test_parallel.c - core/parallel.c: every item run once whatever the thread count, and a
 * job whose ranges stop early (as one does when memory runs out) still returns.
 */
#include "core/parallel.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

enum { ITEMS = 1000 };

static void count_items(void *context, unsigned worker, size_t begin, size_t end,
			atomic_size_t *done)
{
	int *seen = context;

	(void)worker;
	for (size_t i = begin; i < end; i++) {
		seen[i]++;
		atomic_fetch_add(done, 1);
	}
}

/* Gives up at once, counting no item done: what a range does after a failed allocation. */
static void give_up(void *context, unsigned worker, size_t begin, size_t end,
		    atomic_size_t *done)
{
	(void)context, (void)worker, (void)begin, (void)end, (void)done;
}

static void progress(void *context, const char *step, size_t done, size_t total)
{
	(void)step, (void)done, (void)total;
	++*(int *)context;
}

static void every_item_once(void **state)
{
	static int seen[ITEMS];
	int calls = 0;

	(void)state;
	for (unsigned threads = 1; threads <= 7; threads += 3) {
		for (size_t i = 0; i < ITEMS; i++)
			seen[i] = 0;
		parallel_run(&(struct parallel_job){count_items, seen, ITEMS, threads, progress,
						    &calls});
		for (size_t i = 0; i < ITEMS; i++)
			assert_int_equal(seen[i], 1);
	}
	assert_true(calls >= 3);
}

/* Before the fix the watching thread waited for ever for items nobody would finish (found
 * by tests/fault: `run` hung when the bootstrap ran out of memory). */
static void early_stop_returns(void **state)
{
	int calls = 0;

	(void)state;
	for (unsigned threads = 1; threads <= 3; threads++)
		parallel_run(&(struct parallel_job){give_up, NULL, ITEMS, threads, progress,
						    &calls});
	assert_true(calls >= 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_item_once),
		cmocka_unit_test(early_stop_returns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
