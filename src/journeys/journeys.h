/*
 * journeys.h - the private types of `journeys` (DESIGN.md "Events" and "Journeys"), shared by
 * the files of src/journeys/.
 *
 * The pipeline: the journeys file (config.c) names dataset specs, whose `events:` blocks
 * (events_spec.c) say where each department's events are; records come through link's reader
 * (so dob and sex are standardised once, the link way) and are joined to persons through
 * clusters.csv (persons.c); events are read and joined (events.c); each person's index dates,
 * observation and yearly costs by anniversary (timeline.c, dates.c) make the analysed cohorts
 * and their covariates (cohorts.c); weights come from a propensity model (propensity.c) or
 * coarsened exact matching (exact.c); estimate.c turns weights into profiles and effects, and
 * bootstrap.c repeats the whole estimate on resampled people. write_journeys.c writes outputs.
 *
 * Ownership: the vmap_journeys handle owns everything here.
 */
#ifndef VMAP_JOURNEYS_JOURNEYS_H
#define VMAP_JOURNEYS_JOURNEYS_H

#include "core/diag.h"
#include "core/strbuf.h"
#include "core/warnings.h"
#include "link/records.h"
#include "link/spec.h"
#include "link/standardise.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ----- dates (dates.c): days are counted by link's days_from_civil ----- */
/* The first day of relative year k of an index date: the k-th calendar anniversary (29
 * February falls on 1 March in common years). */
int32_t anniversary_day(int32_t index_yyyymmdd, int k);
/* The relative year of `day_yyyymmdd` after the index: floor of whole years by anniversary. */
int relative_year(int32_t index_yyyymmdd, int32_t day_yyyymmdd);
/* Whole years from `dob` to `date` (age at a date). */
int whole_years(int32_t dob_yyyymmdd, int32_t date_yyyymmdd);
int32_t civil_from_days(int32_t days);

/* ----- string index (index.c): record ids and cluster ids to numbers ----- */
struct string_index {
	const char **keys; /* borrowed */
	uint32_t *values;
	uint64_t *hashes;
	size_t capacity, count;
};
int string_index_init(struct string_index *ix, size_t expected);
/* Adds `key` -> `value` unless present; `*existing` gets the value held (or `value`). */
int string_index_put(struct string_index *ix, const char *key, uint32_t value,
		     uint32_t *existing);
bool string_index_get(const struct string_index *ix, const char *key, uint32_t *value);
void string_index_release(struct string_index *ix);

/* ----- the journeys file (config.c) and events blocks (events_spec.c) ----- */
enum match_method { MATCH_WEIGHTING, MATCH_EXACT, MATCH_NONE };
enum estimate_method { ESTIMATE_DID, ESTIMATE_POST };
enum covariate_kind { COV_AGE, COV_SEX, COV_INDEX_YEAR, COV_PRE_COST, COV_PRE_EVENTS };

struct events_spec {
	char *path;      /* resolved relative to the spec file */
	char *record_id; /* column names */
	char *date, *date_format; /* format NULL: ISO (%Y-%m-%d) */
	char *type;
	char *cost;      /* NULL: no costs */
	bool nominal;    /* price_year: event */
	int price_year;
	char *agency;
	char delimiter;
	int line, column; /* of the events block, for messages */
	struct { int line, column; } at[4]; /* of record_id, date, type and cost */
};

struct cohort_rule {
	size_t dataset; /* index into the config's datasets */
	char *type;
};

struct journeys_config {
	char *path;
	char *name;
	char *clusters_path;
	char **dataset_paths; /* resolved */
	size_t dataset_count;
	int price_base;
	int *deflator_years;
	double *deflator_index;
	size_t deflator_count;
	char *treated_dataset, *comparison_dataset; /* ids, resolved after the specs are read */
	struct cohort_rule treated, comparison;
	int32_t observed_from, observed_to; /* yyyymmdd, both included */
	int pre, post;
	enum match_method match;
	enum covariate_kind covariates[8];
	size_t covariate_count;
	enum estimate_method estimate;
	size_t bootstrap;
	double level;
	uint64_t seed;
};

int journeys_config_load(struct journeys_config *c, const char *path, struct vmap_diag *diag);
void journeys_config_release(struct journeys_config *c);
/* The deflator index of `year`, or false when the file gives none. */
bool journeys_config_deflator(const struct journeys_config *c, int year, double *index);

/* Reads the `events:` block of the dataset spec at `spec_path` (error when it has none). */
int events_spec_load(struct events_spec *e, const char *spec_path, struct vmap_diag *diag);
void events_spec_release(struct events_spec *e);

/* ----- persons and events (persons.c, events.c) ----- */
struct dataset_data {
	struct dataset_spec spec;  /* link's reading of the spec */
	struct events_spec events;
	size_t agency;             /* index into agencies */
	struct string_index ids;   /* record id -> record index in `records` */
	struct record_set records; /* link's standardised records */
	uint32_t *person;          /* per record: person index, UINT32_MAX when not clustered */
};

/* Events of one file, stored compactly: the person, the day and the real cost. */
struct event_list {
	uint32_t *person;
	int32_t *day;   /* days_from_civil */
	double *cost;   /* in price_base prices */
	size_t count, capacity;
	size_t agency;
	size_t rows; /* events read from the file, joined or not */
	size_t joined, unjoined, outside;
	int rc;                /* the file's reading, on its own thread */
	struct vmap_diag diag;
};

struct person {
	int32_t treated_index, comparison_index; /* yyyymmdd of the first such event, 0: none */
	int32_t dob;        /* the most common dob of its records, 0 when none */
	int8_t female;      /* 1 female, 0 male, -1 unknown */
};

