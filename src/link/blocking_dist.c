/*
 * blocking_dist.c - the blocking rules prepared over the ranks of an MPI run (issue 18).
 *
 * Rule r is prepared (keys, sort, refinement, blocks) by rank r mod N alone; then, rule by
 * rule in order, its owner sends what it made (each record's key, the order, the blocks'
 * starts before and after refining, the counts reported) to every rank. A rule depends only
 * on the records, which every rank holds, so every rank ends with the rules one process
 * prepares. Memory in flight: one rule at a time (about 30 bytes a record).
 */
#include "blocking.h"

#include "core/alloc.h"
#include "core/dist.h"
#include "core/strbuf.h"

#include <stdlib.h>
#include <string.h>

bool blocking_rule_mine(size_t r)
{
	return dist_owns(r);
}

/* The scalars of a prepared rule, as sent. */
struct rule_counts {
	uint64_t keyed, block_count, train_block_count;
	uint64_t blocks_skipped, pairs_skipped, blocks_refined, pairs_refined_away;
};

static void pack_rule(const struct block_rule *rule, size_t records, struct strbuf *sb)
{
	struct rule_counts c = {rule->keyed, rule->block_count, rule->train_block_count,
				rule->blocks_skipped, rule->pairs_skipped, rule->blocks_refined,
				rule->pairs_refined_away};

	strbuf_add(sb, (const char *)&c, sizeof c);
	strbuf_add(sb, (const char *)rule->keys, records * sizeof *rule->keys);
	strbuf_add(sb, (const char *)rule->order, rule->keyed * sizeof *rule->order);
	strbuf_add(sb, (const char *)rule->block_starts,
		   (rule->block_count + 1) * sizeof *rule->block_starts);
	strbuf_add(sb, (const char *)rule->train_starts,
		   (rule->train_block_count + 1) * sizeof *rule->train_starts);
}

/* A copy of `count` items of `size` bytes at *at (moved on); NULL out of memory. */
static void *take_array(const char **at, size_t count, size_t size)
{
	void *out = alloc_array(count ? count : 1, size);

	if (out)
		memcpy(out, *at, count * size);
	*at += count * size;
	return out;
}

static int unpack_rule(struct block_rule *rule, size_t records, const char *at,
		       struct vmap_diag *diag)
{
	struct rule_counts c;

	memcpy(&c, at, sizeof c);
	at += sizeof c;
	rule->keyed = (size_t)c.keyed;
	rule->block_count = (size_t)c.block_count;
	rule->train_block_count = (size_t)c.train_block_count;
	rule->blocks_skipped = (size_t)c.blocks_skipped;
	rule->pairs_skipped = c.pairs_skipped;
	rule->blocks_refined = (size_t)c.blocks_refined;
	rule->pairs_refined_away = c.pairs_refined_away;
	rule->keys = take_array(&at, records, sizeof *rule->keys);
	rule->order = take_array(&at, rule->keyed, sizeof *rule->order);
	rule->block_starts = take_array(&at, rule->block_count + 1, sizeof *rule->block_starts);
	rule->train_starts = take_array(&at, rule->train_block_count + 1,
					sizeof *rule->train_starts);
	if (!rule->keys || !rule->order || !rule->block_starts || !rule->train_starts)
		return diag_nomem(diag, "blocking");
	return VMAP_OK;
}

/* Rule r from its owner to every rank. */
static int share_rule(struct block_rule *rule, size_t r, size_t records, int status,
		      struct vmap_diag *diag)
{
	unsigned owner = (unsigned)(r % dist_size());
	struct dist_blocks all = {0};
	struct strbuf packed;
	int rc = status;

	strbuf_init(&packed);
	if (!rc && owner == dist_rank()) {
		pack_rule(rule, records, &packed);
		if (packed.failed)
			rc = diag_nomem(diag, "blocking");
	}
	rc = dist_all_gather(packed.data, packed.length, &all, rc, diag);
	strbuf_release(&packed);
	if (!rc && owner != dist_rank())
		rc = unpack_rule(rule, records, all.data + all.offsets[owner], diag);
	dist_blocks_release(&all);
	return rc;
}

int blocking_share_rules(struct block_rule *rules, size_t count, size_t records, int status,
			 struct vmap_diag *diag)
{
	int rc = status;

	if (dist_size() == 1)
		return status;
	for (size_t r = 0; r < count; r++)
		rc = share_rule(&rules[r], r, records, rc, diag);
	return rc;
}
