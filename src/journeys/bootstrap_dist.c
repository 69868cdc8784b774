/*
 * bootstrap_dist.c - bootstrap replicates over the ranks of an MPI run (issue 18).
 *
 * Rank r of R computes the contiguous replicates [B*r/R, B*(r+1)/R) (dist_share); each is a
 * pure function of the seed and its index (bootstrap.c), kept at its index. The ranks' blocks
 * (each replicate's numbers, then whether it failed) are then gathered on every rank in rank
 * order, which is replicate order, so the intervals are taken from the very numbers one
 * process has. One process: the share is every replicate, nothing is exchanged.
 */
#include "journeys.h"

#include "core/alloc.h"
#include "core/dist.h"

#include <stdlib.h>
#include <string.h>

void bootstrap_share(size_t replicates, size_t *begin, size_t *end)
{
	uint64_t b, e;

	dist_share(replicates, &b, &e);
	*begin = (size_t)b;
	*end = (size_t)e;
}

/* This rank's replicates as one block: their numbers, then their failed flags. */
static char *pack(const double *values, const bool *failed, size_t stats, size_t begin,
		  size_t end, size_t *size)
{
	size_t numbers = (end - begin) * stats * sizeof *values, flags = (end - begin);
	char *block = alloc_array(numbers + flags + 1, 1);

	if (!block)
		return NULL;
	memcpy(block, values + begin * stats, numbers);
	memcpy(block + numbers, failed + begin, flags * sizeof *failed);
	*size = numbers + flags * sizeof *failed;
	return block;
}

int bootstrap_gather(double *values, bool *failed, size_t stats, size_t replicates,
		     int status, struct vmap_diag *diag)
{
	struct dist_blocks all = {0};
	size_t begin, end, size = 0;
	char *mine;
	int rc;

	if (dist_size() == 1)
		return status;
	bootstrap_share(replicates, &begin, &end);
	mine = status ? NULL : pack(values, failed, stats, begin, end, &size);
	rc = dist_all_gather(mine, size, &all, status || mine ? status :
			     diag_nomem(diag, "the bootstrap"), diag);
	free(mine);
	begin = 0; /* the ranks' shares follow each other in rank order */
	for (unsigned r = 0; r < dist_size() && !rc; r++) {
		const char *block = all.data + all.offsets[r];
		size_t count = (all.offsets[r + 1] - all.offsets[r]) /
			       (stats * sizeof *values + sizeof *failed);
		memcpy(values + begin * stats, block, count * stats * sizeof *values);
		memcpy(failed + begin, block + count * stats * sizeof *values,
		       count * sizeof *failed);
		begin += count;
	}
	dist_blocks_release(&all);
	return rc;
}
