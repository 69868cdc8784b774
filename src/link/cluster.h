/*
 * cluster.h - clusters of linked records (cluster.c).
 */
#ifndef VMAP_LINK_CLUSTER_H
#define VMAP_LINK_CLUSTER_H

#include "pairs.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Connected components of the pairs with at least `min_weight`: cluster[i] numbers each
 * record's cluster from 1, in order of each cluster's first record. */
int cluster_pairs(const struct scored_pair *pairs, size_t count, double min_weight,
		  size_t record_count, uint32_t *cluster, size_t *cluster_count);
/* Keeps, for two datasets, each record's best pair only (greedy by weight); marks the others
 * by setting their weight to -INFINITY. `pairs` must be sorted by weight, best first. */
void one_to_one(struct scored_pair *pairs, size_t count, size_t record_count, bool *used);
/* Sorts pairs best first (by weight, then left, then right: one order whatever the threads);
 * pairs whose weight is NaN come last, among themselves by left then right. */
void pairs_sort(struct scored_pair *pairs, size_t count);
struct record_set;
/* one_to_one for any number of datasets: each record keeps its best pair with each dataset
 * (its own included). `used` has room for set->count * set->dataset_count flags. */
void one_per_dataset(struct scored_pair *pairs, size_t count, const struct record_set *set,
		     bool *used);

/* Constrained clustering (cluster_constrained): which merges of two clusters are allowed.
 * `exclusive` (NULL: none) gives each record bits of which at most one record of a cluster
 * may carry each (a duplicate-free dataset's bit); `allowed` (NULL: all) is asked about the
 * members of both clusters (at most CLUSTER_SAMPLE of each, in a fixed order) before any
 * merge of two clusters that are not both single records. */
#define CLUSTER_SAMPLE 64
struct merge_rule {
	const uint64_t *exclusive;
	bool (*allowed)(void *context, const uint32_t *a, size_t na, const uint32_t *b,
			size_t nb);
	void *context;
	size_t refused; /* out: merges refused */
};
/* Clusters the pairs with at least `min_weight`, merging in the order given (sort them best
 * first) and refusing the merges `rule` forbids; numbers clusters as cluster_pairs does. */
int cluster_constrained(const struct scored_pair *pairs, size_t count, double min_weight,
			size_t record_count, struct merge_rule *rule, uint32_t *cluster,
			size_t *cluster_count);

#endif
