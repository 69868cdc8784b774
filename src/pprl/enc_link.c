/*
 * enc_link.c - `link --encoded`: linking encoded files on a vmap_linker.
 *
 * Each file's records join the linker's record set with their record ids only (no field
 * values exist), so clustering and every writer are link's own. A run:
 *   1. candidates: all pairs the mode allows when there are at most ALL_PAIRS_MAX (tiled:
 *      a tile of queries against a chunk of candidates that stays in cache), else the pairs
 *      that share a blocking token (token s skips pairs an earlier token produced);
 *   2. pass one counts each candidate's Dice (2|A AND B| / (|A| + |B|)) into histograms of
 *      0.001 bins (all pairs, and each record's best pair with each dataset), one pair of
 *      histograms for pairs across datasets and one for pairs within a dataset (different
 *      populations: a file may hold no duplicates at all), each split by the pair's token
 *      class (which blocking tokens the two records share: namesakes share a name token and
 *      score high, a record's match usually shares its date of birth), one score model per
 *      kind and class (dice_model.c);
 *   3. pass two keeps the pairs at or above the pairs threshold through an integer table
 *      (cmin[class][|A| + |B|]: the least AND count that reaches the class's cut), so every
 *      kernel keeps the same pairs with the same scores;
 *   4. one-to-one across datasets (each record keeps its best pair with each other
 *      dataset), then clusters of pairs at or above the threshold.
 * Workers own fixed ranges of queries (or blocks) and their own results, merged in worker
 * order and sorted: results never depend on the thread count.
 */
#include "pprl.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/json_out.h"
#include "core/parallel.h"
#include "link/linker.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALL_PAIRS_MAX (1ull << 27)
#define ENCODED_THRESHOLD 0.5
#define QUERY_TILE 32
#define CANDIDATE_CHUNK 1024
#define TOKEN_CLASSES (1u << PPRL_BLOCK_TOKENS)

struct encoded_link {
	struct encoded_file first;   /* the first file's header: settings all must share */
	uint64_t *clk;               /* every record's encoding, 64-byte aligned */
	uint32_t *pop;               /* popcount of each encoding */
	uint64_t *tokens;            /* PPRL_BLOCK_TOKENS per record */
	size_t count, capacity;
	size_t *first_of;            /* first record of each dataset; [datasets] = count */
	unsigned bits, words;
	/* results */
	bool all_pairs;
	uint64_t candidates;
	size_t blocks_skipped;
	/* [ACROSS]: pairs across datasets, [WITHIN]: pairs within one; then the pair's
	 * token class (which blocking tokens the two records share) */
	uint64_t hist[2][TOKEN_CLASSES][DICE_BINS];
	uint64_t best_hist[2][TOKEN_CLASSES][DICE_BINS]; /* each record's best pair, counted once */
	struct dice_model model[2][TOKEN_CLASSES];
	unsigned cut_pairs[2][TOKEN_CLASSES], cut_threshold[2][TOKEN_CLASSES]; /* thousandths */
	const char *kernel;
	double seconds_compare;
};

enum pair_kind { ACROSS, WITHIN };

struct worker_out {
	uint64_t hist[2][TOKEN_CLASSES][DICE_BINS];
	struct scored_pair *kept;
	size_t kept_count, kept_capacity;
	uint64_t candidates;
	size_t blocks_skipped;
	bool failed;
};

struct pass {
	const vmap_linker *l;
	const struct encoded_link *e;
	const struct dice_kernel *kernel;
	bool keep;                 /* pass two: keep pairs; pass one: count the histogram */
	const uint32_t *cmin[2][TOKEN_CLASSES]; /* pass two: least AND count to keep, by kind,
						 * token class and |A| + |B| */
	const uint32_t *cmin_any[2]; /* the least of cmin[kind][*][s]: most pairs stop here */
	_Atomic uint64_t *best;    /* pass one: each record's best pair with each dataset */
	const uint64_t *bin_magic; /* pass one: (c * bin_magic[s]) >> 40 = floor(2000 c / s) */
	const uint64_t *fine_magic; /* pass one: (c * fine_magic[s]) >> 31, about c 2^21 / s */
	struct worker_out *out;    /* one per thread */
	unsigned threads;
	/* blocking */
	size_t slot;
	const uint32_t *order;     /* records with a token in this slot, by (token, record) */
	const size_t *block_start; /* blocks of `order`; [blocks] = its length */
};

