/*
 * enc_dist.c - encoded linkage over the ranks of an MPI run (issue 18).
 *
 * Every rank reads every encoded file; a block of one token is walked by the rank the token
 * hashes to, a tile of all-pairs queries by the rank its tile number hashes to (enc_link.c).
 * After pass one the ranks' histograms and counts are summed (whole numbers, so exact) and
 * each record's best pair is the largest of the ranks' keys (a maximum: any order gives it);
 * after pass two the kept pairs are gathered to rank 0 alone (as link's are), which sorts
 * them, clusters and writes. So every rank holds the counts one process computes, and rank
 * 0 its pairs. One process: nothing is exchanged.
 */
#include "pprl.h"


#include "core/alloc.h"
#include "core/dist.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Each record's best key: the largest over the ranks. */
static int exchange_best(_Atomic uint64_t *best, size_t count, int status,
			 struct vmap_diag *diag)
{
	uint64_t *mine = status ? NULL : alloc_array(count + 1, sizeof *mine);
	struct dist_blocks all = {0};
	int rc;

	for (size_t i = 0; mine && i < count; i++)
		mine[i] = atomic_load(&best[i]);
	rc = dist_all_gather(mine, mine ? count * sizeof *mine : 0, &all,
			     status || mine ? status : diag_nomem(diag, "comparing encodings"),
			     diag);
	free(mine);
	for (unsigned r = 0; r < dist_size() && !rc; r++) {
		const uint64_t *theirs = (const uint64_t *)(void *)(all.data + all.offsets[r]);
		for (size_t i = 0; i < count; i++)
			if (theirs[i] > atomic_load(&best[i]))
				atomic_store(&best[i], theirs[i]);
	}
	dist_blocks_release(&all);
	return rc;
}

int enc_exchange_counts(uint64_t *hist, size_t bins, uint64_t *candidates,
			size_t *blocks_skipped, _Atomic uint64_t *best, size_t best_count,
			int status, struct vmap_diag *diag)
{
	uint64_t *sums;
	int rc;

	if (dist_size() == 1)
		return status;
	sums = status ? NULL : alloc_array(bins + 2, sizeof *sums);
	if (sums) {
		memcpy(sums, hist, bins * sizeof *sums);
		sums[bins] = *candidates;
		sums[bins + 1] = *blocks_skipped;
	}
	rc = dist_sum_u64(sums, sums ? bins + 2 : 0,
			  status || sums ? status : diag_nomem(diag, "comparing encodings"), diag);
	if (!rc) {
		memcpy(hist, sums, bins * sizeof *sums);
		*candidates = sums[bins];
		*blocks_skipped = (size_t)sums[bins + 1];
	}
	free(sums);
	return exchange_best(best, best_count, rc, diag);
}
