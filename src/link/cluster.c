/*
 * cluster.c - clusters as connected components (union-find with path halving and union by
 * size), built pair by pair in the order given so that a merge rule can refuse merges
 * (duplicate-free datasets, chains), and the greedy one-to-one assignment for two datasets.
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

/* Plain connected components: the constrained clustering with nothing forbidden (then the
 * order of the pairs does not matter). */
int cluster_pairs(const struct scored_pair *pairs, size_t count, double min_weight,
		  size_t record_count, uint32_t *cluster, size_t *cluster_count)
{
	struct merge_rule none = {NULL, NULL, NULL, 0};

	for (size_t p = 0; p < count; p++)
		assert(pairs[p].left < record_count && pairs[p].right < record_count);
	return cluster_constrained(pairs, count, min_weight, record_count, &none, cluster,
				   cluster_count);
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

/* Union-find whose roots also keep their members as a list (next, tail) and their
 * exclusive bits, for cluster_constrained. */
struct forest {
	uint32_t *parent, *size, *next, *tail;
	uint64_t *bits;
	uint32_t *sample[2];
};

static void forest_free(struct forest *f)
{
	free(f->parent);
	free(f->size);
	free(f->next);
	free(f->tail);
	free(f->bits);
	free(f->sample[0]);
	free(f->sample[1]);
}

static int forest_init(struct forest *f, size_t n, const uint64_t *exclusive)
{
	size_t k = n ? n : 1;

	memset(f, 0, sizeof *f);
	f->parent = alloc_array(k, sizeof *f->parent);
	f->size = alloc_array(k, sizeof *f->size);
	f->next = alloc_array(k, sizeof *f->next);
	f->tail = alloc_array(k, sizeof *f->tail);
	f->bits = alloc_array(k, sizeof *f->bits);
	f->sample[0] = alloc_array(CLUSTER_SAMPLE, sizeof *f->sample[0]);
	f->sample[1] = alloc_array(CLUSTER_SAMPLE, sizeof *f->sample[1]);
	if (!f->parent || !f->size || !f->next || !f->tail || !f->bits || !f->sample[0] ||
	    !f->sample[1]) {
		forest_free(f);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		f->parent[i] = f->tail[i] = (uint32_t)i;
		f->next[i] = UINT32_MAX;
		f->size[i] = 1;
		f->bits[i] = exclusive ? exclusive[i] : 0;
	}
	return 0;
}

/* The first CLUSTER_SAMPLE members of root r's list. */
static size_t members(const struct forest *f, uint32_t r, uint32_t *out)
{
	size_t k = 0;

	for (uint32_t x = r; x != UINT32_MAX && k < CLUSTER_SAMPLE; x = f->next[x])
		out[k++] = x;
	return k;
}

static bool may_merge(struct forest *f, struct merge_rule *rule, uint32_t a, uint32_t b)
{
	size_t na, nb;

	if (f->bits[a] & f->bits[b])
		return false;
	if (!rule->allowed || (f->size[a] == 1 && f->size[b] == 1))
		return true;
	na = members(f, a, f->sample[0]);
	nb = members(f, b, f->sample[1]);
	return rule->allowed(rule->context, f->sample[0], na, f->sample[1], nb);
}

/* Joins root b into root a (the larger keeps its root; the lists are concatenated). */
static void join(struct forest *f, uint32_t a, uint32_t b)
{
	if (f->size[a] < f->size[b] || (f->size[a] == f->size[b] && b < a)) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	f->parent[b] = a;
	f->size[a] += f->size[b];
	f->bits[a] |= f->bits[b];
	f->next[f->tail[a]] = b;
	f->tail[a] = f->tail[b];
}

int cluster_constrained(const struct scored_pair *pairs, size_t count, double min_weight,
			size_t record_count, struct merge_rule *rule, uint32_t *cluster,
			size_t *cluster_count)
{
	struct forest f;
	size_t next = 0;

	if (forest_init(&f, record_count, rule->exclusive))
		return -1;
	rule->refused = 0;
	for (size_t p = 0; p < count; p++) {
		uint32_t a = find(f.parent, pairs[p].left), b = find(f.parent, pairs[p].right);
		if (a == b || !(pairs[p].weight >= min_weight)) /* NaN: never merged */
			continue;
		if (may_merge(&f, rule, a, b))
			join(&f, a, b);
		else
			rule->refused++;
	}
	/* number clusters by their first record; `size` is reused as root -> number */
	memset(f.size, 0, record_count * sizeof *f.size);
	for (size_t i = 0; i < record_count; i++) {
		uint32_t root = find(f.parent, (uint32_t)i);
		if (!f.size[root])
			f.size[root] = (uint32_t)++next;
		cluster[i] = f.size[root];
	}
	*cluster_count = next;
	forest_free(&f);
	return 0;
}

/* Best first. A NaN weight, which no comparison orders (qsort with an order that is not one is
 * undefined), goes after every number, -INFINITY included: it is no evidence of a match. */
static int by_weight(const void *a, const void *b)
{
	const struct scored_pair *x = a, *y = b;
	bool x_nan = isnan(x->weight), y_nan = isnan(y->weight);

	if (x_nan != y_nan)
		return x_nan ? 1 : -1;
	if (!x_nan && x->weight != y->weight)
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
		bool *a_to_b = &used[(size_t)pairs[p].left * d + set_dataset(set, pairs[p].right)];
		bool *b_to_a = &used[(size_t)pairs[p].right * d + set_dataset(set, pairs[p].left)];
		if (*a_to_b || *b_to_a) {
			pairs[p].weight = -INFINITY;
			continue;
		}
		*a_to_b = *b_to_a = true;
	}
}
