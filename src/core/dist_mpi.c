/*
 * dist_mpi.c - dist.h's exchanges over MPI (built with -Dmpi=enabled).
 *
 * MPI starts only when the process was launched by mpirun (or a PMI launcher such as
 * Slurm's srun): a plain `valuemap ...` of the MPI build is the one-process program.
 *
 * Every exchange runs as: agree on the ranks' statuses (an all-gather of a small record:
 * status, message, whether the rank is ending), exchange the sizes, allocate, agree again
 * (an allocation can fail on one rank), then move the bytes in pieces of at most PIECE
 * bytes (MPI counts are ints). A rank that ends (dist_finish) while others still exchange
 * makes their exchange fail with its exit status rather than hang; after that no rank
 * exchanges again.
 *
 * The buffers of the agreements and of the block sizes are allocated once, at the start: a
 * rank that ran out of memory there mid-run would either abort the job or skip a collective
 * call the others make (they then fail with MPI_ERR_TRUNCATE, or wait for ever).
 */
#include "dist.h"

#include "alloc.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PIECE ((uint64_t)1 << 30)

static bool running;       /* MPI_Init done and more than nothing to agree with */
static bool peer_ended;    /* a rank has ended: no exchange can complete any more */
static uint64_t *block_sizes;        /* [size], for all_offsets */

struct agreement {
	int32_t code;      /* VMAP_OK or the rank's error */
	int32_t ending;    /* 1 when the rank is in dist_finish */
	int32_t exit;      /* its exit status, when ending */
	char message[DIAG_MESSAGE_MAX];
};

static struct agreement *agreements; /* [size], for exchange_agreements */

static bool launched_by_mpirun(void)
{
	return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_SIZE");
}

