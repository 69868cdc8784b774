/*
 * enc_share.c - the rows a pass of encoded linkage compares, and (issue 18) how encodings
 * travel between the ranks of an MPI run so that each rank holds only a share.
 *
 * Each rank holds its home rows (the share of each file it read, enc_add.c). Blocked mode:
 *   1. block sizes: each home row asks the rank that owns each of its tokens' keys
 *      (dist_owner: rank r owns the r-th 1/N of the key space) how many rows hold that
 *      token; the owner counts the asks by (slot, key) and answers. A row's slot-s block is
 *      big when over max_block (bit s of `big`); big token blocks are counted once, at
 *      their owner (e->blocks_refined). When some block is big, the same for the sub-blocks
 *      (slot pair c, key pair_key of the two tokens) of the rows whose both blocks are big:
 *      bit c of `refined` when the sub-block has at most max_block rows; the others are
 *      counted (e->blocks_skipped). So the bits are one process's (enc_blocked.c).
 *   2. the shuffle (MPI only): each home row travels, once, to every rank that owns a token
 *      block or sub-block of 2 to max_block rows it is in (the blocks that are walked), with
 *      its record number, dataset, popcount, bits, tokens and encoding. A rank's rows are what
 *      arrived, sorted by record: every walked block whose key it owns has all its rows there.
 *      The rows travel in rounds (SHUFFLE_ROUND home rows a rank), each round's arrivals
 *      copied into the rows (sized ahead from the ranks' counts) and sorted in place at the
 *      end, so that the buffers in flight stay small; the home rows' encodings are then
 *      dropped (wiped): a rank holds the rows of the ranges it owns, about 1 - (1 - 1/N)^4 of
 *      all rows with 4 tokens (4/N for large N).
 * All-pairs mode: every rank needs every encoding (a tile of queries meets every record), so
 * under MPI the home rows are gathered to every rank, in record order. All pairs is chosen
 * only while the pairs are at most all_pairs_max (2^27 by default: about 16,000 records, a
 * few MB of encodings), so this costs little; a larger all_pairs_max holds every encoding on
 * every rank, as before the shuffle existed.
 * One process: the home rows themselves are the pass's rows (borrowed, not copied).
 * Every buffer that held encodings or tokens is wiped before it is freed.
 */
#include "enc_link.h"

#include "core/alloc.h"
#include "core/dist.h"
#include "core/sorted.h"

#include <stdlib.h>
#include <string.h>

/* A row as it travels: this head, then its tokens, then its encoding. */
struct row_head {
	uint32_t record, dataset, pop;
	uint8_t big, refined, pad[2];
};

/* A question about a block's size: the slot (or PPRL_BLOCK_TOKENS + slot pair) and key. */
struct block_ask {
	uint64_t key;
	uint32_t slot, pad;
};

size_t row_of_record(const struct enc_rows *rows, uint32_t record)
{
	size_t low;

	if (!rows->global)
		return record < rows->count ? record : rows->count;
	low = lower_bound_u32(rows->global, rows->count, record);
	return low < rows->count && rows->global[low] == record ? low : rows->count;
}

static size_t row_size(unsigned words)
{
	return sizeof(struct row_head) + 8 * (PPRL_BLOCK_TOKENS + (size_t)words);
}

/* Room for n rows (with their record numbers when `numbered`, and bits when `bits`). */
static int rows_allocate(struct enc_rows *rows, size_t n, unsigned words, bool numbered,
			 bool bits)
{
	memset(rows, 0, sizeof *rows);
	rows->words = words;
	rows->clk = alloc_aligned(64, (n ? n : 1) * words * 8);
	rows->pop = alloc_array(n + 1, sizeof *rows->pop);
	rows->tokens = alloc_array(n + 1, PPRL_BLOCK_TOKENS * sizeof *rows->tokens);
	rows->dataset = alloc_array(n + 1, sizeof *rows->dataset);
	rows->global = numbered ? alloc_array(n + 1, sizeof *rows->global) : NULL;
	rows->big = bits ? alloc_array(n + 1, 1) : NULL;
	rows->refined = bits ? alloc_array(n + 1, 1) : NULL;
	rows->count = rows->clk ? n : 0; /* what release wipes */
	if (!rows->clk || !rows->pop || !rows->tokens || !rows->dataset ||
	    (numbered && !rows->global) || (bits && (!rows->big || !rows->refined)))
		return VMAP_NOMEM;
	return VMAP_OK;
}

