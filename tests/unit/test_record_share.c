/*
 * test_record_share.c - link/record_share.h as one process sees it (issue 18): records kept
 * as a share are numbered in set order (dataset by dataset), and rank 0 keeps no record slot,
 * only each one's id (its dataset from the ranges: records.h's accessors); share_send makes a
 * visit set of the records sent, in set order, with their extra numbers; share_reply brings a
 * number per visitor back to the home records; share_fetch brings the records asked for
 * (repeats allowed) into the visit set; share_clear empties it, and the ids and home records
 * stay. table_fetch (rank 0, after linkage) fetches only what other ranks hold: on one
 * process nothing, and set_record finds every record whole at home. The accessors read
 * `records` on a set that is not held in shares.
 * Between ranks (records packed, sent and unpacked) the same calls are tested under mpirun
 * by tests/cli/test_mpi.sh, whose outputs must equal one process's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/dist.h"
#include "link/record_share.h"

static const char *const names[] = {"ada", "bo", "cy", "di", "ed", "flo"};
static const char *const ids[] = {"a1", "a2", "a3", "a4", "b1", "b2"};

/* Dataset `d`'s records [from, to) of names/ids, read "by this rank", kept as its share. */
static void keep(struct record_set *set, uint32_t d, size_t from, size_t to)
{
	struct record_set mine;
	struct vmap_diag diag;

	memset(&mine, 0, sizeof mine);
	diag_clear(&diag);
	mine.records = calloc(to - from, sizeof *mine.records);
	assert_non_null(mine.records);
	for (size_t i = from; i < to; i++) {
		struct record *r = &mine.records[mine.count++];
		r->dataset = d;
		r->record_id = arena_strndup(&mine.arena, ids[i], strlen(ids[i]));
		r->value[FIELD_LAST_NAME] = arena_strndup(&mine.arena, names[i], strlen(names[i]));
		r->length[FIELD_LAST_NAME] = (uint16_t)strlen(names[i]);
		r->dob = 19700101 + (int32_t)i;
		r->tf[2] = 0.25f * (float)i;
	}
	assert_int_equal(records_add_dataset(set, d, &diag), VMAP_OK);
	assert_int_equal(share_keep(set, &mine, d, VMAP_OK, &diag), VMAP_OK);
	assert_int_equal(mine.count, 0);
	records_release(&mine);
}

/* Record i's dataset and id, read through the accessors. */
static void table_is(const struct record_set *set, size_t i)
{
	assert_int_equal(set_dataset(set, i), i < 4 ? 0 : 1);
	assert_string_equal(set_record_id(set, i), ids[i]);
}

/* Record i whole (at home or fetched, when held in shares), with its id. */
static void whole_is(const struct record_set *set, size_t i)
{
	const struct record *r = set_record(set, i);

	assert_string_equal(r->record_id, ids[i]);
	assert_int_equal(r->dataset, i < 4 ? 0 : 1);
	assert_non_null(r->value[FIELD_LAST_NAME]);
	assert_memory_equal(r->value[FIELD_LAST_NAME], names[i], strlen(names[i]));
	assert_int_equal(r->dob, 19700101 + (int32_t)i);
	assert_true(r->tf[2] == 0.25f * (float)i);
}

/* The visit set holds the records `expect` (set indexes, rising), copies of the home ones. */
static void visit_is(const struct record_set *set, const uint32_t *expect, size_t count)
{
	const struct record_share *sh = set->share;

	assert_int_equal(sh->visit.count, count);
	for (size_t k = 0; k < count; k++) {
		const struct record *r = &sh->visit.records[k];
		size_t i = expect[k];
		assert_int_equal(sh->visit_global[k], i);
		assert_int_equal(share_visit_local(set, (uint32_t)i), k);
		assert_null(r->record_id); /* ids are not sent, and borrowed copies have none */
		assert_int_equal(r->dataset, i < 4 ? 0 : 1);
		assert_memory_equal(r->value[FIELD_LAST_NAME], names[i], strlen(names[i]));
		assert_int_equal(r->dob, 19700101 + (int32_t)i);
		assert_true(r->tf[2] == 0.25f * (float)i);
	}
}

