/*
 * config.h - the settings of a link run and the --config file that sets them (config.c).
 */
#ifndef VMAP_LINK_CONFIG_H
#define VMAP_LINK_CONFIG_H

#include "blocking.h"
#include "spec.h"
#include "core/diag.h"

#include <stdbool.h>
#include <stddef.h>

#define RULE_MAX 16

struct link_settings {
	enum link_mode mode;
	bool mode_set;
	bool one_to_one;
	bool one_to_one_set;    /* the config gave one_to_one */
	double all_pairs_max;   /* link --encoded: all pairs up to this many, else block; <0 unset */
	double threshold;       /* match probability that joins two records in a cluster */
	bool threshold_set;
	double pairs_threshold; /* match probability from which a pair is written to pairs.csv */
	size_t max_block;       /* records; larger blocks are skipped and reported */
	size_t refine_block;    /* records; larger blocks are split by refining keys (0: never) */
	unsigned threads;       /* 0: one per online core */
	bool split_chains;      /* split clusters that chain unrelated records */
	double merge_min_weight; /* mean cross-pair weight (bits) two clusters need to merge */
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
struct fy_node;
/* Reads [high, low] Jaro-Winkler thresholds (1 >= high > low > 0) into `jw` (config.c). */
int read_jw_thresholds(struct yaml_doc *y, struct fy_node *node, const char *what,
		       double jw[2]);

/* Parses "first_name+dob[year]" into `rule`; false when it is not a rule. */
bool parse_rule(const char *text, struct block_rule *rule, char *why, size_t why_size);

#endif