static void pack_row(char *at, const struct enc_rows *rows, size_t k)
{
	struct row_head head = {row_record(rows, k), rows->dataset[k], rows->pop[k],
				rows->big ? rows->big[k] : 0, rows->refined ? rows->refined[k] : 0,
				{0, 0}};
	size_t tokens = PPRL_BLOCK_TOKENS * sizeof *rows->tokens;

	memcpy(at, &head, sizeof head);
	memcpy(at + sizeof head, rows->tokens + k * PPRL_BLOCK_TOKENS, tokens);
	memcpy(at + sizeof head + tokens, rows->clk + k * rows->words, rows->words * 8);
}

/* The packed row at `at` into row k (its record number when rows are numbered). */
static void unpack_row(struct enc_rows *rows, size_t k, const char *at)
{
	struct row_head head;
	size_t tokens = PPRL_BLOCK_TOKENS * sizeof *rows->tokens;

	memcpy(&head, at, sizeof head);
	memcpy(rows->tokens + k * PPRL_BLOCK_TOKENS, at + sizeof head, tokens);
	memcpy(rows->clk + k * rows->words, at + sizeof head + tokens, rows->words * 8);
	rows->pop[k] = head.pop;
	rows->dataset[k] = head.dataset;
	if (rows->global)
		rows->global[k] = head.record;
	if (rows->big) {
		rows->big[k] = head.big;
		rows->refined[k] = head.refined;
	}
}

/* ----- all pairs ----- */

int enc_rows_all(struct encoded_link *e, const vmap_linker *l, struct enc_rows *rows,
		 struct vmap_diag *diag)
{
	size_t size = row_size(e->words), mine = e->home.count;
	char *packed = dist_size() > 1 ? alloc_array(mine * size + 1, 1) : NULL;
	struct dist_blocks all = {0};
	int rc;

	(void)l;
	if (dist_size() == 1) {
		*rows = e->home; /* borrowed: row k is record k */
		return VMAP_OK;
	}
	for (size_t k = 0; packed && k < mine; k++)
		pack_row(packed + k * size, &e->home, k);
	rc = dist_all_gather(packed, packed ? mine * size : 0, &all,
			     packed ? VMAP_OK : diag_nomem(diag, "sharing encodings"), diag);
	if (packed)
		alloc_wipe(packed, mine * size);
	free(packed);
	if (!rc && rows_allocate(rows, e->count, e->words, false, false))
		rc = diag_nomem(diag, "sharing encodings");
	for (uint64_t at = 0; !rc && at < all.offsets[dist_size()]; at += size) {
		struct row_head head;
		memcpy(&head, all.data + at, sizeof head);
		unpack_row(rows, head.record, all.data + at);
	}
	if (!rc)
		dist_note_records(e->home.count, e->count - e->home.count); /* every row here */
	dist_blocks_release_wiped(&all);
	return dist_agree(rc, diag);
}

/* ----- blocked: block sizes where their keys belong ----- */

/* The key of home row k in slot (or slot pair) `slot`, 0 when it has none there. */
static uint64_t ask_key(const struct enc_rows *home, size_t k, unsigned slot)
{
	const uint64_t *tokens = home->tokens + k * PPRL_BLOCK_TOKENS;
	unsigned u, t, c = slot - PPRL_BLOCK_TOKENS;

	if (slot < PPRL_BLOCK_TOKENS)
		return tokens[slot];
	slot_pair(c, &u, &t);
	if (!(home->big[k] >> u & 1) || !(home->big[k] >> t & 1))
		return 0;
	return pair_key(c, tokens[u], tokens[t]);
}

