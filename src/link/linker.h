/*
 * linker.h - the vmap_linker handle: datasets, settings, the model and the results of a run.
 * Shared by linker.c (the run), chains.c and write_link.c (the outputs).
 *
 * The pipeline, one header per step: dataset specs (spec.h) say which CSV column feeds which
 * canonical field; records are read and standardised (records.h, standardise.h) into a
 * record_set whose strings live in an arena; blocking rules (blocking.h) generate candidate
 * pairs, walked on several threads (pairs.h); comparisons (compare_fields.h) turn a pair into
 * a vector of levels; the Fellegi-Sunter model (fellegi_sunter.h, train.h) learns m and u per
 * level and scores pairs; clusters (cluster.h) are the connected components of pairs above
 * the threshold; write_link.c writes the outputs.
 *
 * Ownership: the linker owns everything here; records borrow strings from the arena.
 */
#ifndef VMAP_LINK_LINKER_H
#define VMAP_LINK_LINKER_H

#include "cluster.h"
#include "config.h"
#include "evaluate.h"
#include "fellegi_sunter.h"
#include "pairs.h"
#include "records.h"
#include "spec.h"
#include "train.h"

#include "core/warnings.h"

struct json_out;

struct vmap_linker {
	struct vmap_diag diag; /* read by vmap_linker_errmsg */
	struct dataset_spec *specs;
	size_t spec_count;
	struct record_set set;
	struct link_settings settings;
	struct fs_model model;
	struct training training;
	struct block_rule rules[RULE_MAX];
	size_t rule_count;
	struct scored_pair *pairs; /* at or above the pairs threshold, best first */
	size_t pair_count;
	uint32_t *cluster;
	size_t cluster_count;
	uint64_t compared;
	uint64_t histogram[HIST_BINS];
	double seconds_compare, seconds_total;
	double seconds_blocking, seconds_training, seconds_clustering; /* stages of the run */
	struct warnings warnings;
	bool ran;
	bool model_loaded; /* --model: comparisons, m, u and prior come from a file */
	size_t chains_found, chains_split, chains_unchecked; /* chains.c */
	size_t merges_refused;   /* chains.c: cluster merges the checks refused */
	char *labels_path;            /* vmap_linker_set_labels; NULL: none */
	struct evaluation evaluation; /* evaluate.c, after clustering */
	bool threshold_from_model;    /* no threshold configured: chosen from expected F1 */
	vmap_progress_fn progress;
	void *progress_context;
	/* link --encoded: src/pprl/ sets these (link never names pprl, a later stage) */
	void *encoded;
	int (*encoded_run)(vmap_linker *l);
	void (*encoded_free)(void *encoded);
	void (*encoded_summary)(const vmap_linker *l, struct json_out *j);
};

/* Reports a step to the progress callback, if any (printf-style). */
void linker_progress(struct vmap_linker *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Counts (and with split_chains, splits) clusters that chain unrelated records. */
int check_chains(vmap_linker *l);
/* Clusters l->pairs (best first) above the threshold, refusing merges of clusters that share
 * an exclusive bit, disagree on the strong identifier or are unlike on average (chains.c). */
int cluster_with_checks(vmap_linker *l, const uint64_t *exclusive);
void linker_warn(struct vmap_linker *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The blocking rules: the config's, or the defaults for the fields mapped (checked). */
int linker_choose_rules(vmap_linker *l);
/* Warns of the blocks each rule skipped as too large. */
void linker_warn_skipped(vmap_linker *l);
/* Scores rule r's pairs among `set`'s records (those no earlier rule made, by `index`:
 * blocking_index's layout), adding kept pairs, counts and the histogram to the linker;
 * `global_of` (NULL: none) turns the kept pairs' records into the linker's set indexes. */
int linker_score_rule(vmap_linker *l, const struct record_set *set, size_t r,
		      const uint32_t *index, const uint32_t *global_of);
/* issue 18 (linker_share.c): blocking, term frequencies, training and scoring when each MPI
 * rank holds a share of the records (l->set.share); the pairs end on rank 0 with their
 * records at hand (set_record: its own, or fetched into its visit set), ready for clustering. */
int linker_run_share(vmap_linker *l);
double weight_of_probability(double p);

#endif
