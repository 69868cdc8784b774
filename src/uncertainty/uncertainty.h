/*
 * uncertainty.h - the results of a simulation as an appraisal carries them (private).
 *
 * An uncertainty owns its simulation and the summaries derived from it; the appraisal owns
 * the uncertainty through its extension (see appraise/appraisal.h) and frees it.
 */
#ifndef VMAP_UNCERTAINTY_UNCERTAINTY_H
#define VMAP_UNCERTAINTY_UNCERTAINTY_H

#include "appraise/appraisal.h"
#include "montecarlo.h"

struct uncertainty {
	struct simulation sim;
	vmap_stats *stats; /* [owners][MEASURES] */
	double *evpi;      /* [owners]: on npsv for the totals, net_fiscal for each agency */
};

/* The summary.json `uncertainty` key, and draws.csv and sensitivity.csv. */
void uncertainty_add_summary(void *uncertainty, struct json_out *j);
int uncertainty_write_files(void *uncertainty, struct outset *out);

#endif