static int by_ask(const void *a, const void *b)
{
	const struct block_ask *x = *(const struct block_ask *const *)a;
	const struct block_ask *y = *(const struct block_ask *const *)b;

	if (x->slot != y->slot)
		return x->slot < y->slot ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* The owner's answers: each ask's block size, in the order asked; *big counts the blocks
 * over max_block. */
static int answer(const struct dist_blocks *asked, size_t max_block, struct dist_outbox *out,
		  uint64_t *big)
{
	size_t n = asked->offsets[dist_size()] / sizeof(struct block_ask);
	const struct block_ask **order = alloc_array(n + 1, sizeof *order);
	uint32_t *size = alloc_array(n + 1, sizeof *size);
	int rc = order && size && !dist_outbox_start(out) ? VMAP_OK : VMAP_NOMEM;

	for (size_t i = 0; !rc && i < n; i++)
		order[i] = (const struct block_ask *)(const void *)asked->data + i;
	if (!rc)
		qsort(order, n, sizeof *order, by_ask);
	for (size_t i = 0, j; !rc && i < n; i = j) {
		for (j = i + 1; j < n && by_ask(&order[i], &order[j]) == 0; j++)
			;
		*big += j - i > max_block;
		for (size_t k = i; k < j; k++)
			size[order[k] - (const struct block_ask *)(const void *)asked->data] =
				(uint32_t)(j - i);
	}
	for (unsigned r = 0; !rc && r < dist_size(); r++)
		dist_outbox_count(out, r, (asked->offsets[r + 1] - asked->offsets[r]) / 4);
	if (!rc && !dist_outbox_plan(out))
		memcpy(out->send.data, size, n * sizeof *size);
	else if (!rc)
		rc = VMAP_NOMEM;
	free(order);
	free(size);
	return rc;
}

/* Asks the owners of the home rows' keys in slots [first, end) the sizes of their blocks:
 * sizes[k * SLOTS + slot] for home row k (0 without a key); *big: the blocks over max_block,
 * over all ranks. */
static int block_sizes(const struct encoded_link *e, size_t max_block, unsigned first,
		       unsigned end, uint32_t *sizes, uint64_t *big, int status,
		       struct vmap_diag *diag)
{
	const struct enc_rows *home = &e->home;
	struct dist_outbox asks = {0}, answers = {0};
	struct dist_blocks asked = {0}, got = {0};
	int rc = status;

	if (!rc && dist_outbox_start(&asks))
		rc = diag_nomem(diag, "blocking encoded records");
	for (size_t k = 0; !rc && k < home->count; k++)
		for (unsigned s = first; s < end; s++)
			if (ask_key(home, k, s))
				dist_outbox_count(&asks, dist_owner(ask_key(home, k, s)),
						  sizeof(struct block_ask));
	if (!rc && dist_outbox_plan(&asks))
		rc = diag_nomem(diag, "blocking encoded records");
	for (size_t k = 0; !rc && k < home->count; k++)
		for (unsigned s = first; s < end; s++) {
			struct block_ask ask = {ask_key(home, k, s), s, 0};
			if (ask.key)
				memcpy(dist_outbox_put(&asks, dist_owner(ask.key), sizeof ask), &ask,
				       sizeof ask);
		}
	rc = dist_outbox_send(&asks, &asked, rc, diag);
	*big = 0;
	if (!rc && answer(&asked, max_block, &answers, big))
		rc = diag_nomem(diag, "blocking encoded records");
	dist_blocks_release_wiped(&asked);
	rc = dist_outbox_send(&answers, &got, rc, diag);
	/* the answers come back in the order asked: got.offsets[r] moves on through rank r's */
	for (size_t k = 0; !rc && k < home->count; k++)
		for (unsigned s = first; s < end; s++) {
			uint64_t key = ask_key(home, k, s);
			unsigned owner = key ? dist_owner(key) : 0;
			sizes[k * (PPRL_BLOCK_TOKENS + SLOT_PAIRS) + s] = 0;
			if (!key)
				continue;
			memcpy(&sizes[k * (PPRL_BLOCK_TOKENS + SLOT_PAIRS) + s],
			       got.data + got.offsets[owner], sizeof *sizes);
			got.offsets[owner] += sizeof *sizes;
		}
	dist_blocks_release(&got);
	return dist_sum_u64(big, 1, rc, diag);
}

#define ALL_SLOTS (PPRL_BLOCK_TOKENS + SLOT_PAIRS)

/* The home rows' big bits (from their token blocks' sizes), then when some block is big their
 * refined bits (from their sub-blocks'); the counts over all ranks into e. */
static int mark_home(struct encoded_link *e, size_t max_block, uint32_t *sizes, int status,
		     struct vmap_diag *diag)
{
	struct enc_rows *home = &e->home;
	uint64_t big = 0, skipped = 0;
	int rc = status;

	if (!rc && (!(home->big = alloc_array(home->count + 1, 1)) ||
		    !(home->refined = alloc_array(home->count + 1, 1))))
		rc = diag_nomem(diag, "blocking encoded records");
	rc = block_sizes(e, max_block, 0, PPRL_BLOCK_TOKENS, sizes, &big, rc, diag);
	for (size_t k = 0; !rc && k < home->count; k++)
		for (unsigned s = 0; s < PPRL_BLOCK_TOKENS; s++)
			home->big[k] |= (uint8_t)((sizes[k * ALL_SLOTS + s] > max_block) << s);
	if (!rc && big) /* (every rank knows the total: the same branch everywhere) */
		rc = block_sizes(e, max_block, PPRL_BLOCK_TOKENS, ALL_SLOTS, sizes, &skipped, rc,
				 diag);
	for (size_t k = 0; !rc && big && k < home->count; k++)
		for (unsigned c = 0; c < SLOT_PAIRS; c++) {
			uint32_t n = sizes[k * ALL_SLOTS + PPRL_BLOCK_TOKENS + c];
			home->refined[k] |= (uint8_t)((n && n <= max_block) << c);
		}
	e->blocks_refined = (size_t)big;
	e->blocks_skipped = (size_t)skipped;
	return rc;
}

/* The distinct ranks that walk a block home row k is in (a block of 2 to max_block rows),
 * into dest; returns how many. */
static unsigned row_dests(const struct enc_rows *home, size_t k, const uint32_t *sizes,
			  size_t max_block, unsigned dest[ALL_SLOTS])
{
	unsigned n = 0;

	for (unsigned s = 0; s < ALL_SLOTS; s++) {
		uint32_t size = sizes[k * ALL_SLOTS + s];
		unsigned owner, i;
		if (size < 2 || size > max_block)
			continue;
		owner = dist_owner(ask_key(home, k, s));
		for (i = 0; i < n && dest[i] != owner; i++)
			;
		if (i == n)
			dest[n++] = owner;
	}
	return n;
}

static int by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Row `from` over row `to` (every array). */
static void move_row(struct enc_rows *rows, size_t to, size_t from)
{
	memcpy(rows->clk + to * rows->words, rows->clk + from * rows->words, rows->words * 8);
	memcpy(rows->tokens + to * PPRL_BLOCK_TOKENS, rows->tokens + from * PPRL_BLOCK_TOKENS,
	       PPRL_BLOCK_TOKENS * sizeof *rows->tokens);
	rows->pop[to] = rows->pop[from];
	rows->dataset[to] = rows->dataset[from];
	rows->global[to] = rows->global[from];
	rows->big[to] = rows->big[from];
	rows->refined[to] = rows->refined[from];
}

/* The rows (as they arrived) put in record order, in place: each cycle of the permutation is
 * followed once, through the spare row at rows->count. */
static int sort_rows(struct enc_rows *rows)
{
	size_t n = rows->count;
	uint64_t *order = alloc_array(n + 1, sizeof *order);
	uint8_t *done = alloc_array(n + 1, 1);

	if (!order || !done) {
		free(order);
		free(done);
		return VMAP_NOMEM;
	}
	for (size_t k = 0; k < n; k++)
		order[k] = (uint64_t)rows->global[k] << 32 | k;
	qsort(order, n, sizeof *order, by_u64);
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		if (done[i])
			continue;
		move_row(rows, n, i);
		for (;;) {
			size_t from = (size_t)(order[j] & 0xffffffffu);
			done[j] = 1;
			if (from == i)
				break;
			move_row(rows, j, from);
			j = from;
		}
		move_row(rows, j, n);
	}
	alloc_wipe(rows->clk + n * rows->words, rows->words * 8); /* the spare row */
	alloc_wipe(rows->tokens + n * PPRL_BLOCK_TOKENS, PPRL_BLOCK_TOKENS * sizeof *rows->tokens);
	free(order);
	free(done);
	return VMAP_OK;
}

