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

/* The test's merge check: records 0..9 are person A, 10..19 person B; a merge is allowed
 * when the clusters hold one person only. */
static bool one_person(void *context, const uint32_t *a, size_t na, const uint32_t *b,
		       size_t nb)
{
	size_t *asked = context;

	(*asked)++;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if ((a[i] < 10) != (b[j] < 10))
				return false;
	return true;
}

static void constrained_clusters_refuse_a_chain(void **state)
{
	/* 0-1 and 10-11 strong; the chain link 1-10 (weight 5) would join A and B: refused.
	 * 11-12 comes last and still joins B. Components would give one cluster of five. */
	struct scored_pair pairs[] = {{0, 1, 20, 0}, {10, 11, 18, 0}, {1, 10, 5, 0},
				      {11, 12, 4, 0}};
	size_t asked = 0, count;
	struct merge_rule rule = {NULL, one_person, &asked, 0};
	uint32_t cluster[13];

	(void)state;
	assert_int_equal(cluster_constrained(pairs, 4, 1, 13, &rule, cluster, &count), 0);
	assert_int_equal(rule.refused, 1);
	assert_int_equal(asked, 2); /* 1-10 and 11-12 (single pairs merge unasked) */
	assert_true(cluster[0] == cluster[1] && cluster[10] == cluster[11]);
	assert_true(cluster[11] == cluster[12] && cluster[1] != cluster[10]);
	assert_int_equal(count, 13 - 3);
	assert_int_equal(cluster_pairs(pairs, 4, 1, 13, cluster, &count), 0);
	assert_true(cluster[0] == cluster[12]);
}

static void unique_datasets_hold_one_record_per_cluster(void **state)
{
	/* records 0,1 from dataset 0 (unique, bit 1), 2 from dataset 1 (not unique, bit 0):
	 * 0-2 merges first; 1-2 would put 0 and 1 in one cluster: refused. Without the bits,
	 * all three join. */
	struct scored_pair pairs[] = {{0, 2, 9, 0}, {1, 2, 8, 0}};
	const uint64_t bits[] = {1, 1, 0};
	struct merge_rule rule = {bits, NULL, NULL, 0};
	uint32_t cluster[3];
	size_t count;

	(void)state;
	assert_int_equal(cluster_constrained(pairs, 2, 0, 3, &rule, cluster, &count), 0);
	assert_int_equal(count, 2);
	assert_true(cluster[0] == cluster[2] && cluster[1] != cluster[2]);
	assert_int_equal(rule.refused, 1);
	rule.exclusive = NULL;
	assert_int_equal(cluster_constrained(pairs, 2, 0, 3, &rule, cluster, &count), 0);
	assert_int_equal(count, 1);
}

static void constrained_clusters_without_rules_are_components(void **state)
{
	struct scored_pair pairs[] = {{5, 0, 4, 0}, {3, 1, 2, 0}, {2, 4, -1, 0}};
	const uint32_t expected[6] = {1, 2, 3, 2, 4, 1};
	struct merge_rule rule = {NULL, NULL, NULL, 0};
	uint32_t cluster[6];
	size_t count;

	(void)state;
	assert_int_equal(cluster_constrained(pairs, 3, 1, 6, &rule, cluster, &count), 0);
	assert_int_equal(count, 4);
	assert_memory_equal(cluster, expected, sizeof expected);
}

/* A NaN weight has one place, after every number, whatever order the pairs come in: every
 * rotation and reversal of the list sorts to the same one (qsort with an order that is not
 * one, as NaN made it, may give any). A NaN pair is never merged into a cluster. */
static void sorting_puts_nan_weights_last(void **state)
{
	enum { N = 12 };
	const struct scored_pair given[N] = {
		{0, 1, 3, 0}, {2, 3, NAN, 0}, {1, 4, -1, 0}, {0, 5, NAN, 0},
		{2, 5, 3, 0}, {3, 4, 7, 0}, {0, 2, NAN, 0}, {1, 2, -INFINITY, 0},
		{4, 5, NAN, 0}, {1, 3, 0.5, 0}, {0, 3, 7, 0}, {2, 4, -NAN, 0}};
	const uint32_t left[N] = {0, 3, 0, 2, 1, 1, 1, 0, 0, 2, 2, 4}; /* numbers, then NaNs */
	const uint32_t right[N] = {3, 4, 1, 5, 3, 4, 2, 2, 5, 3, 4, 5};
	struct scored_pair pairs[N];
	uint32_t cluster[6];
	size_t count;

	(void)state;
	for (int reversed = 0; reversed < 2; reversed++)
		for (size_t start = 0; start < N; start++) {
			for (size_t i = 0; i < N; i++) {
				size_t k = (start + i) % N;
				pairs[i] = given[reversed ? N - 1 - k : k];
			}
			pairs_sort(pairs, N);
			for (size_t i = 0; i < N; i++) {
				assert_int_equal(pairs[i].left, left[i]);
				assert_int_equal(pairs[i].right, right[i]);
				assert_true(i < 7 ? !isnan(pairs[i].weight) : isnan(pairs[i].weight));
			}
		}
	assert_int_equal(cluster_pairs(pairs + 7, 5, -INFINITY, 6, cluster, &count), 0);
	assert_int_equal(count, 6); /* no NaN pair merged */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clusters_are_connected_components),
		cmocka_unit_test(clusters_are_numbered_by_their_first_record),
		cmocka_unit_test(one_to_one_keeps_each_records_best_pair),
		cmocka_unit_test(constrained_clusters_refuse_a_chain),
		cmocka_unit_test(unique_datasets_hold_one_record_per_cluster),
		cmocka_unit_test(constrained_clusters_without_rules_are_components),
		cmocka_unit_test(sorting_puts_nan_weights_last),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
