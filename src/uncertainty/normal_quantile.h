/*
 * normal_quantile.h - the standard normal quantile Phi^-1(u), Wichura's AS241 (PPND16,
 * Applied Statistics 37(3), 1988), over one value or a block of them.
 *
 * The same rational approximations in the same order of operations as GSL's
 * gsl_cdf_ugaussian_Pinv (tests/unit/test_normal_quantile.c checks them against it over a
 * dense grid, tails included), without its call and branches per value: the block version
 * evaluates the central region (|u - 0.5| <= 0.425, 85% of values) branch-free over the
 * whole block, which the compiler vectorises, and the tails value by value.
 * Invariants: 0 < u < 1; the block and single versions give the same bits.
 */
#ifndef VMAP_UNCERTAINTY_NORMAL_QUANTILE_H
#define VMAP_UNCERTAINTY_NORMAL_QUANTILE_H

#include <stdbool.h>
#include <stddef.h>

/* Phi^-1(u). */
double normal_quantile(double u);

/* z[i] = normal_quantile(u[i]) for i < n (z may be u); `simd`: in AVX2 registers (only
 * when the CPU has them: stream_simd_available()), the same bits. */
void normal_quantiles(const double *u, size_t n, double *z, bool simd);

#endif