/* Home rows packed a round at a time: the buffers in flight stay small beside the rows. */
#define SHUFFLE_ROUND 32768

/* How many rows each rank sends this one, in all: the room the rows need. */
static int count_arrivals(const struct enc_rows *home, const uint32_t *sizes, size_t max_block,
			  uint64_t *total, uint64_t *own, int status, struct vmap_diag *diag)
{
	struct dist_outbox out = {0};
	struct dist_blocks got = {0};
	uint64_t *rows_to = alloc_array(dist_size(), sizeof *rows_to);
	unsigned dest[ALL_SLOTS];
	int rc = status;

	if (!rc && (!rows_to || dist_outbox_start(&out)))
		rc = diag_nomem(diag, "sharing encodings");
	for (size_t k = 0; !rc && k < home->count; k++)
		for (unsigned i = row_dests(home, k, sizes, max_block, dest); i-- > 0;)
			rows_to[dest[i]]++;
	for (unsigned r = 0; !rc && r < dist_size(); r++)
		dist_outbox_count(&out, r, sizeof *rows_to);
	if (!rc && dist_outbox_plan(&out))
		rc = diag_nomem(diag, "sharing encodings");
	for (unsigned r = 0; !rc && r < dist_size(); r++)
		memcpy(dist_outbox_put(&out, r, sizeof *rows_to), &rows_to[r], sizeof *rows_to);
	rc = dist_outbox_send(&out, &got, rc, diag);
	*total = 0;
	*own = rows_to ? rows_to[dist_rank()] : 0;
	for (unsigned r = 0; !rc && r < dist_size(); r++) {
		uint64_t n;
		memcpy(&n, got.data + got.offsets[r], sizeof n);
		*total += n;
	}
	free(rows_to);
	dist_blocks_release(&got);
	return rc;
}

