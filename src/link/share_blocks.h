/*
 * share_blocks.h - a rule's blocks kept from pass one for pass two of a link run held in
 * shares (issue 18, share_blocks.c; linker_share.c runs the passes).
 *
 * Pass one blocks each rule on the ranks that own its keys; pass two scores the same blocks.
 * Rather than block again, pass one keeps each rank's blocks of two records or more in a
 * compact form (4 bytes a record in them, 8 a block), and pass two sends again only the
 * records of those blocks: a record alone in its block, or in none, makes no pair. Its block
 * number goes home as NO_BLOCK instead, which tests "an earlier rule made this pair" as its
 * number did (no other record has it). The kept records arrive in pass two's visit set sorted
 * by record number, as pass one's were, so a record's place there is the count of kept
 * records before it in pass one's visit set; `order` holds those places.
 *
 * Ownership: a share_blocks owns its arrays until share_blocks_lend moves them into the rule
 * (blocking_release then frees them); share_blocks_release frees what is left. Every rank
 * knows where each rank's block numbers start (share_blocks_place), so a record's home rank
 * finds the rank that holds its block from the block's number alone.
 */
#ifndef VMAP_LINK_SHARE_BLOCKS_H
#define VMAP_LINK_SHARE_BLOCKS_H

#include "blocking.h"
#include "core/diag.h"

#include <stddef.h>
#include <stdint.h>

struct share_blocks {
	uint32_t *order;      /* the kept records, block by block: places in pass two's visit set */
	size_t *starts;       /* kept block b is order[starts[b] .. starts[b + 1]) */
	size_t block_count, record_count;
	uint64_t *rank_first; /* [ranks + 1]: rank r holds block numbers rank_first[r]... */
};

/* From a rule prepared on a visit set of `visit_count` records (pass one): the blocks of two
 * records or more kept, and block_of[k] (visit_count of them) each visit record's block
 * number (rule->block_first + its block) in those blocks, NO_BLOCK otherwise. */
int share_blocks_keep(struct share_blocks *kept, const struct block_rule *rule,
		      size_t visit_count, uint32_t *block_of, struct vmap_diag *diag);

/* Every rank learns where each rank's block numbers start (an exchange: every rank calls it
 * for each rule in the same order). `block_count`: this rank's blocks of the rule. */
int share_blocks_place(struct share_blocks *kept, uint64_t block_count, int status,
		       struct vmap_diag *diag);

/* The rank holding block number `block` (kept blocks only: not NO_BLOCK). */
unsigned share_blocks_owner(const struct share_blocks *kept, uint32_t block);

/* Pass two: the kept blocks become the rule's blocks over pass two's visit set, which holds
 * exactly the kept records (`visit_count` of them). */
void share_blocks_lend(struct share_blocks *kept, struct block_rule *rule, size_t visit_count);

/* Frees what the share still owns. NULL: nothing. */
void share_blocks_release(struct share_blocks *kept);

#endif
