/*
 * valuemap.h - the one public header of libvaluemap.
 *
 * valuemap computes who pays and who benefits when public-sector interventions cut across
 * departments: it appraises a model under HM Treasury Green Book rules into a value map, and
 * (in later stages) links records, measures effects and shares pooled budgets.
 *
 * A function that is not declared here is not part of the API, and is not exported either:
 * every declaration here carries VMAP_API, and the static library exports those alone.
 *
 * Conventions kept by every module:
 * - Stateful objects are opaque handles made by `vmap_X_new` and released by `vmap_X_free`,
 *   which accepts NULL. Small values are plain structs the caller owns.
 * - A function named for an action returns an error code (`VMAP_OK` on success); on failure
 *   the handle it was called on keeps a precise message, read with `vmap_X_errmsg(handle)`
 *   ("" when nothing failed).
 *   Messages name the file, line and column, the key and the value expected, and never
 *   contain personal data, keys or raw identifiers.
 * - The library never prints and never exits. Warnings are kept on the handle for the caller.
 * - Long work reports progress through one callback type, vmap_progress_fn, set on the handle
 *   (or in its options) together with its context.
 * - Thread counts are `unsigned`; 0 means one thread per online core. Results never depend on
 *   the number of threads.
 * - Strings returned by the library belong to the handle they came from and live as long as it.
 * - Getters check their index (and that the handle has run): out of range they return NULL,
 *   false, NaN, SIZE_MAX for an index, or a struct of NaN (vmap_totals: all 0, no ratios,
 *   payback_year -1).
 */
#ifndef VALUEMAP_H
#define VALUEMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VMAP_VERSION "0.1.0"

/* Marks the public API. The library is compiled with hidden visibility, so a function of this
 * header without VMAP_API is not exported (the CLI then fails to link), and nothing else is:
 * a host program's own strbuf_add or yaml_load never clashes with ours. */
#if defined(__GNUC__) || defined(__clang__)
#define VMAP_API __attribute__((visibility("default")))
#else
#define VMAP_API
#endif

/* ---------------------------------------------------------------------------------------------
 * Errors. One list generates the codes, their text and the process exit status they map to
 * (0 success, 1 a run-time failure, 2 bad usage or bad input).
 */
#define VMAP_ERROR_MAP(X)                                        \
	X(OK, 0, "success")                                      \
	X(NOMEM, 1, "out of memory")                             \
	X(IO, 1, "input or output failed")                       \
	X(INTERNAL, 1, "internal error")                         \
	X(USAGE, 2, "invalid usage")                             \
	X(INPUT, 2, "invalid input")                             \
	X(NUMERIC, 2, "numerical problem with the input")

enum vmap_error {
#define VMAP_ERROR_ENUM(name, status, text) VMAP_##name,
	VMAP_ERROR_MAP(VMAP_ERROR_ENUM)
#undef VMAP_ERROR_ENUM
};

/* The fixed text of an error code ("out of memory"); never NULL. */
VMAP_API const char *vmap_strerror(int code);

/* The process exit status a command should end with after this error code. */
VMAP_API int vmap_exit_status(int code);


/* Called now and then from the calling thread during long work, with the step being done (or
 * NULL) and `done` of `total` items (both 0 when the step has no count). */
typedef void (*vmap_progress_fn)(void *context, const char *step, size_t done, size_t total);

/* ---------------------------------------------------------------------------------------------
 * Model: an appraisal model read from YAML or JSON and validated (see docs/model-format.md).
 */
typedef struct vmap_model vmap_model;

VMAP_API vmap_model *vmap_model_new(void);
VMAP_API void vmap_model_free(vmap_model *model);

/* Reads and validates the model at `path`. On error the model stays empty and
 * vmap_model_errmsg(model) says what is wrong, as "file:line:col: what: why". */
VMAP_API int vmap_model_load(vmap_model *model, const char *path);
/* A what-if ("PATH=VALUE", e.g. "interventions.ips.participants=400") that every later
 * vmap_model_load applies to the document before reading it, so the value is checked exactly
 * like the file's. PATH steps through keys, list items by id, and `[N]` positions from 0; a
 * step that is not there is refused with the nearest name. Only the form is checked here. */
VMAP_API int vmap_model_set(vmap_model *model, const char *assignment);
VMAP_API const char *vmap_model_errmsg(const vmap_model *model);

/* Warnings found while loading (for example a cost beyond the horizon, which is left out);
 * an index out of range gives NULL. */
VMAP_API size_t vmap_model_warning_count(const vmap_model *model);
VMAP_API const char *vmap_model_warning(const vmap_model *model, size_t index);

/* The appraisal's name, and counts and ids of what the model declares, in file order. */
VMAP_API const char *vmap_model_name(const vmap_model *model);
VMAP_API size_t vmap_model_agency_count(const vmap_model *model);
VMAP_API const char *vmap_model_agency_id(const vmap_model *model, size_t index);
VMAP_API const char *vmap_model_agency_name(const vmap_model *model, size_t index);
VMAP_API bool vmap_model_agency_is_government(const vmap_model *model, size_t index);
VMAP_API size_t vmap_model_intervention_count(const vmap_model *model);
VMAP_API const char *vmap_model_intervention_id(const vmap_model *model, size_t index);
VMAP_API int vmap_model_horizon(const vmap_model *model);
/* The options of the shortlist (`options:`), in file order; the do-minimum is not listed. */
VMAP_API size_t vmap_model_option_count(const vmap_model *model);
VMAP_API const char *vmap_model_option_id(const vmap_model *model, size_t index);
VMAP_API const char *vmap_model_option_name(const vmap_model *model, size_t index);
VMAP_API int vmap_model_base_year(const vmap_model *model);
VMAP_API int vmap_model_price_base(const vmap_model *model);

