/*
 * share_blocks.c - pass one's blocks kept for pass two (issue 18; what and why in
 * share_blocks.h).
 *
 * Invariant: `order` and `starts` describe the rule's blocks of two records or more in the
 * order blocking_prepare made them, each block's records in their order there, so pass two
 * walks the pairs one process walks (a block of one has none).
 */
#include "share_blocks.h"

#include "core/alloc.h"
#include "core/dist.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static size_t block_size(const struct block_rule *rule, size_t b)
{
	return rule->block_starts[b + 1] - rule->block_starts[b];
}

/* block_of for every visit record; counts the kept blocks and their records. */
static void number_blocks(const struct block_rule *rule, size_t visit_count, uint32_t *block_of,
			  size_t *blocks, size_t *records)
{
	*blocks = *records = 0;
	for (size_t k = 0; k < visit_count; k++)
		block_of[k] = NO_BLOCK;
	for (size_t b = 0; b < rule->block_count; b++) {
		size_t n = block_size(rule, b);
		if (n < 2)
			continue;
		(*blocks)++;
		*records += n;
		for (size_t p = rule->block_starts[b]; p < rule->block_starts[b + 1]; p++)
			block_of[rule->order[p]] = (uint32_t)(rule->block_first + b);
	}
}

/* The kept blocks, their records renumbered by `place` (a visit record's place in pass
 * two's visit set). */
static void copy_blocks(struct share_blocks *kept, const struct block_rule *rule,
			const uint32_t *place)
{
	size_t at = 0, j = 0;

	for (size_t b = 0; b < rule->block_count; b++) {
		if (block_size(rule, b) < 2)
			continue;
		kept->starts[j++] = at;
		for (size_t p = rule->block_starts[b]; p < rule->block_starts[b + 1]; p++)
			kept->order[at++] = place[rule->order[p]];
	}
	kept->starts[j] = at;
}

int share_blocks_keep(struct share_blocks *kept, const struct block_rule *rule,
		      size_t visit_count, uint32_t *block_of, struct vmap_diag *diag)
{
	uint32_t *place = alloc_array(visit_count + 1, sizeof *place);
	size_t blocks, records, count = 0;

	number_blocks(rule, visit_count, block_of, &blocks, &records);
	kept->order = alloc_array(records + 1, sizeof *kept->order);
	kept->starts = alloc_array(blocks + 1, sizeof *kept->starts);
	if (!place || !kept->order || !kept->starts) {
		free(place);
		return diag_nomem(diag, "blocking");
	}
	for (size_t k = 0; k < visit_count; k++) { /* both visit sets are in record order */
		place[k] = (uint32_t)count;
		count += block_of[k] != NO_BLOCK;
	}
	copy_blocks(kept, rule, place);
	kept->block_count = blocks;
	kept->record_count = records;
	free(place);
	return VMAP_OK;
}

int share_blocks_place(struct share_blocks *kept, uint64_t block_count, int status,
		       struct vmap_diag *diag)
{
	struct dist_blocks counts = {0};
	int rc = dist_all_gather(&block_count, sizeof block_count, &counts, status, diag);

	if (!rc && !(kept->rank_first = alloc_array(dist_size() + 1, sizeof *kept->rank_first)))
		rc = diag_nomem(diag, "blocking");
	if (!rc) {
		kept->rank_first[0] = 0;
		for (unsigned r = 0; r < dist_size(); r++) {
			uint64_t c;
			memcpy(&c, counts.data + (size_t)r * sizeof c, sizeof c);
			kept->rank_first[r + 1] = kept->rank_first[r] + c;
		}
	}
	dist_blocks_release(&counts);
	return rc;
}

unsigned share_blocks_owner(const struct share_blocks *kept, uint32_t block)
{
	unsigned low = 0, high = dist_size(); /* the last rank whose first block is <= block */

	while (high - low > 1) {
		unsigned mid = low + (high - low) / 2;
		if (kept->rank_first[mid] <= block)
			low = mid;
		else
			high = mid;
	}
	return low;
}

void share_blocks_lend(struct share_blocks *kept, struct block_rule *rule, size_t visit_count)
{
	assert(visit_count == kept->record_count); /* pass two brought exactly the kept records */
	(void)visit_count;
	blocking_release(rule);
	rule->order = kept->order;
	rule->block_starts = kept->starts;
	rule->block_count = kept->block_count;
	rule->keyed = kept->record_count;
	rule->local = true;
	kept->order = NULL;
	kept->starts = NULL;
}

void share_blocks_release(struct share_blocks *kept)
{
	if (!kept)
		return;
	free(kept->order);
	free(kept->starts);
	free(kept->rank_first);
	memset(kept, 0, sizeof *kept);
}