int dist_start(int *argc, char ***argv)
{
	int provided, rank, size, ready, all_ready;

	if (!launched_by_mpirun())
		return VMAP_OK;
	if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
		return VMAP_INTERNAL;
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	dist_process.rank = (unsigned)rank;
	dist_process.size = (unsigned)size;
	agreements = alloc_array((size_t)size, sizeof *agreements);
	block_sizes = alloc_array((size_t)size, sizeof *block_sizes);
	ready = agreements && block_sizes;
	MPI_Allreduce(&ready, &all_ready, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
	if (!all_ready) { /* every rank knows, before any has begun its work */
		free(agreements);
		free(block_sizes);
		agreements = NULL;
		block_sizes = NULL;
		MPI_Finalize();
		return VMAP_NOMEM;
	}
	running = true;
	return VMAP_OK;
}

/* All-gathers the agreements into `agreements` and returns them (no allocation: the buffer
 * is dist_start's). */
static const struct agreement *exchange_agreements(const struct agreement *mine)
{
	MPI_Allgather(mine, (int)sizeof *mine, MPI_BYTE, agreements, (int)sizeof *mine, MPI_BYTE,
		      MPI_COMM_WORLD);
	return agreements;
}

/* The agreement protocol (see the top), for an exchange. */
static int agree(int status, struct vmap_diag *diag)
{
	const struct agreement *all;
	struct agreement mine;
	int result = VMAP_OK;

	if (!running || dist_process.size == 1)
		return status;
	if (peer_ended)
		return status ? status : diag_fail(diag, VMAP_INTERNAL,
						   "another MPI process has ended");
	memset(&mine, 0, sizeof mine);
	mine.code = status;
	if (status && diag)
		snprintf(mine.message, sizeof mine.message, "%s", diag->message);
	all = exchange_agreements(&mine);
	for (unsigned r = 0; r < dist_process.size; r++) {
		peer_ended |= all[r].ending && r != dist_process.rank;
		if (result == VMAP_OK && (all[r].code || all[r].ending)) {
			result = all[r].code ? all[r].code : VMAP_INTERNAL;
			if (r != dist_process.rank && diag)
				diag_fail(diag, result, "%s", all[r].message);
		}
	}
	return result;
}

int dist_agree(int status, struct vmap_diag *diag)
{
	return agree(status, diag);
}

int dist_finish(int status, const char *reason, struct vmap_diag *diag)
{
	if (running && dist_process.size > 1 && !peer_ended) {
		struct agreement mine = {0};
		const struct agreement *all;
		mine.ending = 1;
		mine.exit = status;
		if (status && reason && *reason)
			snprintf(mine.message, sizeof mine.message, "MPI process %u of %u: %s",
				 dist_process.rank, dist_process.size, reason);
		else
			snprintf(mine.message, sizeof mine.message,
				 "MPI process %u of %u ended with exit status %d",
				 dist_process.rank, dist_process.size, status);
		all = exchange_agreements(&mine);
		for (unsigned r = 0; r < dist_process.size && !status; r++) {
			if (all[r].exit) {
				status = all[r].exit;
				diag_fail(diag, VMAP_INTERNAL, "%s", all[r].message);
			} else if (!all[r].ending) {
				status = vmap_exit_status(all[r].code ? all[r].code : VMAP_INTERNAL);
				diag_fail(diag, VMAP_INTERNAL, "MPI process %u of %u stopped while "
					  "the others went on", r, dist_process.size);
			}
		}
	}
	/* Every rank waits here for the others: mpirun stops the job as soon as one process ends
	 * with a failure, and rank 0 may still be removing its temporary files. */
	if (running && dist_process.size > 1)
		MPI_Barrier(MPI_COMM_WORLD);
	if (running)
		MPI_Finalize();
	running = false;
	free(agreements);
	free(block_sizes);
	agreements = NULL;
	block_sizes = NULL;
	return status;
}

static uint64_t *offsets_of(const uint64_t *sizes)
{
	uint64_t *offsets = alloc_array(dist_process.size + 1, sizeof *offsets);

	if (!offsets)
		return NULL;
	offsets[0] = 0;
	for (unsigned r = 0; r < dist_process.size; r++)
		offsets[r + 1] = offsets[r] + sizes[r];
	return offsets;
}

static int piece(uint64_t left)
{
	return (int)(left < PIECE ? left : PIECE);
}

/* Every rank's block size, on every rank, as offsets; NULL out of memory (after the
 * exchange, which every rank makes). */
static uint64_t *all_offsets(size_t size)
{
	uint64_t mine = size;

	MPI_Allgather(&mine, 1, MPI_UINT64_T, block_sizes, 1, MPI_UINT64_T, MPI_COMM_WORLD);
	return offsets_of(block_sizes);
}

/* Agreed start of a gather: statuses, then offsets and the buffer (`whole`: room for every
 * block, else none). */
static int begin_gather(size_t size, struct dist_blocks *out, bool whole, int status,
			struct vmap_diag *diag)
{
	int rc;

	memset(out, 0, sizeof *out);
	rc = agree(status, diag);
	if (rc)
		return rc;
	out->offsets = all_offsets(size);
	if (out->offsets && whole)
		out->data = alloc_array(out->offsets[dist_process.size] + 1, 1);
	rc = out->offsets && (!whole || out->data) ? VMAP_OK
						    : diag_nomem(diag, "gathering results");
	rc = agree(rc, diag);
	if (rc)
		dist_blocks_release(out);
	return rc;
}

static void broadcast_bytes(char *data, uint64_t size, unsigned root)
{
	for (uint64_t done = 0; done < size; done += PIECE)
		MPI_Bcast(data + done, piece(size - done), MPI_BYTE, (int)root, MPI_COMM_WORLD);
	if (root == dist_process.rank)
		dist_process.sent += size * (dist_process.size - 1);
}

int dist_all_gather(const void *mine, size_t size, struct dist_blocks *out, int status,
		    struct vmap_diag *diag)
{
	int rc;

	if (!running)
		return dist_gather_one(mine, size, out, status, diag);
	rc = begin_gather(size, out, true, status, diag);
	if (rc)
		return rc;
	if (size)
		memcpy(out->data + out->offsets[dist_process.rank], mine, size);
	for (unsigned r = 0; r < dist_process.size; r++)
		broadcast_bytes(out->data + out->offsets[r], out->offsets[r + 1] - out->offsets[r], r);
	return VMAP_OK;
}

int dist_gather(const void *mine, size_t size, struct dist_blocks *out, int status,
		struct vmap_diag *diag)
{
	int rc;

	if (!running)
		return dist_gather_one(mine, size, out, status, diag);
	rc = begin_gather(size, out, dist_process.rank == 0, status, diag);
	if (rc)
		return rc;
	if (dist_process.rank != 0) {
		for (uint64_t done = 0; done < size; done += PIECE)
			MPI_Send((const char *)mine + done, piece(size - done), MPI_BYTE, 0, 0,
				 MPI_COMM_WORLD);
		dist_process.sent += size;
		return VMAP_OK;
	}
	if (size)
		memcpy(out->data, mine, size);
	for (unsigned r = 1; r < dist_process.size; r++) {
		uint64_t length = out->offsets[r + 1] - out->offsets[r];
		for (uint64_t done = 0; done < length; done += PIECE)
			MPI_Recv(out->data + out->offsets[r] + done, piece(length - done),
				 MPI_BYTE, (int)r, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
	}
	return VMAP_OK;
}

int dist_broadcast(void **data, size_t *size, int status, struct vmap_diag *diag)
{
	uint64_t length = *size;
	char *buffer = NULL;
	int rc;

	if (!running || dist_process.size == 1)
		return status;
	rc = agree(status, diag);
	if (rc)
		return rc;
	MPI_Bcast(&length, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
	if (dist_process.rank != 0)
		buffer = alloc_array(length + 1, 1);
	rc = dist_process.rank == 0 || buffer ? VMAP_OK : diag_nomem(diag, "receiving data");
	rc = agree(rc, diag);
	if (rc) {
		free(buffer);
		return rc;
	}
	if (dist_process.rank != 0) {
		*data = buffer;
		*size = (size_t)length;
	}
	broadcast_bytes(*data, length, 0);
	return VMAP_OK;
}

/* Posts the sends or receives of one block in pieces; returns the requests posted. */
static size_t post_block(char *data, uint64_t length, unsigned peer, bool send,
			 MPI_Request *requests)
{
	size_t n = 0;

	for (uint64_t done = 0; done < length; done += PIECE, n++) {
		if (send)
			MPI_Isend(data + done, piece(length - done), MPI_BYTE, (int)peer, 1,
				  MPI_COMM_WORLD, &requests[n]);
		else
			MPI_Irecv(data + done, piece(length - done), MPI_BYTE, (int)peer, 1,
				  MPI_COMM_WORLD, &requests[n]);
	}
	return n;
}

static size_t pieces(uint64_t length)
{
	return (size_t)((length + PIECE - 1) / PIECE);
}

int dist_all_to_all(const struct dist_blocks *send, struct dist_blocks *out, int status,
		    struct vmap_diag *diag)
{
	unsigned n = dist_process.size, me = dist_process.rank;
	uint64_t *send_sizes = NULL, *recv_sizes = NULL;
	MPI_Request *requests = NULL;
	size_t count = 0, posted = 0;
	int rc;

	if (!running)
		return dist_gather_one(send->data, send->offsets[1], out, status, diag);
	memset(out, 0, sizeof *out);
	rc = agree(status, diag);
	if (rc)
		return rc;
	send_sizes = alloc_array(n, sizeof *send_sizes);
	recv_sizes = alloc_array(n, sizeof *recv_sizes);
	rc = send_sizes && recv_sizes ? VMAP_OK : diag_nomem(diag, "exchanging data");
	rc = agree(rc, diag);
	if (!rc) {
		for (unsigned r = 0; r < n; r++)
			send_sizes[r] = send->offsets[r + 1] - send->offsets[r];
		MPI_Alltoall(send_sizes, 1, MPI_UINT64_T, recv_sizes, 1, MPI_UINT64_T,
			     MPI_COMM_WORLD);
		for (unsigned r = 0; r < n; r++)
			count += pieces(send_sizes[r]) + pieces(recv_sizes[r]);
		out->offsets = offsets_of(recv_sizes);
		out->data = out->offsets ? alloc_array(out->offsets[n] + 1, 1) : NULL;
		requests = alloc_array(count + 1, sizeof *requests);
		rc = out->data && requests ? VMAP_OK : diag_nomem(diag, "exchanging data");
		rc = agree(rc, diag);
	}
	if (!rc) {
		memcpy(out->data + out->offsets[me], send->data + send->offsets[me], send_sizes[me]);
		for (unsigned r = 0; r < n; r++) {
			if (r == me)
				continue;
			posted += post_block(out->data + out->offsets[r], recv_sizes[r], r, false,
					     requests + posted);
			posted += post_block(send->data + send->offsets[r], send_sizes[r], r, true,
					     requests + posted);
			dist_process.sent += send_sizes[r];
		}
		MPI_Waitall((int)posted, requests, MPI_STATUSES_IGNORE);
	}
	if (rc)
		dist_blocks_release(out);
	free(send_sizes);
	free(recv_sizes);
	free(requests);
	return rc;
}
