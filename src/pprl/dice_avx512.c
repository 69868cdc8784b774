/*
 * dice_avx512.c - the AND-popcount kernel with AVX-512 VPOPCNTDQ: eight words ANDed and
 * counted per instruction into eight 64-bit lanes; as in dice_avx2.c, four candidates share
 * one horizontal sum (their lane sums packed 16 bits apart). Words beyond a multiple of
 * eight are counted with popcnt.
 */
#include "pprl.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX512_TARGET __attribute__((target("avx512f,avx512vpopcntdq,popcnt")))
#define INLINE static inline __attribute__((always_inline))

AVX512_TARGET INLINE __m512i lane_sums(const uint64_t *q, const uint64_t *b, size_t words)
{
	__m512i total = _mm512_setzero_si512();
	size_t w = 0;
	long long tail = 0;

	for (; w + 8 <= words; w += 8) {
		__m512i x = _mm512_and_si512(_mm512_loadu_si512((const void *)(q + w)),
					     _mm512_loadu_si512((const void *)(b + w)));
		total = _mm512_add_epi64(total, _mm512_popcnt_epi64(x));
	}
	for (; w < words; w++)
		tail += __builtin_popcountll(q[w] & b[w]);
	return _mm512_add_epi64(total, _mm512_set_epi64(0, 0, 0, 0, 0, 0, 0, tail));
}

AVX512_TARGET INLINE void four(__m512i a, __m512i b, __m512i c, __m512i d, uint32_t *out)
{
	__m512i packed = _mm512_add_epi64(
		_mm512_add_epi64(a, _mm512_slli_epi64(b, 16)),
		_mm512_add_epi64(_mm512_slli_epi64(c, 32), _mm512_slli_epi64(d, 48)));
	uint64_t sums = (uint64_t)_mm512_reduce_add_epi64(packed);

	for (int k = 0; k < 4; k++)
		out[k] = (uint32_t)(sums >> (16 * k)) & 0xffffu;
}

AVX512_TARGET static void avx512_indexed(const uint64_t *q, const uint64_t *base, size_t words,
					 const uint32_t *idx, size_t n, uint32_t *out)
{
	size_t i = 0;

	for (; i + 4 <= n; i += 4) {
		for (size_t k = i + DICE_PREFETCH; k < i + DICE_PREFETCH + 4 && k < n; k++)
			dice_prefetch(base + (size_t)idx[k] * words, words);
		four(lane_sums(q, base + (size_t)idx[i] * words, words),
		     lane_sums(q, base + (size_t)idx[i + 1] * words, words),
		     lane_sums(q, base + (size_t)idx[i + 2] * words, words),
		     lane_sums(q, base + (size_t)idx[i + 3] * words, words), out + i);
	}
	for (; i < n; i++)
		out[i] = (uint32_t)_mm512_reduce_add_epi64(
			lane_sums(q, base + (size_t)idx[i] * words, words));
}

/* `ahead` > 0: asks for the encoding `ahead` places on (streams from main memory). */
AVX512_TARGET INLINE void range_body(const uint64_t *q, const uint64_t *base, size_t words,
				     size_t first, size_t n, uint32_t *out, size_t ahead)
{
	const uint64_t *b = base + first * words;
	size_t i = 0;

	for (; i + 4 <= n; i += 4, b += 4 * words) {
		for (size_t k = i + ahead; ahead && k < i + ahead + 4 && k < n; k++)
			dice_prefetch_keep(base + (first + k) * words, words);
		four(lane_sums(q, b, words), lane_sums(q, b + words, words),
		     lane_sums(q, b + 2 * words, words), lane_sums(q, b + 3 * words, words),
		     out + i);
	}
	for (; i < n; i++, b += words)
		out[i] = (uint32_t)_mm512_reduce_add_epi64(lane_sums(q, b, words));
}

AVX512_TARGET static void avx512_range(const uint64_t *q, const uint64_t *base, size_t words,
				       size_t first, size_t n, uint32_t *out)
{
	range_body(q, base, words, first, n, out, 0);
}

AVX512_TARGET static void avx512_stream(const uint64_t *q, const uint64_t *base, size_t words,
					size_t first, size_t n, uint32_t *out)
{
	range_body(q, base, words, first, n, out, dice_stream_rows(words));
}

bool dice_avx512_supported(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq");
}

const struct dice_kernel dice_avx512 = {"avx512", avx512_indexed, avx512_range, avx512_stream};
#else
bool dice_avx512_supported(void)
{
	return false;
}
const struct dice_kernel dice_avx512 = {"avx512", NULL, NULL, NULL};
#endif
