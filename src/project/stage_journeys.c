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

static int journeys_run(struct vmap_project *p, const char *dir)
{
	(void)dir;
	return diag_fail(&p->diag, VMAP_USAGE, "%s: journeys: the journeys stage is not built "
			 "into this valuemap yet", p->spec.path);
}

const struct stage stage_journeys = {"journeys", journeys_present, journeys_inputs,
				     journeys_run};
