/*
 * test_cluster.c - clusters of linked records (link/cluster.c): the connected components of
 * the pairs at or above a weight, numbered by their first record, and the one-to-one
 * assignment that keeps each record's best pair only. Expected clusters are drawn by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>

#include "link/cluster.h"

static void clusters_are_connected_components(void **state)
{
	/* 0-1-2 joined (10, 9), 3-4 below the weight, 4-5 joined: {0,1,2} {3} {4,5} */
	struct scored_pair pairs[] = {{0, 1, 10, 0}, {1, 2, 9, 0}, {3, 4, -5, 0}, {4, 5, 3, 0}};
	uint32_t cluster[6];
	size_t count;

	(void)state;
	assert_int_equal(cluster_pairs(pairs, 4, 0, 6, cluster, &count), 0);
	assert_int_equal(count, 3);
	assert_true(cluster[0] == cluster[1] && cluster[1] == cluster[2]);
	assert_true(cluster[3] != cluster[4] && cluster[4] == cluster[5]);
}

static void clusters_are_numbered_by_their_first_record(void **state)
{
	/* 5-0 and 3-1 joined: clusters in order of first record: {0,5}=1 {1,3}=2 {2}=3 {4}=4 */
	struct scored_pair pairs[] = {{3, 1, 2, 0}, {5, 0, 4, 0}};
	const uint32_t expected[6] = {1, 2, 3, 2, 4, 1};
	uint32_t cluster[6];
	size_t count;

	(void)state;
	assert_int_equal(cluster_pairs(pairs, 2, 1, 6, cluster, &count), 0);
	assert_int_equal(count, 4);
	assert_memory_equal(cluster, expected, sizeof expected);
	/* with the threshold above every weight, each record is its own cluster */
	assert_int_equal(cluster_pairs(pairs, 2, 5, 6, cluster, &count), 0);
	assert_int_equal(count, 6);
}

static void one_to_one_keeps_each_records_best_pair(void **state)
{
	/* sorted best first: 0-1 takes 0 and 1; 1-2 and 0-3 lose; 2-3 is still free */
	struct scored_pair pairs[] = {{0, 1, 10, 0}, {1, 2, 8, 0}, {0, 3, 6, 0}, {2, 3, 4, 0}};
	bool used[4];

	(void)state;
	one_to_one(pairs, 4, 4, used);
	assert_true(pairs[0].weight == 10);
	assert_true(isinf(pairs[1].weight) && pairs[1].weight < 0);
	assert_true(isinf(pairs[2].weight) && pairs[2].weight < 0);
	assert_true(pairs[3].weight == 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clusters_are_connected_components),
		cmocka_unit_test(clusters_are_numbered_by_their_first_record),
		cmocka_unit_test(one_to_one_keeps_each_records_best_pair),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
