/*
 * chains.c - the check against clusters that chain unrelated records.
 *
 * Connected components join A and C when A matches B and B matches C, even when A and C are
 * nothing alike; a run of such links can sweep many people into one cluster. Two guards:
 *
 * - at merge time (cluster_with_checks): clusters merge in decreasing weight of their best
 *   pair, and a merge is refused when a cross pair disagrees on the strong identifier, when
 *   the cross pairs' mean weight is below merge_min_weight, or when both hold a record of
 *   the same duplicate-free (`unique`) dataset; this guards clusters of every size;
 * - after (check_chains): every cluster of 3 to CHAIN_MAX records is scored in full (every
 *   pair, not only the blocked ones). When fewer than half of its pairs look like matches
 *   (probability >= 0.5) it is counted as chained, and, when splitting is on, it is
 *   re-clustered over its own full pairs at thresholds raised two bits at a time until every
 *   part passes the same test. Larger clusters are tested on an even sample of CHAIN_MAX
 *   members and counted (clusters_too_large_to_split), not split.
 */
#include "linker.h"

#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

#define CHAIN_MAX 400

/* ----- merge-time check (cluster_constrained's `allowed`) ----- */

/* The comparison of the strong identifier (id_number), or SIZE_MAX. */
static size_t strong_comparison(const struct fs_model *m)
{
	for (size_t c = 0; c < m->comparison_count; c++)
		if (m->cmp[c].field == FIELD_ID_NUMBER)
			return c;
	return SIZE_MAX;
}

/* Two clusters may merge when no cross pair disagrees on the strong identifier (two values
 * further apart than one character) and their cross pairs' mean weight reaches
 * merge_min_weight (default -5 bits: on average not strong evidence against): a chain's far
 * ends are unlike, which pulls the mean down. */
static bool merge_allowed(void *context, const uint32_t *a, size_t na, const uint32_t *b,
			  size_t nb)
{
	const vmap_linker *l = context;
	const struct fs_model *m = &l->model;
	size_t strong = strong_comparison(m), pairs = 0;
	double sum = 0;

	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++) {
			const struct record *x = set_record(&l->set, a[i]);
			const struct record *y = set_record(&l->set, b[j]);
			gamma_t g;
			if (!pair_allowed(l->settings.mode, x, y))
				continue;
			g = fs_gamma(m, x, y);
			if (strong != SIZE_MAX &&
			    gamma_level(g, strong) == m->cmp[strong].level_count - 1)
				return false;
			sum += fs_pair_weight(m, g, x);
			pairs++;
		}
	return pairs == 0 || sum / (double)pairs >= l->settings.merge_min_weight;
}

int cluster_with_checks(vmap_linker *l, const uint64_t *exclusive)
{
	struct merge_rule rule = {exclusive, NULL, l, 0};
	double w = weight_of_probability(l->settings.threshold);

	if (l->settings.split_chains)
		rule.allowed = merge_allowed;
	if (cluster_constrained(l->pairs, l->pair_count, w, l->set.count, &rule, l->cluster,
				&l->cluster_count))
		return diag_nomem(&l->diag, "clustering");
	l->merges_refused = rule.refused;
	return VMAP_OK;
}

struct cluster_view {
	uint32_t *members; /* record indexes */
	size_t n;
	double *weight;    /* n x n, full pairwise weights */
};

static void score_all_pairs(const vmap_linker *l, struct cluster_view *v)
{
	for (size_t a = 0; a < v->n; a++)
		for (size_t b = a + 1; b < v->n; b++) {
			const struct record *x = set_record(&l->set, v->members[a]);
			const struct record *y = set_record(&l->set, v->members[b]);
			double w = -1e9;
			if (pair_allowed(l->settings.mode, x, y))
				w = fs_pair_weight(&l->model, fs_gamma(&l->model, x, y), x);
			v->weight[a * v->n + b] = v->weight[b * v->n + a] = w;
		}
}

/* Share of the pairs among `part` (indexes into the view) with a positive weight. */
static bool dense(const struct cluster_view *v, const size_t *part, size_t k)
{
	size_t good = 0, all = 0;

	for (size_t a = 0; a < k; a++)
		for (size_t b = a + 1; b < k; b++) {
			all++;
			good += v->weight[part[a] * v->n + part[b]] >= 0;
		}
	return all == 0 || 2 * good >= all;
}

static size_t root_of(size_t *parent, size_t x)
{
	while (parent[x] != x)
		x = parent[x] = parent[parent[x]];
	return x;
}

/* Components of the view at weight `min`; parts[i] = component root of member i. */
static void components(const struct cluster_view *v, double min, size_t *parent)
{
	for (size_t i = 0; i < v->n; i++)
		parent[i] = i;
	for (size_t a = 0; a < v->n; a++)
		for (size_t b = a + 1; b < v->n; b++)
			if (v->weight[a * v->n + b] >= min)
				parent[root_of(parent, a)] = root_of(parent, b);
	for (size_t i = 0; i < v->n; i++)
		parent[i] = root_of(parent, i);
}

