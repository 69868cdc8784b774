/*
 * clamp_block.h - a block of sampled values put on an input's scale and clamped into a range,
 * four at a time in vector registers (AVX2 where the CPU has it and `simd` says so).
 *
 * Each value gets exactly the scalar expressions the samplers use, y = offset + scale * x
 * then y < lo ? lo : y > hi ? hi : y (a NaN passes through), so the same bits either way.
 */
#ifndef VMAP_UNCERTAINTY_CLAMP_BLOCK_H
#define VMAP_UNCERTAINTY_CLAMP_BLOCK_H

#include <stdbool.h>
#include <stddef.h>

/* x[i] = clamp(offset + scale * x[i]) into [lo, hi] (lo <= hi), for i < n. */
void clamp_block_affine(double *x, size_t n, double offset, double scale, double lo, double hi,
			bool simd);

/* x[i] = clamp(x[i]) into [lo, hi] (lo <= hi), for i < n. */
void clamp_block(double *x, size_t n, double lo, double hi, bool simd);

#endif
