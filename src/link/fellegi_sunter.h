/*
 * fellegi_sunter.h - the Fellegi-Sunter model (fellegi_sunter.c): m, u, weights and EM over
 * counted comparison patterns.
 */
#ifndef VMAP_LINK_FELLEGI_SUNTER_H
#define VMAP_LINK_FELLEGI_SUNTER_H

#include "compare_fields.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fs_model {
	size_t comparison_count;
	struct comparison cmp[COMPARISON_MAX];
	double prior; /* probability that two random records match */
	double weight[COMPARISON_MAX][LEVEL_MAX]; /* log2(m/u), from fs_finish */
	double prior_weight;                      /* log2(prior / (1 - prior)) */
	bool trained[COMPARISON_MAX];             /* m estimated by EM (else defaults) */
	bool use_tf;                              /* term-frequency adjustments on */
	int em_iterations;
};

/* Starting m (a falling share from the exact level down) and flat u. */
void fs_defaults(struct fs_model *model);
/* Weights from m, u and the prior. */
void fs_finish(struct fs_model *model);
gamma_t fs_gamma(const struct fs_model *model, const struct record *a, const struct record *b);
double fs_weight(const struct fs_model *model, gamma_t g);
/* fs_weight with the term-frequency adjustments of the pair. */
double fs_pair_weight(const struct fs_model *model, gamma_t g, const struct record *a);
/* The weight comparison `c` adds to the pair (0 when missing). */
double fs_comparison_weight(const struct fs_model *model, size_t c, gamma_t g,
			    const struct record *a);
double fs_probability(double weight);

/* A count of each distinct comparison vector (open addressing). */
struct pattern_table {
	gamma_t *keys;
	uint64_t *counts; /* 0 = empty slot */
	size_t capacity, used;
};
int patterns_add(struct pattern_table *t, gamma_t g, uint64_t count);
int patterns_merge(struct pattern_table *into, const struct pattern_table *from);
void patterns_release(struct pattern_table *t);

/* EM over patterns with u fixed: estimates m for comparisons in `active` (a bit mask) and
 * the share of matches `*lambda`; m of the others is left alone. */
void fs_em(struct fs_model *model, const struct pattern_table *patterns, uint32_t active,
	   double *lambda, double m_out[COMPARISON_MAX][LEVEL_MAX], int *iterations);

#endif