/* ---------------------------------------------------------------------------------------------
 * Discounting and real prices (Green Book), usable on their own.
 */
enum vmap_schedule {
	VMAP_SCHEDULE_STPR,     /* 3.5% to year 30, then 3.0, 2.5, 2.0, 1.5, 1.0% */
	VMAP_SCHEDULE_HEALTH,   /* 1.5% to year 30, then 1.29, 1.07, 0.86, 0.64, 0.43% */
	VMAP_SCHEDULE_CONSTANT, /* one rate every year */
};

typedef struct vmap_discount {
	enum vmap_schedule schedule;
	double rate; /* VMAP_SCHEDULE_CONSTANT only */
} vmap_discount;

/* The rate applied between year `year - 1` and `year` (year >= 1). */
VMAP_API double vmap_discount_rate(vmap_discount discount, int year);

/* D(t) = product over s = 1..t of 1 / (1 + r(s)); D(0) = 1. */
VMAP_API double vmap_discount_factor(vmap_discount discount, int year);

/* `amount` in prices of `from_index` expressed in prices of `to_index`, given the GDP
 * deflator index of each year. */
VMAP_API double vmap_real_price(double amount, double from_index, double to_index);

/* Pounds for people: "£1,234,567", "-£12,300", "£0" (whole pounds; "n/a" when not finite):
 * the one form outputs and messages use. */
VMAP_API void vmap_format_money(char *out, size_t size, double pounds);

/* A number as people type it ("9,000", "£50", "40%", "3.5%"): when `text` is one, writes the
 * plain number to write instead ("9000", "50", "0.4", "0.035") into `out` and returns true. */
VMAP_API bool vmap_number_hint(const char *text, char *out, size_t size);

/* ---------------------------------------------------------------------------------------------
 * Reference data compiled into the library (data/ holds the files, their sources and licences).
 *
 * The GMCA Unit Cost Database v1.4 (data/unit-costs/): 674 unit costs of public services. A
 * model uses one as `value: {ucd: CODE}`. `price_year` is the calendar year valuemap takes for
 * the entry's financial year (Y/Y+1 -> Y+1; data/unit-costs/README.md says why).
 */
typedef struct vmap_ucd_entry {
	const char *code, *category, *detail, *description, *unit;
	double cost;             /* pounds, in prices of price_year */
	int price_year;          /* calendar year assumed for source_year */
	const char *source_year; /* as published, e.g. "2012/13" */
	const char *agency;      /* who bears it; "Multiple" when split by sub-codes */
	const char *agency_detail;
} vmap_ucd_entry;

VMAP_API size_t vmap_ucd_count(void);
/* Entry `index` (NULL out of range), in the database's order. */
VMAP_API const vmap_ucd_entry *vmap_ucd_get(size_t index);
/* The entry with this code (exact), or NULL. */
VMAP_API const vmap_ucd_entry *vmap_ucd_find(const char *code);
/* The code nearest to a misspelt `code`, or NULL when none is close. */
VMAP_API const char *vmap_ucd_suggest(const char *code);
/* True when every one of `words` appears (ignoring case) in the entry's code, category,
 * detail, description, unit or agency. No words: true. */
VMAP_API bool vmap_ucd_matches(const vmap_ucd_entry *entry, const char *const *words,
			       size_t count);

/* The HM Treasury GDP deflator (data/appraisal/, calendar years, 2024 = 100): the series of
 * `deflator: hmt`, the default. False when `year` is outside it; *first and *last give its
 * range when not NULL. */
VMAP_API bool vmap_hmt_deflator(int year, double *index, int *first, int *last);

/* ---------------------------------------------------------------------------------------------
 * Appraisal: the deterministic value map of a model.
 */
typedef struct vmap_totals {
	double pv_cost;
	double pv_benefit; /* all kinds */
	double pv_benefit_fiscal;
	double pv_benefit_cashable;
	double pv_benefit_economic;
	double pv_benefit_social;
	double npsv;       /* pv_benefit - pv_cost */
	double net_fiscal; /* pv_benefit_fiscal - pv_cost */
	bool has_ratios;   /* false when pv_cost is 0: bcr and fiscal_roi are then undefined */
	double bcr;
	double fiscal_roi;
	int payback_year; /* year index, or -1 when never or nothing is paid */
} vmap_totals;

typedef struct vmap_appraisal vmap_appraisal;

/* The appraisal keeps a reference to `model`, which must outlive it. */
VMAP_API vmap_appraisal *vmap_appraisal_new(const vmap_model *model);
VMAP_API void vmap_appraisal_free(vmap_appraisal *appraisal);
VMAP_API const char *vmap_appraisal_errmsg(const vmap_appraisal *appraisal);

/* Computes the value map with every uncertain number at its mean. */
VMAP_API int vmap_appraisal_run(vmap_appraisal *appraisal);

