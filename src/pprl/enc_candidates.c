/*
 * enc_candidates.c - which encoded pairs are compared and how each is scored.
 *
 * Candidates: all pairs the mode allows, tiled (QUERY_TILE queries against CANDIDATE_CHUNK
 * candidates that stay in cache), or the pairs that share a blocking token (enc_blocked.c).
 * Scoring is shared by every kernel and both walks: pass one adds each pair to its kind's
 * and token class's histogram and offers it as each record's best; pass two keeps the pairs
 * whose AND count reaches the integer table cmin. Workers own fixed ranges of queries (or
 * blocks) and their own results, so results never depend on the thread count.
 */
#include "enc_link.h"

#include "core/alloc.h"
#include "core/dist.h"
#include "core/parallel.h"

#include <stdlib.h>

/* ----- scoring (shared by every kernel and both candidate walks) ----- */

static void keep_pair(struct worker_out *w, uint32_t i, uint32_t j, double weight)
{
	void *kept = w->kept;

	if (grow_array(&kept, &w->kept_capacity, w->kept_count + 1, sizeof *w->kept)) {
		w->failed = true;
		return;
	}
	w->kept = kept;
	w->kept[w->kept_count++] = (struct scored_pair){i, j, weight, 0};
}

/* Keeps the larger of `*best` and `key`: the Dice in steps of 2^-22 (high 32 bits) and, for
 * equal scores, the smaller partner (low 32 bits: UINT32_MAX - partner). The maximum does
 * not depend on the order the threads offer their pairs in. */
static void offer(_Atomic uint64_t *best, uint64_t key)
{
	uint64_t now = atomic_load_explicit(best, memory_order_relaxed);

	while (key > now && !atomic_compare_exchange_weak_explicit(
				    best, &now, key, memory_order_relaxed, memory_order_relaxed))
		;
}

/* Pass one for query i and n candidates (idx[k], or first + k when idx is NULL) with their
 * AND counts: each pair into its kind's and class's histogram and offered as j's best with
 * i's dataset; i's best with each dataset is kept here and offered once per run of one
 * dataset (candidates come grouped by dataset in the tiled walk). */
static void count_row(const struct pass *p, struct worker_out *w, uint32_t i,
		      const uint32_t *idx, uint32_t first, size_t n, const uint32_t *counts)
{
	const struct enc_rows *rows = p->rows;
	size_t d = p->l->set.dataset_count;
	uint32_t pi = rows->pop[i], di = rows->dataset[i], run = UINT32_MAX;
	uint32_t record_i = row_record(rows, i);
	uint64_t run_best = 0;

	for (size_t k = 0; k < n; k++) {
		uint32_t j = idx ? idx[k] : first + (uint32_t)k, s = pi + rows->pop[j];
		uint32_t dj = rows->dataset[j];
		uint64_t bin = (counts[k] * p->bin_magic[s]) >> 40;
		uint64_t fine = (counts[k] * p->fine_magic[s]) >> 31;
		uint64_t key = fine << 32 | (UINT32_MAX - row_record(rows, j));
		unsigned c = token_class(rows->tokens, i, j);
		w->hist[di == dj][c][bin < DICE_BINS ? bin : DICE_BINS - 1]++;
		if (dj != run) {
			if (run != UINT32_MAX)
				offer(&p->best[(size_t)i * d + run], run_best);
			run = dj;
			run_best = key;
		} else if (key > run_best) {
			run_best = key;
		}
		offer(&p->best[(size_t)j * d + di], fine << 32 | (UINT32_MAX - record_i));
	}
	if (run != UINT32_MAX)
		offer(&p->best[(size_t)i * d + run], run_best);
	w->candidates += n;
}

