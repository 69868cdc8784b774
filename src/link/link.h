/*
 * link.h - the private types of record linkage, shared by the files of src/link/.
 *
 * The pipeline: dataset specs (spec.c) say which CSV column feeds which canonical field;
 * records are read and standardised (standardise_*.c) into a record_set whose strings live
 * in an arena; blocking rules (blocking.c) generate candidate pairs; comparisons
 * (compare_*.c) turn a pair into a vector of levels; the Fellegi-Sunter model
 * (fellegi_sunter.c) learns m and u per level and scores pairs; clusters (cluster.c) are the
 * connected components of pairs above the threshold; write_link.c writes the outputs.
 *
 * Ownership: the linker owns everything here; records borrow strings from the arena.
 */
#ifndef VMAP_LINK_LINK_H
#define VMAP_LINK_LINK_H

#include "link/nicknames.h"
#include "core/diag.h"
#include "records.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ----- standardisation (each returns false when a non-empty value cannot be read) ----- */
struct std_buffer {
	char text[512];
	size_t length;
};

/* NFKC, case folding, accents removed, punctuation to spaces, spaces collapsed. */
bool std_text(const char *raw, struct std_buffer *out);
bool std_name(const char *raw, struct std_buffer *out);
/* Splits a full name into first, middle and last (any may come out empty). */
void std_split_full_name(const char *raw, struct std_buffer *first, struct std_buffer *middle,
			 struct std_buffer *last);
bool std_date(const char *raw, const char *format, int32_t *yyyymmdd);
bool std_sex(const char *raw, const struct field_spec *spec, struct std_buffer *out);
bool std_postcode(const char *raw, struct std_buffer *out, bool *is_uk);
bool std_phone(const char *raw, struct std_buffer *out);
bool std_email(const char *raw, struct std_buffer *out);
bool std_identifier(const char *raw, struct std_buffer *out);
int32_t days_from_civil(int32_t yyyymmdd);
bool date_is_valid(int year, int month, int day);
/* A date systems use for "no date", such as 1900-01-01. */
bool date_is_placeholder(int32_t yyyymmdd);

/* ----- string similarity ----- */
double jaro_winkler(const char *a, size_t la, const char *b, size_t lb);
/* Optimal string alignment distance, giving up (returning cap + 1) beyond `cap`. */
int damerau_distance(const char *a, size_t la, const char *b, size_t lb, int cap);
/* damerau_distance(...) <= 1, much faster. */
bool within_one_edit(const char *a, size_t la, const char *b, size_t lb);

/* ----- comparisons ----- */
#define LEVEL_MAX 8
#define LEVEL_MISSING 15

enum compare_kind {
	COMPARE_FIRST_NAME,
	COMPARE_LAST_NAME,
	COMPARE_MIDDLE_NAME,
	COMPARE_DOB,
	COMPARE_POSTCODE,
	COMPARE_TEXT,
	COMPARE_EXACT,
	COMPARE_CODE,
	COMPARE_EMAIL,
};

struct comparison {
	enum field field;
	enum compare_kind kind;
	int level_count; /* the last level is "else" */
	const char *const *level_names;
	double jw[2]; /* Jaro-Winkler thresholds of levels 1 and 2 (names, address, town) */
	double m[LEVEL_MAX], u[LEVEL_MAX];
	bool tf; /* term-frequency adjustment on the exact level */
};

/* The default comparison of a field, or false when the field has none (full_name). */
bool comparison_default(enum field field, struct comparison *c);
int compare_level(const struct comparison *c, const struct record *a, const struct record *b);
/* True when the comparison has Jaro-Winkler levels (their thresholds can be tuned). */
bool comparison_has_jw(const struct comparison *c);
/* The name of a level, with the comparison's own thresholds: "jaro_winkler>=0.92". */
void comparison_level_name(const struct comparison *c, int level, char *out, size_t size);

/* A pair's levels, 4 bits per comparison (LEVEL_MISSING when either side is missing). */
typedef uint64_t gamma_t;
#define COMPARISON_MAX 16
static inline int gamma_level(gamma_t g, size_t c)
{
	return (int)((g >> (4 * c)) & 15u);
}