/* Results of vmap_appraisal_run. Indexes follow the model's declaration order. */
VMAP_API vmap_totals vmap_appraisal_totals(const vmap_appraisal *appraisal);
VMAP_API vmap_totals vmap_appraisal_agency(const vmap_appraisal *appraisal, size_t agency);
VMAP_API vmap_totals vmap_appraisal_intervention(const vmap_appraisal *appraisal, size_t intervention);
VMAP_API bool vmap_appraisal_collaboration_gap(const vmap_appraisal *appraisal, size_t intervention);
/* Present value of what `beneficiary` receives from the spending of `payer`. */
VMAP_API double vmap_appraisal_matrix(const vmap_appraisal *appraisal, size_t payer, size_t beneficiary);
/* Present value of intervention i's fiscal benefit to agency k (B(i,k)). */
VMAP_API double vmap_appraisal_fiscal_benefit(const vmap_appraisal *appraisal, size_t intervention,
				     size_t agency);

/* The shortlist (`options:` in the model): option `option`'s totals (the sum of its
 * interventions), one agency's part of them (payback_year -1), and its rank among the options
 * and the implied do-minimum (no intervention: NPSV 0, no BCR); 1 is best, ties share a rank,
 * 0 when there is none (no such option, or no BCR because it costs nothing). */
typedef enum vmap_rank_by { VMAP_RANK_NPSV, VMAP_RANK_BCR } vmap_rank_by;
VMAP_API vmap_totals vmap_appraisal_option(const vmap_appraisal *appraisal, size_t option);
VMAP_API vmap_totals vmap_appraisal_option_agency(const vmap_appraisal *appraisal, size_t option,
						  size_t agency);
VMAP_API size_t vmap_appraisal_option_rank(const vmap_appraisal *appraisal, size_t option,
					   vmap_rank_by by);
/* The do-minimum's rank by NPSV. */
VMAP_API size_t vmap_appraisal_do_minimum_rank(const vmap_appraisal *appraisal);

/* Writes summary.json, flows.csv, agencies.csv and matrix.csv into `dir` (made if missing).
 * Every file is written to a temporary name first and renamed only when all are complete. */
VMAP_API int vmap_appraisal_write(vmap_appraisal *appraisal, const char *dir);

/* ---------------------------------------------------------------------------------------------
 * Pooled budgets: fair shares, credits and the portfolio a pool funds (docs/pooled-budgets.md).
 *
 * The players are the model's government agencies, in declaration order. With B(i,k) and C(i)
 * from a deterministic appraisal, a coalition S is worth v(S) = sum over interventions of
 * max(0, sum over k in S of B(i,k) - C(i)); the pool shares v(all) by the Shapley value, exact
 * unless an intervention touches more than 20 agencies, whose part is then estimated from
 * sampled orders with a standard error.
 */
typedef struct vmap_pool vmap_pool;

/* One agency's part. Contributions (under each method) sum to the cost of what the pool
 * funds; a balance is contribution - spend: positive, the agency owes the pool. */
typedef struct vmap_pool_share {
	double fiscal_benefit;            /* from the interventions the pool funds */
	double shapley;                   /* its share of the surplus */
	double shapley_se;                /* standard error of an estimated share; 0 when exact */
	double contribution;              /* fiscal_benefit - shapley */
	double proportional_contribution; /* funded cost in proportion to fiscal_benefit */
	double scrb;                      /* separable costs, remaining benefits */
	double spend;                     /* what it pays towards the funded interventions */
	double balance;                   /* contribution - spend */
} vmap_pool_share;

typedef struct vmap_pool_portfolio {
	double siloed_net, pooled_net; /* summed fiscal benefit less cost of each funded set */
	double unlocked;               /* pooled_net - siloed_net */
	double siloed_cost, pooled_cost;
	bool budgeted;       /* the sets are the best portfolios within budgets */
	double pooled_budget; /* the pool's budget when budgeted (infinite when unlimited) */
} vmap_pool_portfolio;

/* The pool keeps a reference to `appraisal` (which must have run) and its model; both must
 * outlive it. NULL when memory runs out. */
VMAP_API vmap_pool *vmap_pool_new(const vmap_appraisal *appraisal);
VMAP_API void vmap_pool_free(vmap_pool *pool);
VMAP_API const char *vmap_pool_errmsg(const vmap_pool *pool);

/* Gives agency `agency_id` a budget (>= 0). Once any agency has one, agencies given none
 * have none to spend, and the pool's budget is the sum unless set by the next function.
 * Fails with VMAP_USAGE naming an unknown or non-government agency. */
VMAP_API int vmap_pool_set_budget(vmap_pool *pool, const char *agency_id, double amount);
VMAP_API int vmap_pool_set_pooled_budget(vmap_pool *pool, double amount);

/* Plays the game: shares, credits and the funded sets. */
VMAP_API int vmap_pool_run(vmap_pool *pool);

VMAP_API size_t vmap_pool_agency_count(const vmap_pool *pool);
/* The model's index of the pool's agency `index` (for vmap_model_agency_id). */
VMAP_API size_t vmap_pool_agency(const vmap_pool *pool, size_t index);
VMAP_API vmap_pool_share vmap_pool_agency_share(const vmap_pool *pool, size_t index);
VMAP_API double vmap_pool_surplus(const vmap_pool *pool);
VMAP_API bool vmap_pool_shapley_is_exact(const vmap_pool *pool);
VMAP_API bool vmap_pool_funded_pooled(const vmap_pool *pool, size_t intervention);
VMAP_API bool vmap_pool_funded_siloed(const vmap_pool *pool, size_t intervention);
VMAP_API vmap_pool_portfolio vmap_pool_get_portfolio(const vmap_pool *pool);

