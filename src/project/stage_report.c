/*
 * stage_report.c - the report stage: every output of the stages before it into
 * OUT/report/report.html and valuemap.xlsx; its inputs are those output files and the title.
 */
#include "valuemap.h"

#include "input_hash.h"
#include "inputs.h"
#include "project.h"
#include "stage.h"

#include "core/paths.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
			snprintf(label, sizeof label, "%s/%s", stages[id]->name, entries[i]->d_name);
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
	/* The report reads the whole output folder: every stage folder found there counts,
	 * even one left by a stage since taken out of the project. */
	for (int id = STAGE_LINK; id < STAGE_REPORT && !rc; id++)
		rc = hash_stage_outputs(p, h, (enum stage_id)id);
	return rc;
}

static int report_with(struct vmap_project *p, vmap_report *r, const char *dir)
{
	int rc = vmap_report_set_title(r, p->spec.title ? p->spec.title : p->spec.name);

	if (!rc)
		rc = vmap_report_read(r, p->spec.out);
	for (size_t w = 0; w < vmap_report_warning_count(r); w++)
		if (!project_warn(p, "report", vmap_report_warning(r, w)))
			return diag_nomem(&p->diag, "keeping a warning");
	if (!rc)
		rc = vmap_report_write(r, dir);
	return rc ? stage_fail(p, rc, vmap_report_errmsg(r)) : VMAP_OK;
}

static int report_run(struct vmap_project *p, const char *dir)
{
	vmap_report *r = vmap_report_new();
	int rc;

	if (!r)
		return diag_nomem(&p->diag, "starting the report");
	rc = report_with(p, r, dir);
	vmap_report_free(r);
	return rc;
}

const struct stage stage_report = {"report", stage_always, report_inputs, report_run};
