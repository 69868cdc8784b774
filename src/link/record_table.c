/*
 * record_table.c - a record of a linker's set by its number, for the steps after linkage
 * (records.h), whether the set is whole (one process) or held in shares (MPI, issue 18).
 *
 * Held in shares, rank 0 keeps no slot per record: a record's dataset is found from the
 * share's ranges (each dataset's records are one range of numbers), its id in `ids`, and a
 * whole record among its own (home) records or in the visit set, where table_fetch brought
 * the kept pairs' records that other ranks hold; asking for any other record whole is a bug
 * (asserted). The other ranks keep no ids: they do not cluster or write.
 */
#include "records.h"

#include "record_share.h"

#include "core/alloc.h"
#include "core/dist.h"

#include <assert.h>
#include <stdlib.h>

uint32_t set_dataset(const struct record_set *set, size_t index)
{
	return set->share ? share_dataset(set, (uint32_t)index) : set->records[index].dataset;
}

const char *set_record_id(const struct record_set *set, size_t index)
{
	assert(!set->share || set->ids);
	return set->share ? set->ids[index] : set->records[index].record_id;
}

const struct record *set_record(const struct record_set *set, size_t index)
{
	const struct record_share *s = set->share;
	const struct record *home;
	size_t k;

	if (!s)
		return &set->records[index];
	home = share_home(set, (uint32_t)index);
	if (home)
		return home;
	k = share_visit_local(set, (uint32_t)index);
	assert(k < s->visit.count && s->visit_global[k] == index);
	return &s->visit.records[k];
}

/* The visit set's records get their ids (rank 0), as one process's records have them. */
static void name_visitors(struct record_set *set)
{
	struct record_share *s = set->share;

	for (size_t k = 0; set->ids && k < s->visit.count; k++)
		s->visit.records[k].record_id = set->ids[s->visit_global[k]];
}

/* Keeps in `wanted` the records other ranks hold (their count returned); *own: how many
 * different records of this rank's own it held. NULL `own`: nothing is kept. */
static size_t others_only(const struct record_set *set, uint32_t *wanted, size_t count,
			  bool *own, size_t *own_count)
{
	const struct record_share *s = set->share;
	size_t others = 0;

	for (size_t i = 0; own && i < count; i++) {
		const struct record *home = share_home(set, wanted[i]);
		if (!home) {
			wanted[others++] = wanted[i];
		} else if (!own[home - s->home.records]) {
			own[home - s->home.records] = true;
			++*own_count;
		}
	}
	return others;
}

int table_fetch(struct record_set *set, uint32_t *wanted, size_t count, int status,
		struct vmap_diag *diag)
{
	struct record_share *s = set->share;
	bool *own = status ? NULL : alloc_array(s->home.count + 1, sizeof *own);
	size_t own_count = 0, others = others_only(set, wanted, count, own, &own_count);
	int rc = share_fetch(set, wanted, others,
			     status || own ? status : diag_nomem(diag, "clustering"), diag);

	free(own);
	if (!rc)
		name_visitors(set);
	dist_note_table(table_bytes(set), set->ids ? set->count : 0, own_count + s->visit.count);
	return rc;
}

uint64_t table_bytes(const struct record_set *set)
{
	if (!set->share || !set->ids)
		return 0;
	return (uint64_t)(set->count + 1) * sizeof *set->ids + arena_used(&set->arena);
}
