/*
 * dice_avx2.c - the AND-popcount kernel with AVX2: per 256 bits, a nibble table lookup
 * (vpshufb) counts the bits of each byte; byte counts add up over the encoding's vectors and
 * are summed by vpsadbw. Words beyond a multiple of four are counted with popcnt.
 */
#include "pprl.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX2_TARGET __attribute__((target("avx2,popcnt")))

AVX2_TARGET static uint32_t and_count(const uint64_t *q, const uint64_t *b, size_t words)
{
	const __m256i lut = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
					     0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
	const __m256i low = _mm256_set1_epi8(0x0f);
	__m256i total = _mm256_setzero_si256();
	size_t w = 0;
	uint64_t tail = 0;

	while (w + 4 <= words) {
		__m256i bytes = _mm256_setzero_si256();
		for (int v = 0; v < 7 && w + 4 <= words; v++, w += 4) { /* bytes stay <= 56 */
			__m256i x = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(q + w)),
						     _mm256_loadu_si256((const __m256i *)(b + w)));
			__m256i lo = _mm256_shuffle_epi8(lut, _mm256_and_si256(x, low));
			__m256i hi = _mm256_shuffle_epi8(
				lut, _mm256_and_si256(_mm256_srli_epi16(x, 4), low));
			bytes = _mm256_add_epi8(bytes, _mm256_add_epi8(lo, hi));
		}
		total = _mm256_add_epi64(total, _mm256_sad_epu8(bytes, _mm256_setzero_si256()));
	}
	for (; w < words; w++)
		tail += (uint64_t)__builtin_popcountll(q[w] & b[w]);
	return (uint32_t)((uint64_t)_mm256_extract_epi64(total, 0) +
			  (uint64_t)_mm256_extract_epi64(total, 1) +
			  (uint64_t)_mm256_extract_epi64(total, 2) +
			  (uint64_t)_mm256_extract_epi64(total, 3) + tail);
}

AVX2_TARGET static void avx2_indexed(const uint64_t *q, const uint64_t *base, size_t words,
				     const uint32_t *idx, size_t n, uint32_t *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = and_count(q, base + (size_t)idx[i] * words, words);
}

AVX2_TARGET static void avx2_range(const uint64_t *q, const uint64_t *base, size_t words,
				   size_t first, size_t n, uint32_t *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = and_count(q, base + (first + i) * words, words);
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
