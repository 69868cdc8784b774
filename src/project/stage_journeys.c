/*
 * stage_journeys.c - the journeys stage: the journeys file on the link's clusters into
 * OUT/journeys/; its inputs are the journeys file, the clusters, and each dataset spec it
 * lists with its CSV and events file.
 */
#include "valuemap.h"

#include "input_hash.h"
#include "inputs.h"
#include "project.h"
#include "stage.h"

#include "core/paths.h"

#include <stdlib.h>

static bool journeys_present(const struct project_spec *s)
{
	return s->journeys != NULL;
}

/* The clusters journeys reads: the link stage's when the project links. */
static char *journeys_clusters(const struct vmap_project *p)
{
	char *link_dir, *path;

	if (!stage_link_present(&p->spec))
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

	if (stage_link_present(&p->spec) && !clusters)
		return diag_nomem(&p->diag, "naming the clusters");
	rc = inputs_add_journeys(h, p->spec.journeys, clusters);
	free(clusters);
	return rc;
}

static int journeys_with(struct vmap_project *p, vmap_journeys *j, const char *dir)
{
	struct stage_forward f = {p, "journeys", "bootstrap"};
	char *clusters = journeys_clusters(p);
	int rc;

	if (stage_link_present(&p->spec) && !clusters)
		return diag_nomem(&p->diag, "naming the clusters");
	rc = vmap_journeys_load(j, p->spec.journeys);
	if (!rc && clusters)
		rc = vmap_journeys_set_clusters(j, clusters);
	free(clusters);
	vmap_journeys_set_threads(j, p->threads);
	vmap_journeys_set_progress(j, stage_forward_progress, &f);
	if (!rc)
		rc = vmap_journeys_run(j);
	for (size_t w = 0; w < vmap_journeys_warning_count(j); w++)
		if (!project_warn(p, "journeys", vmap_journeys_warning(j, w)))
			return diag_nomem(&p->diag, "keeping a warning");
	if (!rc)
		rc = vmap_journeys_write(j, dir);
	return rc ? stage_fail(p, rc, vmap_journeys_errmsg(j)) : VMAP_OK;
}

static int journeys_run(struct vmap_project *p, const char *dir)
{
	vmap_journeys *j = vmap_journeys_new();
	int rc;

	if (!j)
		return diag_nomem(&p->diag, "starting the journeys");
	rc = journeys_with(p, j, dir);
	vmap_journeys_free(j);
	return rc;
}

const struct stage stage_journeys = {"journeys", journeys_present, journeys_inputs,
				     journeys_run};
