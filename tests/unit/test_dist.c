/*
 * test_dist.c - core/dist.h as one process sees it: the shares of R ranks (set by hand here)
 * tile [0, count) in rank order with sizes one apart, as core/parallel's split does, also near
 * 2^64; hashed ownership gives each item to exactly one rank; and the exchanges of one
 * process return the caller's block, its sums and its status unchanged. The exchanges between
 * ranks are tested under mpirun by tests/cli/test_mpi.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/dist.h"

static void shares_tile_the_items(void **state)
{
	const uint64_t counts[] = {0, 1, 2, 7, 1000, 1001, UINT64_MAX - 1};

	(void)state;
	for (unsigned size = 1; size <= 6; size++) {
		for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
			uint64_t next = 0, smallest = UINT64_MAX, largest = 0;
			for (unsigned r = 0; r < size; r++) {
				uint64_t begin, end;
				dist_process.rank = r;
				dist_process.size = size;
				dist_share(counts[c], &begin, &end);
				assert_int_equal(begin, next);
				assert_true(end >= begin);
				smallest = end - begin < smallest ? end - begin : smallest;
				largest = end - begin > largest ? end - begin : largest;
				next = end;
			}
			assert_int_equal(next, counts[c]);
			assert_true(largest - smallest <= 1);
		}
	}
	dist_process.rank = 0;
	dist_process.size = 1;
}

static void every_hash_has_one_owner(void **state)
{
	(void)state;
	for (uint64_t h = 0; h < 1000; h++) {
		unsigned owners = 0;
		uint64_t hash = h * 0x9e3779b97f4a7c15ULL;
		for (unsigned r = 0; r < 3; r++) {
			dist_process.rank = r;
			dist_process.size = 3;
			owners += dist_owns(hash);
		}
		assert_int_equal(owners, 1);
	}
	dist_process.rank = 0;
	dist_process.size = 1;
	assert_true(dist_owns(12345) && dist_writes());
}

/* Range ownership: the owner is floor(hash * size / 2^64) (checked against 128-bit
 * arithmetic), rises with the hash, and gives each rank about 1/size of evenly spread
 * hashes. */
static void range_owners_rise_with_the_hash(void **state)
{
	const uint64_t edges[] = {0, 1, UINT64_MAX / 3, UINT64_MAX / 3 + 1, UINT64_MAX / 2,
				  (UINT64_MAX / 3) * 2 + 1, UINT64_MAX - 1, UINT64_MAX};

	(void)state;
	for (unsigned size = 1; size <= 6; size++) {
		unsigned last = 0, held[6] = {0};
		dist_process.size = size;
		for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++)
			assert_int_equal(dist_owner(edges[e]),
					 (unsigned)(((unsigned __int128)edges[e] * size) >> 64));
		assert_int_equal(dist_owner(0), 0);
		assert_int_equal(dist_owner(UINT64_MAX), size - 1);
		for (uint64_t h = 0; h < 6000; h++) {
			uint64_t hash = h * (UINT64_MAX / 6000);
			unsigned owner = dist_owner(hash);
			assert_true(owner >= last && owner < size);
			last = owner;
			held[owner]++;
		}
		for (unsigned r = 0; r < size; r++)
			assert_true(held[r] >= 6000 / size - 1 && held[r] <= 6000 / size + 1);
	}
	dist_process.size = 1;
}

static void one_process_exchanges_its_own(void **state)
{
	struct vmap_diag diag;
	struct dist_blocks all;
	const char text[] = "twelve bytes";
	uint64_t counts[3] = {1, 2, 3};
	double sums[2] = {0.5, -4};

	(void)state;
	diag_clear(&diag);
	assert_int_equal(dist_rank(), 0);
	assert_int_equal(dist_size(), 1);
	assert_int_equal(dist_all_gather(text, 12, &all, VMAP_OK, &diag), VMAP_OK);
	assert_int_equal(all.offsets[0], 0);
	assert_int_equal(all.offsets[1], 12);
	assert_memory_equal(all.data, text, 12);
	dist_blocks_release(&all);
	assert_int_equal(dist_gather(text, 0, &all, VMAP_OK, &diag), VMAP_OK);
	assert_int_equal(all.offsets[1], 0);
	dist_blocks_release(&all);
	assert_int_equal(dist_sum_u64(counts, 3, VMAP_OK, &diag), VMAP_OK);
	assert_int_equal(counts[2], 3);
	assert_int_equal(dist_sum_double(sums, 2, VMAP_OK, &diag), VMAP_OK);
	assert_true(sums[0] == 0.5 && sums[1] == -4);
	assert_int_equal(dist_agree(VMAP_IO, &diag), VMAP_IO);
	assert_int_equal(dist_all_gather(text, 12, &all, VMAP_NOMEM, &diag), VMAP_NOMEM);
	assert_null(all.data);
	{
		uint64_t before = 99, total = 0;
		assert_int_equal(dist_exscan_u64(7, &before, &total, VMAP_OK, &diag), VMAP_OK);
		assert_true(before == 0 && total == 7);
	}
	assert_int_equal(dist_bytes_sent(), 0);
}

/* mpienc (issue 18): an outbox's messages, counted, planned and put, arrive (one process: at
 * itself) in the order put, the sizes as counted; a failed status is returned, with no data. */
static void outbox_delivers_in_order(void **state)
{
	const char *words[] = {"alpha", "be", "", "gamma"};
	struct dist_outbox out;
	struct dist_blocks got;
	struct vmap_diag diag = {0};
	size_t total = 0;

	(void)state;
	assert_int_equal(dist_outbox_start(&out), VMAP_OK);
	for (size_t w = 0; w < 4; w++) {
		dist_outbox_count(&out, 0, strlen(words[w]));
		total += strlen(words[w]);
	}
	assert_int_equal(dist_outbox_plan(&out), VMAP_OK);
	for (size_t w = 0; w < 4; w++)
		memcpy(dist_outbox_put(&out, 0, strlen(words[w])), words[w], strlen(words[w]));
	assert_int_equal(dist_outbox_send(&out, &got, VMAP_OK, &diag), VMAP_OK);
	assert_null(out.send.data);
	assert_int_equal(got.offsets[1], total);
	assert_memory_equal(got.data, "alphabegamma", total);
	dist_blocks_release(&got);
	assert_int_equal(dist_outbox_start(&out), VMAP_OK);
	assert_int_equal(dist_outbox_send(&out, &got, VMAP_INPUT, &diag), VMAP_INPUT);
	assert_null(got.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shares_tile_the_items),
		cmocka_unit_test(every_hash_has_one_owner),
		cmocka_unit_test(range_owners_rise_with_the_hash),
		cmocka_unit_test(one_process_exchanges_its_own),
		cmocka_unit_test(outbox_delivers_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
