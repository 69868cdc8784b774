/*
 * random.h - synth's random streams: Random123's Philox4x32-10 keyed by the seed, with the
 * counter holding (person, stream, block). Every number a person's simulation draws is a pure
 * function of (seed, person index, stream), so the files do not depend on the thread count or
 * on the order people are simulated in. Each stream hands out the four words of one Philox
 * block before moving to the next block.
 */
#ifndef VMAP_SYNTH_RANDOM_H
#define VMAP_SYNTH_RANDOM_H

#include "core/random.h"

#include <math.h>
#include <stdint.h>

/* The streams of one person; a new stream never changes the numbers of the others. */
enum synth_stream {
	STREAM_PERSON,      /* sex, names, dob, need, addresses, moves, marriage, treatment */
	STREAM_RECORDS,     /* + department: which records, their errors (3 streams) */
	STREAM_EVENTS = STREAM_RECORDS + 3, /* + department: events and their records (3) */
};

struct synth_rng {
	philox4x32_key_t key;
	philox4x32_ctr_t counter;
	philox4x32_ctr_t block;
	unsigned used; /* words of `block` handed out */
};

static inline void rng_init(struct synth_rng *r, uint64_t seed, uint64_t person, uint32_t stream)
{
	r->key = random_key(seed);
	r->counter = random_counter(person, stream, 0);
	r->used = 4;
}

static inline uint32_t rng_u32(struct synth_rng *r)
{
	if (r->used == 4) {
		r->block = philox4x32(r->counter, r->key);
		r->counter.v[3]++;
		r->used = 0;
	}
	return r->block.v[r->used++];
}

/* A uniform strictly inside (0, 1), from 32 random bits. */
static inline double rng_uniform(struct synth_rng *r)
{
	return ((double)rng_u32(r) + 0.5) * 0x1p-32;
}

/* True with probability p. */
static inline int rng_chance(struct synth_rng *r, double p)
{
	return rng_uniform(r) < p;
}

/* A whole number in [0, n), n >= 1 (multiply-shift; its bias is below 2^-32 * n). */
static inline uint32_t rng_below(struct synth_rng *r, uint32_t n)
{
	return (uint32_t)(((uint64_t)rng_u32(r) * n) >> 32);
}

/* A standard normal (Box-Muller, one of the pair). */
static inline double rng_normal(struct synth_rng *r)
{
	double u = rng_uniform(r), v = rng_uniform(r);

	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* An exponential waiting time with rate `rate` (> 0). */
static inline double rng_exponential(struct synth_rng *r, double rate)
{
	return -log(rng_uniform(r)) / rate;
}

#endif
