/*
 * stage_appraise.c - the appraise and pool stages, both over the project's model: the value
 * map (with draws) into OUT/appraise/, the pooled-budget game (with budgets) into OUT/pool/.
 * Their inputs are the model and every effects_from fragment it takes, and their options.
 */
#include "valuemap.h"

#include "input_hash.h"
#include "inputs.h"
#include "project.h"
#include "stage.h"

static int appraise_inputs(struct vmap_project *p, struct input_hash *h)
{
	input_hash_number(h, "draws", (double)p->spec.draws);
	input_hash_number(h, "seed", (double)p->spec.seed);
	return inputs_add_model(h, p->spec.model);
}

/* Loads the project's model into `*model` (the caller frees it), keeping its warnings when
 * `warn` names the stage to file them under. */
static int load_model(struct vmap_project *p, vmap_model **model, const char *warn)
{
	int rc;

	*model = vmap_model_new();
	if (!*model)
		return diag_nomem(&p->diag, "loading the model");
	rc = vmap_model_load(*model, p->spec.model);
	if (rc)
		return stage_fail(p, rc, vmap_model_errmsg(*model));
	for (size_t w = 0; warn && w < vmap_model_warning_count(*model); w++)
		if (!project_warn(p, warn, vmap_model_warning(*model, w)))
			return diag_nomem(&p->diag, "keeping a warning");
	return VMAP_OK;
}

static int appraise_with(struct vmap_project *p, vmap_appraisal *a, const char *dir)
{
	struct stage_forward f = {p, "appraise", "simulating"};
	vmap_simulation_options options = {.draws = (uint64_t)p->spec.draws,
					   .seed = (uint64_t)p->spec.seed,
					   .threads = p->threads,
					   .progress = stage_forward_progress,
					   .progress_context = &f};
	int rc = vmap_appraisal_run(a);

	if (!rc && p->spec.draws > 0)
		rc = vmap_appraisal_simulate(a, &options);
	if (!rc)
		rc = vmap_appraisal_write(a, dir);
	return rc ? stage_fail(p, rc, vmap_appraisal_errmsg(a)) : VMAP_OK;
}

/* Loads the model and hands a fresh appraisal of it to `then`. */
static int with_appraisal(struct vmap_project *p, const char *dir, const char *warn,
			  int (*then)(struct vmap_project *p, vmap_appraisal *a, const char *dir))
{
	vmap_model *model = NULL;
	vmap_appraisal *appraisal = NULL;
	int rc = load_model(p, &model, warn);

	if (!rc) {
		appraisal = vmap_appraisal_new(model);
		rc = appraisal ? then(p, appraisal, dir)
			       : diag_nomem(&p->diag, "starting the appraisal");
	}
	vmap_appraisal_free(appraisal);
	vmap_model_free(model);
	return rc;
}

static int appraise_run(struct vmap_project *p, const char *dir)
{
	return with_appraisal(p, dir, "appraise", appraise_with);
}

/* ----- pool ----- */

static int pool_inputs(struct vmap_project *p, struct input_hash *h)
{
	const struct project_spec *s = &p->spec;

	for (size_t b = 0; b < s->budget_count; b++)
		input_hash_number(h, s->budgets[b].agency, s->budgets[b].amount);
	if (s->has_pooled)
		input_hash_number(h, "pooled", s->pooled);
	return inputs_add_model(h, s->model);
}

/* A budget the pool refuses is the project file's mistake: named at its position there. */
static int set_budgets(struct vmap_project *p, vmap_pool *pool)
{
	const struct project_spec *s = &p->spec;

	for (size_t b = 0; b < s->budget_count; b++)
		if (vmap_pool_set_budget(pool, s->budgets[b].agency, s->budgets[b].amount))
			return diag_fail(&p->diag, VMAP_INPUT, "%s:%d:%d: pool.budgets: %s", s->path,
					 s->budgets[b].mark.line, s->budgets[b].mark.column,
					 vmap_pool_errmsg(pool));
	if (s->has_pooled && vmap_pool_set_pooled_budget(pool, s->pooled))
		return diag_fail(&p->diag, VMAP_INPUT, "%s:%d:%d: pool.pooled: %s", s->path,
				 s->pool_mark.line, s->pool_mark.column, vmap_pool_errmsg(pool));
	return VMAP_OK;
}

static int pool_with(struct vmap_project *p, vmap_appraisal *a, const char *dir)
{
	vmap_pool *pool;
	int rc = vmap_appraisal_run(a);

	if (rc)
		return stage_fail(p, rc, vmap_appraisal_errmsg(a));
	pool = vmap_pool_new(a);
	if (!pool)
		return diag_nomem(&p->diag, "starting the pool");
	rc = set_budgets(p, pool);
	if (!rc && (rc = vmap_pool_run(pool)) == VMAP_OK)
		rc = vmap_pool_write(pool, dir);
	if (rc && !p->diag.code)
		stage_fail(p, rc, vmap_pool_errmsg(pool));
	vmap_pool_free(pool);
	return rc;
}

/* The model's warnings are the appraise stage's to give. */
static int pool_run(struct vmap_project *p, const char *dir)
{
	return with_appraisal(p, dir, NULL, pool_with);
}

const struct stage stage_appraise = {"appraise", stage_always, appraise_inputs, appraise_run};
const struct stage stage_pool = {"pool", stage_always, pool_inputs, pool_run};
