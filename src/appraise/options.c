/*
 * options.c - the shortlist side by side: each option's totals and per-agency figures, and
 * its rank by NPSV and by BCR among the options and the implied do-minimum.
 *
 * Ranks are competition ranks (1 is best; equal figures share a rank: 1, 2, 2, 4). The
 * do-minimum (no intervention: NPSV 0, no BCR) competes in the NPSV ranking, so an option
 * that destroys value ranks below it; an option without costs has no BCR and no BCR rank.
 */
#include "appraisal.h"

#include <math.h>

static bool has_option(const vmap_appraisal *a, size_t option)
{
	return a->done && option < a->model->option_count;
}

vmap_totals vmap_appraisal_option(const vmap_appraisal *a, size_t option)
{
	if (!has_option(a, option))
		return (vmap_totals){.npsv = NAN, .payback_year = -1};
	return valuation_option(&a->value, a->model->options[option].member);
}

vmap_totals vmap_appraisal_option_agency(const vmap_appraisal *a, size_t option, size_t agency)
{
	if (!has_option(a, option) || agency >= a->model->agency_count)
		return (vmap_totals){.npsv = NAN, .payback_year = -1};
	return valuation_option_agency(&a->value, a->model->options[option].member, agency);
}

/* 1 + the number of competitors strictly better than `value`. */
static size_t rank_among(const vmap_appraisal *a, double value, bool by_bcr)
{
	size_t rank = 1;

	if (!by_bcr && 0 > value) /* the do-minimum */
		rank++;
	for (size_t o = 0; o < a->model->option_count; o++) {
		vmap_totals t = vmap_appraisal_option(a, o);
		if (by_bcr ? t.has_ratios && t.bcr > value : t.npsv > value)
			rank++;
	}
	return rank;
}

size_t vmap_appraisal_option_rank(const vmap_appraisal *a, size_t option, vmap_rank_by by)
{
	vmap_totals t;

	if (!has_option(a, option))
		return 0;
	t = vmap_appraisal_option(a, option);
	if (by == VMAP_RANK_BCR)
		return t.has_ratios ? rank_among(a, t.bcr, true) : 0;
	return rank_among(a, t.npsv, false);
}

size_t vmap_appraisal_do_minimum_rank(const vmap_appraisal *a)
{
	return a->done ? rank_among(a, 0, false) : 0;
}
