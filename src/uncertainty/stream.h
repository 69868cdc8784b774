/*
 * stream.h - counter-based random numbers: Random123's Philox4x32-10 keyed by the seed.
 *
 * The uniform for (seed, draw, parameter) is a pure function of those three numbers, so a
 * draw's values never depend on which thread (or, later, which MPI rank) computes it, nor on
 * the order draws are made in. Each call yields a double strictly inside (0, 1), so quantile
 * functions never see 0 or 1.
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
	return ((double)random_bits53(seed, draw, parameter, 0) + 0.5) * 0x1p-53;
}

/* out[i] = stream_uniform(seed, first + i, parameter) for i < count; with `simd`, four
 * draws at a time in AVX2 lanes (only when stream_simd_available()), the same bits. */
void stream_uniforms(uint64_t seed, uint32_t parameter, uint64_t first, size_t count,
		     double *out, bool simd);

/* True when the CPU runs the SIMD path. */
bool stream_simd_available(void);

#endif
