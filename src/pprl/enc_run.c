/*
 * enc_run.c - the run of `link --encoded`: settings, comparisons, then link's own one-to-one and
 * clustering, and the totals the summary reads.
 */
#include "enc_link.h"

#include "core/alloc.h"
#include "core/clock.h"

#include <math.h>
#include <stdlib.h>

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

uint64_t enc_total(const uint64_t hist[DICE_BINS])
{
	uint64_t n = 0;

	for (size_t b = 0; b < DICE_BINS; b++)
		n += hist[b];
	return n;
}

uint64_t enc_kind_total(const struct encoded_link *e, int kind)
{
	uint64_t n = 0;

	for (size_t c = 0; c < TOKEN_CLASSES; c++)
		n += enc_total(e->hist[kind][c]);
	return n;
}

/* Matches the models expect among all candidates. */
static double expected_matches(const struct encoded_link *e)
{
	double n = 0;

	for (int k = ACROSS; k <= WITHIN; k++)
		for (size_t c = 0; c < TOKEN_CLASSES; c++)
			n += e->model[k][c].lambda * (double)enc_total(e->hist[k][c]);
	return n;
}

bool enc_any_fitted(const struct encoded_link *e, int kind)
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

int enc_run(vmap_linker *l)
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
	rc = enc_compare_all(e, l);
	if (!rc && l->spec_count > 1 && !enc_any_fitted(e, ACROSS))
		linker_warn(l, "no second mode in the Dice scores across files: nothing links "
			       "across them (were the files encoded with the same key?)");
	l->compared = e->candidates;
	l->seconds_compare = e->seconds_compare;
	l->training.estimated_matches = expected_matches(e);
	l->model.prior = e->candidates ? l->training.estimated_matches / (double)e->candidates : 0;
	weight_histogram(e, l);
	if (e->blocks_skipped)
		linker_warn(l, "blocking tokens: %zu blocks of more than %zu records skipped "
			    "(still that large when refined by a second token)",
			    e->blocks_skipped, l->settings.max_block);
	if (!rc)
		rc = make_clusters(e, l);
	l->seconds_total = clock_seconds() - start;
	return rc;
}
