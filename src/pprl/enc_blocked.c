/*
 * enc_blocked.c - the candidates of encoded linkage from the keyed blocking tokens.
 *
 * Slot s (0 .. PPRL_BLOCK_TOKENS - 1): the records that hold the same token s form a block,
 * and the pairs inside it are compared. A block over max_block records (a common name sound,
 * a crowded district at a million records) is not walked whole: it is refined, as cleartext
 * linkage refines its big blocks, by a second token. For each slot pair c = (u, t), u < t,
 * the records whose blocks of both u and t are big are grouped by (token u, token t), and
 * each such sub-block of at most max_block records is walked. So a pair is compared when it
 * shares a token whose block is small, or two tokens whose blocks are both big and whose
 * sub-block is small; only sub-blocks still over max_block are skipped (and counted). Each
 * pair is compared once:
 *   - slot s skips the pairs that share an earlier slot whose block is small;
 *   - slot pair c skips the pairs that share any slot whose block is small, or an earlier
 *     slot pair whose sub-block was walked.
 * Small blocks are walked exactly as before refining existed, so runs without big blocks
 * compare the same pairs. Which blocks are big and which sub-blocks are walked is counted
 * before the walk (enc_share.c: the rows' big and refined bits), so a block is formed here
 * only from rows whose block it is to walk. Under MPI a rank forms and walks the blocks (and
 * sub-blocks) whose keys are in its range (dist_owner), from the rows that travelled to it
 * (enc_share.c); workers take fixed ranges of blocks, and results never depend on the thread
 * count.
 */
#include "enc_link.h"

#include "core/alloc.h"
#include "core/dist.h"
#include "core/parallel.h"

#include <stdlib.h>

struct key_row {
	uint64_t key;
	uint32_t record;
};

/* Blocks of one slot or slot pair: rows by (key, row), where each block starts. */
struct blocks {
	uint32_t *order;
	size_t *start; /* [count] = the number of rows */
	size_t count;
};

void slot_pair(unsigned c, unsigned *u, unsigned *t)
{
	for (*u = 0;; ++*u) {
		unsigned later = PPRL_BLOCK_TOKENS - 1 - *u;
		if (c < later) {
			*t = *u + 1 + c;
			return;
		}
		c -= later;
	}
}

static uint64_t token(const struct enc_rows *rows, uint32_t r, unsigned s)
{
	return rows->tokens[(size_t)r * PPRL_BLOCK_TOKENS + s];
}

static bool shares(const struct enc_rows *rows, uint32_t i, uint32_t j, unsigned s)
{
	uint64_t a = token(rows, i, s);

	return a && a == token(rows, j, s);
}

/* A sub-block's key from its two tokens (uniform: the tokens are HMAC outputs). */
uint64_t pair_key(unsigned c, uint64_t a, uint64_t b)
{
	uint64_t x = a ^ (b << 29 | b >> 35) ^ (c + 1) * 0x9e3779b97f4a7c15ull;

	x = (x ^ x >> 30) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ x >> 27) * 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x ? x : 1;
}

/* ----- walking ----- */

/* As pair_allowed for the two rows' records (rows carry their datasets). */
static bool allowed(const struct pass *p, uint32_t i, uint32_t j)
{
	return p->l->settings.mode != MODE_LINK_ONLY || p->rows->dataset[i] != p->rows->dataset[j];
}

/* Whether an earlier step compared the pair (see the top of the file). */
static bool covered_earlier(const struct pass *p, uint32_t i, uint32_t j)
{
	const struct enc_rows *rows = p->rows;
	unsigned slots = p->slot < PPRL_BLOCK_TOKENS ? p->slot : PPRL_BLOCK_TOKENS;

	for (unsigned s = 0; s < slots; s++)
		if (!(rows->big[i] >> s & 1) && shares(rows, i, j, s))
			return true;
	for (unsigned c = 0; c + PPRL_BLOCK_TOKENS < p->slot; c++) {
		unsigned u, t;
		slot_pair(c, &u, &t);
		if ((rows->refined[i] >> c & 1) && shares(rows, i, j, u) && shares(rows, i, j, t))
			return true;
	}
	return false;
}

/* Whether the pair belongs to the block: always for a token's block; for a sub-block, both
 * tokens really shared (two keys could collide). */
static bool in_block(const struct pass *p, unsigned u, unsigned t, uint32_t i, uint32_t j)
{
	return p->slot < PPRL_BLOCK_TOKENS || (shares(p->rows, i, j, u) && shares(p->rows, i, j, t));
}

