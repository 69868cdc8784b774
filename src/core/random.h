/*
 * random.h - the counter-based random numbers every stage draws from: Random123's
 * Philox4x32-10 keyed by the run's 64-bit seed, with a counter of a 64-bit index and two
 * 32-bit words the caller chooses (a parameter, a stream, a cohort). A block is a pure function
 * of (seed, index, a, b), so results never depend on threads, ranks or the order of work.
 */
#ifndef VMAP_CORE_RANDOM_H
#define VMAP_CORE_RANDOM_H

#include <Random123/philox.h>
#include <stdint.h>

/* The Philox key of a seed: its low and high 32 bits. */
static inline philox4x32_key_t random_key(uint64_t seed)
{
	philox4x32_key_t key = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};

	return key;
}

/* The counter (index, a, b): the index's low and high 32 bits, then a and b. */
static inline philox4x32_ctr_t random_counter(uint64_t index, uint32_t a, uint32_t b)
{
	philox4x32_ctr_t counter = {{(uint32_t)index, (uint32_t)(index >> 32), a, b}};

	return counter;
}

/* 53 random bits of the block at (seed, index, a, b): its first two words, high bits kept. */
static inline uint64_t random_bits53(uint64_t seed, uint64_t index, uint32_t a, uint32_t b)
{
	philox4x32_ctr_t bits = philox4x32(random_counter(index, a, b), random_key(seed));

	return ((uint64_t)bits.v[0] << 32 | bits.v[1]) >> 11;
}

#endif