struct journeys_counts_private {
	size_t records, records_unclustered, persons, cluster_rows, cluster_rows_unknown;
	size_t events, events_joined, events_unjoined, events_outside;
	size_t treated_found, comparison_found;
	size_t treated_unobserved, comparison_unobserved;
	size_t comparison_treated_in_window;
	size_t treated_missing_covariate, comparison_missing_covariate;
	size_t treated_unmatched, comparison_unmatched;
};

/* ----- analysed cohorts (cohorts.c) ----- */
/* People in the analysis: treated first, then comparisons. costs[i] holds, for each agency a
 * and relative year k in [-pre, post), the cost at [a * years + (k + pre)]. */
struct cohort {
	size_t count, treated;   /* treated = people [0, treated) */
	uint32_t *person;        /* the person of each analysed row */
	int32_t *index_date;     /* yyyymmdd */
	double *costs;           /* count * agencies * years */
	double *events_pre;      /* count * agencies: events over the pre years */
	size_t agencies, years;  /* years = pre + post */
	double *x;               /* count * covariate columns */
	size_t columns;
	char **column_names;     /* covariate columns for balance.csv */
	enum covariate_kind *column_kind;
};

/* ----- estimates (estimate.c) ----- */
/* One estimate, full sample or replicate: per agency and relative year. */
struct estimate {
	double *treated, *weighted, *comparison; /* agencies * years: mean cost per person */
	double *all_treated;                     /* treated, matched or not, unweighted */
	double *effect, *naive;                  /* agencies * post */
	bool ok;                                 /* false: no comparison weight (no overlap) */
};

struct journeys_settings {
	enum match_method match;
	enum estimate_method estimate;
	int pre, post;
};

/* Weights for the rows of `c` under `f`'s frequencies; `e` gets propensity scores for
 * weighting (may be NULL). Returns false when the model cannot be fitted or nobody matches. */
struct weighting_result {
	double *weight;     /* per row: treated 1 (0 when unmatched), comparison as normalised */
	double *propensity; /* weighting only */
	bool converged;
	int iterations;
	size_t matched_treated, matched_comparison, strata;
};

int propensity_fit(const double *x, const double *y, const double *frequency, size_t rows,
		   size_t columns, double *beta, int *iterations, bool *converged);
int weights_compute(const struct cohort *c, const struct journeys_settings *s,
		    const uint32_t *frequency, struct weighting_result *w);
void weights_release(struct weighting_result *w);
/* Coarsened exact matching weights (exact.c), before normalising. */
int exact_weights(const struct cohort *c, const uint32_t *frequency,
		  struct weighting_result *w);

int estimate_alloc(struct estimate *e, size_t agencies, size_t years, size_t post);
void estimate_release(struct estimate *e);
void estimate_compute(const struct cohort *c, const struct journeys_settings *s,
		      const uint32_t *frequency, const double *weight, struct estimate *e);

/* Standardised mean differences of every covariate column (Austin 2011). */
struct balance_row {
	double mean_treated, mean_comparison, smd_before, mean_weighted, smd_after;
};
void balance_compute(const struct cohort *c, const double *weight, struct balance_row *rows);

/* ----- the handle ----- */
struct vmap_journeys {
	struct vmap_diag diag; /* read by vmap_journeys_errmsg */
	struct journeys_config config;
	bool loaded, ran;
	char *clusters_override;
	unsigned threads;
	vmap_progress_fn progress;
	void *progress_context;
	struct warnings warnings;
	/* data */
	struct dataset_data *datasets;
	size_t dataset_count;
	char **agencies; /* ids, in the order the datasets first name them */
	size_t agency_count;
	struct arena cluster_names;
	char **person_cluster; /* per person: its cluster id (in cluster_names) */
	struct string_index clusters;
	struct person *persons;
	size_t person_count;
	struct event_list *events; /* one per dataset */
	struct journeys_counts_private counts;
	/* results */
	struct journeys_settings settings;
	struct cohort cohort;
	struct weighting_result weights;
	struct estimate full;
	struct balance_row *balance;
	size_t replicates_failed;
	double *effect_se, *effect_low, *effect_high; /* agencies * post */
	double *profile_low, *profile_high;           /* 3 groups * agencies * years */
};

/* Adds a warning to the handle (never quoting data); VMAP_OK or VMAP_NOMEM. */
int journeys_warn(struct vmap_journeys *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Specs and events blocks (persons.c), at load; records, at run. */
int specs_read(struct vmap_journeys *j);
int datasets_read(struct vmap_journeys *j);
void datasets_release(struct vmap_journeys *j);
int clusters_read(struct vmap_journeys *j, const char *path);
int persons_describe(struct vmap_journeys *j);
int events_read(struct vmap_journeys *j);
int cohort_build(struct vmap_journeys *j);
void cohort_release(struct cohort *c);
int bootstrap_run(struct vmap_journeys *j);
/* issue 18 (bootstrap_dist.c): the replicates [*begin, *end) this MPI rank computes (all in
 * one process), and the gather that gives every rank every replicate's `stats` numbers and
 * failed flag, by index (`status`: this rank's, agreed with the others'). */
void bootstrap_share(size_t replicates, size_t *begin, size_t *end);
int bootstrap_gather(double *values, bool *failed, size_t stats, size_t replicates,
		     int status, struct vmap_diag *diag);
/* journeys-summary.json (journeys_write_summary.c). */
void journeys_write_summary(const struct vmap_journeys *j, struct strbuf *sb);

#endif
