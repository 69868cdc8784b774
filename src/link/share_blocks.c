/*
 * share_blocks.c - a rule's blocks carried from pass one to pass two by their numbers
 * (issue 18; what and why in share_blocks.h).
 *
 * Invariant: the blocks rebuilt are the rule's blocks of two records or more in the order
 * blocking_prepare made them (by number), each block's records in its order there, so pass
 * two walks the pairs one process walks (a block of one has none).
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

void share_blocks_number(const struct block_rule *rule, size_t visit_count, uint32_t *block_of)
{
	for (size_t k = 0; k < visit_count; k++)
		block_of[k] = NO_BLOCK;
	for (size_t b = 0; b < rule->block_count; b++) {
		if (block_size(rule, b) < 2)
			continue;
		for (size_t p = rule->block_starts[b]; p < rule->block_starts[b + 1]; p++) {
			/* record order inside a block: what the rebuild relies on */
			assert(p == rule->block_starts[b] || rule->order[p] > rule->order[p - 1]);
			block_of[rule->order[p]] = (uint32_t)(rule->block_first + b);
		}
	}
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

/* Where each of this rank's `range` blocks starts in the rebuilt order (in at[], from the
 * records' counts) and the starts of those with records (in rule->block_starts). */
static int plan_blocks(struct block_rule *rule, uint32_t *at, size_t range,
		       struct vmap_diag *diag)
{
	size_t used = 0, position = 0;

	for (size_t b = 0; b < range; b++)
		used += at[b] != 0;
	rule->block_starts = alloc_array(used + 1, sizeof *rule->block_starts);
	if (!rule->block_starts)
		return diag_nomem(diag, "blocking");
	used = 0;
	for (size_t b = 0; b < range; b++) {
		size_t n = at[b];
		assert(n != 1); /* only blocks of two or more were sent */
		if (n)
			rule->block_starts[used++] = position;
		at[b] = (uint32_t)position;
		position += n;
	}
	rule->block_starts[used] = position;
	rule->block_count = used;
	return VMAP_OK;
}

int share_blocks_rebuild(const struct share_blocks *kept, struct block_rule *rule,
			 const uint32_t *block_of, size_t stride, size_t visit_count,
			 struct vmap_diag *diag)
{
	uint64_t first = kept->rank_first[dist_rank()];
	size_t range = (size_t)(kept->rank_first[dist_rank() + 1] - first);
	uint32_t *at = alloc_array(range + 1, sizeof *at);
	int rc;

	blocking_release(rule);
	rule->order = alloc_array(visit_count + 1, sizeof *rule->order);
	if (!at || !rule->order) {
		free(at);
		return diag_nomem(diag, "blocking");
	}
	for (size_t k = 0; k < visit_count; k++) {
		assert(block_of[k * stride] - first < range); /* only this rank's blocks arrived */
		at[block_of[k * stride] - first]++;
	}
	rc = plan_blocks(rule, at, range, diag);
	for (size_t k = 0; !rc && k < visit_count; k++) /* a stable sort: record order kept */
		rule->order[at[block_of[k * stride] - first]++] = (uint32_t)k;
	rule->keyed = visit_count;
	rule->local = true;
	free(at);
	return rc;
}

void share_blocks_release(struct share_blocks *kept)
{
	if (!kept)
		return;
	free(kept->rank_first);
	kept->rank_first = NULL;
}
