/*
 * run.c - vmap_project_run: the stages in pipeline order, each skipped when the hash of its
 * inputs equals the one its last successful run stamped.
 *
 * Order of a stage's work: hash the inputs (after the stages before it have written theirs,
 * so a changed upstream output reruns it), compare with the stamp, and otherwise remove the
 * stamp, run, and stamp last. A stage that fails is left unstamped; its folder keeps its
 * previous outputs (every stage writes atomically) and the stages after it do not run.
 */
#include "valuemap.h"

#include "input_hash.h"
#include "project.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int hash_inputs(struct vmap_project *p, enum stage_id id, char hex[INPUT_HASH_HEX])
{
	struct input_hash h;
	int rc = input_hash_begin(&h, stages[id]->name, &p->diag);

	if (!rc)
		rc = stages[id]->inputs(p, &h);
	if (rc)
		input_hash_release(&h);
	else
		input_hash_end(&h, hex);
	return rc;
}

static int run_or_skip(struct vmap_project *p, enum stage_id id, const char *dir)
{
	char hex[INPUT_HASH_HEX];
	int rc = hash_inputs(p, id, hex);

	if (rc)
		return rc;
	if (!p->force && stamp_matches(dir, hex)) {
		p->stages[id].state = VMAP_STAGE_SKIPPED;
		return VMAP_OK;
	}
	rc = stamp_remove(dir, &p->diag);
	if (!rc)
		rc = stages[id]->run(p, dir);
	if (!rc)
		rc = stamp_write(dir, hex, &p->diag);
	if (!rc)
		p->stages[id].state = VMAP_STAGE_RAN;
	return rc;
}

/* Puts the stage's name in front of its message. */
static int name_failure(struct vmap_project *p, enum stage_id id, int rc)
{
	char message[DIAG_MESSAGE_MAX];

	snprintf(message, sizeof message, "%s", p->diag.message);
	p->stages[id].state = VMAP_STAGE_FAILED;
	return diag_fail(&p->diag, rc, "%s: %s", stages[id]->name,
			 *message ? message : vmap_strerror(rc));
}

static int run_stage(struct vmap_project *p, enum stage_id id)
{
	double start = now_seconds();
	char *dir = project_stage_dir(p, id);
	int rc;

	project_progress(p, stages[id]->name, 0, 0);
	rc = dir ? run_or_skip(p, id, dir) : diag_nomem(&p->diag, "naming a stage folder");
	free(dir);
	p->stages[id].seconds = now_seconds() - start;
	if (rc)
		rc = name_failure(p, id, rc);
	project_progress(p, stages[id]->name, 1, 0);
	return rc;
}

int vmap_project_run(vmap_project *p)
{
	int rc = VMAP_OK;

	diag_clear(&p->diag);
	project_summary_release(&p->summary);
	if (!p->loaded)
		return diag_fail(&p->diag, VMAP_USAGE, "no project loaded");
	for (int id = 0; id < STAGE_COUNT; id++)
		p->stages[id] = (struct stage_result){
			stages[id]->present(&p->spec) ? VMAP_STAGE_PENDING : VMAP_STAGE_ABSENT, 0};
	for (int id = 0; id < STAGE_COUNT && !rc; id++)
		if (p->stages[id].state == VMAP_STAGE_PENDING)
			rc = run_stage(p, (enum stage_id)id);
	return rc ? rc : project_summary_read(p);
}