static void encoded_free(void *data)
{
	struct encoded_link *e = data;

	if (!e)
		return;
	encoded_release(&e->first);
	free(e->clk);
	free(e->pop);
	free(e->tokens);
	free(e->first_of);
	free(e);
}

/* The pair's token class: bit s set when both records hold the same blocking token s. */
static inline unsigned token_class(const uint64_t *tokens, uint32_t i, uint32_t j)
{
	const uint64_t *a = tokens + (size_t)i * PPRL_BLOCK_TOKENS;
	const uint64_t *b = tokens + (size_t)j * PPRL_BLOCK_TOKENS;
	unsigned c = 0;

	for (unsigned s = 0; s < PPRL_BLOCK_TOKENS; s++)
		c |= (unsigned)(a[s] && a[s] == b[s]) << s;
	return c;
}

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

static void score(const struct pass *p, struct worker_out *w, uint32_t i, uint32_t j,
		  uint32_t and_count)
{
	uint32_t s = p->e->pop[i] + p->e->pop[j];
	enum pair_kind kind = p->l->set.records[i].dataset == p->l->set.records[j].dataset;

	w->candidates++;
	if (!p->keep) {
		uint64_t bin = (and_count * p->bin_magic[s]) >> 40;
		uint64_t fine = (and_count * p->fine_magic[s]) >> 31;
		unsigned c = token_class(p->e->tokens, i, j);
		w->hist[kind][c][bin < DICE_BINS ? bin : DICE_BINS - 1]++;
		size_t d = p->l->set.dataset_count;
		offer(&p->best[(size_t)i * d + p->l->set.records[j].dataset], fine << 32 | (UINT32_MAX - j));
		offer(&p->best[(size_t)j * d + p->l->set.records[i].dataset], fine << 32 | (UINT32_MAX - i));
	} else if (and_count >= p->cmin_any[kind][s]) {
		unsigned c = token_class(p->e->tokens, i, j);
		double dice = s ? 2.0 * and_count / s : 0;
		if (and_count >= p->cmin[kind][c][s])
			keep_pair(w, i, j, dice_model_weight(&p->e->model[kind][c], dice));
	}
}

static bool allowed(const vmap_linker *l, uint32_t i, uint32_t j)
{
	return pair_allowed(l->settings.mode, &l->set.records[i], &l->set.records[j]);
}

/* ----- all pairs, tiled ----- */

/* The first record query i is compared with (all later ones must be allowed pairs). */
static size_t first_candidate(const struct pass *p, size_t i)
{
	if (p->l->settings.mode == MODE_LINK_ONLY)
		return p->e->first_of[p->l->set.records[i].dataset + 1];
	return i + 1;
}

static void tile(const struct pass *p, struct worker_out *w, size_t q0, size_t q1)
{
	const struct encoded_link *e = p->e;
	uint32_t counts[CANDIDATE_CHUNK];
	size_t lo = first_candidate(p, q0);

	for (size_t q = q0 + 1; q < q1; q++)
		lo = first_candidate(p, q) < lo ? first_candidate(p, q) : lo;
	for (size_t c0 = lo; c0 < e->count; c0 += CANDIDATE_CHUNK) {
		size_t c1 = c0 + CANDIDATE_CHUNK < e->count ? c0 + CANDIDATE_CHUNK : e->count;
		for (size_t q = q0; q < q1; q++) {
			size_t from = first_candidate(p, q) > c0 ? first_candidate(p, q) : c0;
			if (from >= c1)
				continue;
			p->kernel->range(e->clk + q * e->words, e->clk, e->words, from, c1 - from,
					 counts);
			for (size_t k = 0; k < c1 - from; k++)
				score(p, w, (uint32_t)q, (uint32_t)(from + k), counts[k]);
		}
	}
}

static void all_pairs_range(void *context, unsigned worker, size_t begin, size_t end,
			    atomic_size_t *done)
{
	const struct pass *p = context;
	struct worker_out *w = &p->out[worker];

	for (size_t q = begin; q < end && !w->failed; q += QUERY_TILE) {
		size_t q1 = q + QUERY_TILE < end ? q + QUERY_TILE : end;
		tile(p, w, q, q1);
		atomic_fetch_add(done, q1 - q);
	}
}

/* ----- blocked candidates ----- */