/* ----- blocking ----- */
enum key_transform { KEY_EXACT, KEY_INITIAL, KEY_YEAR, KEY_PREFIX3 };

struct block_part {
	enum field field;
	enum key_transform transform;
};

#define BLOCK_PARTS_MAX 4
struct block_rule {
	char name[96];
	size_t part_count;
	struct block_part parts[BLOCK_PARTS_MAX];
	/* filled by blocking_prepare */
	uint64_t *keys;    /* per record; 0 = cannot block (a part is missing) */
	uint32_t *order;   /* records with a key, sorted by key */
	size_t keyed;
	size_t *block_starts; /* block b is order[block_starts[b] .. block_starts[b+1]) */
	size_t block_count;
	/* reports */
	uint64_t pairs_generated; /* new pairs this rule adds to the union */
	uint64_t pairs_all;       /* all pairs inside its blocks (before removing repeats) */
	size_t blocks_skipped;    /* blocks over the size limit */
	uint64_t pairs_skipped;
};

enum link_mode { MODE_DEDUPE, MODE_LINK_ONLY, MODE_LINK_AND_DEDUPE };

/* Builds the default rules for the fields present; returns how many (at most `max`). */
size_t blocking_default_rules(const struct record_set *set, struct block_rule *rules,
			      size_t max);
/* Keys, order and blocks of a rule. Blocks of more than `max_block` records are dropped
 * (their records get no key under this rule) and counted in blocks_skipped. */
int blocking_prepare(struct block_rule *rule, const struct record_set *set, size_t max_block,
		     struct vmap_diag *diag);
void blocking_release(struct block_rule *rule);
/* Sets rule->name from its parts: "last_name+dob[year]". */
void blocking_name_rule(struct block_rule *rule);
uint64_t block_key(const struct block_rule *rule, const struct record *r);
/* True when the pair may be compared in this mode. */
bool pair_allowed(enum link_mode mode, const struct record *a, const struct record *b);


/* ----- the Fellegi-Sunter model ----- */
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

/* Term frequencies (tf.c): the share of records holding each first and last name, kept on
 * every record, and the weight an exact agreement gets once adjusted for it. */
int tf_compute(struct record_set *set, struct vmap_diag *diag);
double tf_exact_weight(const struct fs_model *model, size_t c, const struct record *a);

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
	size_t block_stride; /* walk every block_stride-th block only (a sample); 0 or 1: all */
	enum pair_task task;
	double keep_weight; /* TASK_SCORE: keep pairs with at least this weight */
	int threads;
	/* outputs */
	struct pattern_table patterns;
	struct scored_pair *kept;
	size_t kept_count;
	uint64_t compared;
	uint64_t histogram[HIST_BINS];
};

int pairs_run(struct pair_run *run, struct vmap_diag *diag);
/* The pairs the mode allows inside the rule's blocks. */
uint64_t rule_pair_count(const struct block_rule *rule, const struct record_set *set,
			 enum link_mode mode);
void pairs_release(struct pair_run *run);

#endif

/* ----- training (train.c) ----- */
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
	     const struct block_rule *rules, size_t rule_count, int threads,
	     struct training *report, struct vmap_diag *diag);

/* ----- clusters (cluster.c) ----- */
/* Connected components of the pairs with at least `min_weight`: cluster[i] numbers each
 * record's cluster from 1, in order of each cluster's first record. */
int cluster_pairs(const struct scored_pair *pairs, size_t count, double min_weight,
		  size_t record_count, uint32_t *cluster, size_t *cluster_count);
/* Keeps, for two datasets, each record's best pair only (greedy by weight); marks the others
 * by setting their weight to -INFINITY. `pairs` must be sorted by weight, best first. */
void one_to_one(struct scored_pair *pairs, size_t count, size_t record_count, bool *used);
/* Sorts pairs best first (by weight, then left, then right: one order whatever the threads). */
void pairs_sort(struct scored_pair *pairs, size_t count);
/* one_to_one for any number of datasets: each record keeps its best pair with each other
 * dataset. `used` has room for set->count * set->dataset_count flags. */
void one_per_dataset(struct scored_pair *pairs, size_t count, const struct record_set *set,
		     bool *used);
