/*
 * pairs_dist.c - a rule's candidate pairs over the ranks of an MPI run (issue 18).
 *
 * Every rank holds and blocks all the records; a block is walked by the rank its key hashes
 * to (pairs_block_owned). After the walk the ranks' results are put together: comparison
 * counts and the weight histogram summed and the pattern counts added up from every rank's
 * table in rank order, on every rank; the kept pairs concatenated in rank order on rank 0
 * alone, which clusters and writes (the others hold none). Counts are whole
 * numbers and callers sort kept pairs (by weight, then records) and run EM over patterns
 * sorted, so the results equal one process's whatever the number of ranks.
 */
#include "pairs.h"

#include "core/alloc.h"
#include "core/dist.h"

#include <stdlib.h>
#include <string.h>

bool pairs_block_owned(const struct block_rule *rule, size_t start)
{
	return rule->local || dist_owns(rule->keys[rule->order[start]]);
}

uint64_t rule_pairs_summed(const struct block_rule *rule, uint64_t pairs)
{
	struct vmap_diag diag;
	uint64_t sums[2] = {pairs == RULE_PAIRS_NOMEM ? 0 : pairs, pairs == RULE_PAIRS_NOMEM};

	if (!rule->local)
		return pairs;
	diag_clear(&diag);
	if (dist_sum_u64(sums, 2, VMAP_OK, &diag) || sums[1])
		return RULE_PAIRS_NOMEM;
	return sums[0];
}

struct pattern_count {
	gamma_t gamma;
	uint64_t count;
};

/* The table as (gamma, count) entries; NULL out of memory. */
static struct pattern_count *pattern_list(const struct pattern_table *t, size_t *count)
{
	struct pattern_count *list = alloc_array(t->used + 1, sizeof *list);
	size_t n = 0;

	if (!list)
		return NULL;
	for (size_t i = 0; i < t->capacity; i++)
		if (t->counts[i])
			list[n++] = (struct pattern_count){t->keys[i], t->counts[i]};
	*count = n;
	return list;
}

static int exchange_patterns(struct pair_run *run, int status, struct vmap_diag *diag)
{
	struct dist_blocks all = {0};
	size_t n = 0;
	struct pattern_count *mine = status ? NULL : pattern_list(&run->patterns, &n);
	int rc = dist_all_gather(mine, n * sizeof *mine, &all, status || mine ? status :
				 diag_nomem(diag, "comparing pairs"), diag);

	free(mine);
	if (rc)
		return rc;
	patterns_release(&run->patterns);
	for (size_t r = 0; r < dist_size() && !rc; r++) {
		const struct pattern_count *list = (const void *)(all.data + all.offsets[r]);
		size_t count = (all.offsets[r + 1] - all.offsets[r]) / sizeof *list;
		for (size_t i = 0; i < count && !rc; i++)
			if (patterns_add(&run->patterns, list[i].gamma, list[i].count))
				rc = diag_nomem(diag, "comparing pairs");
	}
	dist_blocks_release(&all);
	return rc;
}

/* Every rank's pairs in rank order, on every rank or (`writer_only`) on rank 0 alone: the
 * others are left with none. */
int pairs_gather(struct scored_pair **pairs, size_t *count, int status,
		 struct vmap_diag *diag)
{
	struct dist_blocks all = {0};
	int rc;

	if (dist_size() == 1)
		return status;
	rc = dist_gather(*pairs, *count * sizeof **pairs, &all, status, diag);
	if (rc)
		return rc;
	free(*pairs);
	*pairs = (struct scored_pair *)(void *)all.data; /* alloc_array: aligned for any type */
	*count = all.data ? all.offsets[dist_size()] / sizeof **pairs : 0;
	free(all.offsets);
	return VMAP_OK;
}

int pairs_exchange(struct pair_run *run, int status, struct vmap_diag *diag)
{
	uint64_t counts[1 + HIST_BINS];
	int rc;

	if (dist_size() == 1)
		return status;
	counts[0] = run->compared;
	memcpy(counts + 1, run->histogram, sizeof run->histogram);
	rc = dist_sum_u64(counts, 1 + HIST_BINS, status, diag);
	if (!rc) {
		run->compared = counts[0];
		memcpy(run->histogram, counts + 1, sizeof run->histogram);
	}
	if (run->task == TASK_PATTERNS)
		return exchange_patterns(run, rc, diag);
	return pairs_gather(&run->kept, &run->kept_count, rc, diag);
}
