/*
 * enc_best.c - the histograms of best pairs that the score models are fitted to (issue 18:
 * the same on any number of ranks).
 *
 * Pass one leaves, on each rank, each of its rows' best key with each dataset (the Dice in
 * steps of 2^-22 above, UINT32_MAX - partner below: enc_candidates.c). Then:
 *   1. each rank scores its rows' best pairs (it holds both rows: it compared them) and sends
 *      (record, dataset, key, Dice bin, token class) to the record's home rank;
 *   2. the home rank keeps the largest key per record and dataset (a maximum: the order the
 *      ranks' notes arrive in cannot change it; equal keys are the same pair);
 *   3. a pair that is both records' best is counted once, at the smaller record: each home
 *      tells the larger record's home "my best with your dataset is you";
 *   4. each home counts its records' best pairs; the counts are summed over the ranks.
 * One process: the same steps, with itself.
 */
#include "enc_link.h"

#include "link/record_share.h"

#include "core/alloc.h"
#include "core/dist.h"

#include <stdlib.h>
#include <string.h>

/* A record's best pair with a dataset, as its home learns it. */
struct best_note {
	uint64_t key;
	uint32_t record, dataset;
	uint32_t bin, token_class;
};

/* Per home row and dataset: the best note and whether its pair is counted elsewhere. */
struct home_best {
	struct best_note *note;
	uint8_t *elsewhere;
	size_t datasets;
};

static unsigned home_rank(const vmap_linker *l, uint32_t record)
{
	return share_home_rank(&l->set, record);
}

/* Row k's best pair with dataset d (its key given), scored: this rank holds both rows. */
static struct best_note scored(const struct enc_rows *rows, size_t k, uint32_t d, uint64_t key)
{
	struct best_note n = {key, row_record(rows, k), d, 0, 0};
	size_t q = row_of_record(rows, UINT32_MAX - (uint32_t)key);
	uint32_t c;

	dice_scalar.range(rows->clk + k * rows->words, rows->clk, rows->words, q, 1, &c);
	n.bin = (uint32_t)dice_bin(c, rows->pop[k] + rows->pop[q]);
	n.token_class = token_class(rows->tokens, (uint32_t)k, (uint32_t)q);
	return n;
}

/* Step 1: this rank's rows' best pairs, scored, to their records' homes. */
static int send_bests(const vmap_linker *l, const struct enc_rows *rows,
		      _Atomic uint64_t *best, struct dist_blocks *got, int status,
		      struct vmap_diag *diag)
{
	size_t datasets = l->set.dataset_count;
	struct dist_outbox out = {0};
	int rc = status;

	if (!rc && dist_outbox_start(&out))
		rc = diag_nomem(diag, "comparing encodings");
	for (size_t k = 0; !rc && k < rows->count; k++)
		for (size_t d = 0; d < datasets; d++)
			if (atomic_load(&best[k * datasets + d]))
				dist_outbox_count(&out, home_rank(l, row_record(rows, k)),
						  sizeof(struct best_note));
	if (!rc && dist_outbox_plan(&out))
		rc = diag_nomem(diag, "comparing encodings");
	for (size_t k = 0; !rc && k < rows->count; k++)
		for (size_t d = 0; d < datasets; d++) {
			uint64_t key = atomic_load(&best[k * datasets + d]);
			struct best_note n;
			if (!key)
				continue;
			n = scored(rows, k, (uint32_t)d, key);
			memcpy(dist_outbox_put(&out, home_rank(l, n.record), sizeof n), &n, sizeof n);
		}
	return dist_outbox_send(&out, got, rc, diag);
}

/* Step 2: the largest key per home record and dataset. */
static void keep_bests(const struct encoded_link *e, const struct dist_blocks *got,
		       struct home_best *h)
{
	for (uint64_t at = 0; at < got->offsets[dist_size()]; at += sizeof(struct best_note)) {
		struct best_note n;
		size_t k;
		memcpy(&n, got->data + at, sizeof n);
		k = row_of_record(&e->home, n.record) * h->datasets + n.dataset;
		if (n.key > h->note[k].key)
			h->note[k] = n;
	}
}

static uint32_t partner(const struct best_note *n)
{
	return UINT32_MAX - (uint32_t)n->key;
}

/* Step 3: each home record's best partner, when larger, learns it is counted here. */
static int mark_mutual(const vmap_linker *l, const struct encoded_link *e, struct home_best *h,
		       int status, struct vmap_diag *diag)
{
	size_t cells = e->home.count * h->datasets;
	struct dist_outbox out = {0};
	struct dist_blocks got = {0};
	int rc = status;

	if (!rc && dist_outbox_start(&out))
		rc = diag_nomem(diag, "comparing encodings");
	for (size_t k = 0; !rc && k < cells; k++)
		if (h->note[k].key && partner(&h->note[k]) > h->note[k].record)
			dist_outbox_count(&out, home_rank(l, partner(&h->note[k])),
					  sizeof(struct best_note));
	if (!rc && dist_outbox_plan(&out))
		rc = diag_nomem(diag, "comparing encodings");
	for (size_t k = 0; !rc && k < cells; k++) {
		const struct best_note *n = &h->note[k];
		/* to the partner: "your best with my dataset may be me" (key: who tells) */
		uint32_t own = e->home.dataset[k / h->datasets];
		struct best_note tell = {n->record, partner(n), own, 0, 0};
		if (n->key && partner(n) > n->record)
			memcpy(dist_outbox_put(&out, home_rank(l, tell.record), sizeof tell), &tell,
			       sizeof tell);
	}
	rc = dist_outbox_send(&out, &got, rc, diag);
	for (uint64_t at = 0; !rc && at < got.offsets[dist_size()]; at += sizeof(struct best_note)) {
		struct best_note tell; /* the partner, who told, and the dataset it is in */
		size_t k;
		memcpy(&tell, got.data + at, sizeof tell);
		k = row_of_record(&e->home, tell.record) * h->datasets + tell.dataset;
		if (h->note[k].key && partner(&h->note[k]) == tell.key)
			h->elsewhere[k] = 1;
	}
	dist_blocks_release(&got);
	return rc;
}

int enc_best_histogram(struct encoded_link *e, vmap_linker *l, const struct enc_rows *rows,
		       _Atomic uint64_t *best, int status)
{
	struct home_best h = {NULL, NULL, l->set.dataset_count};
	size_t cells = e->home.count * h.datasets;
	struct dist_blocks got = {0};
	int rc = send_bests(l, rows, best, &got, status, &l->diag);

	if (!rc) {
		h.note = alloc_array(cells + 1, sizeof *h.note);
		h.elsewhere = alloc_array(cells + 1, 1);
		if (!h.note || !h.elsewhere)
			rc = diag_nomem(&l->diag, "comparing encodings");
	}
	if (!rc)
		keep_bests(e, &got, &h);
	dist_blocks_release(&got);
	rc = mark_mutual(l, e, &h, rc, &l->diag);
	for (size_t k = 0; !rc && k < cells; k++) {
		const struct best_note *n = &h.note[k];
		size_t own = e->home.dataset[k / h.datasets];
		if (n->key && !h.elsewhere[k])
			e->best_hist[n->dataset == own][n->token_class][n->bin]++;
	}
	free(h.note);
	free(h.elsewhere);
	return dist_sum_u64(&e->best_hist[0][0][0], 2 * TOKEN_CLASSES * DICE_BINS, rc,
			    &l->diag);
}
