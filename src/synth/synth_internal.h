/*
 * synth_internal.h - the synth handle and what its run hands the writers (synth.c,
 * write_project.c).
 */
#ifndef VMAP_SYNTH_INTERNAL_H
#define VMAP_SYNTH_INTERNAL_H

#include "core/diag.h"
#include "core/outset.h"
#include "synth/synth.h"

struct vmap_synth {
	struct vmap_diag diag;
	uint64_t people, seed;
	bool include[DEPT_COUNT];
	unsigned threads;
	vmap_progress_fn progress;
	void *progress_context;
	vmap_synth_stats stats;
	double effect[DEPT_COUNT][POST_YEARS]; /* mean over the treated, PRICE_BASE prices */
};

/* Writes datasets/<id>.yaml for every department written (into `datasets`) and truth.json,
 * project.yaml, journeys.yaml and model.yaml (into `top`). */
int write_project(const struct vmap_synth *s, struct outset *datasets, struct outset *top);

#endif
