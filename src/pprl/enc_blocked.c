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
 * compare the same pairs. Blocks (and sub-blocks) are walked by the rank their key hashes to
 * under MPI (enc_dist.c); workers take fixed ranges of blocks, and results never depend on
 * the thread count.
 */
#include "enc_link.h"

#include "core/alloc.h"
#include "core/dist.h"
#include "core/parallel.h"

#include <stdlib.h>

#define SLOT_PAIRS (PPRL_BLOCK_TOKENS * (PPRL_BLOCK_TOKENS - 1) / 2)

struct key_row {
	uint64_t key;
	uint32_t record;
};

/* Blocks of one slot or slot pair: records by (key, record), where each block starts. */
struct blocks {
	uint32_t *order;
	size_t *start; /* [count] = the number of rows */
	uint64_t *key; /* each block's key */
	size_t count;
};

/* The slots (u, t) of slot pair c, in the order (0,1), (0,2), ..., (1,2), ... */
static void slot_pair(unsigned c, unsigned *u, unsigned *t)
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

static uint64_t token(const struct encoded_link *e, uint32_t r, unsigned s)
{
	return e->tokens[(size_t)r * PPRL_BLOCK_TOKENS + s];
}

static bool shares(const struct encoded_link *e, uint32_t i, uint32_t j, unsigned s)
{
	uint64_t a = token(e, i, s);

	return a && a == token(e, j, s);
}

/* A sub-block's key from its two tokens (uniform: the tokens are HMAC outputs). */
static uint64_t pair_key(unsigned c, uint64_t a, uint64_t b)
{
	uint64_t x = a ^ (b << 29 | b >> 35) ^ (c + 1) * 0x9e3779b97f4a7c15ull;

	x = (x ^ x >> 30) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ x >> 27) * 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x ? x : 1;
}

/* ----- walking ----- */

static bool allowed(const vmap_linker *l, uint32_t i, uint32_t j)
{
	return pair_allowed(l->settings.mode, &l->set.records[i], &l->set.records[j]);
}

/* Whether an earlier step compared the pair (see the top of the file). */
static bool covered_earlier(const struct pass *p, uint32_t i, uint32_t j)
{
	const struct encoded_link *e = p->e;
	unsigned slots = p->slot < PPRL_BLOCK_TOKENS ? p->slot : PPRL_BLOCK_TOKENS;

	for (unsigned s = 0; s < slots; s++)
		if (!(p->big[i] >> s & 1) && shares(e, i, j, s))
			return true;
	for (unsigned c = 0; c + PPRL_BLOCK_TOKENS < p->slot; c++) {
		unsigned u, t;
		slot_pair(c, &u, &t);
		if ((p->refined[i] >> c & 1) && shares(e, i, j, u) && shares(e, i, j, t))
			return true;
	}
	return false;
}

/* Whether the pair belongs to the block: always for a token's block; for a sub-block, both
 * tokens really shared (two keys could collide). */
static bool in_block(const struct pass *p, unsigned u, unsigned t, uint32_t i, uint32_t j)
{
	return p->slot < PPRL_BLOCK_TOKENS || (shares(p->e, i, j, u) && shares(p->e, i, j, t));
}

