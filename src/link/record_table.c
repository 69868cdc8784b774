/*
 * record_table.c - a record of a linker's set by its number, for the steps after linkage
 * (records.h), whether the set is whole (one process) or held in shares (MPI, issue 18).
 *
 * Held in shares, rank 0 keeps no slot per record: a record's dataset is found from the
 * share's ranges (each dataset's records are one range of numbers), its id in `ids`, and a
 * whole record only in the visit set, where rank 0 fetched the kept pairs' records; asking
 * for any other record whole is a bug (asserted). The other ranks keep no ids: they do not
 * cluster or write.
 */
#include "records.h"

#include "record_share.h"

#include <assert.h>

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
	size_t k;

	if (!s)
		return &set->records[index];
	k = share_visit_local(set, (uint32_t)index);
	assert(k < s->visit.count && s->visit_global[k] == index);
	return &s->visit.records[k];
}

void table_name_visitors(struct record_set *set)
{
	struct record_share *s = set->share;

	for (size_t k = 0; s && set->ids && k < s->visit.count; k++)
		s->visit.records[k].record_id = set->ids[s->visit_global[k]];
}

uint64_t table_bytes(const struct record_set *set)
{
	if (!set->share || !set->ids)
		return 0;
	return (uint64_t)(set->count + 1) * sizeof *set->ids + arena_used(&set->arena);
}
