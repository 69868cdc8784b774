/*
 * enc_compare.c - the two passes over the candidates and the score models between them.
 *
 * Pass one fills the histograms (per kind and token class) and each record's best pair;
 * the models are fitted (dice_model_fit_classes) and turned into cuts and integer tables;
 * pass two keeps the pairs at or above the cuts. Workers' results are merged in worker order.
 */
#include "enc_link.h"

#include "link/pairs.h"

#include "core/alloc.h"
#include "core/clock.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* cmin[s]: the least AND count that reaches the cut (dice_cut_count). */
static void cut_table(const struct encoded_link *e, unsigned cut, uint32_t *cmin)
{
	for (size_t s = 0; s <= 2 * (size_t)e->bits; s++)
		cmin[s] = dice_cut_count(cut, (uint32_t)s);
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

int enc_compare_all(struct encoded_link *e, vmap_linker *l)
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
	rc = enc_run_pass(e, l, &p);
	if (!rc)
		rc = merge(e, l, &p);
	rc = enc_exchange_counts(&e->hist[0][0][0], 2 * TOKEN_CLASSES * DICE_BINS, &e->candidates,
				 &e->blocks_skipped, p.best, e->count * l->set.dataset_count, rc,
				 &l->diag);
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
	rc = enc_run_pass(e, l, &p);
	if (!rc)
		rc = merge(e, l, &p);
	rc = pairs_gather(&l->pairs, &l->pair_count, rc, &l->diag); /* MPI: on rank 0 */
	free((void *)p.cmin_any[ACROSS]);
	e->seconds_compare = clock_seconds() - start;
	return rc;
}
