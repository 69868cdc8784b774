/*
 * share_blocks.h - a rule's blocks carried from pass one to pass two of a link run held in
 * shares (issue 18, share_blocks.c; linker_share.c runs the passes).
 *
 * Pass one blocks each rule on the ranks that own its keys; pass two scores the same blocks.
 * Rather than block again, pass one sends each record's block number home (NO_BLOCK for a
 * record alone in its block, or in none: it makes no pair, and no other record has its
 * number, so "an earlier rule made this pair" tests the same). Pass two sends only the
 * records with a block number, each to the rank holding its block (found from the number:
 * every rank knows where each rank's numbers start), carrying the number; that rank puts
 * its blocks together again by number. Inside a block blocking_prepare leaves the records in
 * record order (sorted by key, then record; a refined block's records share one refined key),
 * and the visit set is in record order, so a stable sort by block number rebuilds each block
 * exactly, in O(records), and a rank keeps nothing between the passes but where each rank's
 * block numbers start.
 *
 * Ownership: rank_first is the share_blocks' own (share_blocks_release frees it); the arrays
 * share_blocks_rebuild makes are the rule's (blocking_release frees them).
 */
#ifndef VMAP_LINK_SHARE_BLOCKS_H
#define VMAP_LINK_SHARE_BLOCKS_H

#include "blocking.h"
#include "core/diag.h"

#include <stddef.h>
#include <stdint.h>

struct share_blocks {
	uint64_t *rank_first; /* [ranks + 1]: rank r holds block numbers rank_first[r]... */
};

/* From a rule prepared on a visit set of `visit_count` records (pass one): block_of[k] is
 * visit record k's block number (rule->block_first + its block) when its block has two
 * records or more, NO_BLOCK otherwise. */
void share_blocks_number(const struct block_rule *rule, size_t visit_count, uint32_t *block_of);

/* Every rank learns where each rank's block numbers start (an exchange: every rank calls it
 * for each rule in the same order). `block_count`: this rank's blocks of the rule. */
int share_blocks_place(struct share_blocks *kept, uint64_t block_count, int status,
		       struct vmap_diag *diag);

/* The rank holding block number `block` (a number share_blocks_number gave, not NO_BLOCK). */
unsigned share_blocks_owner(const struct share_blocks *kept, uint32_t block);

/* Pass two: the rule's blocks over a visit set of `visit_count` records, each holding one of
 * this rank's block numbers in block_of[k * stride] (records of one block in record order). */
int share_blocks_rebuild(const struct share_blocks *kept, struct block_rule *rule,
			 const uint32_t *block_of, size_t stride, size_t visit_count,
			 struct vmap_diag *diag);

/* Frees what the share owns. NULL: nothing. */
void share_blocks_release(struct share_blocks *kept);

#endif
