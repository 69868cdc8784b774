/*
 * model.h - the in-memory appraisal model (private to the library).
 *
 * A model owns every string and array below; vmap_model_free releases them all. Indexes
 * between parts (a cost's agency, an effect's outcome) are positions in the model's arrays,
 * checked when the model is read, so later stages never look ids up again.
 *
 * Every number that may be uncertain is a `struct quantity`: its value when fixed, or the
 * index of a parameter in `params` whose distribution it follows. The appraisal evaluates a
 * model against one value per parameter (the means for the deterministic value map, sampled
 * values for Monte Carlo), so uncertainty never changes the appraisal's arithmetic.
 */
#ifndef VMAP_MODEL_MODEL_H
#define VMAP_MODEL_MODEL_H

#include "core/diag.h"
#include "core/warnings.h"
#include "valuemap.h"

#include <stdbool.h>
#include <stddef.h>

enum { GRADE_COUNT = 6 };

enum dist_kind {
	DIST_NORMAL,
	DIST_LOGNORMAL,
	DIST_TRIANGULAR,
	DIST_PERT,
	DIST_UNIFORM,
	DIST_BETA,
	DIST_GAMMA,
};

/* A distribution as the model states it. mean and sd are always filled in (derived where
 * the model gives other parameters); min/mode/max only for bounded kinds; alpha/beta for beta. */
struct distribution {
	enum dist_kind kind;
	double mean, sd;
	double min, mode, max;
	double alpha, beta;
};

/* An uncertain input. A named parameter (declared under `parameters:`) may be used by any
 * number of quantities; its label is its name. Sampled values are clamped to [lo, hi]: the
 * intersection of the ranges allowed where it is used (a share stays in [0, 1]). */
struct param {
	char *label; /* where the number is used, e.g. "interventions.ips.effects[0].change" */
	struct distribution dist;
	bool named;
	double lo, hi;
	int line, column;
};

/* A correlation between two named parameters (Gaussian copula), from `correlations:`. */
struct correlation {
	size_t a, b; /* indexes into params, a != b */
	double rho;  /* in [-1, 1] */
	int line, column;
};

struct quantity {
	double value; /* the fixed value, or the distribution's mean */
	int param;    /* index into vmap_model.params, or -1 when fixed */
};

struct agency {
	char *id, *name;
	bool government;
};

enum outcome_kind { KIND_FISCAL, KIND_ECONOMIC, KIND_SOCIAL };

struct share {
	size_t agency;
	double share;
};

struct outcome {
	char *id, *name;
	struct quantity value; /* in prices of price_year */
	int price_year;
	double real_factor; /* deflator[price_base] / deflator[price_year] */
	enum outcome_kind kind;
	bool cashable;
	int confidence; /* optimism-bias grade 1..6, 0 for none */
	struct share *shares;
	size_t share_count;
	bool has_discount;
	vmap_discount discount;
};

enum cost_per { PER_PARTICIPANT, PER_TOTAL };

struct cost {
	size_t agency;
	struct quantity amount; /* in prices of price_year */
	enum cost_per per;
	int *years; /* year indexes inside the horizon, in the order given */
	size_t year_count;
	int price_year;
	double real_factor;
	int confidence;               /* 0 for none */
	bool has_optimism_bias;       /* a direct uplift instead of a grade */
	struct quantity optimism_bias;
};

struct effect {
	size_t outcome;
	struct quantity change;
	int start, duration;
	struct quantity drop_off, deadweight, displacement, attribution;
	int confidence; /* 0: the outcome's grade */
};

struct intervention {
	char *id, *name;
	struct quantity participants;
	struct cost *costs;
	size_t cost_count;
	struct effect *effects;
	size_t effect_count;
};

/* An option of the shortlist (`options:`): a named set of interventions. */
struct option {
	char *id, *name;
	bool *member; /* [intervention_count] */
};

/* A row of `ucd_agencies:`: a unit-cost agency name (the UCD's own spelling) and the model's
 * agency that stands for it. */
struct ucd_agency {
	const char *name; /* points into the compiled-in reference data */
	size_t agency;
};

struct vmap_model {
	struct vmap_diag diag; /* read by vmap_X_errmsg */
	char **sets; /* what-ifs ("PATH=VALUE") applied at every load; kept by model_clear */
	size_t set_count;
	char *path;
	char *name;
	int base_year, price_base, horizon;
	vmap_discount discount;
	double optimism_bias[GRADE_COUNT];
	int *deflator_years;
	double *deflator_index;
	size_t deflator_count;
	bool deflator_hmt; /* the shipped HM Treasury series (no series of the model's own) */
	struct ucd_agency *ucd_agencies;
	size_t ucd_agency_count;
	struct agency *agencies;
	size_t agency_count;
	struct outcome *outcomes;
	size_t outcome_count;
	struct intervention *interventions;
	size_t intervention_count;
	struct option *options; /* the shortlist; the do-minimum is implied, not listed */
	size_t option_count;
	struct param *params; /* the named parameters first, in file order */
	size_t param_count, named_count;
	struct correlation *correlations;
	size_t correlation_count;
	struct warnings warnings;
};

/* The value of `q` given one value per parameter (NULL: every parameter at its mean). */
static inline double quantity_eval(struct quantity q, const double *param_values)
{
	return q.param < 0 || !param_values ? q.value : param_values[q.param];
}

/* Adds a formatted warning to the model; returns VMAP_OK or VMAP_NOMEM. */
int model_warn(struct vmap_model *model, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Releases everything the model holds and leaves it empty (its diag and what-ifs are kept). */
void model_clear(struct vmap_model *model);

/* The deflator index of `year`, or false when the model has none for it. */
bool model_deflator(const struct vmap_model *model, int year, double *index);

/* The model's agency for the unit-cost agency `name` (ucd_agencies:), or false. */
bool model_ucd_agency(const struct vmap_model *model, const char *name, size_t *agency);

#endif