/* The settling-up in words, as pool.json states it: "dwp pays the pool £41,955; nhs receives
 * £12,000" (balances under the Shapley contributions). Written into `out` (truncated to
 * `size`, snprintf's way); returns the length of the whole text. "" before the run. */
VMAP_API size_t vmap_pool_transfers(const vmap_pool *pool, char *out, size_t size);
/* Why the pool funds nothing, when it funds nothing ("" otherwise): no intervention's fiscal
 * benefit covers its cost, or the budget is below the cheapest one whose benefit does. */
VMAP_API size_t vmap_pool_why_nothing(const vmap_pool *pool, char *out, size_t size);

/* Writes pool.json, portfolio.csv and credits.csv into `dir` (made if missing), atomically. */
VMAP_API int vmap_pool_write(vmap_pool *pool, const char *dir);

/* ---------------------------------------------------------------------------------------------
 * Record linkage: find the records that belong to one person within one dataset (dedupe) or
 * across several (link), from dataset specs (see DESIGN.md "Dataset spec" and
 * docs/linkage.md). Zero configuration: canonical fields pick their own cleaning, comparisons
 * and blocking rules; the Fellegi-Sunter model is trained on the data by EM.
 */
typedef struct vmap_linker vmap_linker;

typedef struct vmap_link_stats {
	size_t datasets;
	size_t records;
	uint64_t comparisons;   /* candidate pairs scored */
	size_t matched_pairs;   /* pairs at or above the cluster threshold */
	size_t clusters;        /* including single records */
	size_t chained_clusters; /* clusters whose records were mostly unlike (before splitting) */
	size_t chains_split;    /* of those, the ones split */
	double seconds_total;   /* vmap_linker_run, reading excluded */
	double seconds_compare; /* scoring the candidate pairs */
	unsigned threads;
} vmap_link_stats;

VMAP_API vmap_linker *vmap_linker_new(void);
VMAP_API void vmap_linker_free(vmap_linker *linker);
VMAP_API const char *vmap_linker_errmsg(const vmap_linker *linker);

/* Reads the dataset spec at `spec_path` and the CSV it names, standardising every record.
 * Errors name the spec or CSV file and line. */
VMAP_API int vmap_linker_add_dataset(vmap_linker *linker, const char *spec_path);

/* Known truth to score the run against: a CSV with columns dataset, record_id and entity
 * (records of one entity are one person; others ignored). The summary then gives pairwise
 * precision, recall and F1 of the clusters and a precision-recall curve of the scored pairs.
 * Call before vmap_linker_run; NULL removes them. */
VMAP_API int vmap_linker_set_labels(vmap_linker *linker, const char *labels_path);
/* Reads a link config (YAML: mode, threshold, pairs_threshold, one_to_one, blocking,
 * compare, term_frequency, probability_two_random_records_match, max_block_size, threads,
 * merge_min_weight;
 * see docs/linkage.md). Call before vmap_linker_run. */
VMAP_API int vmap_linker_configure(vmap_linker *linker, const char *config_path);

/* Reuses the model of an earlier run (its linkmodel.json) instead of training: comparisons,
 * m, u, prior, threshold, mode and blocking rules, except what a config set first. */
VMAP_API int vmap_linker_load_model(vmap_linker *linker, const char *model_path);

/* Threads used to compare pairs; 0 (the default) is one per online core. */
VMAP_API void vmap_linker_set_threads(vmap_linker *linker, unsigned threads);

/* Reports each step of a run ("scoring pairs: rule 2 of 5"), with done and total 0. */
VMAP_API void vmap_linker_set_progress(vmap_linker *linker, vmap_progress_fn progress, void *context);

/* Blocks, trains the model, scores candidate pairs and clusters the records. */
VMAP_API int vmap_linker_run(vmap_linker *linker);

/* Writes clusters.csv, pairs.csv, linkmodel.json and linkage-summary.json into `dir`
 * (made if missing), atomically. */
VMAP_API int vmap_linker_write(vmap_linker *linker, const char *dir);

VMAP_API vmap_link_stats vmap_linker_stats(const vmap_linker *linker);

/* Warnings of the run (unreadable values, skipped blocks); never quote the data. An index out
 * of range gives NULL. */
VMAP_API size_t vmap_linker_warning_count(const vmap_linker *linker);
VMAP_API const char *vmap_linker_warning(const vmap_linker *linker, size_t index);

/* ---------------------------------------------------------------------------------------------
 * Privacy-preserving linkage (docs/privacy.md): each department encodes its own extract with a
 * project key into keyed Bloom-filter encodings (CLKs) and blocking tokens; only the encoded
 * files travel, and vmap_linker_add_encoded links them without any name, date or postcode.
 *
 * Keys come only from key files: 256 random bits written as 64 hex digits, mode 0600. A key
 * file that group or others may read is refused. Keys are wiped from memory when freed.
 */
typedef struct vmap_key vmap_key;

VMAP_API vmap_key *vmap_key_new(void);
/* Wipes the key and frees the handle. */
VMAP_API void vmap_key_free(vmap_key *key);
VMAP_API const char *vmap_key_errmsg(const vmap_key *key);

/* Writes a new random key to `path` with mode 0600; refuses to replace an existing file. */
VMAP_API int vmap_key_generate(vmap_key *key, const char *path);
/* Reads the key at `path`: VMAP_USAGE when group or others can read it (the message gives
 * the chmod that fixes it), VMAP_INPUT when it is not a key file. */
