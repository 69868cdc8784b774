/*
 * draws_dist.c - Monte Carlo draws over the ranks of an MPI run (issue 18).
 *
 * Rank r of R computes the contiguous draws [draws*r/R, draws*(r+1)/R) (dist_share), each a
 * pure function of the seed and its index (stream.h), into its place in `results`; the ranks'
 * blocks are then gathered on every rank in rank order, which is draw order. Every rank then
 * holds the results one process computes, bit for bit, and derives the same summaries from
 * them (only rank 0 writes). One process: the share is every draw, nothing is exchanged.
 */
#include "montecarlo.h"

#include "core/dist.h"

#include <stdlib.h>
#include <string.h>

void simulation_share(const struct simulation *s, uint64_t *begin, uint64_t *end)
{
	dist_share(s->draws, begin, end);
}

int simulation_gather(struct simulation *s, uint64_t begin, uint64_t end, int status)
{
	size_t row = s->owners * MEASURES * sizeof *s->results;
	struct dist_blocks all = {0};
	struct vmap_diag diag;
	int rc;

	if (dist_size() == 1)
		return status;
	diag_clear(&diag);
	rc = dist_all_gather(s->results + begin * s->owners * MEASURES, (size_t)(end - begin) * row,
			     &all, status, &diag);
	if (rc)
		return rc;
	free(s->results);
	s->results = (double *)(void *)all.data; /* alloc_array: aligned for any type */
	free(all.offsets);
	return VMAP_OK;
}
