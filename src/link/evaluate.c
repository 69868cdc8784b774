/*
 * evaluate.c - expected and measured quality of a link run (see evaluate.h).
 *
 * Measured figures are pairwise with clusters closed transitively, as bench/score.py counts
 * them: true pairs are pairs of labelled records with one entity, predicted pairs pairs of
 * labelled records in one cluster; in link_only mode only pairs across datasets count. The
 * counts come from group sizes (records sorted by entity, cluster and dataset), so a large
 * cluster costs nothing more. Invariants: every figure is in [0, 1]; a quality with nothing
 * to measure is 0 (precision with no predicted pair is 1: nothing claimed, nothing wrong).
 */
#include "evaluate.h"

#include "linker.h"

#include "core/alloc.h"
#include "core/csv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const double curve_thresholds[CURVE_POINTS] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6,
					       0.7, 0.8, 0.9, 0.95, 0.99, 0.999};

struct quality quality_of(double true_positive, double predicted, double actual)
{
	struct quality q;

	q.precision = predicted > 0 ? true_positive / predicted : 1;
	q.recall = actual > 0 ? true_positive / actual : 0;
	q.f1 = q.precision + q.recall > 0 ? 2 * q.precision * q.recall / (q.precision + q.recall)
					  : 0;
	return q;
}

void evaluate_expected(const struct vmap_linker *l, struct evaluation *e)
{
	double total = 0, above = 0, count = 0, best_f1 = -1;
	double t = weight_of_probability(l->settings.threshold);

	for (size_t p = 0; p < l->pair_count; p++)
		if (isfinite(l->pairs[p].weight))
			total += fs_probability(l->pairs[p].weight);
	e->expected_matches = total;
	e->expected = quality_of(0, 0, total);
	e->best_threshold = l->settings.threshold;
	for (size_t p = 0; p < l->pair_count; p++) {
		double w = l->pairs[p].weight;
		struct quality q;
		if (!isfinite(w))
			continue;
		above += fs_probability(w);
		count++;
		q = quality_of(above, count, total);
		if (w >= t)
			e->expected = q;
		/* the best F1 among the thresholds where the next pair is weaker */
		if ((p + 1 == l->pair_count || l->pairs[p + 1].weight < w) && q.f1 > best_f1) {
			best_f1 = q.f1;
			e->best_threshold = fs_probability(w);
			e->expected_best = q;
		}
	}
	for (size_t k = 0; k < CURVE_POINTS; k++) {
		double cut = weight_of_probability(curve_thresholds[k]), sum = 0;
		uint64_t n = 0;
		for (size_t p = 0; p < l->pair_count && l->pairs[p].weight >= cut; p++)
			if (isfinite(l->pairs[p].weight)) {
				sum += fs_probability(l->pairs[p].weight);
				n++;
			}
		e->expected_curve[k] = (struct curve_point){curve_thresholds[k], n, 0,
							    quality_of(sum, (double)n, total)};
	}
}

/* ----- labels ----- */

struct labelled {
	uint32_t record;
	const char *entity; /* in the label file's copy */
};

static const vmap_linker *sort_linker; /* qsort has no context argument */

static int by_dataset_id(const void *a, const void *b)
{
	const struct record_set *set = &sort_linker->set;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint32_t dx = set_dataset(set, x), dy = set_dataset(set, y);

	if (dx != dy)
		return dx < dy ? -1 : 1;
	return strcmp(set_record_id(set, x), set_record_id(set, y));
}

