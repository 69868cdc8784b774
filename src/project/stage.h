/*
 * stage.h - what the stage files share: each stage (stage_<name>.c) is one `struct stage`,
 * listed in pipeline order by stages.c; a stage passes its own progress on through a
 * stage_forward, and a stage's failure message goes on the project's diag through stage_fail.
 */
#ifndef VMAP_PROJECT_STAGE_H
#define VMAP_PROJECT_STAGE_H

#include "project.h"

extern const struct stage stage_link, stage_journeys, stage_appraise, stage_pool, stage_report;

/* Forwards a stage's own progress as "<stage>: <step>" (`default_step` when it gives none). */
struct stage_forward {
	struct vmap_project *project;
	const char *stage, *default_step;
};
void stage_forward_progress(void *context, const char *step, size_t done, size_t total);

/* Keeps a stage's message (or the code's own text when it has none) and returns `rc`. */
int stage_fail(struct vmap_project *p, int rc, const char *message);

/* True when the project links its datasets (then journeys reads the link's clusters). */
bool stage_link_present(const struct project_spec *spec);

/* True for the stages every project has. */
bool stage_always(const struct project_spec *spec);

#endif
