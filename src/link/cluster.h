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
/* Sorts pairs best first (by weight, then left, then right: one order whatever the threads). */
void pairs_sort(struct scored_pair *pairs, size_t count);
struct record_set;
/* one_to_one for any number of datasets: each record keeps its best pair with each dataset
 * (its own included). `used` has room for set->count * set->dataset_count flags. */
void one_per_dataset(struct scored_pair *pairs, size_t count, const struct record_set *set,
		     bool *used);

#endif
