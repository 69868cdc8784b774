/*
 * dist.h - the processes of one run: one, or the ranks of an MPI job (issue 18).
 *
 * Built without MPI (the default) every function is the one-process version: rank 0 of 1,
 * exchanges copy the caller's block. Built with -Dmpi=enabled and started by mpirun, a stage
 * computes its share of the work (dist_share) and exchanges results here; no stage includes
 * mpi.h. Started without mpirun, the MPI build is the one-process version too.
 *
 * Invariants:
 * - Only the calling (main) thread of each rank calls these, and every rank calls the same
 *   exchanges in the same order: stages make the same decisions on every rank from the same
 *   inputs, and only the work inside an exchange's share differs.
 * - Every exchange first agrees on a status: each rank brings its own (VMAP_OK or the error
 *   of its share of the work) and all return the first failure by rank order, with its
 *   message, on every rank, so errors reach rank 0 and exit statuses agree. After a failure
 *   the data is not exchanged.
 * - Blocks are gathered in rank order and sums are made in rank order, so a result depends on
 *   the number of ranks only where the caller's own split does.
 * - Only rank 0 writes files (dist_writes); the other ranks compute the same results.
 */
#ifndef VMAP_CORE_DIST_H
#define VMAP_CORE_DIST_H

#include "diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where this process stands: set by dist_start only (rank 0 of 1 until then). `sent` counts
 * the payload bytes this rank has sent to others. */
struct dist_process {
	unsigned rank, size;
	uint64_t sent;
	uint64_t records_home, records_visiting; /* dist_note_records */
};
extern struct dist_process dist_process;

/* This process's rank and the number of ranks (0 and 1 without MPI). */
unsigned dist_rank(void);
unsigned dist_size(void);

/* True on the one rank that writes outputs (rank 0). */
bool dist_writes(void);

/* This rank's contiguous share [*begin, *end) of `count` items: rank r of R gets
 * [count*r/R, count*(r+1)/R), as parallel_run splits items over threads. */
void dist_share(uint64_t count, uint64_t *begin, uint64_t *end);

/* True when this rank owns the item with this hash (hash mod size = rank): for work split
 * by key rather than by range. */
bool dist_owns(uint64_t hash);

/* issue 18, the shuffle: the rank that owns the item with this hash when items are split by
 * RANGE of their hash: the high 64 bits of hash * size, so owners rise with the hash (rank r
 * holds the r-th 1/size of the hash space) and items sorted by hash, taken rank by rank,
 * are in hash order. */
unsigned dist_owner(uint64_t hash);

/* Agrees on a status without exchanging data: returns the first failing rank's code (its
 * message copied into `diag` on the other ranks), or VMAP_OK. */
int dist_agree(int status, struct vmap_diag *diag);

/* Sums `count` values element by element over the ranks, in rank order; every rank gets the
 * sums in `values`. `status` as for dist_agree (the sums are left alone after a failure). */
int dist_sum_u64(uint64_t *values, size_t count, int status, struct vmap_diag *diag);
int dist_sum_double(double *values, size_t count, int status, struct vmap_diag *diag);

/* The sum of `value` over the ranks before this one (an exclusive prefix sum) in *before,
 * and over all ranks in *total (either may be NULL). `status` as for dist_agree. */
int dist_exscan_u64(uint64_t value, uint64_t *before, uint64_t *total, int status,
		    struct vmap_diag *diag);

/* Byte blocks, one from each rank, concatenated in rank order: rank r's block is
 * data[offsets[r] .. offsets[r + 1]). */
struct dist_blocks {
	char *data;
	uint64_t *offsets; /* [size + 1] */
};
void dist_blocks_release(struct dist_blocks *b);
/* The same, zeroing the bytes first (blocks that carried personal data). */
void dist_blocks_release_wiped(struct dist_blocks *b);

/* Every rank's `size` bytes at `mine`, on every rank (all_gather) or on rank 0 only (gather:
 * the other ranks get the offsets and data NULL). */
int dist_all_gather(const void *mine, size_t size, struct dist_blocks *out, int status,
		    struct vmap_diag *diag);
int dist_gather(const void *mine, size_t size, struct dist_blocks *out, int status,
		struct vmap_diag *diag);

/* Rank 0's `*size` bytes at `*data` to every rank: the others get a new buffer in `*data`
 * (theirs to free) and its length in `*size`. */
int dist_broadcast(void **data, size_t *size, int status, struct vmap_diag *diag);

/* All-to-all: `send` holds one block per destination rank (send.offsets[size + 1]); `out`
 * gets one block from each source rank, in rank order (this rank's own block included). */
int dist_all_to_all(const struct dist_blocks *send, struct dist_blocks *out, int status,
		    struct vmap_diag *diag);

/* Messages to ranks, packed per destination in the order put (issue 18): count each one
 * (dist_outbox_count), plan, put each one in the same order, then send (an all-to-all; the
 * outbox is wiped and freed whatever happens). */
struct dist_outbox {
	struct dist_blocks send;
	uint64_t *at; /* per rank: bytes counted, then the next write position */
};
int dist_outbox_start(struct dist_outbox *o);
void dist_outbox_count(struct dist_outbox *o, unsigned dest, size_t size);
int dist_outbox_plan(struct dist_outbox *o);
/* The place for a message of `size` bytes to `dest` (after plan). */
void *dist_outbox_put(struct dist_outbox *o, unsigned dest, size_t size);
int dist_outbox_send(struct dist_outbox *o, struct dist_blocks *got, int status,
		     struct vmap_diag *diag);

/* For the benchmarks and tests (issue 18): a linkage's records held on this rank, its own
 * (`home`) and the most copies of others' visiting at once; the largest figures noted stay. */
void dist_note_records(uint64_t home, uint64_t visiting);

/* Payload bytes this rank has sent to other ranks so far (for the benchmarks). */
uint64_t dist_bytes_sent(void);

/* A gather on one process: a copy of the caller's block (dist_one.c, and dist_mpi.c run
 * without mpirun). */
int dist_gather_one(const void *mine, size_t size, struct dist_blocks *out, int status,
		    struct vmap_diag *diag);

/* Process start and end, for the CLI (through vmap_dist_start / vmap_dist_finish). */
int dist_start(int *argc, char ***argv);
int dist_finish(int status, struct vmap_diag *diag);

#endif