/* Pass two for the same row: the pairs whose AND count reaches their class's table. */
static void keep_row(const struct pass *p, struct worker_out *w, uint32_t i, const uint32_t *idx,
		     uint32_t first, size_t n, const uint32_t *counts)
{
	const struct enc_rows *rows = p->rows;
	uint32_t pi = rows->pop[i], di = rows->dataset[i];

	for (size_t k = 0; k < n; k++) {
		uint32_t j = idx ? idx[k] : first + (uint32_t)k, s = pi + rows->pop[j];
		int kind = di == rows->dataset[j];
		unsigned c;
		if (counts[k] < p->cmin_any[kind][s])
			continue;
		c = token_class(rows->tokens, i, j);
		if (counts[k] >= p->cmin[kind][c][s])
			keep_pair(w, row_record(rows, i), row_record(rows, j),
				  dice_model_weight(&p->e->model[kind][c], 2.0 * counts[k] / s));
	}
	w->candidates += n;
}

void score_row(const struct pass *p, struct worker_out *w, uint32_t i, const uint32_t *idx,
	       uint32_t first, size_t n, const uint32_t *counts)
{
	if (p->keep)
		keep_row(p, w, i, idx, first, n, counts);
	else
		count_row(p, w, i, idx, first, n, counts);
}

/* ----- all pairs, tiled ----- */

/* The first record query i is compared with (all later ones must be allowed pairs; all
 * pairs: row i is record i). */
static size_t first_candidate(const struct pass *p, size_t i)
{
	if (p->l->settings.mode == MODE_LINK_ONLY)
		return p->e->first_of[p->rows->dataset[i] + 1];
	return i + 1;
}

static void tile(const struct pass *p, struct worker_out *w, size_t q0, size_t q1)
{
	const struct enc_rows *rows = p->rows;
	uint32_t counts[CANDIDATE_CHUNK];
	size_t lo = first_candidate(p, q0);

	for (size_t q = q0 + 1; q < q1; q++)
		lo = first_candidate(p, q) < lo ? first_candidate(p, q) : lo;
	for (size_t c0 = lo; c0 < rows->count; c0 += CANDIDATE_CHUNK) {
		size_t c1 = c0 + CANDIDATE_CHUNK < rows->count ? c0 + CANDIDATE_CHUNK : rows->count;
		bool cached = false; /* the tile's first query streams the chunk in */
		for (size_t q = q0; q < q1; q++) {
			size_t from = first_candidate(p, q) > c0 ? first_candidate(p, q) : c0;
			if (from >= c1)
				continue;
			(cached ? p->kernel->range : p->kernel->stream)(rows->clk + q * rows->words,
								       rows->clk, rows->words, from,
								       c1 - from, counts);
			cached = true;
			score_row(p, w, (uint32_t)q, NULL, (uint32_t)from, c1 - from, counts);
		}
	}
}

static void all_pairs_range(void *context, unsigned worker, size_t begin, size_t end,
			    atomic_size_t *done)
{
	const struct pass *p = context;
	struct worker_out *w = &p->out[worker];

	/* tiles cut at multiples of QUERY_TILE, so that under MPI a tile's rank (its number
	 * modulo the ranks) does not depend on the threads' ranges */
	for (size_t q = begin; q < end && !w->failed;) {
		size_t q1 = (q / QUERY_TILE + 1) * QUERY_TILE < end ? (q / QUERY_TILE + 1) * QUERY_TILE
								    : end;
		if (dist_owns(q / QUERY_TILE))
			tile(p, w, q, q1);
		atomic_fetch_add(done, q1 - q);
		q = q1;
	}
}

/* ----- the passes ----- */

static unsigned thread_count(const vmap_linker *l)
{
	return l->settings.threads ? l->settings.threads : 1;
}

int enc_run_pass(struct encoded_link *e, vmap_linker *l, struct pass *p)
{
	int rc = VMAP_OK;

	p->threads = thread_count(l);
	p->out = alloc_array(p->threads, sizeof *p->out);
	if (!p->out)
		return diag_nomem(&l->diag, "comparing encodings");
	if (e->all_pairs) {
		struct parallel_job job = {all_pairs_range, p, p->rows->count, p->threads, NULL, NULL};
		parallel_run(&job);
	} else {
		rc = enc_run_blocked(e, p, l);
	}
	return rc;
}