VMAP_API int vmap_key_load(vmap_key *key, const char *path);

enum vmap_hardening {
	VMAP_HARDEN_DIFFUSION, /* default: each output bit XORs key-chosen input bits */
	VMAP_HARDEN_NONE,
	VMAP_HARDEN_XOR_FOLD,  /* the two halves XORed: half the bits */
	VMAP_HARDEN_BLIP,      /* keyed randomised response: each bit flipped with a probability */
};

typedef struct vmap_encoder vmap_encoder;

/* The encoder keeps a reference to `key`, which must be loaded and outlive it. */
VMAP_API vmap_encoder *vmap_encoder_new(const vmap_key *key);
VMAP_API void vmap_encoder_free(vmap_encoder *encoder);
VMAP_API const char *vmap_encoder_errmsg(const vmap_encoder *encoder);

/* Encoding length in bits before hardening: a power of two from 256 to 4096 (default 1024). */
VMAP_API int vmap_encoder_set_bits(vmap_encoder *encoder, unsigned bits);
VMAP_API int vmap_encoder_set_hardening(vmap_encoder *encoder, enum vmap_hardening hardening);
/* Encodes only these canonical fields ("first_name,last_name,dob,postcode"), which every
 * department of a project must agree on (default: every field the spec maps; full_name counts
 * as first_name, middle_name and last_name). A field the spec does not map fails at encode. */
VMAP_API int vmap_encoder_set_fields(vmap_encoder *encoder, const char *comma_list);
/* Parses a hardening name ("diffusion", "none", "xor-fold", "blip"); false if unknown. */
VMAP_API bool vmap_hardening_parse(const char *name, enum vmap_hardening *out);
VMAP_API void vmap_encoder_set_threads(vmap_encoder *encoder, unsigned threads);
VMAP_API void vmap_encoder_set_progress(vmap_encoder *encoder, vmap_progress_fn progress,
					void *context);

/* Reads the dataset spec and its CSV with link's own standardisation, and writes the
 * encoded file `out_path` atomically (never over the spec or its data). */
VMAP_API int vmap_encoder_encode(vmap_encoder *encoder, const char *spec_path,
				 const char *out_path);
VMAP_API size_t vmap_encoder_records(const vmap_encoder *encoder);
/* Share of set bits over all encodings of the last run (0.5 is the aim). */
VMAP_API double vmap_encoder_fill(const vmap_encoder *encoder);
VMAP_API size_t vmap_encoder_warning_count(const vmap_encoder *encoder);
VMAP_API const char *vmap_encoder_warning(const vmap_encoder *encoder, size_t index);

/* Adds an encoded file to a linker (instead of dataset specs; the two cannot be mixed).
 * Files encoded with different settings are refused, naming the setting that differs. Then
 * vmap_linker_run links them by Dice similarity (docs/privacy.md) and vmap_linker_write
 * writes clusters.csv, pairs.csv and linkage-summary.json in the formats of cleartext
 * linkage. Mode defaults to link_and_dedupe (dedupe for one file), threshold to 0.5, and
 * each record keeps at most one link with each dataset. */
VMAP_API int vmap_linker_add_encoded(vmap_linker *linker, const char *encoded_path);

/* The Dice kernel in use: "avx512", "avx2", "avx2-mix", "scalar" or "generic"; `name` forces
 * one (NULL: the first of avx512, avx2, scalar, generic the CPU can run, chosen from its
 * features alone, never by timing). Returns false when the CPU cannot run the one named.
 * Every kernel gives the same results. For tests and benches. */
VMAP_API bool vmap_dice_select(const char *name);
VMAP_API const char *vmap_dice_kernel(void);

/* ---------------------------------------------------------------------------------------------
 * Uncertainty: Monte Carlo over the model's distributions, one-way sensitivity, switching
 * values and the expected value of perfect information (see docs/uncertainty.md).
 */

typedef struct vmap_simulation_options {
	uint64_t draws;            /* at least 1 */
	uint64_t seed;             /* any value; the same seed gives the same results */
	unsigned threads;          /* 0: one per online core */
	vmap_progress_fn progress; /* optional; step is NULL */
	void *progress_context;
	bool save_inputs;          /* also write inputs.csv: every draw's sampled inputs */
} vmap_simulation_options;

/* Simulates the appraisal, after vmap_appraisal_run: `draws` draws of every uncertain input,
 * then one-way sensitivity and switching values. Results are identical whatever the number
 * of threads. Afterwards vmap_appraisal_write also writes draws.csv, sensitivity.csv,
 * inputs.csv with save_inputs (streamed: memory does not grow with its size) and
 * summary.json's `uncertainty`. A model with no uncertain input gets a warning
 * (vmap_appraisal_warning), and every draw is the deterministic result. Fails with VMAP_INPUT when the model's correlations do not
 * make a positive definite matrix. GSL's abort-on-error handler is turned off. */
VMAP_API int vmap_appraisal_simulate(vmap_appraisal *appraisal, const vmap_simulation_options *options);

enum vmap_measure { VMAP_MEASURE_NPSV, VMAP_MEASURE_BCR, VMAP_MEASURE_NET_FISCAL };

/* A summary of one result over the draws; percentiles interpolate linearly between order
 * statistics (R and NumPy's default). Draws where the result is undefined (a ratio with no
 * cost) are left out; with none left, count is 0 and the figures are NaN. */