static bool all_parts_dense(const struct cluster_view *v, const size_t *parent, size_t *scratch)
{
	for (size_t r = 0; r < v->n; r++) {
		size_t k = 0;
		for (size_t i = 0; i < v->n; i++)
			if (parent[i] == r)
				scratch[k++] = i;
		if (k > 2 && !dense(v, scratch, k))
			return false;
	}
	return true;
}

/* Gives each component but the first of the cluster a new cluster number. */
static void renumber(vmap_linker *l, const struct cluster_view *v, const size_t *parent)
{
	uint32_t keep = l->cluster[v->members[0]];

	for (size_t r = 0; r < v->n; r++) {
		uint32_t id = 0;
		for (size_t i = 0; i < v->n; i++) {
			if (parent[i] != r)
				continue;
			if (!id)
				id = parent[0] == r ? keep : (uint32_t)++l->cluster_count;
			l->cluster[v->members[i]] = id;
		}
	}
}

static void split(vmap_linker *l, const struct cluster_view *v, size_t *parent, size_t *scratch)
{
	double base = weight_of_probability(l->settings.threshold);

	for (double min = base + 2; min <= base + 40; min += 2) {
		components(v, min, parent);
		if (all_parts_dense(v, parent, scratch)) {
			renumber(l, v, parent);
			l->chains_split++;
			return;
		}
	}
}

static int check_cluster(vmap_linker *l, struct cluster_view *v, bool can_split)
{
	size_t *scratch = alloc_array(v->n, sizeof *scratch);
	size_t *parent = alloc_array(v->n, sizeof *parent);
	int rc = VMAP_OK;

	v->weight = alloc_array(v->n * v->n, sizeof *v->weight);
	if (!scratch || !parent || !v->weight) {
		rc = diag_nomem(&l->diag, "checking clusters");
		goto cleanup;
	}
	score_all_pairs(l, v);
	for (size_t i = 0; i < v->n; i++)
		scratch[i] = i;
	if (!dense(v, scratch, v->n)) {
		l->chains_found++;
		if (l->settings.split_chains && can_split)
			split(l, v, parent, scratch);
	}
cleanup:
	free(scratch);
	free(parent);
	free(v->weight);
	return rc;
}

/* A cluster of more than CHAIN_MAX records is tested on CHAIN_MAX of its members, evenly
 * spaced; one found chained is counted (and reported as too large to split), not split. */
static int check_large(vmap_linker *l, const struct cluster_view *whole)
{
	uint32_t sample[CHAIN_MAX];
	struct cluster_view v = {sample, CHAIN_MAX, NULL};
	size_t found = l->chains_found;
	int rc;

	for (size_t i = 0; i < CHAIN_MAX; i++)
		sample[i] = whole->members[i * whole->n / CHAIN_MAX];
	rc = check_cluster(l, &v, false);
	l->chains_unchecked += l->chains_found > found;
	return rc;
}

/* Record indexes grouped by cluster: members of cluster c are order[start[c] .. start[c+1]). */
static int group(const vmap_linker *l, uint32_t **order, size_t **start)
{
	size_t clusters = l->cluster_count, *fill;

	*order = alloc_array(l->set.count + 1, sizeof **order);
	*start = alloc_array(clusters + 2, sizeof **start);
	fill = alloc_array(clusters + 2, sizeof *fill);
	if (!*order || !*start || !fill) {
		free(fill);
		return -1;
	}
	for (size_t i = 0; i < l->set.count; i++)
		(*start)[l->cluster[i] + 1]++;
	for (size_t c = 1; c <= clusters + 1; c++)
		(*start)[c] += (*start)[c - 1];
	memcpy(fill, *start, (clusters + 2) * sizeof *fill);
	for (size_t i = 0; i < l->set.count; i++)
		(*order)[fill[l->cluster[i]]++] = (uint32_t)i;
	free(fill);
	return 0;
}

int check_chains(vmap_linker *l)
{
	uint32_t *order = NULL;
	size_t *start = NULL, clusters = l->cluster_count;
	int rc = VMAP_OK;

	if (group(l, &order, &start))
		rc = diag_nomem(&l->diag, "checking clusters");
	for (size_t c = 1; !rc && c <= clusters; c++) {
		struct cluster_view v = {order + start[c], start[c + 1] - start[c], NULL};
		if (v.n >= 3 && v.n <= CHAIN_MAX)
			rc = check_cluster(l, &v, true);
		else if (v.n > CHAIN_MAX)
			rc = check_large(l, &v);
	}
	free(order);
	free(start);
	return rc;
}