static void walk_block(const struct pass *p, struct worker_out *w, size_t block,
		       uint32_t *idx, uint32_t *counts)
{
	size_t start = p->block_start[block], end = p->block_start[block + 1];
	unsigned u = 0, t = 0;

	if (end - start > p->l->settings.max_block) {
		/* a token's block is refined by slot pairs; a sub-block this big is skipped */
		w->blocks_skipped += p->slot >= PPRL_BLOCK_TOKENS && !p->keep;
		return;
	}
	if (p->slot >= PPRL_BLOCK_TOKENS)
		slot_pair(p->slot - PPRL_BLOCK_TOKENS, &u, &t);
	for (size_t a = start; a + 1 < end; a++) {
		uint32_t i = p->order[a];
		size_t n = 0;
		for (size_t b = a + 1; b < end; b++) {
			uint32_t j = p->order[b];
			if (allowed(p->l, i, j) && in_block(p, u, t, i, j) &&
			    !covered_earlier(p, i, j))
				idx[n++] = j;
		}
		if (!n)
			continue;
		p->kernel->indexed(p->e->clk + (size_t)i * p->e->words, p->e->clk, p->e->words, idx,
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
		if (dist_owns(p->block_key[b])) /* MPI: the rank the block's key hashes to */
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
	free(b->key);
	*b = (struct blocks){0};
}

/* The rows of slot (or slot pair) `slot`: each record's key there, when it has one. */
static size_t slot_rows(const struct encoded_link *e, const uint8_t *big, unsigned slot,
			struct key_row *rows)
{
	unsigned u = 0, t = 0;
	size_t n = 0;

	if (slot >= PPRL_BLOCK_TOKENS)
		slot_pair(slot - PPRL_BLOCK_TOKENS, &u, &t);
	for (uint32_t r = 0; r < e->count; r++) {
		if (slot < PPRL_BLOCK_TOKENS && token(e, r, slot))
			rows[n++] = (struct key_row){token(e, r, slot), r};
		else if (slot >= PPRL_BLOCK_TOKENS && (big[r] >> u & 1) && (big[r] >> t & 1))
			rows[n++] = (struct key_row){
				pair_key(slot - PPRL_BLOCK_TOKENS, token(e, r, u), token(e, r, t)), r};
	}
	return n;
}

/* The blocks of slot (or slot pair) `slot`, sorted by (key, record). */
static int make_blocks(const struct encoded_link *e, const uint8_t *big, unsigned slot,
		       struct blocks *b)
{
	size_t count = e->count ? e->count : 1, n;
	struct key_row *rows = alloc_array(count, sizeof *rows);

	b->order = alloc_array(count, sizeof *b->order);
	b->start = alloc_array(count + 1, sizeof *b->start);
	b->key = alloc_array(count, sizeof *b->key);
	if (!rows || !b->order || !b->start || !b->key) {
		free(rows);
		blocks_free(b);
		return -1;
	}
	n = slot_rows(e, big, slot, rows);
	qsort(rows, n, sizeof *rows, by_key);
	b->count = 0;
	for (size_t r = 0; r < n; r++) {
		b->order[r] = rows[r].record;
		if (r == 0 || rows[r].key != rows[r - 1].key) {
			b->key[b->count] = rows[r].key;
			b->start[b->count++] = r;
		}
	}
	b->start[b->count] = n;
	free(rows);
	return 0;
}

/* Sets `bit` in flags[r] for every record of every block over (big) or within (!big)
 * max_block; returns how many blocks that was. */
static size_t mark(const struct blocks *b, size_t max_block, bool big, uint8_t *flags,
		   unsigned bit)
{
	size_t marked = 0;

	for (size_t k = 0; k < b->count; k++) {
		if ((b->start[k + 1] - b->start[k] > max_block) != big)
			continue;
		marked++;
		for (size_t r = b->start[k]; r < b->start[k + 1]; r++)
			flags[b->order[r]] |= (uint8_t)(1u << bit);
	}
	return marked;
}

int enc_run_blocked(struct encoded_link *e, struct pass *p, vmap_linker *l)
{
	size_t count = e->count ? e->count : 1, max_block = l->settings.max_block, big_blocks = 0;
	uint8_t *big = alloc_array(count, 1), *refined = alloc_array(count, 1);
	int rc = big && refined ? VMAP_OK : diag_nomem(&l->diag, "blocking encoded records");

	p->big = big;
	p->refined = refined;
	for (unsigned slot = 0; slot < PPRL_BLOCK_TOKENS + SLOT_PAIRS && !rc; slot++) {
		struct blocks b = {0};
		struct parallel_job job = {blocks_range, p, 0, p->threads, NULL, NULL};
		if (slot >= PPRL_BLOCK_TOKENS && !big_blocks)
			break; /* no big block: nothing to refine */
		if (make_blocks(e, big, slot, &b)) {
			rc = diag_nomem(&l->diag, "blocking encoded records");
			break;
		}
		if (slot < PPRL_BLOCK_TOKENS) {
			size_t n = mark(&b, max_block, true, big, slot);
			big_blocks += n;
			if (!p->keep)
				e->blocks_refined += n;
		} else {
			mark(&b, max_block, false, refined, slot - PPRL_BLOCK_TOKENS);
		}
		p->slot = slot;
		p->order = b.order;
		p->block_start = b.start;
		p->block_key = b.key;
		job.count = b.count;
		parallel_run(&job);
		blocks_free(&b);
	}
	p->big = p->refined = NULL;
	free(big);
	free(refined);
	return rc;
}
