/*
 * records_dist.c - reading one dataset on the ranks of an MPI run (issue 18).
 *
 * Each rank reads and standardises its share of the CSV's rows (core/csv_share.h: a byte
 * range cut at row boundaries, with the right line numbers), packs its records compactly
 * (record id, the fields present, dob, nickname groups, postcode flag), and the packs are
 * all-gathered in rank order, which is the file's order: every rank then unpacks the same
 * records one process reads, in the same order, and the per-field counts are summed (whole
 * numbers). An error in a row is the first by rank, so the first in the file, as one process
 * meets it. Term frequencies and repeated ids are computed afterwards on the whole set.
 *
 * A linker's set (keep_share) is not all-gathered: each rank keeps the records it read, rank 0
 * gets every record id, and the records travel later to where a step needs them
 * (record_share.h).
 *
 * The packs hold personal data: they are wiped before they are freed.
 */
#include "records.h"
#include "record_share.h"

#include "core/alloc.h"
#include "core/csv_share.h"
#include "core/dist.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(FIELD_COUNT <= 32, "a record's fields present fit a 32-bit mask");

/* The fixed part of a packed record, after its id and values. */
struct packed_tail {
	int32_t dob, dob_days;
	int16_t nickname[2];
	uint8_t postcode_uk;
};

static size_t packed_size(const struct record *r)
{
	return sizeof(uint32_t) + strlen(r->record_id) + pack_fields_size(r) +
	       sizeof(struct packed_tail);
}

static void pack_record(char **at, const struct record *r)
{
	uint32_t id_length = (uint32_t)strlen(r->record_id);
	struct packed_tail tail = {r->dob, r->dob_days, {r->nickname[0], r->nickname[1]},
				   r->postcode_uk};

	pack_put(at, &id_length, sizeof id_length);
	pack_put(at, r->record_id, id_length);
	pack_fields(at, r);
	pack_put(at, &tail, sizeof tail);
}

static int unpack_record(struct record_set *set, uint32_t dataset, const char **at,
			 struct vmap_diag *diag)
{
	struct record *r = &set->records[set->count];
	struct packed_tail tail;
	uint32_t id_length;

	memset(r, 0, sizeof *r);
	r->dataset = dataset;
	pack_take(at, &id_length, sizeof id_length);
	r->record_id = arena_strndup(&set->arena, *at, id_length);
	*at += id_length;
	if (!r->record_id || unpack_fields(at, r, &set->arena))
		return diag_nomem(diag, "reading a dataset");
	pack_take(at, &tail, sizeof tail);
	r->dob = tail.dob;
	r->dob_days = tail.dob_days;
	r->nickname[0] = tail.nickname[0];
	r->nickname[1] = tail.nickname[1];
	r->postcode_uk = tail.postcode_uk;
	set->count++;
	return VMAP_OK;
}

/* Every rank's records, in rank order, appended to the set. */
static int unpack_all(struct record_set *set, uint32_t dataset, const struct dist_blocks *all,
		      const uint64_t *record_counts, struct vmap_diag *diag)
{
	uint64_t total = set->count;
	void *records = set->records;
	const char *at = all->data, *end = all->data + all->offsets[dist_size()];
	int rc = VMAP_OK;

	for (unsigned r = 0; r < dist_size(); r++)
		total += record_counts[r];
	if (total >= UINT32_MAX - 1)
		return diag_fail(diag, VMAP_INPUT, "too many records");
	if (grow_array(&records, &set->capacity, (size_t)total, sizeof(struct record)))
		return diag_nomem(diag, "reading a dataset");
	set->records = records;
	while (!rc && at < end)
		rc = unpack_record(set, dataset, &at, diag);
	assert(rc || (at == end && set->count == total));
	return rc;
}

