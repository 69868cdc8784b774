/*
 * test_share_blocks.c - link/share_blocks.h (issue 18): a rule's blocks carried from pass one
 * to pass two by their numbers. A rule's blocks over a visit set of 7 records, worked out by
 * hand: blocks {0, 5}, {3} and {1, 2, 6} numbered from 10, record 4 without a key. Numbers
 * home: 10 and 12, NO_BLOCK for record 3 (alone) and 4 (none). Pass two's visit set holds
 * the five numbered records (0 1 2 5 6 become 0 1 2 3 4) with their numbers, and the blocks
 * put together again are {0, 3} and {1, 2, 4}: pass one's, renumbered. Then the block owner
 * found from each rank's first block number.
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
	static const uint32_t order[] = {0, 5, 3, 1, 2, 6};
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

static void numbers_blocks_of_two_or_more(void **state)
{
	static const uint32_t home[] = {10, 12, 12, NO_BLOCK, NO_BLOCK, 10, 12};
	struct block_rule rule;
	uint32_t block_of[7];

	(void)state;
	make_rule(&rule);
	share_blocks_number(&rule, 7, block_of);
	assert_memory_equal(block_of, home, sizeof home);
	blocking_release(&rule);
}

static void rebuilds_blocks_from_numbers(void **state)
{
	/* two numbers a record (stride 2): the rule's, then another rule's, not read */
	static const uint32_t numbers[] = {10, 7, 12, 7, 12, 7, 10, 7, 12, 7};
	static const uint32_t order[] = {0, 3, 1, 2, 4};
	uint64_t first[] = {10, 13}; /* this rank (of one) holds blocks 10, 11 and 12 */
	struct share_blocks kept = {first};
	struct block_rule rule;
	struct vmap_diag diag;

	(void)state;
	diag_clear(&diag);
	make_rule(&rule);
	assert_int_equal(share_blocks_rebuild(&kept, &rule, numbers, 2, 5, &diag), VMAP_OK);
	assert_int_equal(rule.block_count, 2);
	assert_int_equal(rule.keyed, 5);
	assert_true(rule.local);
	assert_memory_equal(rule.order, order, sizeof order);
	assert_int_equal(rule.block_starts[0], 0);
	assert_int_equal(rule.block_starts[1], 2);
	assert_int_equal(rule.block_starts[2], 5);
	blocking_release(&rule);
}

/* One process: every block number is rank 0's. */
static void places_one_process(void **state)
{
	struct share_blocks kept = {NULL};
	struct vmap_diag diag;

	(void)state;
	diag_clear(&diag);
	assert_int_equal(share_blocks_place(&kept, 3, VMAP_OK, &diag), VMAP_OK);
	assert_int_equal(kept.rank_first[0], 0);
	assert_int_equal(kept.rank_first[1], 3);
	assert_int_equal(share_blocks_owner(&kept, 2), 0);
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
		cmocka_unit_test(numbers_blocks_of_two_or_more),
		cmocka_unit_test(rebuilds_blocks_from_numbers),
		cmocka_unit_test(places_one_process),
		cmocka_unit_test(finds_owner_rank),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