static bool covered_earlier(const struct pass *p, uint32_t i, uint32_t j)
{
	const uint64_t *t = p->e->tokens;

	for (size_t s = 0; s < p->slot; s++) {
		uint64_t a = t[(size_t)i * PPRL_BLOCK_TOKENS + s];
		if (a && a == t[(size_t)j * PPRL_BLOCK_TOKENS + s])
			return true;
	}
	return false;
}

static void walk_block(const struct pass *p, struct worker_out *w, size_t block,
		       uint32_t *idx, uint32_t *counts)
{
	size_t start = p->block_start[block], end = p->block_start[block + 1];

	if (end - start > p->l->settings.max_block) {
		w->blocks_skipped += !p->keep;
		return;
	}
	for (size_t a = start; a + 1 < end; a++) {
		uint32_t i = p->order[a];
		size_t n = 0;
		for (size_t b = a + 1; b < end; b++) {
			uint32_t j = p->order[b];
			if (allowed(p->l, i, j) && !covered_earlier(p, i, j))
				idx[n++] = j;
		}
		if (!n)
			continue;
		p->kernel->indexed(p->e->clk + (size_t)i * p->e->words, p->e->clk, p->e->words, idx,
				   n, counts);
		for (size_t k = 0; k < n; k++)
			score(p, w, i, idx[k], counts[k]);
	}
}

static void blocks_range(void *context, unsigned worker, size_t begin, size_t end,
			 atomic_size_t *done)
{
	const struct pass *p = context;
	struct worker_out *w = &p->out[worker];
	size_t most = p->l->settings.max_block + 1;
	uint32_t *idx = alloc_array(most, sizeof *idx), *counts = alloc_array(most, sizeof *counts);

	w->failed = w->failed || !idx || !counts;
	for (size_t b = begin; b < end && !w->failed; b++) {
		walk_block(p, w, b, idx, counts);
		atomic_fetch_add(done, 1);
	}
	free(idx);
	free(counts);
}

struct token_row {
	uint64_t token;
	uint32_t record;
};

static int by_token(const void *a, const void *b)
{
	const struct token_row *x = a, *y = b;

	if (x->token != y->token)
		return x->token < y->token ? -1 : 1;
	return x->record < y->record ? -1 : x->record > y->record;
}

/* The records with a token in `slot`, sorted, and where each block of one token starts. */
static int slot_blocks(const struct encoded_link *e, size_t slot, uint32_t **order,
		       size_t **starts, size_t *blocks)
{
	struct token_row *rows = alloc_array(e->count ? e->count : 1, sizeof *rows);
	size_t n = 0;

	*order = alloc_array(e->count ? e->count : 1, sizeof **order);
	*starts = alloc_array(e->count + 1, sizeof **starts);
	if (!rows || !*order || !*starts) {
		free(rows);
		return -1;
	}
	for (size_t r = 0; r < e->count; r++)
		if (e->tokens[r * PPRL_BLOCK_TOKENS + slot])
			rows[n++] = (struct token_row){e->tokens[r * PPRL_BLOCK_TOKENS + slot],
						       (uint32_t)r};
	qsort(rows, n, sizeof *rows, by_token);
	*blocks = 0;
	for (size_t r = 0; r < n; r++) {
		(*order)[r] = rows[r].record;
		if (r == 0 || rows[r].token != rows[r - 1].token)
			(*starts)[(*blocks)++] = r;
	}
	(*starts)[*blocks] = n;
	free(rows);
	return 0;
}

/* ----- the passes ----- */

static unsigned thread_count(const vmap_linker *l)
{
	return l->settings.threads ? l->settings.threads : 1;
}

static int run_blocked(struct pass *p, vmap_linker *l)
{
	for (size_t s = 0; s < PPRL_BLOCK_TOKENS; s++) {
		uint32_t *order = NULL;
		size_t *starts = NULL, blocks = 0;
		struct parallel_job job = {blocks_range, p, 0, p->threads, NULL, NULL};
		if (slot_blocks(p->e, s, &order, &starts, &blocks)) {
			free(order);
			free(starts);
			return diag_nomem(&l->diag, "blocking encoded records");
		}
		p->slot = s;
		p->order = order;
		p->block_start = starts;
		job.count = blocks;
		parallel_run(&job);
		free(order);
		free(starts);
	}
	return VMAP_OK;
}

