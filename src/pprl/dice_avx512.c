/*
 * dice_avx512.c - the AND-popcount kernel with AVX-512 VPOPCNTDQ: eight words ANDed and
 * counted per instruction, summed in a vector and reduced once per pair. Words beyond a
 * multiple of eight are counted with popcnt.
 */
#include "pprl.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX512_TARGET __attribute__((target("avx512f,avx512vpopcntdq,popcnt")))

AVX512_TARGET static uint32_t and_count(const uint64_t *q, const uint64_t *b, size_t words)
{
	__m512i total = _mm512_setzero_si512();
	size_t w = 0;
	uint64_t tail = 0;

	for (; w + 8 <= words; w += 8) {
		__m512i x = _mm512_and_si512(_mm512_loadu_si512((const void *)(q + w)),
					     _mm512_loadu_si512((const void *)(b + w)));
		total = _mm512_add_epi64(total, _mm512_popcnt_epi64(x));
	}
	for (; w < words; w++)
		tail += (uint64_t)__builtin_popcountll(q[w] & b[w]);
	return (uint32_t)((uint64_t)_mm512_reduce_add_epi64(total) + tail);
}

AVX512_TARGET static void avx512_indexed(const uint64_t *q, const uint64_t *base, size_t words,
					 const uint32_t *idx, size_t n, uint32_t *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = and_count(q, base + (size_t)idx[i] * words, words);
}

AVX512_TARGET static void avx512_range(const uint64_t *q, const uint64_t *base, size_t words,
				       size_t first, size_t n, uint32_t *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = and_count(q, base + (first + i) * words, words);
}

bool dice_avx512_supported(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq");
}

const struct dice_kernel dice_avx512 = {"avx512", avx512_indexed, avx512_range};
#else
bool dice_avx512_supported(void)
{
	return false;
}
const struct dice_kernel dice_avx512 = {"avx512", NULL, NULL};
#endif
