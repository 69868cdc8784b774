/*
 * draws_dist.c - Monte Carlo draws over the ranks of an MPI run (issue 18).
 *
 * Rank r of R computes the contiguous draws [draws*r/R, draws*(r+1)/R) (dist_share), each a
 * pure function of the seed and its index (stream.h), into its place in its results spool
 * (result_spool.h); the ranks' rows are then exchanged in rounds and put at their draws'
 * places in every rank's spool. Every rank then holds the results one process computes, bit
 * for bit, and derives the same summaries from them (only rank 0 writes). One process: the
 * share is every draw, nothing is exchanged.
 */
#include "montecarlo.h"

#include "core/alloc.h"
#include "core/dist.h"

#include <stdlib.h>

void simulation_share(const struct simulation *s, uint64_t *begin, uint64_t *end)
{
	dist_share(s->draws, begin, end);
}

/* The ranks' shares are exchanged GATHER_CHUNK draws a rank at a time, so the memory the
 * gather needs stays bounded however many draws there are, as the spool's does. */
enum { GATHER_CHUNK = 1 << 14 };

/* This rank's draws [from, from + count) read back from the spool as rows[count][columns]. */
static int read_rows(const struct simulation *s, uint64_t from, size_t count, double *rows,
		     double *column)
{
	size_t columns = s->owners * MEASURES;

	for (size_t c = 0; c < columns; c++) {
		if (result_spool_get(&s->results, c, from, count, column) != VMAP_OK)
			return VMAP_IO;
		for (size_t d = 0; d < count; d++)
			rows[d * columns + c] = column[d];
	}
	return VMAP_OK;
}

/* Puts every other rank's rows of this round into this rank's spool. */
static void put_others(struct simulation *s, const struct dist_blocks *all, uint64_t done,
		       double *column)
{
	unsigned ranks = dist_size();
	size_t row = s->owners * MEASURES * sizeof(double);

	for (unsigned r = 0; r < ranks; r++) {
		size_t count = (size_t)(all->offsets[r + 1] - all->offsets[r]) / row;
		uint64_t share = s->draws / ranks * r + s->draws % ranks * r / ranks; /* dist_share's */
		if (r == dist_rank() || !count)
			continue;
		result_spool_put(&s->results, share + done, count,
				 (const double *)(const void *)(all->data + all->offsets[r]), column);
	}
}

int simulation_gather(struct simulation *s, uint64_t begin, uint64_t end, int status,
		      struct vmap_diag *diag)
{
	unsigned ranks = dist_size();
	size_t columns = s->owners * MEASURES;
	uint64_t largest = (s->draws + ranks - 1) / ranks; /* no share is longer */
	double *rows, *column;
	int rc = status;

	if (ranks == 1)
		return status;
	rows = alloc_array((size_t)GATHER_CHUNK * columns, sizeof *rows);
	column = alloc_array(GATHER_CHUNK, sizeof *column);
	if (!rc && (!rows || !column))
		rc = diag_nomem(diag, "gathering the draws' results");
	/* Every rank runs the same rounds (largest is the same everywhere), so the exchanges
	 * pair up even when a rank has failed or has fewer draws. */
	for (uint64_t done = 0; done < largest; done += GATHER_CHUNK) {
		uint64_t from = begin + done;
		size_t count = from >= end ? 0
			       : (size_t)(end - from < GATHER_CHUNK ? end - from : GATHER_CHUNK);
		struct dist_blocks all = {0};
		if (!rc && count && read_rows(s, from, count, rows, column) != VMAP_OK)
			rc = diag_fail(diag, VMAP_IO, "cannot read back the draws' results");
		rc = dist_all_gather(rows, rc ? 0 : count * columns * sizeof *rows, &all, rc, diag);
		if (!rc)
			put_others(s, &all, done, column);
		dist_blocks_release(&all);
	}
	free(rows);
	free(column);
	return rc ? rc : result_spool_check(&s->results, diag);
}