typedef struct vmap_stats {
	size_t count;
	double mean, sd, p05, p50, p95, prob_positive;
	double prob_above_1; /* the share of draws above 1: P(BCR > 1) for the bcr */
} vmap_stats;

/* The `agency` argument: an agency's index, or VMAP_TOTALS for the whole appraisal. */
#define VMAP_TOTALS SIZE_MAX

/* Results of vmap_appraisal_simulate (count 0 before it has run). */
VMAP_API vmap_stats vmap_simulation_stats(const vmap_appraisal *appraisal, size_t agency,
				 enum vmap_measure measure);

/* Expected value of perfect information for funding or not: on npsv for VMAP_TOTALS, on the
 * agency's net_fiscal for an agency. NaN before the simulation has run. */
VMAP_API double vmap_simulation_evpi(const vmap_appraisal *appraisal, size_t agency);

/* Warnings of the appraisal's last simulation (a model with nothing uncertain); an index out
 * of range gives NULL. */
VMAP_API size_t vmap_appraisal_warning_count(const vmap_appraisal *appraisal);
VMAP_API const char *vmap_appraisal_warning(const vmap_appraisal *appraisal, size_t index);

/* ---------------------------------------------------------------------------------------------
 * Journeys: person timelines across departments from linked records, a treated cohort against
 * a weighted comparison cohort, and the measured effect on each department's costs by year
 * after the index date, with bootstrap intervals (DESIGN.md "Journeys", docs/journeys.md).
 */
typedef struct vmap_journeys vmap_journeys;

/* Counts at every step of a run. "found" counts people with an index event; each drop is
 * counted under its reason; treated and comparisons are the people the estimate uses (with a
 * weight above 0). */
typedef struct vmap_journeys_counts {
	size_t records, records_unclustered, persons;
	size_t events, events_joined, events_unjoined, events_outside;
	size_t treated_found, treated_unobserved, treated_missing_covariate, treated_unmatched;
	size_t treated;
	size_t comparison_found, comparison_treated_in_window, comparison_unobserved;
	size_t comparison_missing_covariate, comparison_unmatched;
	size_t comparisons;
	size_t bootstrap, bootstrap_failed;
} vmap_journeys_counts;

/* The effect on one agency in one relative year: the change in its cost per treated person
 * (negative is a saving), its bootstrap standard error and percentile interval (NaN without a
 * bootstrap), and the naive difference of post-year means. */
typedef struct vmap_journeys_effect {
	double effect, se, ci_low, ci_high, naive;
} vmap_journeys_effect;

VMAP_API vmap_journeys *vmap_journeys_new(void);
VMAP_API void vmap_journeys_free(vmap_journeys *journeys);
VMAP_API const char *vmap_journeys_errmsg(const vmap_journeys *journeys);

/* Reads the journeys file and every dataset spec it names with its events block; errors name
 * the file, line and column. A handle loads one file. */
VMAP_API int vmap_journeys_load(vmap_journeys *journeys, const char *path);
/* Uses `path` as clusters.csv instead of the file's `clusters` (the run verb does). */
VMAP_API int vmap_journeys_set_clusters(vmap_journeys *journeys, const char *path);
VMAP_API void vmap_journeys_set_threads(vmap_journeys *journeys, unsigned threads);
/* Steps: "reading records", "reading events" (done and total: datasets), "bootstrap"
 * (then calls with step NULL count replicates). */
VMAP_API void vmap_journeys_set_progress(vmap_journeys *journeys, vmap_progress_fn progress,
					 void *context);

/* Reads records, clusters and events, builds the cohorts, weighs, estimates and bootstraps.
 * Results are identical whatever the number of threads. A handle runs once. */
VMAP_API int vmap_journeys_run(vmap_journeys *journeys);

/* Writes cohort.csv, balance.csv, profiles.csv, effects.csv, journeys-summary.json and
 * effects.yaml into `dir` (made if missing), atomically; inputs are never overwritten. */
VMAP_API int vmap_journeys_write(vmap_journeys *journeys, const char *dir);

VMAP_API size_t vmap_journeys_warning_count(const vmap_journeys *journeys);
VMAP_API const char *vmap_journeys_warning(const vmap_journeys *journeys, size_t index);

VMAP_API const char *vmap_journeys_name(const vmap_journeys *journeys);
VMAP_API vmap_journeys_counts vmap_journeys_get_counts(const vmap_journeys *journeys);
/* Agencies in the order the datasets name them. */
VMAP_API size_t vmap_journeys_agency_count(const vmap_journeys *journeys);
VMAP_API const char *vmap_journeys_agency_id(const vmap_journeys *journeys, size_t agency);
VMAP_API int vmap_journeys_pre_years(const vmap_journeys *journeys);
VMAP_API int vmap_journeys_post_years(const vmap_journeys *journeys);
VMAP_API double vmap_journeys_level(const vmap_journeys *journeys);
/* `year` is the relative year 0 .. post-1; all NaN out of range or before a run. */
VMAP_API vmap_journeys_effect vmap_journeys_get_effect(const vmap_journeys *journeys,
						       size_t agency, int year);
/* The largest absolute standardised mean difference over the covariates, before (after =
 * false) or after weighting; `covariate` (optional) gets its name. NaN before a run. */
VMAP_API double vmap_journeys_worst_smd(const vmap_journeys *journeys, bool after,
					const char **covariate);

