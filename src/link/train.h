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
int fs_train(struct fs_model *model, const struct record_set *set, enum link_mode mode,
	     const struct block_rule *rules, size_t rule_count, unsigned threads,
	     struct training *report, struct vmap_diag *diag);

#endif
