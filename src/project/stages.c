/*
 * stages.c - the stage table: for each stage of a project, whether the project has it, the
 * inputs its hash covers and how it runs, through the stages' public APIs.
 *
 * A stage's hash covers every file the stage reads (see inputs.h) and every option that can
 * change its outputs; never the thread count, which cannot. A stage that fails leaves its
 * message on the project's diag; run.c names the stage.
 */
#include "valuemap.h"

#include "input_hash.h"
#include "inputs.h"
#include "project.h"

#include "core/path.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Forwards a stage's own progress as "<stage>: <step>". */
struct forward {
	struct vmap_project *project;
	const char *stage, *default_step;
};

static void forward_progress(void *context, const char *step, size_t done, size_t total)
{
	struct forward *f = context;
	char text[256];

	snprintf(text, sizeof text, "%s: %s", f->stage, step ? step : f->default_step);
	project_progress(f->project, text, done, total);
}

static int stage_fail(struct vmap_project *p, int rc, const char *message)
{
	return diag_fail(&p->diag, rc, "%s", message && *message ? message : vmap_strerror(rc));
}

/* ----- link ----- */

static bool link_present(const struct project_spec *s)
{
	return s->dataset_count > 0;
}

static int link_inputs(struct vmap_project *p, struct input_hash *h)
{
	const struct project_spec *s = &p->spec;
	int rc = VMAP_OK;

	input_hash_option(h, "mode", s->key_file ? "encoded" : "cleartext");
	for (size_t d = 0; d < s->dataset_count && !rc; d++)
		rc = inputs_add_spec(h, s->datasets[d], false);
	if (!rc && s->link_config)
		rc = input_hash_file(h, "config", s->link_config);
	if (!rc && s->key_file)
		rc = input_hash_file(h, "key", s->key_file);
	return rc;
}

static int link_with(struct vmap_project *p, vmap_linker *l, const char *dir)
{
	const struct project_spec *s = &p->spec;
	struct forward f = {p, "link", "linking"};
	int rc = s->link_config ? vmap_linker_configure(l, s->link_config) : VMAP_OK;

	if (p->threads)
		vmap_linker_set_threads(l, (int)p->threads);
	vmap_linker_set_progress(l, forward_progress, &f);
	for (size_t d = 0; d < s->dataset_count && !rc; d++)
		rc = vmap_linker_add_dataset(l, s->datasets[d]);
	if (!rc)
		rc = vmap_linker_run(l);
	for (size_t w = 0; w < vmap_linker_warning_count(l); w++)
		if (!project_warn(p, "link", vmap_linker_warning(l, w)))
			return diag_nomem(&p->diag, "keeping a warning");
	if (!rc)
		rc = vmap_linker_write(l, dir);
	return rc ? stage_fail(p, rc, vmap_linker_errmsg(l)) : VMAP_OK;
}

static int link_run(struct vmap_project *p, const char *dir)
{
	vmap_linker *l;
	int rc;

	if (p->spec.key_file)
		return diag_fail(&p->diag, VMAP_USAGE, "%s: link.encoded: linkage of encodings is "
				 "not built into this valuemap yet", p->spec.path);
	l = vmap_linker_new();
	if (!l)
		return diag_nomem(&p->diag, "starting the linkage");
	rc = link_with(p, l, dir);
	vmap_linker_free(l);
	return rc;
}

/* ----- journeys ----- */

static bool journeys_present(const struct project_spec *s)
{
	return s->journeys != NULL;
}

/* The clusters journeys reads: the link stage's when the project links. */
static char *journeys_clusters(const struct vmap_project *p)
{
	char *link_dir, *path;

	if (!link_present(&p->spec))
		return NULL;
	link_dir = project_stage_dir(p, STAGE_LINK);
	path = link_dir ? path_join(link_dir, "clusters.csv") : NULL;
	free(link_dir);
	return path;
}

static int journeys_inputs(struct vmap_project *p, struct input_hash *h)
{
	char *clusters = journeys_clusters(p);
	int rc;

	if (link_present(&p->spec) && !clusters)
		return diag_nomem(&p->diag, "naming the clusters");
	rc = inputs_add_journeys(h, p->spec.journeys, clusters);
	free(clusters);
	return rc;
}

static int journeys_run(struct vmap_project *p, const char *dir)
{
	(void)dir;
	return diag_fail(&p->diag, VMAP_USAGE, "%s: journeys: the journeys stage is not built "
			 "into this valuemap yet", p->spec.path);
}

/* ----- appraise ----- */

static bool always(const struct project_spec *s)
{
	(void)s;
	return true;
}

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
	struct forward f = {p, "appraise", "simulating"};
	vmap_simulation_options options = {(uint64_t)p->spec.draws, (uint64_t)p->spec.seed,
					   p->threads, forward_progress, &f};
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

/* ----- report ----- */

static bool report_present(const struct project_spec *s)
{
	(void)s;
	return false; /* until the report stage is built in */
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_output_name(const struct dirent *e)
{
	return e->d_name[0] != '.'; /* stamps, temporary files, . and .. */
}

/* Every output file of stage `id`, by name. */
static int hash_stage_outputs(struct vmap_project *p, struct input_hash *h, enum stage_id id)
{
	char *dir = project_stage_dir(p, id);
	struct dirent **entries = NULL;
	int count = dir ? scandir(dir, &entries, is_output_name, by_name) : 0, rc = VMAP_OK;

	if (!dir)
		return diag_nomem(&p->diag, "naming a stage folder");
	for (int i = 0; i < count; i++) {
		char *path = rc ? NULL : path_join(dir, entries[i]->d_name);
		if (!rc && !path)
			rc = diag_nomem(&p->diag, "naming an output");
		if (!rc) {
			char label[300];
			snprintf(label, sizeof label, "%s/%s", stages[id].name, entries[i]->d_name);
			rc = input_hash_file(h, label, path);
		}
		free(path);
		free(entries[i]);
	}
	free(entries);
	free(dir);
	return rc;
}

static int report_inputs(struct vmap_project *p, struct input_hash *h)
{
	int rc = VMAP_OK;

	input_hash_option(h, "title", p->spec.title ? p->spec.title : p->spec.name);
	for (int id = STAGE_LINK; id < STAGE_REPORT && !rc; id++)
		if (stages[id].present(&p->spec))
			rc = hash_stage_outputs(p, h, (enum stage_id)id);
	return rc;
}

static int report_run(struct vmap_project *p, const char *dir)
{
	(void)dir;
	return diag_fail(&p->diag, VMAP_USAGE, "the report stage is not built into this "
			 "valuemap yet");
}

const struct stage stages[STAGE_COUNT] = {
	[STAGE_LINK] = {"link", link_present, link_inputs, link_run},
	[STAGE_JOURNEYS] = {"journeys", journeys_present, journeys_inputs, journeys_run},
	[STAGE_APPRAISE] = {"appraise", always, appraise_inputs, appraise_run},
	[STAGE_POOL] = {"pool", always, pool_inputs, pool_run},
	[STAGE_REPORT] = {"report", report_present, report_inputs, report_run},
};