/* The dataset's per-field counts, summed over the ranks into the set's. */
static int sum_counts(struct record_set *set, const struct record_set *mine, uint32_t dataset,
		      uint64_t *values, int status, struct vmap_diag *diag)
{
	enum { PER_FIELD = 4 };
	int rc;

	for (int f = 0; !status && f < FIELD_COUNT; f++) {
		const struct field_counts *c = &mine->counts[dataset][f];
		uint64_t *v = values + (size_t)f * PER_FIELD;
		v[0] = c->present;
		v[1] = c->missing;
		v[2] = c->unreadable;
		v[3] = c->implausible;
	}
	rc = dist_sum_u64(values, FIELD_COUNT * PER_FIELD, status, diag);
	for (int f = 0; !rc && f < FIELD_COUNT; f++) {
		struct field_counts *c = &set->counts[dataset][f];
		const uint64_t *v = values + (size_t)f * PER_FIELD;
		c->present += (size_t)v[0];
		c->missing += (size_t)v[1];
		c->unreadable += (size_t)v[2];
		c->implausible += (size_t)v[3];
	}
	return rc;
}

/* The records packed into one buffer of exactly their size (no copy left behind by growing
 * it: the buffer is wiped); NULL out of memory. */
static char *pack_all(const struct record_set *set, size_t *size)
{
	char *packed, *at;

	*size = 0;
	for (size_t i = 0; i < set->count; i++)
		*size += packed_size(&set->records[i]);
	packed = alloc_array(*size + 1, 1);
	at = packed;
	for (size_t i = 0; packed && i < set->count; i++)
		pack_record(&at, &set->records[i]);
	return packed;
}

/* Reads this rank's rows into `mine`. */
static int read_mine(struct record_set *mine, const struct dataset_spec *spec, uint32_t dataset,
		     struct csv_reader *csv, int status, struct vmap_diag *diag)
{
	struct csv_share share;
	int rc = csv_share_plan(spec->data_path, &share, status, diag);

	if (!rc)
		rc = records_add_dataset(mine, dataset, diag);
	if (!rc && dist_rank() > 0 && !share.empty)
		rc = csv_share_seek(csv, &share);
	if (!rc && !share.empty)
		rc = records_read_rows(mine, spec, dataset, csv, &share, diag);
	return rc;
}

void records_release_wiped(struct record_set *set)
{
	for (size_t i = 0; i < set->count; i++) {
		const struct record *r = &set->records[i];
		alloc_wipe((void *)r->record_id, r->record_id ? strlen(r->record_id) : 0);
		for (int f = 0; f < FIELD_COUNT; f++)
			alloc_wipe((void *)r->value[f], r->value[f] ? r->length[f] : 0);
	}
	records_release(set);
}

int records_read_share(struct record_set *set, const struct dataset_spec *spec,
		       uint32_t dataset, struct csv_reader *csv, int status,
		       struct vmap_diag *diag)
{
	struct record_set mine;
	struct dist_blocks all = {0}, counts = {0};
	uint64_t sums[FIELD_COUNT * 4];
	char *packed = NULL;
	size_t size = 0;
	int rc;

	memset(&mine, 0, sizeof mine);
	rc = read_mine(&mine, spec, dataset, csv, status, diag);
	if (set->keep_share) { /* a linker's set: each rank keeps its share (record_share.h) */
		rc = sum_counts(set, &mine, dataset, sums, rc, diag);
		rc = share_keep(set, &mine, dataset, rc, diag);
		records_release_wiped(&mine);
		return rc;
	}
	if (!rc && !(packed = pack_all(&mine, &size)))
		rc = diag_nomem(diag, "reading a dataset");
	rc = dist_all_gather(&(uint64_t){mine.count}, sizeof(uint64_t), &counts, rc, diag);
	rc = sum_counts(set, &mine, dataset, sums, rc, diag);
	records_release_wiped(&mine);
	rc = dist_all_gather(packed, size, &all, rc, diag);
	alloc_wipe(packed, size);
	free(packed);
	if (!rc)
		rc = unpack_all(set, dataset, &all, (const uint64_t *)(void *)counts.data, diag);
	dist_blocks_release_wiped(&all);
	dist_blocks_release(&counts);
	return rc;
}