/* One round: home rows [begin, end) to the ranks that walk their blocks; what arrives is
 * appended to `rows` (*at: the next free row). */
static int shuffle_round(const struct encoded_link *e, size_t begin, size_t end,
			 size_t max_block, const uint32_t *sizes, struct enc_rows *rows,
			 size_t *at, int status, struct vmap_diag *diag)
{
	const struct enc_rows *home = &e->home;
	size_t size = row_size(e->words);
	struct dist_outbox out = {0};
	struct dist_blocks got = {0};
	unsigned dest[ALL_SLOTS];
	int rc = status;

	if (!rc && dist_outbox_start(&out))
		rc = diag_nomem(diag, "sharing encodings");
	for (size_t k = begin; !rc && k < end; k++)
		for (unsigned i = row_dests(home, k, sizes, max_block, dest); i-- > 0;)
			dist_outbox_count(&out, dest[i], size);
	if (!rc && dist_outbox_plan(&out))
		rc = diag_nomem(diag, "sharing encodings");
	for (size_t k = begin; !rc && k < end; k++)
		for (unsigned i = row_dests(home, k, sizes, max_block, dest); i-- > 0;)
			pack_row(dist_outbox_put(&out, dest[i], size), home, k);
	rc = dist_outbox_send(&out, &got, rc, diag);
	for (uint64_t p = 0; !rc && p < got.offsets[dist_size()]; p += size)
		unpack_row(rows, (*at)++, got.data + p);
	dist_blocks_release_wiped(&got);
	return rc;
}

/* The home rows' encodings and tokens, wiped and freed once sent: the rows that arrived (this
 * rank's own among them) are all a pass needs; the home rows keep their record numbers,
 * datasets and popcounts. */
static void drop_encodings(struct enc_rows *home)
{
	alloc_wipe(home->clk, home->count * home->words * sizeof *home->clk);
	alloc_wipe(home->tokens, home->count * PPRL_BLOCK_TOKENS * sizeof *home->tokens);
	free(home->clk);
	free(home->tokens);
	home->clk = NULL;
	home->tokens = NULL;
}

/* Each home row to every rank that walks a block it is in, in rounds of SHUFFLE_ROUND home
 * rows a rank (as many rounds on every rank: from the count of all records); `rows` get what
 * arrived, in record order. */
static int shuffle(struct encoded_link *e, size_t max_block, const uint32_t *sizes,
		   struct enc_rows *rows, int status, struct vmap_diag *diag)
{
	struct enc_rows *home = &e->home;
	size_t rounds = e->count / ((size_t)SHUFFLE_ROUND * dist_size()) + 1, at = 0;
	uint64_t total = 0, own = 0;
	int rc = count_arrivals(home, sizes, max_block, &total, &own, status, diag);

	if (!rc && rows_allocate(rows, (size_t)total + 1, e->words, true, true))
		rc = diag_nomem(diag, "sharing encodings");
	for (size_t r = 0; r < rounds; r++)
		rc = shuffle_round(e, home->count * r / rounds, home->count * (r + 1) / rounds,
				   max_block, sizes, rows, &at, rc, diag);
	drop_encodings(home);
	if (!rc) {
		rows->count = at;
		rc = sort_rows(rows) ? diag_nomem(diag, "sharing encodings") : VMAP_OK;
	}
	if (!rc) /* the copies of other ranks' rows held here, for VALUEMAP_MPI_STATS */
		dist_note_records(home->count, at - own);
	return dist_agree(rc, diag);
}

int enc_rows_blocked(struct encoded_link *e, const vmap_linker *l, struct enc_rows *rows,
		     struct vmap_diag *diag)
{
	size_t max_block = l->settings.max_block;
	uint32_t *sizes = alloc_array(e->home.count * ALL_SLOTS + 1, sizeof *sizes);
	int rc = sizes ? VMAP_OK : diag_nomem(diag, "blocking encoded records");

	rc = mark_home(e, max_block, sizes, rc, diag);
	if (dist_size() == 1) {
		if (!rc)
			*rows = e->home; /* borrowed: every block's rows are here */
	} else {
		rc = shuffle(e, max_block, sizes, rows, rc, diag);
	}
	free(sizes);
	return rc;
}

void enc_rows_done(struct encoded_link *e, struct enc_rows *rows)
{
	if (rows->clk != e->home.clk)
		enc_rows_release(rows);
	memset(rows, 0, sizeof *rows);
}
