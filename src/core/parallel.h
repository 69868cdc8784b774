/*
 * parallel.h - a fixed split of `count` items over worker threads, with progress.
 *
 * Worker w of T gets the contiguous items [count*w/T, count*(w+1)/T). Workers write their
 * results by item index, so whatever T is, every item is computed the same way and the
 * caller reduces them in one fixed order: results never depend on the thread count.
 */
#ifndef VMAP_CORE_PARALLEL_H
#define VMAP_CORE_PARALLEL_H

#include "valuemap.h"

#include <stdatomic.h>
#include <stddef.h>

struct parallel_job {
	/* Computes items [begin, end) as worker `worker`, adding 1 to *done after each item. */
	void (*run)(void *context, unsigned worker, size_t begin, size_t end,
		    atomic_size_t *done);
	void *context;
	size_t count;
	unsigned threads; /* at least 1 */
	vmap_progress_fn progress; /* optional, called from the calling thread only */
	void *progress_context;
};

/* Runs the job to completion. A worker whose thread cannot start runs on the calling thread
 * (as does the whole job when memory runs out), so the results are the same either way. */
void parallel_run(const struct parallel_job *job);

/* The number of online cores (at least 1). */
unsigned parallel_cores(void);

#endif
