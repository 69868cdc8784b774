/*
 * enc_link.h - `link --encoded`: the private state of linking encoded files on a vmap_linker,
 * shared by enc_add.c (files join the linker), enc_candidates.c (which pairs are compared
 * and how each is scored), enc_compare.c (the two passes and the score models), enc_run.c
 * (the run: models to clusters) and enc_summary.c (the `encoded` object of the summary).
 *
 * Each file's records join the linker's record set with their record ids only (no field
 * values exist), so clustering and every writer are link's own. A run:
 *   1. candidates: all pairs the mode allows when there are at most ALL_PAIRS_MAX (tiled:
 *      a tile of queries against a chunk of candidates that stays in cache), else the pairs
 *      that share a blocking token (token s skips pairs an earlier token produced); a block
 *      over max_block is refined: split by a second token (enc_blocked.c);
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
#ifndef VMAP_PPRL_ENC_LINK_H
#define VMAP_PPRL_ENC_LINK_H

#include "pprl.h"

#include "core/json_out.h"
#include "link/linker.h"

#include <stdatomic.h>

#define ALL_PAIRS_MAX (1ull << 27)
#define ENCODED_THRESHOLD 0.5
#define QUERY_TILE 32
#define CANDIDATE_CHUNK 1024
#define TOKEN_CLASSES (1u << PPRL_BLOCK_TOKENS)

/* Encodings held on this rank, in record order: its own (the home rows), or for a pass the
 * rows it compares (issue 18: under MPI every record's in all-pairs mode, the visitors of
 * its token ranges when blocked; one process: the home rows). Row k is record global[k]
 * (NULL: record k). */
struct enc_rows {
	uint64_t *clk;     /* each row's encoding, 64-byte aligned */
	uint32_t *pop;     /* popcount of each encoding */
	uint64_t *tokens;  /* PPRL_BLOCK_TOKENS per row */
	uint32_t *dataset; /* each row's dataset */
	uint32_t *global;
	uint8_t *big;      /* blocked: bit s when the row's slot-s block is over max_block */
	uint8_t *refined;  /* blocked: bit c when its sub-block of slot pair c is walked */
	size_t count;
	unsigned words;    /* of each encoding */
};

struct encoded_link {
	struct encoded_file first;   /* the first file's header: settings all must share */
	struct enc_rows home;        /* the encodings this rank read */
	size_t count;                /* every record (over all ranks) */
	size_t *first_of;            /* first record of each dataset; [datasets] = count */
	unsigned bits, words;
	/* results */
	bool all_pairs;
	uint64_t candidates;
	size_t blocks_skipped;       /* sub-blocks still over max_block: not walked (enc_share.c) */
	size_t blocks_refined;       /* token blocks over max_block, walked by slot pairs */
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
	bool failed;
};

struct pass {
	const vmap_linker *l;
	const struct encoded_link *e;
	const struct enc_rows *rows; /* the rows compared: pairs and best keys by their records */
	const struct dice_kernel *kernel;
	bool keep;                 /* pass two: keep pairs; pass one: count the histogram */
	const uint32_t *cmin[2][TOKEN_CLASSES]; /* pass two: least AND count to keep, by kind,
						 * token class and |A| + |B| */
	const uint32_t *cmin_any[2]; /* the least of cmin[kind][*][s]: most pairs stop here */
	_Atomic uint64_t *best;    /* pass one: each row's best pair with each dataset */
	const uint64_t *bin_magic; /* pass one: (c * bin_magic[s]) >> 40 = floor(2000 c / s) */
	const uint64_t *fine_magic; /* pass one: (c * fine_magic[s]) >> 31, about c 2^21 / s */
	struct worker_out *out;    /* one per thread */
	unsigned threads;
	/* blocking (enc_blocked.c) */
	unsigned slot;             /* the slot walked, or PPRL_BLOCK_TOKENS + c for slot pair c */
	const uint32_t *order;     /* rows with a key in this slot, by (key, row) */
	const size_t *block_start; /* blocks of `order`; [blocks] = its length */
};

