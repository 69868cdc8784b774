/*
 * record_share.h - a linker's records under MPI, each rank holding only its share (issue 18,
 * record_share.c).
 *
 * Each rank keeps the records it read (its "home" records, in file order). Records are
 * numbered as one process numbers them (dataset by dataset, each in file order); each
 * dataset's numbers are split into the ranks' ranges (first[]). When a step needs records
 * that other ranks read (a rule's blocks on the rank that owns their keys, the u sample's
 * pairs), they arrive as the rank's visit set: copies (its own records: borrowed home
 * copies) sorted by record number, with visit_global[] giving each one's number. Steps run
 * the one-process code on the visit set, so sort ties and the order of pairs are one
 * process's; kept pairs are renumbered to record numbers. Rank 0 alone also keeps one slot
 * per record (`records` of the set: dataset and record id, filled with the fields of the
 * kept pairs' records before clustering), because clustering and writing read records by
 * number; the other ranks' sets have no `records` at all.
 *
 * Invariants:
 * - Record i of the set is home on the rank whose share of its dataset's rows holds it
 *   (first[]); its home copy never moves. Visiting copies' strings live in `visiting` until
 *   share_clear, which wipes them; home copies are wiped by share_release.
 * - share_send, share_reply and share_fetch are exchanges: every rank calls them in the same
 *   order (with nothing to send, if so).
 */
#ifndef VMAP_LINK_RECORD_SHARE_H
#define VMAP_LINK_RECORD_SHARE_H

#include "records.h"
#include "core/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHARE_NOWHERE UINT32_MAX /* a home record sent to no rank */

struct record_share {
	struct record_set home;   /* this rank's records; its arena holds their strings */
	uint32_t *global;         /* home record i is the set's record global[i] */
	uint64_t *first;          /* [d * (ranks + 1) + r]: dataset d's first record read by rank
				   * r ([.. + ranks]: its end) */
	size_t *home_first;       /* per dataset: its first home record */
	size_t dataset_count;
	struct arena visiting;    /* the strings of records visiting slots */
	uint32_t *slots;          /* the slots filled, in arrival order */
	size_t slot_count, slot_capacity;
	uint64_t *arrived_from;   /* [ranks + 1]: the last exchange's arrivals by source rank */
	size_t visitors;          /* arrivals that are copies from other ranks (not borrowed) */
	/* the visit set: the records a step needs on this rank, in set order (share_send, and
	 * share_fetch into_visit); record k is set record visit_global[k] */
	bool into_visit;
	struct record_set visit;
	uint32_t *visit_global;
	uint32_t *arrival_local;  /* arrival k (slots[k]) is visit record arrival_local[k] */
	uint32_t *visit_extra;    /* per visit record: share_send's extras, out_stride each */
	size_t extra_count, out_stride;
	bool planning;            /* the first pass over what arrived: indexes only */
	size_t arrivals;          /* the second pass: records placed so far */
};

/* After this rank read its share of a dataset into `mine`: every rank learns where the
 * dataset's records are, rank 0 gets every record id, and `mine`'s records become home
 * records (mine is emptied). */
int share_keep(struct record_set *set, struct record_set *mine, uint32_t dataset, int status,
	       struct vmap_diag *diag);

/* Sends home record i to rank dest[i] (SHARE_NOWHERE: none), with `extra_count` numbers
 * extra[i * stride ...]; each rank gets the records it receives as its visit set (in set
 * order), their numbers in visit_extra[k * out_stride ...] (UINT32_MAX past extra_count). */
int share_send(struct record_set *set, const uint32_t *dest, const uint32_t *extra,
	       size_t extra_count, size_t stride, size_t out_stride, int status,
	       struct vmap_diag *diag);

/* After share_send: each rank sends value_of_visit[k] of every visit record k back to the
 * record's home rank, which writes it to home_out[i * stride + which]. */
int share_reply(struct record_set *set, const uint32_t *dest, const uint32_t *value_of_visit,
		uint32_t *home_out, size_t stride, size_t which, int status,
		struct vmap_diag *diag);

/* Brings the records `wanted` (set indexes, any order, repeats allowed) from their home
 * ranks: into the visit set, or (rank 0, for clustering) into their slots. */
int share_fetch(struct record_set *set, const uint32_t *wanted, size_t count, bool into_visit,
		int status, struct vmap_diag *diag);

/* The dataset of set record `index`, and the place in the visit set of set record `index`
 * (the visit set's count when it is not there). */
uint32_t share_dataset(const struct record_set *set, uint32_t index);
size_t share_visit_local(const struct record_set *set, uint32_t index);

/* The rank that read set record `index` (its home rank; 0 when the set has no share). */
unsigned share_home_rank(const struct record_set *set, uint32_t index);

/* Empties the visit set, or every filled slot (keeping dataset and record id), and wipes the
 * visitors. */
void share_clear(struct record_set *set);

/* Packing helpers (here and records_dist.c): append `size` bytes at *at, and read them back
 * (moving *at on). Buffers that held personal data are zeroed with alloc_wipe. */
void pack_put(char **at, const void *bytes, size_t size);
void pack_take(const char **at, void *out, size_t size);
/* A record's fields as packed: a mask of those present, then each one's length and bytes;
 * unpack_fields copies them into `arena` (VMAP_NOMEM when it cannot). */
size_t pack_fields_size(const struct record *r);
void pack_fields(char **at, const struct record *r);
int unpack_fields(const char **at, struct record *r, struct arena *arena);

/* Frees the share, wiping the home records. NULL share: nothing. */
void share_release(struct record_set *set);

#endif
