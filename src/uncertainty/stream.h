/*
 * stream.h - counter-based random numbers: Random123's Philox4x32-10 keyed by the seed.
 *
 * The uniform for (seed, draw, parameter) is a pure function of those three numbers, so a
 * draw's values never depend on which thread (or, later, which MPI rank) computes it, nor on
 * the order draws are made in. Each call yields a double strictly inside (0, 1), so quantile
 * functions never see 0 or 1.
 *
 * One Philox block (128 bits) gives two uniforms: parameters 2k and 2k + 1 of a draw share
 * the block at counter (draw, k, 0), the even one taking words 0 and 1, the odd one words 2
 * and 3 (53 high bits of each pair). So the block's every bit is used, and a pair of inputs
 * costs one Philox call (issue 16, session 4; before, each parameter had a block of its own
 * at (draw, parameter, 0) and used half of it).
 */
#ifndef VMAP_UNCERTAINTY_STREAM_H
#define VMAP_UNCERTAINTY_STREAM_H

#include "core/random.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The uniform in (0, 1) for one parameter of one draw: 53 random bits, offset by half a step. */
static inline double stream_uniform(uint64_t seed, uint64_t draw, uint32_t parameter)
{
	philox4x32_ctr_t bits = philox4x32(random_counter(draw, parameter >> 1, 0),
					   random_key(seed));
	unsigned w = (parameter & 1) * 2;

	return ((double)(((uint64_t)bits.v[w] << 32 | bits.v[w + 1]) >> 11) + 0.5) * 0x1p-53;
}

/* out[i] = stream_uniform(seed, first + i, parameter) for i < count; with `simd`, four
 * draws at a time in AVX2 lanes (only when stream_simd_available()), the same bits. */
void stream_uniforms(uint64_t seed, uint32_t parameter, uint64_t first, size_t count,
		     double *out, bool simd);

/* even[i] = stream_uniform(seed, first + i, 2 * pair) and odd[i] = stream_uniform(seed,
 * first + i, 2 * pair + 1) for i < count, from one Philox block a draw; the same bits. */
void stream_uniform_pairs(uint64_t seed, uint32_t pair, uint64_t first, size_t count,
			  double *even, double *odd, bool simd);

/* True when the CPU runs the SIMD path. */
bool stream_simd_available(void);

#endif
