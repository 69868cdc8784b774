/*
 * project.c - the vmap_project handle: making, loading, options, warnings and accessors.
 */
#include "valuemap.h"

#include "project.h"

#include "core/alloc.h"
#include "core/paths.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

vmap_project *vmap_project_new(void)
{
	vmap_project *p = alloc_array(1, sizeof(vmap_project));

	if (p)
		project_summary_release(&p->summary); /* NaN figures before a run */
	return p;
}

void vmap_project_free(vmap_project *p)
{
	if (!p)
		return;
	project_spec_release(&p->spec);
	project_summary_release(&p->summary);
	warnings_release(&p->warnings);
	free(p);
}

const char *vmap_project_errmsg(const vmap_project *p)
{
	return p->diag.message;
}

int vmap_project_load(vmap_project *p, const char *path)
{
	int rc;

	diag_clear(&p->diag);
	project_spec_release(&p->spec);
	project_summary_release(&p->summary);
	warnings_release(&p->warnings);
	memset(p->stages, 0, sizeof p->stages);
	rc = project_spec_load(&p->spec, path, &p->diag);
	p->loaded = rc == VMAP_OK;
	return rc;
}

void vmap_project_set_force(vmap_project *p, bool force)
{
	p->force = force;
}

void vmap_project_set_threads(vmap_project *p, unsigned threads)
{
	p->threads = threads;
}

void vmap_project_set_progress(vmap_project *p, vmap_progress_fn progress, void *context)
{
	p->progress = progress;
	p->progress_context = context;
}

void project_progress(struct vmap_project *p, const char *step, size_t done, size_t total)
{
	if (p->progress)
		p->progress(p->progress_context, step, done, total);
}

bool project_warn(struct vmap_project *p, const char *stage, const char *message)
{
	return warnings_add(&p->warnings, "%s: %s", stage, message) == VMAP_OK;
}

char *project_stage_dir(const struct vmap_project *p, enum stage_id id)
{
	return path_join(p->spec.out, stages[id]->name);
}

const char *vmap_project_name(const vmap_project *p)
{
	return p->spec.name ? p->spec.name : "";
}

const char *vmap_project_out(const vmap_project *p)
{
	return p->spec.out ? p->spec.out : "";
}

size_t vmap_project_stage_count(const vmap_project *p)
{
	(void)p;
	return STAGE_COUNT;
}

const char *vmap_project_stage_name(const vmap_project *p, size_t stage)
{
	(void)p;
	return stage < STAGE_COUNT ? stages[stage]->name : NULL;
}

enum vmap_stage_state vmap_project_stage_state(const vmap_project *p, size_t stage)
{
	return stage < STAGE_COUNT ? p->stages[stage].state : VMAP_STAGE_ABSENT;
}

double vmap_project_stage_seconds(const vmap_project *p, size_t stage)
{
	return stage < STAGE_COUNT ? p->stages[stage].seconds : 0;
}

size_t vmap_project_warning_count(const vmap_project *p)
{
	return warnings_count(&p->warnings);
}

const char *vmap_project_warning(const vmap_project *p, size_t index)
{
	return warnings_get(&p->warnings, index);
}

size_t vmap_project_department_count(const vmap_project *p)
{
	return p->summary.department_count;
}

vmap_project_department vmap_project_department_at(const vmap_project *p, size_t index)
{
	const struct department *d;

	if (index >= p->summary.department_count)
		return (vmap_project_department){NULL, NULL, NAN, NAN, NAN, NAN};
	d = &p->summary.departments[index];
	return (vmap_project_department){d->id, d->name, d->pays, d->gains, d->net, d->balance};
}

size_t vmap_project_gap_count(const vmap_project *p)
{
	return p->summary.gap_count;
}

const char *vmap_project_gap(const vmap_project *p, size_t index)
{
	return index < p->summary.gap_count ? p->summary.gaps[index] : NULL;
}

double vmap_project_npsv(const vmap_project *p)
{
	return p->summary.npsv;
}

double vmap_project_unlocked(const vmap_project *p)
{
	return p->summary.unlocked;
}

const char *vmap_project_report_path(const vmap_project *p)
{
	return p->summary.report_path;
}