static int run_pass(struct encoded_link *e, vmap_linker *l, struct pass *p)
{
	int rc = VMAP_OK;

	p->threads = thread_count(l);
	p->out = alloc_array(p->threads, sizeof *p->out);
	if (!p->out)
		return diag_nomem(&l->diag, "comparing encodings");
	if (e->all_pairs) {
		struct parallel_job job = {all_pairs_range, p, e->count, p->threads, NULL, NULL};
		parallel_run(&job);
	} else {
		rc = run_blocked(p, l);
	}
	return rc;
}

/* Adds the workers' results in worker order; the kept pairs go to the linker. */
static int merge(struct encoded_link *e, vmap_linker *l, struct pass *p)
{
	int rc = VMAP_OK;

	for (unsigned t = 0; t < p->threads; t++) {
		struct worker_out *w = &p->out[t];
		if (w->failed)
			rc = diag_nomem(&l->diag, "comparing encodings");
		if (!p->keep) {
			for (int k = ACROSS; k <= WITHIN; k++)
				for (size_t c = 0; c < TOKEN_CLASSES; c++)
					for (size_t b = 0; b < DICE_BINS; b++)
						e->hist[k][c][b] += w->hist[k][c][b];
			e->candidates += w->candidates;
			e->blocks_skipped += w->blocks_skipped;
		} else if (!rc && w->kept_count) {
			void *pairs = realloc_array(l->pairs, l->pair_count + w->kept_count,
						    sizeof *l->pairs);
			if (!pairs) {
				rc = diag_nomem(&l->diag, "comparing encodings");
			} else {
				l->pairs = pairs;
				memcpy(l->pairs + l->pair_count, w->kept,
				       w->kept_count * sizeof *w->kept);
				l->pair_count += w->kept_count;
			}
		}
		free(w->kept);
	}
	free(p->out);
	p->out = NULL;
	return rc;
}

/* cmin[s]: the least AND count c with 2c / s >= cut / 1000, i.e. 2000 c >= cut s. */
static void cut_table(const struct encoded_link *e, unsigned cut, uint32_t *cmin)
{
	for (size_t s = 0; s <= 2 * (size_t)e->bits; s++) {
		uint64_t need = (uint64_t)cut * s;
		cmin[s] = cut > DICE_BINS ? UINT32_MAX : (uint32_t)((need + 1999) / 2000);
	}
}

/* Every kind's and class's table, and their least, in one block (the caller frees cmin_any[0]). */
static int cut_tables(const struct encoded_link *e, struct pass *p)
{
	size_t n = 2 * (size_t)e->bits + 1;
	uint32_t *block = alloc_array(2 * (TOKEN_CLASSES + 1) * n, sizeof *block);

	if (!block)
		return -1;
	for (int k = ACROSS; k <= WITHIN; k++) {
		uint32_t *any = block + (size_t)k * (TOKEN_CLASSES + 1) * n;
		p->cmin_any[k] = any;
		for (size_t s = 0; s < n; s++)
			any[s] = UINT32_MAX;
		for (size_t c = 0; c < TOKEN_CLASSES; c++) {
			uint32_t *t = any + (c + 1) * n;
			cut_table(e, e->cut_pairs[k][c], t);
			for (size_t s = 0; s < n; s++)
				any[s] = t[s] < any[s] ? t[s] : any[s];
			p->cmin[k][c] = t;
		}
	}
	return 0;
}

/* The histogram of best pairs: record r's best with dataset d, unless r is its partner's
 * best too and the partner comes first (then the pair was counted there). */
static void best_histogram(struct encoded_link *e, const vmap_linker *l, _Atomic uint64_t *best)
{
	size_t datasets = l->set.dataset_count;

	for (size_t r = 0; r < e->count; r++) {
		size_t own = l->set.records[r].dataset;
		for (size_t d = 0; d < datasets; d++) {
			uint64_t key = atomic_load(&best[r * datasets + d]);
			uint32_t partner = UINT32_MAX - (uint32_t)key, c;
			if (!key)
				continue;
			if (partner < r && UINT32_MAX - (uint32_t)atomic_load(
						   &best[(size_t)partner * datasets + own]) == r)
				continue;
			dice_scalar.range(e->clk + r * e->words, e->clk, e->words, partner, 1, &c);
			e->best_hist[d == own][token_class(e->tokens, (uint32_t)r, partner)]
				    [dice_bin(c, e->pop[r] + e->pop[partner])]++;
		}
	}
}

