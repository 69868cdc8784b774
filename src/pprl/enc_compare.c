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

/* Pass one: the histograms, each row's best pairs, then the best pairs' histograms, with
 * every rank's counts added up. */
static int count_pass(struct encoded_link *e, vmap_linker *l, struct pass *p, int status)
{
	size_t best_count = p->rows->count * l->set.dataset_count + 1;
	int rc = status;

	p->best = rc ? NULL : alloc_array(best_count, sizeof *p->best);
	if (!rc && !p->best) /* (the tables are freed below whichever failed) */
		rc = diag_nomem(&l->diag, "comparing encodings");
	if (!rc && magic_tables(e, (uint64_t **)&p->bin_magic, (uint64_t **)&p->fine_magic))
		rc = diag_nomem(&l->diag, "comparing encodings");
	linker_progress(l, "comparing encodings: scores (%s)", e->kernel);
	if (!rc)
		rc = enc_run_pass(e, l, p);
	if (!rc)
		rc = merge(e, l, p);
	rc = enc_exchange_counts(&e->hist[0][0][0], 2 * TOKEN_CLASSES * DICE_BINS, &e->candidates,
				 rc, &l->diag);
	rc = enc_best_histogram(e, l, p->rows, p->best, rc);
	free((void *)p->best);
	free((void *)p->bin_magic);
	free((void *)p->fine_magic);
	p->best = NULL;
	return rc;
}

/* The models, their cuts, then pass two: the kept pairs, on rank 0 under MPI. */
static int keep_pass(struct encoded_link *e, vmap_linker *l, struct pass *p, double keep_p)
{
	int rc;

	for (int k = ACROSS; k <= WITHIN; k++)
		fit_models(e, k, keep_p, l->settings.threshold);
	p->keep = true;
	rc = cut_tables(e, p) ? diag_nomem(&l->diag, "comparing encodings") : VMAP_OK;
	linker_progress(l, "comparing encodings: pairs at or above the threshold");
	if (!rc)
		rc = enc_run_pass(e, l, p);
	if (!rc)
		rc = merge(e, l, p);
	rc = pairs_gather(&l->pairs, &l->pair_count, rc, &l->diag); /* MPI: on rank 0 */
	free((void *)p->cmin_any[ACROSS]);
	return rc;
}

int enc_compare_all(struct encoded_link *e, vmap_linker *l)
{
	struct pass p = {.l = l, .e = e, .kernel = dice_current()};
	double keep_p = fmin(l->settings.pairs_threshold, l->settings.threshold);
	double start = clock_seconds();
	struct enc_rows rows = {0};
	int rc;

	e->kernel = p.kernel->name;
	rc = e->all_pairs ? enc_rows_all(e, l, &rows, &l->diag)
			  : enc_rows_blocked(e, l, &rows, &l->diag);
	p.rows = &rows;
	rc = count_pass(e, l, &p, rc);
	if (!rc)
		rc = keep_pass(e, l, &p, keep_p);
	enc_rows_done(e, &rows);
	e->seconds_compare = clock_seconds() - start;
	return rc;
}
