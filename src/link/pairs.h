/*
 * pairs.h - walking the candidate pairs of a blocking rule on several threads (pairs.c).
 */
#ifndef VMAP_LINK_PAIRS_H
#define VMAP_LINK_PAIRS_H

#include "blocking.h"
#include "fellegi_sunter.h"
#include "core/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ----- walking candidate pairs on several threads ----- */
#define HIST_MIN (-40)
#define HIST_BINS 81 /* one bin per bit of weight from -40 to +40, ends included */

struct scored_pair {
	uint32_t left, right; /* record indexes, left < right */
	double weight;
	gamma_t gamma;
};

enum pair_task { TASK_PATTERNS, TASK_SCORE };

struct pair_run {
	/* inputs */
	const struct record_set *set;
	const struct fs_model *model;
	enum link_mode mode;
	const struct block_rule *rules;
	size_t rule;       /* the rule whose blocks are walked */
	bool skip_earlier; /* leave out pairs that an earlier rule generates */
	const uint32_t *block_index; /* with skip_earlier: blocking_index of the rules */
	size_t rule_count; /* the rules in block_index */
	size_t block_stride; /* walk every block_stride-th block only (a sample); 0 or 1: all */
	bool unrefined;    /* walk the rule's blocks before refining (train_starts) */
	enum pair_task task;
	double keep_weight; /* TASK_SCORE: keep pairs with at least this weight */
	const uint32_t *global_of; /* NULL, or the kept pairs' records renumbered by it */
	unsigned threads; /* 0: one per online core */
	/* outputs */
	struct pattern_table patterns;
	struct scored_pair *kept;
	size_t kept_count;
	uint64_t compared;
	uint64_t histogram[HIST_BINS];
};

int pairs_run(struct pair_run *run, struct vmap_diag *diag);
/* issue 18 (pairs_dist.c): under MPI a rank walks only the blocks whose key hashes to it, and
 * pairs_exchange then puts the ranks' results together (`status`: this rank's, agreed with
 * the others'): counts and patterns on every rank, kept pairs (TASK_SCORE) on rank 0 only.
 * One process: owns every block, exchanges nothing. */
bool pairs_block_owned(const struct block_rule *rule, size_t start); /* block at order[start] */
/* A rule's pair count: this rank's `pairs`, or for a rule holding this rank's blocks only
 * (rule->local) the sum over the ranks; RULE_PAIRS_NOMEM if any rank ran out of memory. */
uint64_t rule_pairs_summed(const struct block_rule *rule, uint64_t pairs);
int pairs_exchange(struct pair_run *run, int status, struct vmap_diag *diag);
/* Every rank's pairs, concatenated in rank order, on rank 0 alone (in `*pairs`, `*count`),
 * which clusters and writes; the other ranks are left with none. One process: nothing.
 * Used for link's kept pairs and link --encoded's pass two. */
int pairs_gather(struct scored_pair **pairs, size_t *count, int status,
		 struct vmap_diag *diag);
/* The pairs the mode allows inside the rule's blocks (before refining when `unrefined`);
 * RULE_PAIRS_NOMEM when memory ran out. */
#define RULE_PAIRS_NOMEM UINT64_MAX
uint64_t rule_pair_count(const struct block_rule *rule, const struct record_set *set,
			 enum link_mode mode, bool unrefined);
void pairs_release(struct pair_run *run);

#endif