/* Multipliers that turn divisions by s = |A| + |B| into a multiply and a shift (the first
 * exact, see dice_bin_magic; the second only orders best pairs, so it need not be). */
static int magic_tables(const struct encoded_link *e, uint64_t **bin, uint64_t **fine)
{
	size_t n = 2 * (size_t)e->bits + 1;

	*bin = alloc_array(n, sizeof **bin);
	*fine = alloc_array(n, sizeof **fine);
	if (!*bin || !*fine)
		return -1;
	for (size_t s = 1; s < n; s++) {
		(*bin)[s] = dice_bin_magic((uint32_t)s);
		(*fine)[s] = ((1ull << 52) + s - 1) / s;
	}
	return 0;
}

/* The models of one kind of pairs, one per token class, and their cuts. */
static void fit_models(struct encoded_link *e, int k, double keep_p, double threshold)
{
	dice_model_fit_classes(e->model[k], TOKEN_CLASSES, (const uint64_t(*)[DICE_BINS])e->hist[k],
			       (const uint64_t(*)[DICE_BINS])e->best_hist[k]);
	for (size_t c = 0; c < TOKEN_CLASSES; c++) {
		e->cut_pairs[k][c] = dice_model_cut(&e->model[k][c], keep_p);
		e->cut_threshold[k][c] = dice_model_cut(&e->model[k][c], threshold);
	}
}

static int compare_all(struct encoded_link *e, vmap_linker *l)
{
	struct pass p = {.l = l, .e = e, .kernel = dice_current()};
	double keep_p = fmin(l->settings.pairs_threshold, l->settings.threshold);
	double start = clock_seconds();
	int rc;

	e->kernel = p.kernel->name;
	p.best = alloc_array(e->count * l->set.dataset_count + 1, sizeof *p.best);
	if (!p.best || magic_tables(e, (uint64_t **)&p.bin_magic, (uint64_t **)&p.fine_magic)) {
		free((void *)p.best);
		free((void *)p.bin_magic);
		free((void *)p.fine_magic);
		return diag_nomem(&l->diag, "comparing encodings");
	}
	linker_progress(l, "comparing encodings: scores (%s)", e->kernel);
	rc = run_pass(e, l, &p);
	if (!rc)
		rc = merge(e, l, &p);
	if (!rc)
		best_histogram(e, l, p.best);
	free((void *)p.best);
	free((void *)p.bin_magic);
	free((void *)p.fine_magic);
	if (rc)
		return rc;
	for (int k = ACROSS; k <= WITHIN; k++)
		fit_models(e, k, keep_p, l->settings.threshold);
	p.keep = true;
	if (cut_tables(e, &p))
		return diag_nomem(&l->diag, "comparing encodings");
	linker_progress(l, "comparing encodings: pairs at or above the threshold");
	rc = run_pass(e, l, &p);
	if (!rc)
		rc = merge(e, l, &p);
	free((void *)p.cmin_any[ACROSS]);
	e->seconds_compare = clock_seconds() - start;
	return rc;
}

/* ----- the run ----- */

static double allowed_pairs(const struct encoded_link *e, const vmap_linker *l)
{
	double n = (double)e->count, within = 0;

	if (l->settings.mode != MODE_LINK_ONLY)
		return n * (n - 1) / 2;
	for (size_t d = 0; d < l->set.dataset_count; d++) {
		double k = (double)(e->first_of[d + 1] - e->first_of[d]);
		within += k * (k - 1) / 2;
	}
	return n * (n - 1) / 2 - within;
}

static uint64_t total(const uint64_t hist[DICE_BINS])
{
	uint64_t n = 0;

	for (size_t b = 0; b < DICE_BINS; b++)
		n += hist[b];
	return n;
}

static uint64_t kind_total(const struct encoded_link *e, int kind)
{
	uint64_t n = 0;

	for (size_t c = 0; c < TOKEN_CLASSES; c++)
		n += total(e->hist[kind][c]);
	return n;
}

/* Matches the models expect among all candidates. */
static double expected_matches(const struct encoded_link *e)
{
	double n = 0;

	for (int k = ACROSS; k <= WITHIN; k++)
		for (size_t c = 0; c < TOKEN_CLASSES; c++)
			n += e->model[k][c].lambda * (double)total(e->hist[k][c]);
	return n;
}

