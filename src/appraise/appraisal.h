/*
 * appraisal.h - the appraisal handle (private layout) and its output writers.
 */
#ifndef VMAP_APPRAISE_APPRAISAL_H
#define VMAP_APPRAISE_APPRAISAL_H

#include "core/json_out.h"
#include "core/outset.h"
#include "core/warnings.h"
#include "valuation.h"

/* The kinds of results a later stage can attach to an appraisal. */
enum appraisal_extension_kind { EXTENSION_NONE, EXTENSION_SIMULATION };

/* The files of an appraisal's output folder that an extension writes (DESIGN.md lists the
 * folder). Written when the extension is attached; otherwise removed from the folder at
 * commit, so it never mixes outputs of two runs. */
enum appraisal_file {
	APPRAISAL_DRAWS_CSV,
	APPRAISAL_SENSITIVITY_CSV,
	APPRAISAL_INPUTS_CSV,
	APPRAISAL_FILE_COUNT
};
const char *appraisal_file_name(enum appraisal_file file);

/* Results a later stage attaches to an appraisal (the Monte Carlo simulation) and that its
 * outputs carry: a key added to summary.json, and further files in the same atomic set. The
 * appraisal owns the context and calls release when it is freed or replaced. */
struct appraisal_extension {
	enum appraisal_extension_kind kind;
	void *context;
	void (*add_summary)(void *context, struct json_out *j);
	int (*write_files)(void *context, struct outset *out);
	void (*release)(void *context);
};

struct vmap_appraisal {
	struct vmap_diag diag; /* read by vmap_X_errmsg */
	const struct vmap_model *model;
	struct discount_plan plan;
	struct valuation value;
	bool done;
	struct appraisal_extension extension; /* all NULL when none */
	struct warnings warnings;             /* of the last simulation */
};

/* Replaces the appraisal's extension, releasing any previous one. */
void appraisal_extend(struct vmap_appraisal *a, const struct appraisal_extension *extension);

/* The context of the appraisal's extension of `kind`, or NULL when it has none of that kind. */
void *appraisal_extension_context(const struct vmap_appraisal *a,
				  enum appraisal_extension_kind kind);

/* The fields of vmap_totals in the order outputs list them, each with when it is defined:
 * always, only with ratios (pv_cost is not 0), or only as a year (payback_year >= 0). */
#define TOTALS_FIELD_MAP(X)                                                                 \
	X(pv_cost, ALWAYS) X(pv_benefit, ALWAYS) X(pv_benefit_fiscal, ALWAYS)               \
	X(pv_benefit_cashable, ALWAYS) X(pv_benefit_economic, ALWAYS)                        \
	X(pv_benefit_social, ALWAYS) X(npsv, ALWAYS) X(net_fiscal, ALWAYS) X(bcr, WITH_RATIOS) \
	X(fiscal_roi, WITH_RATIOS) X(payback_year, AS_YEAR)

enum totals_field_index {
#define TOTALS_FIELD_ENUM(field, defined) TOTALS_FIELD_##field,
	TOTALS_FIELD_MAP(TOTALS_FIELD_ENUM)
#undef TOTALS_FIELD_ENUM
	TOTALS_FIELD_COUNT
};

/* Their names, NULL-terminated. */
extern const char *const totals_fields[TOTALS_FIELD_COUNT + 1];

/* Field `index` of `t` as a number; false when it is null (no ratio, no payback year). */
bool totals_field(const vmap_totals *t, size_t index, double *value);

int write_summary(struct vmap_appraisal *a, struct outset *out);
int write_flows(struct vmap_appraisal *a, struct outset *out);
int write_agencies(struct vmap_appraisal *a, struct outset *out);
int write_matrix(struct vmap_appraisal *a, struct outset *out);

#endif
