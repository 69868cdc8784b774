/*
 * exact.c - coarsened exact matching (Iacus, King and Porro 2012): every covariate is cut into
 * bands (age in 5-year bands; sex and index year as they are; pre-period costs and events in
 * quintiles of the pooled sample), people with the same bands form a stratum, and within a
 * stratum holding both cohorts each comparison weighs n_treated / n_comparison (counted with
 * the sample's frequencies). Treated people in a stratum with no comparison are unmatched:
 * weight 0, counted. A stratum is one number: the bands in mixed radix.
 */
#include "journeys.h"

#include "core/alloc.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct keyed {
	uint64_t key;
	uint32_t row;
};

static int by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

static int by_value(const void *a, const void *b)
{
	const double *x = a, *y = b;

	return (x[0] > y[0]) - (x[0] < y[0]);
}

/* The four quintile cuts of column `col`, the sample counted with its frequencies. */
static int quintile_cuts(const struct cohort *c, const uint32_t *frequency, size_t col,
			 double cuts[4])
{
	double *pairs = alloc_array(2 * c->count + 2, sizeof *pairs), total = 0, running = 0;
	size_t q = 0;

	if (!pairs)
		return VMAP_NOMEM;
	for (size_t i = 0; i < c->count; i++) {
		pairs[2 * i] = c->x[i * c->columns + col];
		pairs[2 * i + 1] = frequency ? frequency[i] : 1;
		total += pairs[2 * i + 1];
	}
	qsort(pairs, c->count, 2 * sizeof *pairs, by_value);
	for (size_t i = 0; i < c->count && q < 4; i++) {
		running += pairs[2 * i + 1];
		while (q < 4 && running >= total * (double)(q + 1) / 5)
			cuts[q++] = pairs[2 * i];
	}
	while (q < 4)
		cuts[q++] = INFINITY;
	free(pairs);
	return VMAP_OK;
}

static long band(const struct cohort *c, size_t row, size_t col, const double cuts[4],
		 long year_min)
{
	double v = c->x[row * c->columns + col];
	long b = 0;

	switch (c->column_kind[col]) {
	case COV_AGE:
		return v > 0 ? (long)(v / 5) : 0;
	case COV_SEX:
		return v > 0;
	case COV_INDEX_YEAR:
		return (long)v - year_min;
	default:
		while (b < 4 && v > cuts[b])
			b++;
		return b;
	}
}

/* Each row's stratum as a mixed-radix number; VMAP_INPUT when the strata are too many. */
static int stratum_keys(const struct cohort *c, const uint32_t *frequency, struct keyed *keys)
{
	long year_min = 0;
	uint64_t radix = 1;

	for (size_t i = 0; i < c->count; i++)
		keys[i] = (struct keyed){0, (uint32_t)i};
	for (size_t col = 0; col < c->columns; col++) {
		double cuts[4] = {0, 0, 0, 0};
		long most = 0;
		if (c->column_kind[col] >= COV_PRE_COST && quintile_cuts(c, frequency, col, cuts))
			return VMAP_NOMEM;
		year_min = LONG_MAX;
		for (size_t i = 0; i < c->count && c->column_kind[col] == COV_INDEX_YEAR; i++)
			if ((long)c->x[i * c->columns + col] < year_min)
				year_min = (long)c->x[i * c->columns + col];
		for (size_t i = 0; i < c->count; i++) {
			long b = band(c, i, col, cuts, year_min);
			most = b > most ? b : most;
		}
		if ((uint64_t)(most + 1) > UINT64_MAX / radix)
			return VMAP_INPUT;
		for (size_t i = 0; i < c->count; i++)
			keys[i].key = keys[i].key * (uint64_t)(most + 1) +
				      (uint64_t)band(c, i, col, cuts, year_min);
		radix *= (uint64_t)(most + 1);
	}
	return VMAP_OK;
}

static void weigh_strata(const struct cohort *c, const uint32_t *frequency,
			 const struct keyed *keys, struct weighting_result *w)
{
	size_t start = 0;

	while (start < c->count) {
		size_t end = start;
		double treated = 0, comparison = 0;
		while (end < c->count && keys[end].key == keys[start].key) {
			double f = frequency ? frequency[keys[end].row] : 1;
			*(keys[end].row < c->treated ? &treated : &comparison) += f;
			end++;
		}
		w->strata += treated > 0 && comparison > 0;
		for (size_t i = start; i < end; i++) {
			uint32_t row = keys[i].row;
			if (row < c->treated)
				w->weight[row] = comparison > 0 ? 1 : 0;
			else
				w->weight[row] = treated > 0 && comparison > 0 ? treated / comparison : 0;
		}
		start = end;
	}
}

int exact_weights(const struct cohort *c, const uint32_t *frequency,
		  struct weighting_result *w)
{
	struct keyed *keys = alloc_array(c->count + 1, sizeof *keys);
	int rc = keys ? stratum_keys(c, frequency, keys) : VMAP_NOMEM;

	if (!rc) {
		qsort(keys, c->count, sizeof *keys, by_key);
		weigh_strata(c, frequency, keys, w);
	}
	free(keys);
	return rc;
}