/* ---------------------------------------------------------------------------------------------
 * Synthetic departments: a population with known truth for every stage (see docs/synth.md).
 *
 * Health, work and pensions (dwp) and justice extracts in their own layouts, codes and errors,
 * their events with costs over 2015-2024, truth.csv (which person each record is), truth.json
 * (the true effect of the intervention on each agency's costs by year after the index) and a
 * runnable project over them. A person is a pure function of the seed and their index, so the
 * same seed gives byte-identical files whatever the number of threads.
 */
typedef struct vmap_synth vmap_synth;

#define VMAP_SYNTH_DEPARTMENTS 3 /* health, dwp, justice: the order of the arrays below */

typedef struct vmap_synth_stats {
	uint64_t people;
	uint64_t records[VMAP_SYNTH_DEPARTMENTS]; /* 0 for a department left out */
	uint64_t events[VMAP_SYNTH_DEPARTMENTS];
	uint64_t treated;    /* people with IPS_START */
	uint64_t comparison; /* people in mental-health treatment without it */
	double seconds;
} vmap_synth_stats;

/* Defaults: 10,000 people, seed 0, every department, one thread per online core. */
VMAP_API vmap_synth *vmap_synth_new(void);
VMAP_API void vmap_synth_free(vmap_synth *synth);
VMAP_API const char *vmap_synth_errmsg(const vmap_synth *synth);

/* Fails with VMAP_USAGE unless 1 <= people <= 100,000,000. */
VMAP_API int vmap_synth_set_people(vmap_synth *synth, uint64_t people);
VMAP_API void vmap_synth_set_seed(vmap_synth *synth, uint64_t seed);
/* A comma-separated list of department ids ("health,dwp"); fails with VMAP_USAGE naming an
 * unknown one. The population is the same whichever are written. */
VMAP_API int vmap_synth_set_departments(vmap_synth *synth, const char *list);
VMAP_API void vmap_synth_set_threads(vmap_synth *synth, unsigned threads);
/* Reports "simulating people" (done and total in blocks of people) and "writing files". */
VMAP_API void vmap_synth_set_progress(vmap_synth *synth, vmap_progress_fn progress, void *context);

/* Simulates the population and writes it into `dir` (made if missing; VMAP_USAGE when it is
 * a file): datasets/<id>.csv, datasets/<id>.yaml, datasets/<id>_events.csv, truth.csv,
 * truth.json, project.yaml, journeys.yaml and model.yaml, each written to a temporary name
 * and renamed into place only when all are complete. */
VMAP_API int vmap_synth_run(vmap_synth *synth, const char *dir);

VMAP_API vmap_synth_stats vmap_synth_get_stats(const vmap_synth *synth);

/* ---------------------------------------------------------------------------------------------
 * Report: report.html and valuemap.xlsx from the files the stages wrote (see docs/report.md).
 *
 * vmap_report_read takes a run's output folder (with link/, journeys/, appraise/, pool/ inside)
 * or one stage's own folder, finds the stages by the files present and reads them; it never
 * needs a stage's internals, so any run, old or new, can be reported. A stage found by its
 * marker file (summary.json, pool.json, linkage-summary.json, journeys-summary.json) must have
 * all its other files, well-formed: otherwise VMAP_INPUT with "file:line: ..." in the message.
 * vmap_report_write writes both files into `dir` atomically together, or neither.
 */
typedef struct vmap_report vmap_report;

VMAP_API vmap_report *vmap_report_new(void);
VMAP_API void vmap_report_free(vmap_report *report);
VMAP_API const char *vmap_report_errmsg(const vmap_report *report);

/* The report's title (default: the appraisal's name, else "valuemap report"). */
VMAP_API int vmap_report_set_title(vmap_report *report, const char *title);
VMAP_API int vmap_report_read(vmap_report *report, const char *dir);
/* Whether the folder read held `stage`'s files ("link", "journeys", "appraise", "pool"). */
VMAP_API bool vmap_report_has_stage(const vmap_report *report, const char *stage);
VMAP_API int vmap_report_write(vmap_report *report, const char *dir);

VMAP_API size_t vmap_report_warning_count(const vmap_report *report);
/* The index-th warning, or NULL when out of range. */
VMAP_API const char *vmap_report_warning(const vmap_report *report, size_t index);

/* ---------------------------------------------------------------------------------------------
 * Projects: every stage of a project file, in order, each into OUT/<stage>/ (link, journeys,
 * appraise, pool, report), skipping a stage whose inputs (the contents of every file it reads,
 * its options and VMAP_VERSION) hash to the value stamped by its last successful run (see
 * docs/projects.md).
 */
typedef struct vmap_project vmap_project;

enum vmap_stage_state {
	VMAP_STAGE_ABSENT,  /* not part of this project */
	VMAP_STAGE_PENDING, /* not reached */
	VMAP_STAGE_RAN,
	VMAP_STAGE_SKIPPED, /* inputs unchanged since its last successful run */
	VMAP_STAGE_FAILED,
};

VMAP_API vmap_project *vmap_project_new(void);
VMAP_API void vmap_project_free(vmap_project *project);
VMAP_API const char *vmap_project_errmsg(const vmap_project *project);

/* Reads and checks the project file at `path`: unknown keys, missing files and bad values are
 * errors as "file:line:col: what: why". Paths in it are relative to its folder. */
VMAP_API int vmap_project_load(vmap_project *project, const char *path);