static void records_visit_and_return(void **state)
{
	struct record_set set;
	struct vmap_diag diag;
	const uint32_t dest[6] = {0, SHARE_NOWHERE, 0, 0, SHARE_NOWHERE, 0};
	const uint32_t sent[4] = {0, 2, 3, 5}, fetched[3] = {0, 1, 5};
	uint32_t extra[12], value_of_visit[4], home_out[12];
	const uint32_t wanted[4] = {5, 1, 1, 0};
	uint32_t asked[4];

	(void)state;
	memset(&set, 0, sizeof set);
	diag_clear(&diag);
	set.keep_share = true;
	keep(&set, 0, 0, 4);
	keep(&set, 1, 4, 6);
	assert_int_equal(set.count, 6);
	assert_int_equal(set.share->home.count, 6);
	assert_null(set.records); /* no slot per record */
	/* rank 0's table: a pointer per record (and one spare) and the ids' bytes */
	assert_int_equal(table_bytes(&set), 7 * sizeof(char *) + 6 * strlen("a1 "));
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(set.share->global[i], i);
		assert_int_equal(share_dataset(&set, (uint32_t)i), i < 4 ? 0 : 1);
		table_is(&set, i);
		extra[2 * i] = 100 + (uint32_t)i;
		extra[2 * i + 1] = 0;
		home_out[2 * i] = home_out[2 * i + 1] = SHARE_NOWHERE;
	}
	assert_int_equal(share_send(&set, dest, extra, 1, 2, 3, VMAP_OK, &diag), VMAP_OK);
	visit_is(&set, sent, 4);
	for (size_t k = 0; k < 4; k++) {
		assert_int_equal(set.share->visit_extra[3 * k], 100 + sent[k]);
		assert_int_equal(set.share->visit_extra[3 * k + 1], UINT32_MAX);
		value_of_visit[k] = 7 * sent[k];
	}
	assert_int_equal(share_reply(&set, dest, value_of_visit, home_out, 2, 1, VMAP_OK, &diag),
			 VMAP_OK);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(home_out[2 * i + 1], dest[i] == 0 ? 7 * i : SHARE_NOWHERE);
		assert_int_equal(home_out[2 * i], SHARE_NOWHERE);
	}
	share_clear(&set);
	assert_int_equal(set.share->visit.count, 0);
	assert_int_equal(share_fetch(&set, wanted, 4, VMAP_OK, &diag), VMAP_OK);
	visit_is(&set, fetched, 3); /* repeats asked for once */
	share_clear(&set);
	assert_int_equal(set.share->visit.count, 0);
	/* rank 0, for clustering and writing: its own records are not copied */
	memcpy(asked, wanted, sizeof asked);
	assert_int_equal(table_fetch(&set, asked, 4, VMAP_OK, &diag), VMAP_OK);
	assert_int_equal(set.share->visit.count, 0);
	assert_int_equal(dist_process.table_records, 6);
	assert_int_equal(dist_process.table_whole, 3); /* 5, 1 and 0 */
	assert_int_equal(dist_process.table_bytes, table_bytes(&set));
	for (size_t i = 0; i < 6; i++) {
		table_is(&set, i);
		whole_is(&set, i);
		assert_ptr_equal(set_record(&set, i), share_home(&set, (uint32_t)i));
	}
	assert_memory_equal(set.share->home.records[3].value[FIELD_LAST_NAME], "di", 2);
	/* a failure brought in is returned, nothing fetched */
	assert_int_equal(share_fetch(&set, wanted, 4, VMAP_NOMEM, &diag), VMAP_NOMEM);
	assert_int_equal(set.share->visit.count, 0);
	records_release(&set);
	assert_null(set.share);
}

/* A set not held in shares (one process): the accessors read its records, whole. */
static void one_process_reads_records(void **state)
{
	struct record_set set;
	struct vmap_diag diag;

	(void)state;
	memset(&set, 0, sizeof set);
	diag_clear(&diag);
	set.records = calloc(6, sizeof *set.records);
	assert_non_null(set.records);
	set.capacity = 6;
	assert_int_equal(records_add_dataset(&set, 1, &diag), VMAP_OK);
	for (size_t i = 0; i < 6; i++) {
		struct record *r = &set.records[set.count++];
		r->dataset = i < 4 ? 0 : 1;
		r->record_id = ids[i];
		r->value[FIELD_LAST_NAME] = names[i];
		r->length[FIELD_LAST_NAME] = (uint16_t)strlen(names[i]);
		r->dob = 19700101 + (int32_t)i;
		r->tf[2] = 0.25f * (float)i;
	}
	for (size_t i = 0; i < 6; i++) {
		table_is(&set, i);
		whole_is(&set, i);
		assert_ptr_equal(set_record(&set, i), &set.records[i]);
	}
	assert_int_equal(table_bytes(&set), 0); /* no table: the records themselves */
	records_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(records_visit_and_return),
		cmocka_unit_test(one_process_reads_records),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
