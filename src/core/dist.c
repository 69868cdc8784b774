/*
 * dist.c - what dist.h's two builds share: the process's place, shares and sums. The
 * exchanges are in dist_one.c (one process) or dist_mpi.c (-Dmpi=enabled).
 */
#include "dist.h"

#include "alloc.h"

#include <stdlib.h>
#include <string.h>

struct dist_process dist_process = {0, 1, 0, 0, 0};

unsigned dist_rank(void)
{
	return dist_process.rank;
}

unsigned dist_size(void)
{
	return dist_process.size;
}

bool dist_writes(void)
{
	return dist_process.rank == 0;
}

uint64_t dist_bytes_sent(void)
{
	return dist_process.sent;
}

void dist_note_records(uint64_t home, uint64_t visiting)
{
	if (home > dist_process.records_home)
		dist_process.records_home = home;
	if (visiting > dist_process.records_visiting)
		dist_process.records_visiting = visiting;
}

void dist_share(uint64_t count, uint64_t *begin, uint64_t *end)
{
	uint64_t r = dist_process.rank, n = dist_process.size;

	/* count * r / n without overflow: count = q n + m, so it is q r + m r / n */
	*begin = count / n * r + count % n * r / n;
	*end = count / n * (r + 1) + count % n * (r + 1) / n;
}

bool dist_owns(uint64_t hash)
{
	return hash % dist_process.size == dist_process.rank;
}

unsigned dist_owner(uint64_t hash)
{
	/* the high half of hash * size in 64-bit pieces: size < 2^32, so neither term
	 * overflows */
	uint64_t n = dist_process.size, high = hash >> 32, low = hash & 0xffffffffu;

	return (unsigned)((high * n + ((low * n) >> 32)) >> 32);
}

int dist_exscan_u64(uint64_t value, uint64_t *before, uint64_t *total, int status,
		    struct vmap_diag *diag)
{
	struct dist_blocks all = {0};
	int rc = dist_all_gather(&value, sizeof value, &all, status, diag);
	uint64_t sum = 0;

	for (unsigned r = 0; !rc && r < dist_process.size; r++) {
		uint64_t v;
		memcpy(&v, all.data + (size_t)r * sizeof v, sizeof v);
		if (r == dist_process.rank && before)
			*before = sum;
		sum += v;
	}
	if (!rc && total)
		*total = sum;
	dist_blocks_release(&all);
	return rc;
}

void dist_blocks_release(struct dist_blocks *b)
{
	free(b->data);
	free(b->offsets);
	b->data = NULL;
	b->offsets = NULL;
}

void dist_blocks_release_wiped(struct dist_blocks *b)
{
	if (b->data && b->offsets)
		alloc_wipe(b->data, b->offsets[dist_size()]);
	dist_blocks_release(b);
}

int dist_outbox_start(struct dist_outbox *o)
{
	memset(o, 0, sizeof *o);
	o->at = alloc_array(dist_size() + 1, sizeof *o->at);
	return o->at ? VMAP_OK : VMAP_NOMEM;
}

void dist_outbox_count(struct dist_outbox *o, unsigned dest, size_t size)
{
	o->at[dest] += size;
}

int dist_outbox_plan(struct dist_outbox *o)
{
	unsigned n = dist_size();

	o->send.offsets = alloc_array(n + 1, sizeof *o->send.offsets);
	if (!o->send.offsets)
		return VMAP_NOMEM;
	for (unsigned r = 0; r < n; r++)
		o->send.offsets[r + 1] = o->send.offsets[r] + o->at[r];
	o->send.data = alloc_array(o->send.offsets[n] + 1, 1);
	for (unsigned r = 0; r < n; r++)
		o->at[r] = o->send.offsets[r];
	return o->send.data ? VMAP_OK : VMAP_NOMEM;
}

void *dist_outbox_put(struct dist_outbox *o, unsigned dest, size_t size)
{
	void *place = o->send.data + o->at[dest];

	o->at[dest] += size;
	return place;
}

int dist_outbox_send(struct dist_outbox *o, struct dist_blocks *got, int status,
		     struct vmap_diag *diag)
{
	int rc = status;

	memset(got, 0, sizeof *got);
	if (!rc && (!o->at || !o->send.data))
		rc = diag_nomem(diag, "exchanging data");
	if (!o->send.offsets) /* a failure agreed without data */
		rc = dist_agree(rc ? rc : diag_nomem(diag, "exchanging data"), diag);
	else
		rc = dist_all_to_all(&o->send, got, rc, diag);
	dist_blocks_release_wiped(&o->send);
	free(o->at);
	o->at = NULL;
	return rc;
}

int dist_gather_one(const void *mine, size_t size, struct dist_blocks *out, int status,
		     struct vmap_diag *diag)
{
	memset(out, 0, sizeof *out);
	if (status)
		return status;
	out->data = alloc_array(size ? size : 1, 1);
	out->offsets = alloc_array(2, sizeof *out->offsets);
	if (!out->data || !out->offsets) {
		dist_blocks_release(out);
		return diag_nomem(diag, "gathering results");
	}
	if (size)
		memcpy(out->data, mine, size);
	out->offsets[0] = 0;
	out->offsets[1] = size;
	return VMAP_OK;
}

/* dist_sum_u64 and dist_sum_double: all-gather every rank's `count` values, then add them
 * element by element in rank order into `values`. */
#define DIST_SUM(name, type)                                                                \
	int name(type *values, size_t count, int status, struct vmap_diag *diag)            \
	{                                                                                   \
		struct dist_blocks all = {0};                                               \
		int rc = dist_all_gather(values, count * sizeof *values, &all, status, diag); \
		const type *from = (const type *)(void *)all.data;                          \
		for (size_t i = 0; !rc && i < count; i++) {                                 \
			type total = from[i];                                               \
			for (unsigned r = 1; r < dist_process.size; r++)                    \
				total += from[(size_t)r * count + i];                       \
			values[i] = total;                                                  \
		}                                                                           \
		dist_blocks_release(&all);                                                  \
		return rc;                                                                  \
	}

DIST_SUM(dist_sum_u64, uint64_t)
DIST_SUM(dist_sum_double, double)

/* ----- the public face, for the CLI ----- */

static struct vmap_diag finish_diag;

int vmap_dist_start(int *argc, char ***argv)
{
	return dist_start(argc, argv);
}

unsigned vmap_dist_rank(void)
{
	return dist_rank();
}

unsigned vmap_dist_size(void)
{
	return dist_size();
}

uint64_t vmap_dist_bytes_sent(void)
{
	return dist_bytes_sent();
}

void vmap_dist_records_held(uint64_t *home, uint64_t *visiting)
{
	*home = dist_process.records_home;
	*visiting = dist_process.records_visiting;
}

int vmap_dist_finish(int exit_status, const char **message)
{
	int status;

	diag_clear(&finish_diag);
	status = dist_finish(exit_status, &finish_diag);
	if (message)
		*message = finish_diag.message;
	return status;
}