static bool any_fitted(const struct encoded_link *e, int kind)
{
	for (size_t c = 0; c < TOKEN_CLASSES; c++)
		if (e->model[kind][c].fitted)
			return true;
	return false;
}

static void weight_histogram(struct encoded_link *e, vmap_linker *l)
{
	for (int k = ACROSS; k <= WITHIN; k++)
		for (size_t c = 0; c < TOKEN_CLASSES; c++)
			for (size_t b = 0; b < DICE_BINS; b++) {
				double w;
				long bin;
				if (!e->hist[k][c][b])
					continue;
				w = dice_model_weight(&e->model[k][c], ((double)b + 0.5) / DICE_BINS);
				bin = isfinite(w) ? lround(w) - HIST_MIN : (w > 0 ? HIST_BINS - 1 : 0);
				bin = bin < 0 ? 0 : bin >= HIST_BINS ? HIST_BINS - 1 : bin;
				l->histogram[bin] += e->hist[k][c][b];
			}
}

static int check_settings(vmap_linker *l)
{
	if (!l->settings.mode_set)
		l->settings.mode = l->spec_count == 1 ? MODE_DEDUPE : MODE_LINK_AND_DEDUPE;
	if (!l->settings.one_to_one_set)
		l->settings.one_to_one = true;
	/* The Dice model's probabilities are rougher than Fellegi-Sunter's, and one-to-one guards
	 * precision: the Bayes cut, 0.5, is the default (measured in docs/privacy.md). */
	if (!l->settings.threshold_set)
		l->settings.threshold = ENCODED_THRESHOLD;
	if (l->settings.rule_count || l->settings.fields_set || l->model_loaded)
		return diag_fail(&l->diag, VMAP_USAGE,
				 "encoded files have no fields: blocking rules, compare and "
				 "--model do not apply (their blocking tokens are used)");
	return VMAP_OK;
}

static int make_clusters(struct encoded_link *e, vmap_linker *l)
{
	size_t n = l->set.count;

	(void)e;
	pairs_sort(l->pairs, l->pair_count);
	if (l->settings.one_to_one) {
		bool *used = alloc_array(n * l->set.dataset_count + 1, sizeof *used);
		if (!used)
			return diag_nomem(&l->diag, "clustering");
		one_per_dataset(l->pairs, l->pair_count, &l->set, used);
		free(used);
	}
	l->cluster = alloc_array(n ? n : 1, sizeof *l->cluster);
	if (!l->cluster ||
	    cluster_pairs(l->pairs, l->pair_count, weight_of_probability(l->settings.threshold), n,
			  l->cluster, &l->cluster_count))
		return diag_nomem(&l->diag, "clustering");
	return VMAP_OK;
}

static int encoded_run(vmap_linker *l)
{
	struct encoded_link *e = l->encoded;
	double start = clock_seconds();
	int rc;

	if (l->ran)
		return diag_fail(&l->diag, VMAP_USAGE, "the linker has already run");
	rc = check_settings(l);
	if (rc)
		return rc;
	l->ran = true;
	e->all_pairs = allowed_pairs(e, l) <= (l->settings.all_pairs_max >= 0
							 ? l->settings.all_pairs_max
							 : (double)ALL_PAIRS_MAX);
	l->training.possible_pairs = (uint64_t)allowed_pairs(e, l);
	l->training.records = l->set.count;
	rc = compare_all(e, l);
	if (!rc && l->spec_count > 1 && !any_fitted(e, ACROSS))
		linker_warn(l, "no second mode in the Dice scores across files: nothing links "
			       "across them (were the files encoded with the same key?)");
	l->compared = e->candidates;
	l->seconds_compare = e->seconds_compare;
	l->training.estimated_matches = expected_matches(e);
	l->model.prior = e->candidates ? l->training.estimated_matches / (double)e->candidates : 0;
	weight_histogram(e, l);
	if (e->blocks_skipped)
		linker_warn(l, "blocking tokens: %zu blocks of more than %zu records skipped",
			    e->blocks_skipped, l->settings.max_block);
	if (!rc)
		rc = make_clusters(e, l);
	l->seconds_total = clock_seconds() - start;
	return rc;
}

static double cut_value(unsigned cut)
{
	return cut > DICE_BINS ? 1.0 : cut / (double)DICE_BINS;
}

