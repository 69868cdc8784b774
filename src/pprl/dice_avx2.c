/*
 * dice_avx2.c - the AND-popcount kernel with AVX2.
 *
 * Per 256 bits a nibble table lookup (vpshufb) counts the bits of each byte; the byte counts
 * of up to 31 vectors add up without overflow before vpsadbw sums them into four 64-bit
 * lanes. The horizontal sum, the costly part, is shared by four candidates: their lane sums
 * (each below 2^16) are packed 16 bits apart into one vector and summed once. Words beyond a
 * multiple of four are counted with popcnt.
 */
#include "pprl.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX2_TARGET __attribute__((target("avx2,popcnt")))
#define INLINE static inline __attribute__((always_inline))

AVX2_TARGET INLINE __m256i count_bytes(__m256i x)
{
	const __m256i lut = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
					     0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
	const __m256i low = _mm256_set1_epi8(0x0f);
	__m256i lo = _mm256_shuffle_epi8(lut, _mm256_and_si256(x, low));
	__m256i hi = _mm256_shuffle_epi8(lut, _mm256_and_si256(_mm256_srli_epi16(x, 4), low));

	return _mm256_add_epi8(lo, hi);
}

/* The AND count of one pair as four 64-bit lane sums (tail words in lane 0). */
AVX2_TARGET INLINE __m256i lane_sums(const uint64_t *q, const uint64_t *b, size_t words)
{
	__m256i total = _mm256_setzero_si256(), bytes = _mm256_setzero_si256();
	size_t w = 0, tail = 0;
	int held = 0;

	for (; w + 4 <= words; w += 4) {
		__m256i x = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(q + w)),
					     _mm256_loadu_si256((const __m256i *)(b + w)));
		bytes = _mm256_add_epi8(bytes, count_bytes(x));
		if (++held == 31) {
			total = _mm256_add_epi64(total, _mm256_sad_epu8(bytes, _mm256_setzero_si256()));
			bytes = _mm256_setzero_si256();
			held = 0;
		}
	}
	for (; w < words; w++)
		tail += (size_t)__builtin_popcountll(q[w] & b[w]);
	total = _mm256_add_epi64(total, _mm256_sad_epu8(bytes, _mm256_setzero_si256()));
	return _mm256_add_epi64(total, _mm256_setr_epi64x((long long)tail, 0, 0, 0));
}

AVX2_TARGET INLINE uint64_t horizontal(__m256i v)
{
	__m128i s = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));

	return (uint64_t)_mm_cvtsi128_si64(s) + (uint64_t)_mm_extract_epi64(s, 1);
}

/* Four pairs' counts from their lane sums, with one horizontal sum. */
AVX2_TARGET INLINE void four(__m256i a, __m256i b, __m256i c, __m256i d, uint32_t *out)
{
	__m256i packed = _mm256_add_epi64(
		_mm256_add_epi64(a, _mm256_slli_epi64(b, 16)),
		_mm256_add_epi64(_mm256_slli_epi64(c, 32), _mm256_slli_epi64(d, 48)));
	uint64_t sums = horizontal(packed);

	for (int k = 0; k < 4; k++)
		out[k] = (uint32_t)(sums >> (16 * k)) & 0xffffu;
}

AVX2_TARGET static void avx2_indexed(const uint64_t *q, const uint64_t *base, size_t words,
				     const uint32_t *idx, size_t n, uint32_t *out)
{
	size_t i = 0;

	for (; i + 4 <= n; i += 4)
		four(lane_sums(q, base + (size_t)idx[i] * words, words),
		     lane_sums(q, base + (size_t)idx[i + 1] * words, words),
		     lane_sums(q, base + (size_t)idx[i + 2] * words, words),
		     lane_sums(q, base + (size_t)idx[i + 3] * words, words), out + i);
	for (; i < n; i++)
		out[i] = (uint32_t)horizontal(lane_sums(q, base + (size_t)idx[i] * words, words));
}

AVX2_TARGET static void avx2_range(const uint64_t *q, const uint64_t *base, size_t words,
				   size_t first, size_t n, uint32_t *out)
{
	const uint64_t *b = base + first * words;
	size_t i = 0;

	for (; i + 4 <= n; i += 4, b += 4 * words)
		four(lane_sums(q, b, words), lane_sums(q, b + words, words),
		     lane_sums(q, b + 2 * words, words), lane_sums(q, b + 3 * words, words),
		     out + i);
	for (; i < n; i++, b += words)
		out[i] = (uint32_t)horizontal(lane_sums(q, b, words));
}

bool dice_avx2_supported(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
}

const struct dice_kernel dice_avx2 = {"avx2", avx2_indexed, avx2_range};
#else
bool dice_avx2_supported(void)
{
	return false;
}
const struct dice_kernel dice_avx2 = {"avx2", NULL, NULL};
#endif
