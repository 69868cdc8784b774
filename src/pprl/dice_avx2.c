/*
 * dice_avx2.c - the AND-popcount kernels with AVX2: "avx2" and "avx2-mix".
 *
 * avx2: per 256 bits a nibble table lookup (vpshufb) counts the bits of each byte; the byte
 * counts of up to 31 vectors add up without overflow before vpsadbw sums them into four
 * 64-bit lanes. The horizontal sum, the costly part, is shared by four candidates: their
 * lane sums (each below 2^16) are packed 16 bits apart into one vector and summed once.
 * avx2-mix: the first half of the words by the lookup, the second half by scalar popcnt, so
 * the vector units and the integer units work at once.
 * Both are compiled for 1,024 and 2,048 bits (16 and 32 words: the loops unrolled and the
 * query kept in registers) and for any length. Words beyond a multiple of four are counted
 * with popcnt.
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

/* The AND count of words [0, vector_words) by lookup and [vector_words, words) by popcnt,
 * as four 64-bit lane sums (the popcnt part in lane 0). */
AVX2_TARGET INLINE __m256i lane_sums(const uint64_t *q, const uint64_t *b, size_t words,
				     size_t vector_words)
{
	__m256i total = _mm256_setzero_si256(), bytes = _mm256_setzero_si256();
	uint64_t t0 = 0, t1 = 0;
	size_t w = 0;
	int held = 0;

#pragma GCC unroll 8
	for (; w + 4 <= vector_words; w += 4) {
		__m256i x = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(q + w)),
					     _mm256_loadu_si256((const __m256i *)(b + w)));
		bytes = _mm256_add_epi8(bytes, count_bytes(x));
		if (++held == 31) {
			total = _mm256_add_epi64(total, _mm256_sad_epu8(bytes, _mm256_setzero_si256()));
			bytes = _mm256_setzero_si256();
			held = 0;
		}
	}
#pragma GCC unroll 16
	for (; w + 2 <= words; w += 2) {
		t0 += (uint64_t)__builtin_popcountll(q[w] & b[w]);
		t1 += (uint64_t)__builtin_popcountll(q[w + 1] & b[w + 1]);
	}
	for (; w < words; w++)
		t0 += (uint64_t)__builtin_popcountll(q[w] & b[w]);
	total = _mm256_add_epi64(total, _mm256_sad_epu8(bytes, _mm256_setzero_si256()));
	return _mm256_add_epi64(total, _mm256_setr_epi64x((long long)(t0 + t1), 0, 0, 0));
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

/* The vector part: all whole vectors (avx2), or the first half rounded to vectors (mix). */
#define VECTOR_WORDS(words, mix) ((mix) ? (words) / 8 * 4 : (words) / 4 * 4)

AVX2_TARGET INLINE void indexed_body(const uint64_t *q, const uint64_t *base, size_t words,
				     const uint32_t *idx, size_t n, uint32_t *out, bool mix)
{
	size_t i = 0, v = VECTOR_WORDS(words, mix);

	for (; i + 4 <= n; i += 4) {
		for (size_t k = i + DICE_PREFETCH; k < i + DICE_PREFETCH + 4 && k < n; k++)
			dice_prefetch(base + (size_t)idx[k] * words, words);
		four(lane_sums(q, base + (size_t)idx[i] * words, words, v),
		     lane_sums(q, base + (size_t)idx[i + 1] * words, words, v),
		     lane_sums(q, base + (size_t)idx[i + 2] * words, words, v),
		     lane_sums(q, base + (size_t)idx[i + 3] * words, words, v), out + i);
	}
	for (; i < n; i++)
		out[i] = (uint32_t)horizontal(lane_sums(q, base + (size_t)idx[i] * words, words, v));
}

AVX2_TARGET INLINE void range_body(const uint64_t *q, const uint64_t *base, size_t words,
				   size_t first, size_t n, uint32_t *out, bool mix)
{
	const uint64_t *b = base + first * words;
	size_t i = 0, v = VECTOR_WORDS(words, mix);

	for (; i + 4 <= n; i += 4, b += 4 * words) {
		four(lane_sums(q, b, words, v), lane_sums(q, b + words, words, v),
		     lane_sums(q, b + 2 * words, words, v), lane_sums(q, b + 3 * words, words, v),
		     out + i);
	}
	for (; i < n; i++, b += words)
		out[i] = (uint32_t)horizontal(lane_sums(q, b, words, v));
}

/* One pair of entry points per kernel, with the common lengths compiled as constants. */
#define KERNEL(name, mix)                                                                    \
	AVX2_TARGET static void name##_indexed(const uint64_t *q, const uint64_t *base,       \
					       size_t words, const uint32_t *idx, size_t n,   \
					       uint32_t *out)                                 \
	{                                                                                    \
		if (words == 16)                                                             \
			indexed_body(q, base, 16, idx, n, out, mix);                         \
		else if (words == 32)                                                        \
			indexed_body(q, base, 32, idx, n, out, mix);                         \
		else                                                                         \
			indexed_body(q, base, words, idx, n, out, mix);                      \
	}                                                                                    \
	AVX2_TARGET static void name##_range(const uint64_t *q, const uint64_t *base,         \
					     size_t words, size_t first, size_t n,            \
					     uint32_t *out)                                   \
	{                                                                                    \
		if (words == 16)                                                             \
			range_body(q, base, 16, first, n, out, mix);                         \
		else if (words == 32)                                                        \
			range_body(q, base, 32, first, n, out, mix);                         \
		else                                                                         \
			range_body(q, base, words, first, n, out, mix);                      \
	}

KERNEL(avx2, false)
KERNEL(mix, true)

bool dice_avx2_supported(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
}

const struct dice_kernel dice_avx2 = {"avx2", avx2_indexed, avx2_range};
const struct dice_kernel dice_avx2_mix = {"avx2-mix", mix_indexed, mix_range};
#else
bool dice_avx2_supported(void)
{
	return false;
}
const struct dice_kernel dice_avx2 = {"avx2", NULL, NULL};
const struct dice_kernel dice_avx2_mix = {"avx2-mix", NULL, NULL};
#endif
