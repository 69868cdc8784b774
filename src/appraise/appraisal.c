/*
 * appraisal.c - the public appraisal handle: run the deterministic value map, read results,
 * write the output files.
 */
#include "appraisal.h"

#include "core/alloc.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

const char *const totals_fields[TOTALS_FIELD_COUNT + 1] = {
#define TOTALS_FIELD_NAME(field, defined) #field,
	TOTALS_FIELD_MAP(TOTALS_FIELD_NAME)
#undef TOTALS_FIELD_NAME
	NULL};

#define DEFINED_ALWAYS(t) true
#define DEFINED_WITH_RATIOS(t) ((t)->has_ratios)
#define DEFINED_AS_YEAR(t) ((t)->payback_year >= 0)

bool totals_field(const vmap_totals *t, size_t index, double *value)
{
	switch (index) {
#define TOTALS_FIELD_CASE(field, defined)                                                   \
	case TOTALS_FIELD_##field:                                                           \
		*value = (double)t->field;                                                   \
		return DEFINED_##defined(t);
		TOTALS_FIELD_MAP(TOTALS_FIELD_CASE)
#undef TOTALS_FIELD_CASE
	}
	assert(!"totals_field: index out of range");
	*value = NAN;
	return false;
}

vmap_appraisal *vmap_appraisal_new(const vmap_model *model)
{
	vmap_appraisal *a = alloc_array(1, sizeof *a);

	if (a)
		a->model = model;
	return a;
}

const char *vmap_appraisal_errmsg(const vmap_appraisal *a)
{
	return a ? a->diag.message : "";
}

void vmap_appraisal_free(vmap_appraisal *a)
{
	if (!a)
		return;
	discount_plan_release(&a->plan);
	valuation_release(&a->value);
	appraisal_extend(a, &(struct appraisal_extension){0});
	warnings_release(&a->warnings);
	free(a);
}

size_t vmap_appraisal_warning_count(const vmap_appraisal *a)
{
	return warnings_count(&a->warnings);
}

const char *vmap_appraisal_warning(const vmap_appraisal *a, size_t index)
{
	return warnings_get(&a->warnings, index);
}

const char *appraisal_file_name(enum appraisal_file file)
{
	static const char *const names[APPRAISAL_FILE_COUNT] = {"draws.csv", "sensitivity.csv",
								  "inputs.csv"};

	assert(file >= 0 && file < APPRAISAL_FILE_COUNT);
	return names[file];
}

void *appraisal_extension_context(const struct vmap_appraisal *a,
				  enum appraisal_extension_kind kind)
{
	return a->extension.kind == kind ? a->extension.context : NULL;
}

void appraisal_extend(struct vmap_appraisal *a, const struct appraisal_extension *extension)
{
	if (a->extension.release)
		a->extension.release(a->extension.context);
	a->extension = *extension;
}

int vmap_appraisal_run(vmap_appraisal *a)
{
	diag_clear(&a->diag);
	if (a->model->horizon <= 0)
		return diag_fail(&a->diag, VMAP_USAGE, "the model has not been loaded");
	if (!a->done) {
		if (discount_plan_init(&a->plan, a->model) != VMAP_OK ||
		    valuation_init(&a->value, a->model) != VMAP_OK)
			return diag_nomem(&a->diag, "appraising");
	}
	valuation_compute(&a->value, a->model, &a->plan, NULL);
	a->done = true;
	return VMAP_OK;
}

/* What a getter returns before the run or for an index out of range. */
static const vmap_totals no_totals = {.payback_year = -1};

static bool has_agency(const vmap_appraisal *a, size_t agency)
{
	return a->done && agency < a->value.agencies;
}

static bool has_intervention(const vmap_appraisal *a, size_t intervention)
{
	return a->done && intervention < a->value.interventions;
}

vmap_totals vmap_appraisal_totals(const vmap_appraisal *a)
{
	return a->done ? valuation_totals(&a->value) : no_totals;
}

vmap_totals vmap_appraisal_agency(const vmap_appraisal *a, size_t agency)
{
	return has_agency(a, agency) ? valuation_agency(&a->value, agency) : no_totals;
}

vmap_totals vmap_appraisal_intervention(const vmap_appraisal *a, size_t intervention)
{
	return has_intervention(a, intervention) ? valuation_intervention(&a->value, intervention)
						 : no_totals;
}

bool vmap_appraisal_collaboration_gap(const vmap_appraisal *a, size_t intervention)
{
	return has_intervention(a, intervention) &&
	       valuation_collaboration_gap(&a->value, intervention);
}

double vmap_appraisal_matrix(const vmap_appraisal *a, size_t payer, size_t beneficiary)
{
	if (!has_agency(a, payer) || !has_agency(a, beneficiary))
		return NAN;
	return valuation_matrix(&a->value, payer, beneficiary);
}

double vmap_appraisal_fiscal_benefit(const vmap_appraisal *a, size_t intervention, size_t agency)
{
	if (!has_intervention(a, intervention) || !has_agency(a, agency))
		return NAN;
	return valuation_fiscal(&a->value, intervention, agency);
}

static void protect_model(void *context, struct outset *out)
{
	const struct vmap_appraisal *a = context;

	outset_protect(out, a->model->path);
}

static int write_outputs(void *context, struct outset *out)
{
	struct vmap_appraisal *a = context;
	int rc = write_summary(a, out);

	if (!rc)
		rc = write_flows(a, out);
	if (!rc)
		rc = write_agencies(a, out);
	if (!rc)
		rc = write_matrix(a, out);
	if (!rc && a->extension.write_files)
		rc = a->extension.write_files(a->extension.context, out);
	if (!rc && !a->extension.write_files) /* no Monte Carlo: none of its old files stay */
		for (int f = 0; f < APPRAISAL_FILE_COUNT; f++)
			outset_retire(out, appraisal_file_name((enum appraisal_file)f));
	return rc;
}

int vmap_appraisal_write(vmap_appraisal *a, const char *dir)
{
	struct outset_job job = {a, protect_model, write_outputs};

	if (!a->done)
		return diag_fail(&a->diag, VMAP_USAGE, "nothing to write: run the appraisal first");
	diag_clear(&a->diag);
	return outset_run(dir, &a->diag, &job);
}
