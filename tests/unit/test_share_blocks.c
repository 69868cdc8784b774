/*
 * test_share_blocks.c - link/share_blocks.h (issue 18): pass one's blocks kept for pass two.
 * A rule's blocks over a visit set of 7 records, worked out by hand: blocks {5, 0}, {3} and
 * {6, 2, 1} numbered from 10, record 4 without a key. Kept: the blocks of two or more, their
 * records renumbered to their places among the kept records (0 1 2 5 6 -> 0 1 2 3 4); block
 * numbers home: 10 and 12, NO_BLOCK for record 3 (alone) and 4 (none). Then the block owner
 * found from each rank's first block number, and the kept blocks lent to the rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/dist.h"
#include "link/share_blocks.h"

/* The rule as blocking_prepare leaves it (arrays on the heap: the rule frees them). */
static void make_rule(struct block_rule *rule)
{
	static const uint32_t order[] = {5, 0, 3, 6, 2, 1};
	static const size_t starts[] = {0, 2, 3, 6};

	memset(rule, 0, sizeof *rule);
	rule->order = malloc(sizeof order);
	rule->block_starts = malloc(sizeof starts);
	assert_non_null(rule->order);
	assert_non_null(rule->block_starts);
	memcpy(rule->order, order, sizeof order);
	memcpy(rule->block_starts, starts, sizeof starts);
	rule->keyed = 6;
	rule->block_count = 3;
	rule->block_first = 10;
	rule->local = true;
}

static void keeps_blocks_of_two_or_more(void **state)
{
	static const uint32_t home[] = {10, 12, 12, NO_BLOCK, NO_BLOCK, 10, 12};
	static const uint32_t order[] = {3, 0, 4, 2, 1};
	struct share_blocks kept;
	struct block_rule rule;
	struct vmap_diag diag;
	uint32_t block_of[7];

	(void)state;
	memset(&kept, 0, sizeof kept);
	diag_clear(&diag);
	make_rule(&rule);
	assert_int_equal(share_blocks_keep(&kept, &rule, 7, block_of, &diag), VMAP_OK);
	assert_memory_equal(block_of, home, sizeof home);
	assert_int_equal(kept.block_count, 2);
	assert_int_equal(kept.record_count, 5);
	assert_memory_equal(kept.order, order, sizeof order);
	assert_int_equal(kept.starts[0], 0);
	assert_int_equal(kept.starts[1], 2);
	assert_int_equal(kept.starts[2], 5);

	assert_int_equal(share_blocks_place(&kept, 3, VMAP_OK, &diag), VMAP_OK);
	assert_int_equal(kept.rank_first[0], 0);
	assert_int_equal(kept.rank_first[1], 3); /* one process: every block its own */
	assert_int_equal(share_blocks_owner(&kept, 12), 0);

	share_blocks_lend(&kept, &rule, 5);
	assert_null(kept.order);
	assert_int_equal(rule.block_count, 2);
	assert_int_equal(rule.keyed, 5);
	assert_memory_equal(rule.order, order, sizeof order);
	assert_int_equal(rule.block_starts[1], 2);
	blocking_release(&rule);
	share_blocks_release(&kept);
	assert_null(kept.rank_first);
	share_blocks_release(NULL);
}

/* Four ranks holding blocks [0, 3), none, [3, 7) and [7, 8): a block's owner is the rank
 * whose range holds it (rank 1, holding none, owns nothing). */
static void finds_owner_rank(void **state)
{
	uint64_t first[] = {0, 3, 3, 7, 8};
	static const unsigned owner[] = {0, 0, 0, 2, 2, 2, 2, 3};
	struct share_blocks kept;

	(void)state;
	memset(&kept, 0, sizeof kept);
	kept.rank_first = first;
	dist_process.size = 4;
	for (uint32_t b = 0; b < 8; b++)
		assert_int_equal(share_blocks_owner(&kept, b), owner[b]);
	dist_process.size = 1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keeps_blocks_of_two_or_more),
		cmocka_unit_test(finds_owner_rank),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