/* "sl+dob": the blocking tokens a token class shares ("none" for none). */
static void class_name(size_t c, char *out, size_t size)
{
	static const char *const names[PPRL_BLOCK_TOKENS] = {"sl", "sfl", "pc", "dob"};
	size_t n = 0;

	out[0] = 0;
	for (size_t t = 0; t < PPRL_BLOCK_TOKENS; t++)
		if (c >> t & 1)
			n += (size_t)snprintf(out + n, size - n, "%s%s", n ? "+" : "", names[t]);
	if (!n)
		snprintf(out, size, "none");
}

static void class_summary(const struct encoded_link *e, int k, struct json_out *j, cJSON *list)
{
	for (size_t c = 0; c < TOKEN_CLASSES; c++) {
		const struct dice_model *model = &e->model[k][c];
		char name[32];
		cJSON *m;
		if (!total(e->hist[k][c]))
			continue;
		m = json_add_object(j, list, NULL);
		class_name(c, name, sizeof name);
		json_add_string(j, m, "shared_tokens", name);
		json_add_number(j, m, "candidates", (double)total(e->hist[k][c]));
		json_add_number(j, m, "dice_threshold", cut_value(e->cut_threshold[k][c]));
		json_add_bool(j, m, "fitted", model->fitted);
		json_add_number(j, m, "best_pairs", (double)model->best_pairs);
		json_add_number(j, m, "match_share", model->lambda);
		json_add_number(j, m, "non_match_mean", model->mean[0]);
		json_add_number(j, m, "non_match_sd", model->sd[0]);
		json_add_number(j, m, "match_mean", model->mean[1]);
		json_add_number(j, m, "match_sd", model->sd[1]);
	}
}

static void encoded_summary(const vmap_linker *l, struct json_out *j)
{
	const struct encoded_link *e = l->encoded;
	cJSON *o = json_add_object(j, j->root, "encoded");

	json_add_string(j, o, "settings", e->first.settings);
	json_add_string(j, o, "settings_sha256", e->first.settings_hash);
	json_add_number(j, o, "bits", e->bits);
	json_add_string(j, o, "kernel", e->kernel ? e->kernel : "");
	json_add_string(j, o, "candidates", e->all_pairs ? "all_pairs" : "blocking_tokens");
	json_add_number(j, o, "blocks_skipped_as_too_large", (double)e->blocks_skipped);
	for (int k = ACROSS; k <= WITHIN; k++) {
		cJSON *m = json_add_object(j, o, k == ACROSS ? "across_datasets" : "within_datasets");
		unsigned lowest = DICE_BINS + 1;
		for (size_t c = 0; c < TOKEN_CLASSES; c++)
			lowest = e->cut_threshold[k][c] < lowest ? e->cut_threshold[k][c] : lowest;
		json_add_number(j, m, "candidates", (double)kind_total(e, k));
		json_add_number(j, m, "dice_threshold", cut_value(lowest));
		json_add_bool(j, m, "fitted", any_fitted(e, k));
		class_summary(e, k, j, json_add_array(j, m, "by_shared_tokens"));
	}
}

/* ----- adding a file ----- */

static int grow_records(vmap_linker *l, struct encoded_link *e, const struct encoded_file *f)
{
	struct record_set *set = &l->set;
	size_t n = set->count + f->count, d = set->dataset_count;
	void *records = realloc_array(set->records, n ? n : 1, sizeof *set->records);
	void *first_of = realloc_array(e->first_of, d + 2, sizeof *e->first_of);

	if (records)
		set->records = records;
	if (first_of)
		e->first_of = first_of;
	if (!records || !first_of)
		return diag_nomem(&l->diag, "adding an encoded file");
	return records_add_dataset(set, (uint32_t)d, &l->diag);
}

static int grow_encodings(vmap_linker *l, struct encoded_link *e, size_t more)
{
	size_t n = e->count + more, words = e->words;
	uint64_t *clk = aligned_alloc(64, ((n ? n : 1) * words * 8 + 63) / 64 * 64);
	void *pop = realloc_array(e->pop, n ? n : 1, sizeof *e->pop);
	void *tokens = realloc_array(e->tokens, n ? n : 1, PPRL_BLOCK_TOKENS * sizeof *e->tokens);

	if (pop)
		e->pop = pop;
	if (tokens)
		e->tokens = tokens;
	if (!clk || !pop || !tokens) {
		free(clk);
		return diag_nomem(&l->diag, "adding an encoded file");
	}
	if (e->count)
		memcpy(clk, e->clk, e->count * words * 8);
	free(e->clk);
	e->clk = clk;
	return VMAP_OK;
}

