/*
 * linker.h - the vmap_linker handle: datasets, settings, the model and the results of a run.
 * Shared by linker.c (the run) and write_link.c (the outputs).
 */
#ifndef VMAP_LINK_LINKER_H
#define VMAP_LINK_LINKER_H

#include "link.h"

#define RULE_MAX 16
#define WARNING_MAX 64

struct link_settings {
	enum link_mode mode;
	bool mode_set;
	bool one_to_one;
	bool one_to_one_set; /* the config gave one_to_one */
	double all_pairs_max;   /* link --encoded: all pairs up to this many, else block; <0 unset */
	double threshold;       /* match probability that joins two records in a cluster */
	bool threshold_set;
	double pairs_threshold; /* match probability from which a pair is written to pairs.csv */
	size_t max_block;       /* records; larger blocks are skipped and reported */
	int threads;
	bool split_chains;      /* split clusters that chain unrelated records */
	bool term_frequency;    /* adjust exact name agreements for how common the name is */
	double prior;           /* fixed probability two random records match; 0 = estimate */
	bool fields_set;        /* compare only the fields in `compare` */
	bool compare[FIELD_COUNT];
	double jw[FIELD_COUNT][2]; /* Jaro-Winkler thresholds set by the config */
	bool jw_set[FIELD_COUNT];
	struct block_rule rules[RULE_MAX]; /* parts only; rule_count 0 = the defaults */
	size_t rule_count;
};

/* Reads a --config file into `settings` (config.c). */
int config_load(struct link_settings *settings, const char *path, struct vmap_diag *diag);
struct yaml_doc;
struct json_out;
struct fy_node;
/* Reads [high, low] Jaro-Winkler thresholds (1 >= high > low > 0) into `jw` (config.c). */
int read_jw_thresholds(struct yaml_doc *y, struct fy_node *node, const char *what,
		       double jw[2]);
/* Reads a linkmodel.json (model_load.c); rules and mode go to `settings` unless set. */
int model_load(struct fs_model *model, struct link_settings *settings, const char *path,
	       struct vmap_diag *diag);
/* Parses "first_name+dob[year]" into `rule`; false when it is not a rule. */
bool parse_rule(const char *text, struct block_rule *rule, char *why, size_t why_size);

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
	char *warnings[WARNING_MAX];
	size_t warning_count;
	bool ran;
	bool model_loaded; /* --model: comparisons, m, u and prior come from a file */
	size_t chains_found, chains_split, chains_unchecked; /* chains.c */
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
void linker_warn(struct vmap_linker *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
double weight_of_probability(double p);

#endif
