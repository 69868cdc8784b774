/*
 * fellegi_sunter.c - the Fellegi-Sunter model: m and u per comparison level, the prior, match
 * weights (log2 Bayes factors) and EM (expectation-maximisation) on counted comparison vectors.
 *
 * EM runs on distinct vectors with their counts, not on pairs, so its cost does not grow with
 * the number of pairs. u is held fixed at the random-sampling estimate (as Splink does), so EM
 * estimates only m and the share of matches. Missing levels add nothing to either side.
 */
#include "fellegi_sunter.h"

#include "compare_fields.h"
#include "records.h"
#include "tf.h"

#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PROB_FLOOR 1e-6

void fs_defaults(struct fs_model *model)
{
	for (size_t c = 0; c < model->comparison_count; c++) {
		struct comparison *cmp = &model->cmp[c];
		int L = cmp->level_count;
		double rest = 0.1;
		cmp->m[0] = 0.9;
		for (int l = 1; l < L; l++) {
			cmp->m[l] = l == L - 1 ? rest : rest / 2;
			rest -= cmp->m[l];
		}
		for (int l = 0; l < L; l++)
			cmp->u[l] = 1.0 / L;
	}
	model->prior = 1e-4;
}

static double floor_prob(double p)
{
	return p < PROB_FLOOR ? PROB_FLOOR : p;
}

void fs_finish(struct fs_model *model)
{
	double p = model->prior;

	if (p < 1e-12)
		p = 1e-12;
	if (p > 1 - 1e-12)
		p = 1 - 1e-12;
	model->prior_weight = log2(p / (1 - p));
	for (size_t c = 0; c < model->comparison_count; c++)
		for (int l = 0; l < model->cmp[c].level_count; l++)
			model->weight[c][l] =
				log2(floor_prob(model->cmp[c].m[l]) / floor_prob(model->cmp[c].u[l]));
}

gamma_t fs_gamma(const struct fs_model *model, const struct record *a, const struct record *b)
{
	gamma_t g = 0;

	for (size_t c = 0; c < model->comparison_count; c++)
		g |= (gamma_t)compare_level(&model->cmp[c], a, b) << (4 * c);
	return g;
}

double fs_weight(const struct fs_model *model, gamma_t g)
{
	double w = model->prior_weight;

	for (size_t c = 0; c < model->comparison_count; c++) {
		int l = gamma_level(g, c);
		if (l != LEVEL_MISSING)
			w += model->weight[c][l];
	}
	return w;
}

double fs_comparison_weight(const struct fs_model *model, size_t c, gamma_t g,
			    const struct record *a)
{
	int l = gamma_level(g, c);

	if (l == LEVEL_MISSING)
		return 0;
	if (l == 0 && model->use_tf && model->cmp[c].tf)
		return tf_exact_weight(model, c, a);
	return model->weight[c][l];
}

double fs_pair_weight(const struct fs_model *model, gamma_t g, const struct record *a)
{
	double w;

	if (!model->use_tf)
		return fs_weight(model, g);
	w = model->prior_weight;
	for (size_t c = 0; c < model->comparison_count; c++)
		w += fs_comparison_weight(model, c, g, a);
	return w;
}

double fs_probability(double weight)
{
	if (weight > 60)
		return 1.0;
	return exp2(weight) / (1.0 + exp2(weight));
}

/* ----- pattern table ----- */

static size_t slot_of(gamma_t g, size_t capacity)
{
	uint64_t h = g * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 17) & (capacity - 1);
}

static int rehash(struct pattern_table *t)
{
	struct pattern_table bigger = {0};

	bigger.capacity = t->capacity ? t->capacity * 2 : 256;
	bigger.keys = alloc_array(bigger.capacity, sizeof *bigger.keys);
	bigger.counts = alloc_array(bigger.capacity, sizeof *bigger.counts);
	if (!bigger.keys || !bigger.counts) {
		patterns_release(&bigger);
		return -1;
	}
	for (size_t i = 0; i < t->capacity; i++)
		if (t->counts[i])
			patterns_add(&bigger, t->keys[i], t->counts[i]);
	patterns_release(t);
	*t = bigger;
	return 0;
}

int patterns_add(struct pattern_table *t, gamma_t g, uint64_t count)
{
	size_t s;

	if ((t->used + 1) * 2 > t->capacity && rehash(t))
		return -1;
	s = slot_of(g, t->capacity);
	while (t->counts[s] && t->keys[s] != g)
		s = (s + 1) & (t->capacity - 1);
	if (!t->counts[s]) {
		t->keys[s] = g;
		t->used++;
	}
	t->counts[s] += count;
	return 0;
}

