/*
 * record_share.h - a linker's records under MPI, each rank holding only its share (issue 18,
 * record_share.c).
 *
 * Each rank keeps the records it read (its "home" records, in file order) and the set keeps
 * one slot per record of every rank, indexed as one process indexes its records (dataset by
 * dataset, each in file order): a slot always has its dataset, on rank 0 also its record id,
 * and it is filled with the record's fields only while a step needs it there (a rule's blocks
 * on their owner, a pair of the u sample, a pair kept for clustering). Steps then run the
 * one-process code on the slots, so indexes, ties and pairs are those of one process.
 *
 * Invariants:
 * - Record i of the set is home on the rank whose share of its dataset's rows holds it
 *   (first[]); its home copy never moves. Visiting copies live in `visiting` until
 *   share_clear, which wipes them; home copies are wiped by share_release.
 * - share_send, share_reply and share_fetch are exchanges: every rank calls them in the same
 *   order (with nothing to send, if so).
 */
#ifndef VMAP_LINK_RECORD_SHARE_H
#define VMAP_LINK_RECORD_SHARE_H

#include "records.h"
#include "core/diag.h"

#include <stddef.h>
#include <stdint.h>

#define SHARE_NOWHERE UINT32_MAX /* a home record sent to no rank */

struct record_share {
	struct record_set home;   /* this rank's records; its arena holds their strings */
	uint32_t *global;         /* home record i is the set's record global[i] */
	size_t global_capacity;
	uint64_t *first;          /* [d * (ranks + 1) + r]: dataset d's first record read by rank
				   * r ([.. + ranks]: its end) */
	size_t *home_first;       /* per dataset: its first home record */
	size_t dataset_count;
	struct arena visiting;    /* the strings of records visiting slots */
	uint32_t *slots;          /* the slots filled, in arrival order */
	size_t slot_count, slot_capacity;
	uint64_t *arrived_from;   /* [ranks + 1]: the last share_send's slots by source rank */
	size_t visitors;          /* slots holding copies from other ranks (not borrowed) */
};

/* After this rank read its share of a dataset into `mine`: every rank learns where the
 * dataset's records are, rank 0 gets every record id, and `mine`'s records become home
 * records (mine is emptied). */
int share_keep(struct record_set *set, struct record_set *mine, uint32_t dataset, int status,
	       struct vmap_diag *diag);

/* Sends home record i to rank dest[i] (SHARE_NOWHERE: none), with `extra_count` numbers
 * extra[i * stride ...]; each rank fills the slots of the records it receives and writes
 * their numbers to extra_out[slot * out_stride ...]. */
int share_send(struct record_set *set, const uint32_t *dest, const uint32_t *extra,
	       size_t extra_count, size_t stride, uint32_t *extra_out, size_t out_stride,
	       int status, struct vmap_diag *diag);

/* After share_send: each rank sends value_of_slot[slot] of every record it received back to
 * the record's home rank, which writes it to home_out[i * stride + which]. */
int share_reply(struct record_set *set, const uint32_t *dest, const uint32_t *value_of_slot,
		uint32_t *home_out, size_t stride, size_t which, int status,
		struct vmap_diag *diag);

/* Fills the slots of the records `wanted` (set indexes, any order, repeats allowed) from
 * their home ranks. */
int share_fetch(struct record_set *set, const uint32_t *wanted, size_t count, int status,
		struct vmap_diag *diag);

/* Empties every filled slot (keeping dataset and record id) and wipes the visitors. */
void share_clear(struct record_set *set);

/* Frees the share, wiping the home records. NULL share: nothing. */
void share_release(struct record_set *set);

#endif
