/*
 * pprl-dice.c - Dice comparisons per second per core of each AND-popcount kernel
 * (bench/pprl.sh builds and runs it). CPU time of the calling thread is measured, so a
 * shared machine slows the figures less than wall time would.
 *
 * usage: pprl-dice BITS  ->  kernel, tiled all-pairs rate, streaming rate, checksum
 *   tiled:     4,096 queries against 4,096 encodings held in cache, in chunks of 1,024
 *   streaming: 4,096 queries, each against the next 2,000 of 1,000,000 encodings (128 MB at
 *              1,024 bits): candidates stream from main memory, unbatched (the kernels'
 *              `stream` entry, which prefetches ahead)
 *   gathered:  4,096 queries, each against 2,000 candidates drawn at random from the
 *              1,000,000 (a cache miss each: the worst case of blocked candidates)
 * Each figure is the best of five rounds. Every kernel must print the same checksums.
 */
#include "pprl/pprl.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define QUERIES 4096
#define POOL 1000000
#define PER_QUERY 2000
#define CHUNK 1024

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* The least CPU time of ROUNDS runs of one workload. */
#define ROUNDS 5
enum workload { TILED, STREAMING, GATHERED };

static double timed(const struct dice_kernel *k, enum workload w, const uint64_t *pool,
		    size_t words, const uint32_t *idx, uint64_t *checksum)
{
	static uint32_t out[PER_QUERY > CHUNK ? PER_QUERY : CHUNK];
	double best = 1e9;

	for (int round = 0; round < ROUNDS; round++) {
		double start = cpu_seconds(), took;
		uint64_t sum = 0;
		for (size_t c0 = 0; w == TILED && c0 < QUERIES; c0 += CHUNK)
			for (size_t q = 0; q < QUERIES; q++) {
				k->range(pool + q * words, pool, words, c0, CHUNK, out);
				for (size_t i = 0; i < CHUNK; i++)
					sum += out[i];
			}
		for (size_t q = 0; w != TILED && q < QUERIES; q++) {
			if (w == STREAMING)
				k->stream(pool + q * words, pool, words,
					  q * PER_QUERY % (POOL - PER_QUERY), PER_QUERY, out);
			else
				k->indexed(pool + q * words, pool, words, idx + q * PER_QUERY,
					   PER_QUERY, out);
			for (size_t i = 0; i < PER_QUERY; i++)
				sum += out[i];
		}
		took = cpu_seconds() - start;
		best = took < best ? took : best;
		*checksum = sum;
	}
	return best;
}

static void run(const struct dice_kernel *k, const uint64_t *pool, size_t words,
		const uint32_t *idx)
{
	uint64_t sum[3];
	double tiled = timed(k, TILED, pool, words, idx, &sum[0]);
	double streaming = timed(k, STREAMING, pool, words, idx, &sum[1]);
	double gathered = timed(k, GATHERED, pool, words, idx, &sum[2]);

	printf("%-8s %5.0f M/s tiled  %5.0f M/s streaming  %5.0f M/s gathered  checksums "
	       "%llu %llu %llu\n", k->name, (double)QUERIES * QUERIES / tiled / 1e6,
	       (double)QUERIES * PER_QUERY / streaming / 1e6,
	       (double)QUERIES * PER_QUERY / gathered / 1e6, (unsigned long long)sum[0],
	       (unsigned long long)sum[1], (unsigned long long)sum[2]);
}

int main(int argc, char **argv)
{
	size_t bits = argc > 1 ? strtoul(argv[1], NULL, 10) : 1024, words = bits / 64;
	uint64_t *pool = aligned_alloc(64, POOL * words * 8), state = 42;
	uint32_t *idx = malloc(sizeof *idx * QUERIES * PER_QUERY);

	if (!pool || !idx || bits % 64)
		return 1;
	for (size_t i = 0; i < POOL * words; i++)
		pool[i] = next(&state);
	for (size_t i = 0; i < (size_t)QUERIES * PER_QUERY; i++)
		idx[i] = (uint32_t)(next(&state) % POOL);
	printf("%zu-bit encodings\n", bits);
	run(&dice_scalar, pool, words, idx);
	if (dice_avx2_supported())
		run(&dice_avx2, pool, words, idx);
	if (dice_avx2_supported())
		run(&dice_avx2_mix, pool, words, idx);
	if (dice_avx512_supported())
		run(&dice_avx512, pool, words, idx);
	free(pool);
	free(idx);
	return 0;
}
