/*
 * train.h - training the model (train.c): u by random sampling, m and the prior by EM per
 * blocking rule.
 */
#ifndef VMAP_LINK_TRAIN_H
#define VMAP_LINK_TRAIN_H

#include "blocking.h"
#include "fellegi_sunter.h"
#include "core/diag.h"

#include <stdbool.h>
#include <stdint.h>

struct rule_training {
	double lambda;      /* share of matches among the rule's pairs */
	uint64_t pairs;     /* all pairs in its blocks */
	double matches;     /* lambda * pairs */
	int iterations;
	bool used;          /* EM ran on it */
};

struct training {
	uint64_t u_sample_pairs;
	uint64_t possible_pairs;
	size_t records;
	double estimated_matches;
	struct rule_training rules[16];
};

/* All pairs the mode allows among the records (as a double: it can exceed 2^64 in theory). */
double possible_pairs(const struct record_set *set, enum link_mode mode);
/* u by random sampling, then m and the prior by EM per blocking rule. */
int fs_train(struct fs_model *model, struct record_set *set, enum link_mode mode,
	     const struct block_rule *rules, size_t rule_count, unsigned threads,
	     struct training *report, struct vmap_diag *diag);
/* fs_train in its three steps, for a caller that prepares each rule just before its EM
 * (issue 18: a set held in shares over MPI ranks): defaults and u; m of rule r (the first 16
 * rules) added to `sums`; m, the prior and the weights. */
struct m_sums {
	double sum[COMPARISON_MAX][LEVEL_MAX];
	int count[COMPARISON_MAX];
};
int fs_train_begin(struct fs_model *model, struct record_set *set, enum link_mode mode,
		   unsigned threads, struct training *report, struct vmap_diag *diag);
int fs_train_rule(struct fs_model *model, const struct record_set *set, enum link_mode mode,
		  const struct block_rule *rules, size_t r, unsigned threads,
		  struct training *report, struct m_sums *sums, struct vmap_diag *diag);
void fs_train_end(struct fs_model *model, const struct block_rule *rules, size_t rule_count,
		  struct training *report, const struct m_sums *sums);

#endif
