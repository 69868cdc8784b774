/*
 * parallel.c - runs a parallel_job on POSIX threads; the calling thread reports progress.
 */
#include "parallel.h"

#include "core/alloc.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct worker {
	const struct parallel_job *job;
	unsigned index;
	atomic_size_t *done;
	atomic_uint *finished; /* workers whose range has returned */
	pthread_t thread;
	int started;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	const struct parallel_job *job = w->job;
	size_t begin = job->count * w->index / job->threads;
	size_t end = job->count * (w->index + 1) / job->threads;

	job->run(job->context, w->index, begin, end, w->done);
	atomic_fetch_add(w->finished, 1);
	return NULL;
}

unsigned parallel_cores(void)
{
	long online = sysconf(_SC_NPROCESSORS_ONLN);

	return online > 0 ? (unsigned)online : 1;
}

static void report(const struct parallel_job *job, atomic_size_t *done)
{
	if (job->progress)
		job->progress(job->progress_context, NULL, atomic_load(done), job->count);
}

/* Reports progress every tenth of a second until every item is done, or every worker has
 * returned: a range that stops early (out of memory) never counts all its items done. */
static void watch(const struct parallel_job *job, atomic_size_t *done, atomic_uint *finished)
{
	struct timespec pause = {0, 100000000};

	while (job->progress && atomic_load(done) < job->count &&
	       atomic_load(finished) < job->threads) {
		report(job, done);
		nanosleep(&pause, NULL);
	}
}

void parallel_run(const struct parallel_job *job)
{
	struct worker *workers;
	atomic_size_t done = 0;
	atomic_uint finished = 0;

	assert(job->run && job->threads >= 1);
	/* one thread: no worker to start (and no allocation whose failure would be hidden) */
	workers = job->threads > 1 ? alloc_array(job->threads, sizeof *workers) : NULL;
	if (!workers) {
		job->run(job->context, 0, 0, job->count, &done);
		report(job, &done);
		return;
	}
	for (unsigned w = 0; w < job->threads; w++) {
		workers[w] = (struct worker){job, w, &done, &finished, 0, 0};
		workers[w].started = pthread_create(&workers[w].thread, NULL, worker_main,
						    &workers[w]) == 0;
	}
	/* Ranges whose thread could not start run here first, or watch() would wait for ever. */
	for (unsigned w = 0; w < job->threads; w++)
		if (!workers[w].started)
			worker_main(&workers[w]);
	watch(job, &done, &finished);
	for (unsigned w = 0; w < job->threads; w++)
		if (workers[w].started)
			pthread_join(workers[w].thread, NULL);
	report(job, &done);
	free(workers);
}
