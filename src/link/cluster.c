/*
 * cluster.c - clusters as connected components (union-find with path halving and union by
 * size), and the greedy one-to-one assignment for two datasets.
 */
#include "cluster.h"

#include "pairs.h"
#include "records.h"

#include "core/alloc.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint32_t find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static void unite(uint32_t *parent, uint32_t *size, uint32_t a, uint32_t b)
{
	a = find(parent, a);
	b = find(parent, b);
	if (a == b)
		return;
	if (size[a] < size[b]) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	parent[b] = a;
	size[a] += size[b];
}

int cluster_pairs(const struct scored_pair *pairs, size_t count, double min_weight,
		  size_t record_count, uint32_t *cluster, size_t *cluster_count)
{
	uint32_t *parent = alloc_array(record_count ? record_count : 1, sizeof *parent);
	uint32_t *size = alloc_array(record_count ? record_count : 1, sizeof *size);
	size_t next = 0;

	if (!parent || !size) {
		free(parent);
		free(size);
		return -1;
	}
	for (size_t i = 0; i < record_count; i++) {
		parent[i] = (uint32_t)i;
		size[i] = 1;
		cluster[i] = 0;
	}
	for (size_t p = 0; p < count; p++)
		assert(pairs[p].left < record_count && pairs[p].right < record_count);
	for (size_t p = 0; p < count; p++)
		if (pairs[p].weight >= min_weight)
			unite(parent, size, pairs[p].left, pairs[p].right);
	/* number clusters by their first record; `size` is reused as root -> number */
	memset(size, 0, record_count * sizeof *size);
	for (size_t i = 0; i < record_count; i++) {
		uint32_t root = find(parent, (uint32_t)i);
		if (!size[root])
			size[root] = (uint32_t)++next;
		cluster[i] = size[root];
	}
	*cluster_count = next;
	free(parent);
	free(size);
	return 0;
}

void one_to_one(struct scored_pair *pairs, size_t count, size_t record_count, bool *used)
{
	memset(used, 0, record_count * sizeof *used);
	for (size_t p = 0; p < count; p++) {
		if (used[pairs[p].left] || used[pairs[p].right]) {
			pairs[p].weight = -INFINITY;
			continue;
		}
		used[pairs[p].left] = used[pairs[p].right] = true;
	}
}

static int by_weight(const void *a, const void *b)
{
	const struct scored_pair *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	if (x->left != y->left)
		return x->left < y->left ? -1 : 1;
	return x->right < y->right ? -1 : x->right > y->right;
}

void pairs_sort(struct scored_pair *pairs, size_t count)
{
	if (count)
		qsort(pairs, count, sizeof *pairs, by_weight);
}

void one_per_dataset(struct scored_pair *pairs, size_t count, const struct record_set *set,
		     bool *used)
{
	size_t d = set->dataset_count;

	memset(used, 0, set->count * d * sizeof *used);
	for (size_t p = 0; p < count; p++) {
		const struct record *a = &set->records[pairs[p].left];
		const struct record *b = &set->records[pairs[p].right];
		bool *a_to_b = &used[(size_t)pairs[p].left * d + b->dataset];
		bool *b_to_a = &used[(size_t)pairs[p].right * d + a->dataset];
		if (*a_to_b || *b_to_a) {
			pairs[p].weight = -INFINITY;
			continue;
		}
		*a_to_b = *b_to_a = true;
	}
}