/* The record of row k. */
static inline uint32_t row_record(const struct enc_rows *rows, size_t k)
{
	return rows->global ? rows->global[k] : (uint32_t)k;
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

/* Pass one (count) or two (keep) for query i against n candidates (idx[k], or first + k
 * when idx is NULL) with their AND counts (enc_candidates.c). */
void score_row(const struct pass *p, struct worker_out *w, uint32_t i, const uint32_t *idx,
	       uint32_t first, size_t n, const uint32_t *counts);
/* The blocked walk of one pass: every token slot, then the refined big blocks
 * (enc_blocked.c). */
int enc_run_blocked(struct encoded_link *e, struct pass *p, vmap_linker *l);
/* Runs one pass (pass one or two, as p->keep says) over every candidate, on p->threads
 * workers whose results land in p->out (enc_candidates.c). */
int enc_run_pass(struct encoded_link *e, vmap_linker *l, struct pass *p);
/* Both passes: histograms, models and cuts, then the kept pairs into l->pairs
 * (enc_compare.c). */
int enc_compare_all(struct encoded_link *e, vmap_linker *l);
/* The record's row among `rows` (rows->count when it is not there). */
size_t row_of_record(const struct enc_rows *rows, uint32_t record);
/* Frees the rows, wiping the encodings and tokens (NULL-safe members). */
void enc_rows_release(struct enc_rows *rows);
/* The slots (u, t) of slot pair c, in the order (0,1), (0,2), ..., (1,2), ... and the key of a
 * sub-block from its two tokens (enc_blocked.c). */
void slot_pair(unsigned c, unsigned *u, unsigned *t);
uint64_t pair_key(unsigned c, uint64_t a, uint64_t b);
#define SLOT_PAIRS (PPRL_BLOCK_TOKENS * (PPRL_BLOCK_TOKENS - 1) / 2)

/* issue 18 (enc_share.c): the rows a pass compares. All pairs: every record's rows, on every
 * rank (under MPI gathered from the ranks' home rows; one process: the home rows, borrowed).
 * Blocked: the sizes of every token's block and every sub-block are counted where their keys
 * belong (dist_owner), which sets the home rows' big and refined bits and e->blocks_refined
 * and e->blocks_skipped (over all ranks); then under MPI each home row travels to every
 * rank that owns a block (or sub-block) of 2 to max_block records it is in, and `rows` are
 * the rows that arrived, in record order (one process: the home rows, borrowed). A rank
 * walks the blocks whose keys it owns: each block's rows are all there. */
int enc_rows_all(struct encoded_link *e, const vmap_linker *l, struct enc_rows *rows,
		 struct vmap_diag *diag);
int enc_rows_blocked(struct encoded_link *e, const vmap_linker *l, struct enc_rows *rows,
		     struct vmap_diag *diag);
/* Releases the rows of enc_rows_all / enc_rows_blocked (borrowed ones are left alone). */
void enc_rows_done(struct encoded_link *e, struct enc_rows *rows);
/* issue 18 (enc_best.c): the histograms of best pairs (e->best_hist) from each row's best keys
 * (`best`, rows->count * datasets, each rank's own): each record's best is the largest key
 * any rank found, and a pair that is both records' best is counted once, at the smaller
 * record; the counts are summed over the ranks. */
int enc_best_histogram(struct encoded_link *e, vmap_linker *l, const struct enc_rows *rows,
		       _Atomic uint64_t *best, int status);
/* The linker's run for encoded files (enc_run.c). */
int enc_run(vmap_linker *l);
uint64_t enc_total(const uint64_t hist[DICE_BINS]);
uint64_t enc_kind_total(const struct encoded_link *e, int kind);
bool enc_any_fitted(const struct encoded_link *e, int kind);
/* The summary's `encoded` object (enc_summary.c). */
void enc_summary(const vmap_linker *l, struct json_out *j);

#endif
