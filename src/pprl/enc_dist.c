/*
 * enc_dist.c - encoded linkage's counts over the ranks of an MPI run (issue 18).
 *
 * Each rank compares the pairs of its own rows (enc_share.c: all-pairs tiles by tile number,
 * blocks by the range their key is in); after pass one the ranks' histograms and candidates
 * are summed (whole numbers, so exact), so that every rank holds the counts one process
 * computes and fits the same models. One process: nothing is exchanged.
 */
#include "pprl.h"

#include "core/alloc.h"
#include "core/dist.h"

#include <stdlib.h>
#include <string.h>

int enc_exchange_counts(uint64_t *hist, size_t bins, uint64_t *candidates, int status,
			struct vmap_diag *diag)
{
	uint64_t *sums;
	int rc;

	if (dist_size() == 1)
		return status;
	sums = status ? NULL : alloc_array(bins + 1, sizeof *sums);
	if (sums) {
		memcpy(sums, hist, bins * sizeof *sums);
		sums[bins] = *candidates;
	}
	rc = dist_sum_u64(sums, sums ? bins + 1 : 0,
			  status || sums ? status : diag_nomem(diag, "comparing encodings"), diag);
	if (!rc) {
		memcpy(hist, sums, bins * sizeof *sums);
		*candidates = sums[bins];
	}
	free(sums);
	return rc;
}