static int add_spec(vmap_linker *l, const struct encoded_file *f)
{
	void *specs = realloc_array(l->specs, l->spec_count + 1, sizeof *l->specs);
	struct dataset_spec *spec;

	if (!specs)
		return diag_nomem(&l->diag, "adding an encoded file");
	l->specs = specs;
	spec = &l->specs[l->spec_count];
	memset(spec, 0, sizeof *spec);
	spec->id = alloc_strdup(f->dataset);
	spec->spec_path = alloc_strdup(f->path);
	spec->data_path = alloc_strdup(f->path);
	l->spec_count++;
	if (!spec->id || !spec->spec_path || !spec->data_path)
		return diag_nomem(&l->diag, "adding an encoded file");
	for (size_t s = 0; s + 1 < l->spec_count; s++)
		if (strcmp(l->specs[s].id, spec->id) == 0)
			return diag_fail(&l->diag, VMAP_INPUT, "%s:2:9: dataset id '%s' is already "
					 "used by %s", f->path, spec->id, l->specs[s].spec_path);
	return VMAP_OK;
}

static int append_file(vmap_linker *l, struct encoded_link *e, const struct encoded_file *f)
{
	uint32_t d = (uint32_t)l->set.dataset_count;
	int rc = grow_records(l, e, f);

	if (!rc)
		rc = grow_encodings(l, e, f->count);
	if (!rc)
		rc = add_spec(l, f);
	if (rc)
		return rc;
	e->first_of[d] = e->count;
	for (size_t r = 0; r < f->count; r++) {
		struct record *rec = &l->set.records[l->set.count];
		memset(rec, 0, sizeof *rec);
		rec->nickname[0] = rec->nickname[1] = -1;
		rec->dataset = d;
		rec->record_id = arena_strndup(&l->set.arena, f->record_id[r],
					       strlen(f->record_id[r]));
		if (!rec->record_id)
			return diag_nomem(&l->diag, "adding an encoded file");
		l->set.count++;
		memcpy(e->clk + e->count * e->words, f->clk + r * e->words, e->words * 8);
		memcpy(e->tokens + e->count * PPRL_BLOCK_TOKENS, f->tokens + r * PPRL_BLOCK_TOKENS,
		       PPRL_BLOCK_TOKENS * sizeof *e->tokens);
		e->pop[e->count] = popcount_words(f->clk + r * e->words, e->words);
		e->count++;
	}
	l->set.dataset_count = d + 1;
	e->first_of[d + 1] = e->count;
	return VMAP_OK;
}

static int start_encoded(vmap_linker *l, const struct encoded_file *f)
{
	struct encoded_link *e;

	if (l->spec_count)
		return diag_fail(&l->diag, VMAP_USAGE, "%s: encoded files cannot be linked with "
				 "dataset specs: encode every dataset", f->path);
	e = alloc_array(1, sizeof *e);
	if (!e)
		return diag_nomem(&l->diag, "adding an encoded file");
	l->encoded = e;
	l->encoded_run = encoded_run;
	l->encoded_free = encoded_free;
	l->encoded_summary = encoded_summary;
	e->first.path = alloc_strdup(f->path);
	e->first.dataset = alloc_strdup(f->dataset);
	e->first.settings = alloc_strdup(f->settings);
	memcpy(e->first.settings_hash, f->settings_hash, sizeof f->settings_hash);
	e->first.bits = e->bits = f->bits;
	e->words = f->bits / 64;
	if (!e->first.path || !e->first.dataset || !e->first.settings)
		return diag_nomem(&l->diag, "adding an encoded file");
	return VMAP_OK;
}

int vmap_linker_add_encoded(vmap_linker *l, const char *path)
{
	struct encoded_file f;
	int rc;

	diag_clear(&l->diag);
	if (l->ran)
		return diag_fail(&l->diag, VMAP_USAGE, "the linker has already run");
	linker_progress(l, "reading %s", path);
	rc = encoded_read(&f, path, &l->diag);
	if (!rc && l->encoded)
		rc = encoded_check_same(&((struct encoded_link *)l->encoded)->first, &f, &l->diag);
	else if (!rc)
		rc = start_encoded(l, &f);
	if (!rc)
		rc = append_file(l, l->encoded, &f);
	encoded_release(&f);
	return rc;
}
