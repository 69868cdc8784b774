/*
 * test_normal_quantile.c - uncertainty/normal_quantile (AS241) against GSL's
 * gsl_cdf_ugaussian_Pinv, an independent implementation, over a dense grid of u from 1e-300
 * to 1 - 2^-53 (both tails, every branch); the block version against the single one, with
 * and without the SIMD path; Philox uniforms in SIMD lanes against the scalar stream, and
 * Philox4x32-10 against Random123's published known answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#include "uncertainty/normal_quantile.h"
#include "uncertainty/stream.h"

enum { GRID = 200000 };

/* u on a grid: evenly in (0, 1), then log-spaced into both tails. */
static double grid_u(size_t n)
{
	if (n < GRID / 2)
		return (n + 0.5) / (GRID / 2);
	if (n < 3 * GRID / 4) /* down to 1e-300 */
		return pow(10, -300.0 * (double)(n - GRID / 2 + 1) / (GRID / 4));
	double t = pow(10, -16.0 * (double)(n - 3 * GRID / 4) / (GRID / 4)); /* to 1e-16 */
	return 1 - t < 1 ? 1 - t : 1 - 0x1p-53;
}

static void matches_gsl_over_a_dense_grid(void **state)
{
	double worst = 0;
	(void)state;
	for (size_t n = 0; n < GRID; n++) {
		double u = grid_u(n), want = gsl_cdf_ugaussian_Pinv(u), got = normal_quantile(u);
		double error = want == 0 ? fabs(got) : fabs(got - want) / fabs(want);
		if (error > worst)
			worst = error;
	}
	print_message("# worst relative difference from GSL: %.3g\n", worst);
	assert_true(worst <= 1e-15);
}

static void known_points(void **state)
{
	(void)state;
	assert_true(normal_quantile(0.5) == 0);
	assert_true(fabs(normal_quantile(0.9) - 1.2815515655446004) < 1e-15);
	assert_true(fabs(normal_quantile(0.975) - 1.959963984540054) < 1e-15);
	assert_true(fabs(normal_quantile(1e-10) + 6.361340902404056) < 1e-14);
}

static void block_gives_the_same_bits(void **state)
{
	static double u[GRID], z0[GRID], z1[GRID];
	(void)state;
	for (size_t n = 0; n < GRID; n++)
		u[n] = grid_u(n);
	normal_quantiles(u, GRID, z0, false);
	normal_quantiles(u, GRID, z1, stream_simd_available());
	for (size_t n = 0; n < GRID; n++) {
		double one = normal_quantile(u[n]);
		assert_memory_equal(&z0[n], &one, sizeof one);
		assert_memory_equal(&z1[n], &one, sizeof one);
	}
	memcpy(z0, u, sizeof u); /* in place */
	normal_quantiles(z0, GRID, z0, stream_simd_available());
	assert_memory_equal(z0, z1, sizeof z1);
}

static void philox_lanes_give_the_stream(void **state)
{
	static const uint64_t firsts[] = {0, 5, 0xFFFFFFFFull - 9, 0x123456789ull};
	double scalar[301], lanes[301];
	(void)state;
	for (size_t f = 0; f < 4; f++) {
		stream_uniforms(77, 3, firsts[f], 301, scalar, false);
		stream_uniforms(77, 3, firsts[f], 301, lanes, stream_simd_available());
		assert_memory_equal(scalar, lanes, sizeof lanes);
		for (size_t d = 0; d < 301; d++)
			assert_true(scalar[d] == stream_uniform(77, firsts[f] + d, 3));
	}
}

/* Random123's published known-answer vectors for Philox4x32-10 (kat_vectors), and the two
 * uniforms stream.h promises from one block: words 0, 1 for an even parameter, 2, 3 for the
 * odd one (seed 0 and draw 0 give counter 0 and key 0). */
static void philox_known_answers(void **state)
{
	philox4x32_ctr_t zero = {{0, 0, 0, 0}}, pi = {{0x243f6a88, 0x85a308d3, 0x13198a2e,
						     0x03707344}};
	philox4x32_key_t zero_key = {{0, 0}}, pi_key = {{0xa4093822, 0x299f31d0}};
	philox4x32_ctr_t a = philox4x32(zero, zero_key), b = philox4x32(pi, pi_key);
	(void)state;
	assert_true(a.v[0] == 0x6627e8d5 && a.v[1] == 0xe169c58d && a.v[2] == 0xbc57ac4c &&
		    a.v[3] == 0x9b00dbd8);
	assert_true(b.v[0] == 0xd16cfe09 && b.v[1] == 0x94fdcceb && b.v[2] == 0x5001e420 &&
		    b.v[3] == 0x24126ea1);
	assert_true(stream_uniform(0, 0, 0) ==
		    ((double)(0x6627e8d5e169c58dull >> 11) + 0.5) * 0x1p-53);
	assert_true(stream_uniform(0, 0, 1) ==
		    ((double)(0xbc57ac4c9b00dbd8ull >> 11) + 0.5) * 0x1p-53);
}

/* A pair's uniforms, in lanes or not, are each parameter's own, across the counter's carry. */
static void pairs_give_the_stream(void **state)
{
	static const uint64_t firsts[] = {0, 5, 0xFFFFFFFFull - 9, 0x123456789ull};
	double even[301], odd[301], lane_even[301], lane_odd[301];
	(void)state;
	for (size_t f = 0; f < 4; f++) {
		stream_uniform_pairs(77, 6, firsts[f], 301, even, odd, false);
		stream_uniform_pairs(77, 6, firsts[f], 301, lane_even, lane_odd,
				     stream_simd_available());
		assert_memory_equal(even, lane_even, sizeof even);
		assert_memory_equal(odd, lane_odd, sizeof odd);
		for (size_t d = 0; d < 301; d++) {
			assert_true(even[d] == stream_uniform(77, firsts[f] + d, 12));
			assert_true(odd[d] == stream_uniform(77, firsts[f] + d, 13));
			assert_true(even[d] != odd[d]);
		}
		stream_uniforms(77, 13, firsts[f], 301, lane_odd, stream_simd_available());
		assert_memory_equal(odd, lane_odd, sizeof odd);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_gsl_over_a_dense_grid),
		cmocka_unit_test(known_points),
		cmocka_unit_test(block_gives_the_same_bits),
		cmocka_unit_test(philox_lanes_give_the_stream),
		cmocka_unit_test(philox_known_answers),
		cmocka_unit_test(pairs_give_the_stream),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
