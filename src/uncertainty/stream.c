/*
 * stream.c - a block of Philox4x32-10 uniforms for one input, or for the two inputs that
 * share a Philox block (stream.h), over consecutive draws, four draws to an AVX2 register
 * where the CPU has it (chosen at run time), else by Random123's scalar philox4x32. Both
 * compute the same integer rounds, so they give the same bits.
 */
#include "stream.h"

#include <string.h>

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define STREAM_AVX2 1
#include <immintrin.h>
#endif

/* The uniforms of draws first .. first + count - 1 for the pair's even input (into even, when
 * not NULL) and odd input (into odd, when not NULL). */
static void pairs_scalar(uint64_t seed, uint32_t pair, uint64_t first, size_t count,
			 double *even, double *odd)
{
	for (size_t d = 0; d < count; d++) {
		if (even)
			even[d] = stream_uniform(seed, first + d, 2 * pair);
		if (odd)
			odd[d] = stream_uniform(seed, first + d, 2 * pair + 1);
	}
}

#ifdef STREAM_AVX2
/* One Philox round on four counters held in the low halves of 64-bit lanes. */
__attribute__((target("avx2"))) static inline void
philox_round(__m256i c[4], __m256i k0, __m256i k1)
{
	const __m256i m0 = _mm256_set1_epi64x(PHILOX_M4x32_0),
		      m1 = _mm256_set1_epi64x(PHILOX_M4x32_1);
	const __m256i low = _mm256_set1_epi64x(0xFFFFFFFF);
	__m256i p0 = _mm256_mul_epu32(c[0], m0), p1 = _mm256_mul_epu32(c[2], m1);
	__m256i h0 = _mm256_srli_epi64(p0, 32), h1 = _mm256_srli_epi64(p1, 32);

	c[0] = _mm256_xor_si256(_mm256_xor_si256(h1, c[1]), k0);
	c[1] = _mm256_and_si256(p1, low);
	c[2] = _mm256_xor_si256(_mm256_xor_si256(h0, c[3]), k1);
	c[3] = _mm256_and_si256(p0, low);
}

/* The uniforms of four draws from their counters' final words 0 and 1: the 53 high bits of
 * (c0 << 32 | c1), as a double exactly (high 21 and low 32 bits each through the 2^52
 * exponent trick), then + 0.5 and * 2^-53 as stream_uniform does, so the same bits. */
__attribute__((target("avx2"))) static inline __m256d to_uniforms(__m256i c0, __m256i c1)
{
	const __m256i exponent = _mm256_set1_epi64x(0x4330000000000000); /* 2^52 */
	const __m256d two52 = _mm256_set1_pd(0x1p52);
	__m256i word = _mm256_srli_epi64(_mm256_or_si256(_mm256_slli_epi64(c0, 32), c1), 11);
	__m256i high = _mm256_srli_epi64(word, 32);
	__m256i low = _mm256_and_si256(word, _mm256_set1_epi64x(0xFFFFFFFF));
	__m256d h = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(high, exponent)), two52);
	__m256d l = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(low, exponent)), two52);
	__m256d x = _mm256_add_pd(_mm256_mul_pd(h, _mm256_set1_pd(0x1p32)), l);

	return _mm256_mul_pd(_mm256_add_pd(x, _mm256_set1_pd(0.5)), _mm256_set1_pd(0x1p-53));
}

/* pairs_scalar's uniforms, eight draws at a time: words 0 and 1 of each block give the even
 * input's, words 2 and 3 the odd one's. */
__attribute__((target("avx2"))) static void
pairs_avx2(uint64_t seed, uint32_t pair, uint64_t first, size_t count, double *even,
	   double *odd)
{
	const __m256i lanes = _mm256_set_epi64x(3, 2, 1, 0), four = _mm256_set1_epi64x(4);
	size_t d = 0;

	/* the low counter word must not carry into the high one inside a group of 8 */
	while (d + 8 <= count && (uint32_t)(first + d) <= UINT32_MAX - 8) {
		uint64_t draw = first + d;
		uint32_t key0 = (uint32_t)seed, key1 = (uint32_t)(seed >> 32);
		__m256i a[4], b[4];
		a[0] = _mm256_add_epi64(_mm256_set1_epi64x((uint32_t)draw), lanes);
		b[0] = _mm256_add_epi64(a[0], four);
		a[1] = b[1] = _mm256_set1_epi64x((uint32_t)(draw >> 32));
		a[2] = b[2] = _mm256_set1_epi64x(pair);
		a[3] = b[3] = _mm256_setzero_si256();
		for (int r = 0; r < 10; r++) {
			__m256i k0 = _mm256_set1_epi64x(key0), k1 = _mm256_set1_epi64x(key1);
			philox_round(a, k0, k1);
			philox_round(b, k0, k1);
			key0 += PHILOX_W32_0;
			key1 += PHILOX_W32_1;
		}
		if (even) {
			_mm256_storeu_pd(even + d, to_uniforms(a[0], a[1]));
			_mm256_storeu_pd(even + d + 4, to_uniforms(b[0], b[1]));
		}
		if (odd) {
			_mm256_storeu_pd(odd + d, to_uniforms(a[2], a[3]));
			_mm256_storeu_pd(odd + d + 4, to_uniforms(b[2], b[3]));
		}
		d += 8;
	}
	pairs_scalar(seed, pair, first + d, count - d, even ? even + d : NULL,
		     odd ? odd + d : NULL);
}
#endif

bool stream_simd_available(void)
{
#ifdef STREAM_AVX2
	return __builtin_cpu_supports("avx2");
#else
	return false;
#endif
}

static void pairs(uint64_t seed, uint32_t pair, uint64_t first, size_t count, double *even,
		  double *odd, bool simd)
{
#ifdef STREAM_AVX2
	if (simd) {
		pairs_avx2(seed, pair, first, count, even, odd);
		return;
	}
#endif
	(void)simd;
	pairs_scalar(seed, pair, first, count, even, odd);
}

void stream_uniforms(uint64_t seed, uint32_t parameter, uint64_t first, size_t count,
		     double *out, bool simd)
{
	bool odd = parameter & 1;

	pairs(seed, parameter >> 1, first, count, odd ? NULL : out, odd ? out : NULL, simd);
}

void stream_uniform_pairs(uint64_t seed, uint32_t pair, uint64_t first, size_t count,
			  double *even, double *odd, bool simd)
{
	pairs(seed, pair, first, count, even, odd, simd);
}