/* Runs every stage even when its inputs are unchanged. */
VMAP_API void vmap_project_set_force(vmap_project *project, bool force);
VMAP_API void vmap_project_set_threads(vmap_project *project, unsigned threads);

/* Progress: when a stage begins, `step` is its name with done 0 and total 0; when it ends
 * (ran, skipped or failed: see vmap_project_stage_state), its name with done 1 and total 0;
 * in between, "<stage>: <what>" with the stage's own counts (total 0 when it has none). */
VMAP_API void vmap_project_set_progress(vmap_project *project, vmap_progress_fn progress,
					void *context);

/* Runs the stages in order. On failure the stages before keep their outputs, the failed
 * stage keeps its previous ones (unstamped, so it runs again next time), and the message
 * starts with the stage's name ("journeys: ..."); the code is the stage's own. */
VMAP_API int vmap_project_run(vmap_project *project);

VMAP_API const char *vmap_project_name(const vmap_project *project);
/* The output folder (the project's `out`, resolved). */
VMAP_API const char *vmap_project_out(const vmap_project *project);

/* The stages, always in pipeline order: link, journeys, appraise, pool, report. */
VMAP_API size_t vmap_project_stage_count(const vmap_project *project);
VMAP_API const char *vmap_project_stage_name(const vmap_project *project, size_t stage);
VMAP_API enum vmap_stage_state vmap_project_stage_state(const vmap_project *project, size_t stage);
/* Seconds the stage took (hashing included); 0 before it has run. */
VMAP_API double vmap_project_stage_seconds(const vmap_project *project, size_t stage);

/* Warnings of the stages run (a model's, a linkage's), each starting with the stage's name. */
VMAP_API size_t vmap_project_warning_count(const vmap_project *project);
VMAP_API const char *vmap_project_warning(const vmap_project *project, size_t index);

/* The end summary, read after a successful run from OUT/appraise/summary.json and
 * OUT/pool/pool.json: one entry per government agency, in the model's order. */
typedef struct vmap_project_department {
	const char *id, *name;
	double pays;    /* pv_cost */
	double gains;   /* pv_benefit_fiscal */
	double net;     /* net_fiscal: gains - pays, the department's own lens */
	double balance; /* the pool's balance (contribution - spend; positive owes the pool);
			   NaN when pool.json has no entry for the agency */
} vmap_project_department;

VMAP_API size_t vmap_project_department_count(const vmap_project *project);
VMAP_API vmap_project_department vmap_project_department_at(const vmap_project *project,
							     size_t index);
/* The interventions in the collaboration gap (worth it for government, for no single
 * department), by id. */
VMAP_API size_t vmap_project_gap_count(const vmap_project *project);
VMAP_API const char *vmap_project_gap(const vmap_project *project, size_t index);
/* Whole-government net present social value (summary.json totals.npsv). */
VMAP_API double vmap_project_npsv(const vmap_project *project);
/* The net fiscal value pooling unlocks (pool.json portfolio.unlocked); NaN before a run. */
VMAP_API double vmap_project_unlocked(const vmap_project *project);
/* OUT/report/report.html, or NULL before a successful run. */
VMAP_API const char *vmap_project_report_path(const vmap_project *project);

/* ---------------------------------------------------------------------------------------------
 * Many processes (issue 18): the same program under mpirun (docs/scaling.md).
 *
 * Built with `meson setup build-mpi -Dmpi=enabled` and started by `mpirun -np N valuemap ...`,
 * the stages split their work over the N processes (ranks) and every output is byte-identical
 * to one process. Only rank 0 writes files; a command should print only on rank 0. Without
 * MPI, or started without mpirun, there is one process (rank 0 of 1) and these do nothing.
 * The process is one for the whole program, so these are functions, not a handle.
 */
/* Call first, with main's arguments (MPI may take its own from them). VMAP_OK, or
 * VMAP_INTERNAL when MPI cannot start. */
VMAP_API int vmap_dist_start(int *argc, char ***argv);
/* This process's rank (0 ... size - 1) and the number of processes. */
VMAP_API unsigned vmap_dist_rank(void);
VMAP_API unsigned vmap_dist_size(void);
/* Payload bytes this process has sent to the others so far. */
VMAP_API uint64_t vmap_dist_bytes_sent(void);
/* The records a linkage held on this process while split over processes: its own (those it
 * read) and the most copies of other processes' records it held at once while blocking and
 * scoring a rule. Both 0 on one process or without a linkage. */
VMAP_API void vmap_dist_records_held(uint64_t *home, uint64_t *visiting);
/* What a linkage split over processes kept on rank 0 for clustering and writing, which read
 * records by number: `bytes` for all `records` (their ids), and the records whose fields it
 * held whole (the kept pairs'). All 0 on the other ranks, on one process, without a linkage. */
VMAP_API void vmap_dist_record_table(uint64_t *bytes, uint64_t *records, uint64_t *whole);
/* Call last, on every rank, with the exit status the command ends with and, when it is not 0,
 * the error message said (`reason`, or NULL): returns the status all ranks agree on (the first
 * failure by rank). When it is not `exit_status`, *message (when message is not NULL) says
 * which process failed and why (valid until the program exits). */
VMAP_API int vmap_dist_finish(int exit_status, const char *reason, const char **message);
/* ------------------------------------------------------------------------------ end issue 18 */

#ifdef __cplusplus
}
#endif

#endif /* VALUEMAP_H */