static long find_record(const vmap_linker *l, const uint32_t *order, uint32_t dataset,
			const char *id)
{
	size_t lo = 0, hi = l->set.count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t d = set_dataset(&l->set, order[mid]);
		int c = d != dataset ? (d < dataset ? -1 : 1)
				     : strcmp(set_record_id(&l->set, order[mid]), id);
		if (c == 0)
			return order[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int by_entity_cluster(const void *a, const void *b)
{
	const struct labelled *x = a, *y = b;
	int c = strcmp(x->entity, y->entity);
	uint32_t cx = sort_linker->cluster[x->record], cy = sort_linker->cluster[y->record];

	if (c)
		return c;
	if (cx != cy)
		return cx < cy ? -1 : 1;
	return x->record < y->record ? -1 : x->record > y->record;
}

static int by_cluster(const void *a, const void *b)
{
	const struct labelled *x = a, *y = b;
	uint32_t cx = sort_linker->cluster[x->record], cy = sort_linker->cluster[y->record];

	if (cx != cy)
		return cx < cy ? -1 : 1;
	return x->record < y->record ? -1 : x->record > y->record;
}

/* Pairs the mode allows inside each run of items equal under `same` (items sorted). */
static uint64_t group_pairs(const vmap_linker *l, const struct labelled *items, size_t n,
			    bool (*same)(const vmap_linker *, const struct labelled *,
					 const struct labelled *))
{
	uint64_t pairs = 0;
	bool cross = l->settings.mode == MODE_LINK_ONLY;
	uint64_t per[64];

	for (size_t i = 0; i < n;) {
		size_t j = i;
		uint64_t k = 0, same_dataset = 0;
		memset(per, 0, sizeof per);
		while (j < n && same(l, &items[i], &items[j])) {
			per[set_dataset(&l->set, items[j].record) % 64]++;
			j++;
		}
		k = j - i;
		for (size_t d = 0; cross && d < 64; d++)
			same_dataset += per[d] * (per[d] - (per[d] > 0)) / 2;
		pairs += k * (k - 1) / 2 - same_dataset;
		i = j;
	}
	return pairs;
}

static bool same_entity(const vmap_linker *l, const struct labelled *a, const struct labelled *b)
{
	(void)l;
	return strcmp(a->entity, b->entity) == 0;
}

static bool same_cell(const vmap_linker *l, const struct labelled *a, const struct labelled *b)
{
	return same_entity(l, a, b) && l->cluster[a->record] == l->cluster[b->record];
}

static bool same_cluster(const vmap_linker *l, const struct labelled *a,
			 const struct labelled *b)
{
	return l->cluster[a->record] == l->cluster[b->record];
}

/* The column named one of `names` ("a|b|c"). */
static int column_of(struct csv_reader *csv, const char *names, size_t *out, const char *path,
		     struct vmap_diag *diag)
{
	for (const char *n = names; *n; n += strcspn(n, "|") + (n[strcspn(n, "|")] == '|')) {
		size_t len = strcspn(n, "|");
		for (size_t i = 0; i < csv->field_count; i++)
			if (strlen(csv_field(csv, i)) == len && memcmp(csv_field(csv, i), n, len) == 0) {
				*out = i;
				return VMAP_OK;
			}
	}
	return diag_fail(diag, VMAP_INPUT,
			 "%s:1: labels: no column '%.*s'; expected the columns dataset, record_id "
			 "and entity (or person_id, or cluster)",
			 path, (int)strcspn(names, "|"), names);
}

static long dataset_index(const vmap_linker *l, const char *id)
{
	for (size_t s = 0; s < l->spec_count; s++)
		if (strcmp(l->specs[s].id, id) == 0)
			return (long)s;
	return -1;
}

/* Reads the labels into items (entity strings copied into `arena`). */
static int read_labels(vmap_linker *l, const char *path, const uint32_t *order,
		       struct labelled *items, size_t *count, struct arena *arena)
{
	struct csv_reader csv;
	size_t col[3];
	bool has_row;
	const char *names[] = {"dataset", "record_id", "entity|person_id|cluster"};
	int rc = csv_open_file(&csv, path, ',', true, &l->diag);

	if (rc)
		return rc;
	rc = csv_read_row(&csv, &has_row);
	if (!rc && !has_row)
		rc = diag_fail(&l->diag, VMAP_INPUT, "%s: labels: the file is empty", path);
	for (int c = 0; !rc && c < 3; c++)
		rc = column_of(&csv, names[c], &col[c], path, &l->diag);
	if (!rc)
		rc = csv_keep_header(&csv);
	while (!rc && !(rc = csv_read_row(&csv, &has_row)) && has_row) {
		long d = dataset_index(l, csv_field(&csv, col[0]));
		long r = d < 0 ? -1 : find_record(l, order, (uint32_t)d, csv_field(&csv, col[1]));
		const char *entity = csv_field(&csv, col[2]);
		if (r < 0 || !*entity)
			continue;
		items[*count].record = (uint32_t)r;
		items[*count].entity = arena_strndup(arena, entity, strlen(entity));
		if (!items[*count].entity)
			rc = diag_nomem(&l->diag, "reading labels");
		else if (*count < l->set.count)
			(*count)++;
	}
	csv_close(&csv);
	return rc;
}

static bool is_true(const struct labelled *items, size_t n, const int32_t *slot, uint32_t a,
		    uint32_t b)
{
	(void)n;
	return slot[a] >= 0 && slot[b] >= 0 &&
	       strcmp(items[slot[a]].entity, items[slot[b]].entity) == 0;
}

static void pair_curve(const vmap_linker *l, const struct labelled *items, size_t n,
		       struct evaluation *e)
{
	int32_t *slot = alloc_array(l->set.count ? l->set.count : 1, sizeof *slot);

	if (!slot)
		return;
	for (size_t i = 0; i < l->set.count; i++)
		slot[i] = -1;
	for (size_t i = 0; i < n; i++)
		slot[items[i].record] = (int32_t)i;
	for (size_t k = 0; k < CURVE_POINTS; k++) {
		double cut = weight_of_probability(curve_thresholds[k]);
		uint64_t all = 0, good = 0;
		for (size_t p = 0; p < l->pair_count && l->pairs[p].weight >= cut; p++) {
			const struct scored_pair *q = &l->pairs[p];
			if (slot[q->left] < 0 || slot[q->right] < 0)
				continue;
			all++;
			good += is_true(items, n, slot, q->left, q->right);
		}
		e->curve[k] = (struct curve_point){curve_thresholds[k], all, good,
						   quality_of((double)good, (double)all,
							      (double)e->true_pairs)};
	}
	free(slot);
}

int evaluate_labels(struct vmap_linker *l, const char *path, struct evaluation *e)
{
	uint32_t *order = alloc_array(l->set.count ? l->set.count : 1, sizeof *order);
	struct labelled *items = alloc_array(l->set.count ? l->set.count : 1, sizeof *items);
	struct arena arena = {0};
	size_t n = 0;
	int rc = order && items ? VMAP_OK : diag_nomem(&l->diag, "reading labels");

	sort_linker = l;
	for (size_t i = 0; !rc && i < l->set.count; i++)
		order[i] = (uint32_t)i;
	if (!rc)
		qsort(order, l->set.count, sizeof *order, by_dataset_id);
	if (!rc)
		rc = read_labels(l, path, order, items, &n, &arena);
	if (!rc) {
		e->labelled = true;
		e->labelled_records = n;
		e->unlabelled_records = l->set.count - n;
		qsort(items, n, sizeof *items, by_entity_cluster);
		e->true_pairs = group_pairs(l, items, n, same_entity);
		e->true_positive = group_pairs(l, items, n, same_cell);
		pair_curve(l, items, n, e);
		qsort(items, n, sizeof *items, by_cluster);
		e->predicted_pairs = group_pairs(l, items, n, same_cluster);
		e->clusters = quality_of((double)e->true_positive, (double)e->predicted_pairs,
					 (double)e->true_pairs);
	}
	arena_release(&arena);
	free(order);
	free(items);
	return rc;
}