static void walk_block(const struct pass *p, struct worker_out *w, size_t block,
		       uint32_t *idx, uint32_t *counts)
{
	size_t start = p->block_start[block], end = p->block_start[block + 1];
	const struct enc_rows *rows = p->rows;
	unsigned u = 0, t = 0;

	if (p->slot >= PPRL_BLOCK_TOKENS)
		slot_pair(p->slot - PPRL_BLOCK_TOKENS, &u, &t);
	for (size_t a = start; a + 1 < end; a++) {
		uint32_t i = p->order[a];
		size_t n = 0;
		for (size_t b = a + 1; b < end; b++) {
			uint32_t j = p->order[b];
			if (allowed(p, i, j) && in_block(p, u, t, i, j) &&
			    !covered_earlier(p, i, j))
				idx[n++] = j;
		}
		if (!n)
			continue;
		p->kernel->indexed(rows->clk + (size_t)i * rows->words, rows->clk, rows->words, idx,
				   n, counts);
		score_row(p, w, i, idx, 0, n, counts);
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

/* ----- blocks ----- */

static int by_key(const void *a, const void *b)
{
	const struct key_row *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->record < y->record ? -1 : x->record > y->record;
}

static void blocks_free(struct blocks *b)
{
	free(b->order);
	free(b->start);
	*b = (struct blocks){0};
}

/* The rows of slot (or slot pair) `slot` whose block is walked here: each row's key there
 * when it has one, its block is not big (a token's) or is walked (a sub-block's), and the key
 * is in this rank's range. */
static size_t slot_rows(const struct enc_rows *rows, unsigned slot, struct key_row *out)
{
	unsigned u = 0, t = 0;
	size_t n = 0;

	if (slot >= PPRL_BLOCK_TOKENS)
		slot_pair(slot - PPRL_BLOCK_TOKENS, &u, &t);
	for (uint32_t r = 0; r < rows->count; r++) {
		uint64_t key;
		if (slot < PPRL_BLOCK_TOKENS) {
			key = token(rows, r, slot);
			if (!key || (rows->big[r] >> slot & 1))
				continue;
		} else {
			if (!(rows->refined[r] >> (slot - PPRL_BLOCK_TOKENS) & 1))
				continue;
			key = pair_key(slot - PPRL_BLOCK_TOKENS, token(rows, r, u), token(rows, r, t));
		}
		if (dist_owner(key) == dist_rank())
			out[n++] = (struct key_row){key, r};
	}
	return n;
}

/* The blocks of slot (or slot pair) `slot`, sorted by (key, row). */
static int make_blocks(const struct enc_rows *rows, unsigned slot, struct blocks *b)
{
	size_t count = rows->count ? rows->count : 1, n;
	struct key_row *keyed = alloc_array(count, sizeof *keyed);

	b->order = alloc_array(count, sizeof *b->order);
	b->start = alloc_array(count + 1, sizeof *b->start);
	if (!keyed || !b->order || !b->start) {
		free(keyed);
		blocks_free(b);
		return -1;
	}
	n = slot_rows(rows, slot, keyed);
	qsort(keyed, n, sizeof *keyed, by_key);
	b->count = 0;
	for (size_t r = 0; r < n; r++) {
		b->order[r] = keyed[r].record;
		if (r == 0 || keyed[r].key != keyed[r - 1].key)
			b->start[b->count++] = r;
	}
	b->start[b->count] = n;
	free(keyed);
	return 0;
}

int enc_run_blocked(struct encoded_link *e, struct pass *p, vmap_linker *l)
{
	bool refining = e->blocks_refined > 0;
	int rc = VMAP_OK;

	for (unsigned slot = 0; slot < PPRL_BLOCK_TOKENS + SLOT_PAIRS && !rc; slot++) {
		struct blocks b = {0};
		struct parallel_job job = {blocks_range, p, 0, p->threads, NULL, NULL};
		if (slot >= PPRL_BLOCK_TOKENS && !refining)
			break; /* no big block: nothing to refine */
		if (make_blocks(p->rows, slot, &b)) {
			rc = diag_nomem(&l->diag, "blocking encoded records");
			break;
		}
		p->slot = slot;
		p->order = b.order;
		p->block_start = b.start;
		job.count = b.count;
		parallel_run(&job);
		blocks_free(&b);
	}
	return rc;
}