int patterns_merge(struct pattern_table *into, const struct pattern_table *from)
{
	for (size_t i = 0; i < from->capacity; i++)
		if (from->counts[i] && patterns_add(into, from->keys[i], from->counts[i]))
			return -1;
	return 0;
}

void patterns_release(struct pattern_table *t)
{
	free(t->keys);
	free(t->counts);
	memset(t, 0, sizeof *t);
}

/* ----- EM ----- */

/* log2 of m/u over the active, present comparisons of `g`, with the current m. */
static double log_ratio(const struct fs_model *model, double m[COMPARISON_MAX][LEVEL_MAX],
			uint32_t active, gamma_t g)
{
	double r = 0;

	for (size_t c = 0; c < model->comparison_count; c++) {
		int l = gamma_level(g, c);
		if (!(active & (1u << c)) || l == LEVEL_MISSING)
			continue;
		r += log2(floor_prob(m[c][l])) - log2(floor_prob(model->cmp[c].u[l]));
	}
	return r;
}

/* One E step and M step; returns the largest change in any m. */
static double em_step(const struct fs_model *model, const struct pattern_table *t,
		      uint32_t active, double *lambda, double m[COMPARISON_MAX][LEVEL_MAX])
{
	double sums[COMPARISON_MAX][LEVEL_MAX] = {{0}}, matched = 0, total = 0, change = 0;
	double prior = log2(*lambda / (1 - *lambda));

	for (size_t i = 0; i < t->capacity; i++) {
		double w, post, n = (double)t->counts[i];
		if (!t->counts[i])
			continue;
		w = prior + log_ratio(model, m, active, t->keys[i]);
		post = w > 60 ? 1.0 : exp2(w) / (1 + exp2(w));
		matched += post * n;
		total += n;
		for (size_t c = 0; c < model->comparison_count; c++) {
			int l = gamma_level(t->keys[i], c);
			if ((active & (1u << c)) && l != LEVEL_MISSING)
				sums[c][l] += post * n;
		}
	}
	for (size_t c = 0; c < model->comparison_count; c++) {
		double s = 0;
		if (!(active & (1u << c)))
			continue;
		for (int l = 0; l < model->cmp[c].level_count; l++)
			s += sums[c][l];
		for (int l = 0; l < model->cmp[c].level_count && s > 0; l++) {
			double v = sums[c][l] / s;
			change = fmax(change, fabs(v - m[c][l]));
			m[c][l] = v;
		}
	}
	*lambda = total > 0 ? fmin(fmax(matched / total, 1e-9), 1 - 1e-9) : *lambda;
	return change;
}

struct pattern {
	gamma_t key;
	uint64_t count;
};

static int by_pattern(const void *a, const void *b)
{
	gamma_t x = ((const struct pattern *)a)->key, y = ((const struct pattern *)b)->key;
	return x < y ? -1 : x > y;
}

/* The patterns in key order, so that EM's sums do not depend on which thread counted what
 * (the hash table's layout does). False when memory runs out: the table's order is used. */
static bool sorted_view(const struct pattern_table *t, struct pattern_table *view)
{
	struct pattern *list = alloc_array(t->used ? t->used : 1, sizeof *list);
	size_t n = 0;

	memset(view, 0, sizeof *view);
	view->keys = alloc_array(t->used ? t->used : 1, sizeof *view->keys);
	view->counts = alloc_array(t->used ? t->used : 1, sizeof *view->counts);
	if (!list || !view->keys || !view->counts) {
		free(list);
		patterns_release(view);
		return false;
	}
	for (size_t i = 0; i < t->capacity; i++)
		if (t->counts[i])
			list[n++] = (struct pattern){t->keys[i], t->counts[i]};
	qsort(list, n, sizeof *list, by_pattern);
	for (size_t i = 0; i < n; i++) {
		view->keys[i] = list[i].key;
		view->counts[i] = list[i].count;
	}
	view->capacity = view->used = n;
	free(list);
	return true;
}

void fs_em(struct fs_model *model, const struct pattern_table *patterns, uint32_t active,
	   double *lambda, double m_out[COMPARISON_MAX][LEVEL_MAX], int *iterations)
{
	struct pattern_table view;
	bool sorted = sorted_view(patterns, &view);
	int it;

	for (size_t c = 0; c < model->comparison_count; c++)
		memcpy(m_out[c], model->cmp[c].m, sizeof model->cmp[c].m);
	for (it = 0; it < 200; it++)
		if (em_step(model, sorted ? &view : patterns, active, lambda, m_out) < 1e-7)
			break;
	*iterations = it + 1;
	if (sorted)
		patterns_release(&view);
}
