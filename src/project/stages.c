/*
 * stages.c - the stage table in pipeline order, and what the stages share.
 *
 * A stage's hash covers every file the stage reads (see inputs.h) and every option that can
 * change its outputs; never the thread count, which cannot. A stage that fails leaves its
 * message on the project's diag; run.c names the stage.
 */
#include "valuemap.h"

#include "project.h"
#include "stage.h"

#include <stdio.h>

const struct stage *const stages[STAGE_COUNT] = {
	[STAGE_LINK] = &stage_link,
	[STAGE_JOURNEYS] = &stage_journeys,
	[STAGE_APPRAISE] = &stage_appraise,
	[STAGE_POOL] = &stage_pool,
	[STAGE_REPORT] = &stage_report,
};

bool stage_always(const struct project_spec *spec)
{
	(void)spec;
	return true;
}

void stage_forward_progress(void *context, const char *step, size_t done, size_t total)
{
	struct stage_forward *f = context;
	char text[256];

	snprintf(text, sizeof text, "%s: %s", f->stage, step ? step : f->default_step);
	project_progress(f->project, text, done, total);
}

int stage_fail(struct vmap_project *p, int rc, const char *message)
{
	return diag_fail(&p->diag, rc, "%s", message && *message ? message : vmap_strerror(rc));
}
