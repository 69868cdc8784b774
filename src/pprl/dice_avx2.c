/*
 * dice_avx2.c - the AND-popcount kernels with AVX2: "avx2" and "avx2-mix".
 *
 * avx2: per 256 bits of a candidate, a nibble table lookup (vpshufb) counts the bits of each
 * byte. The query is split once per call into its low nibbles and its high nibbles shifted
 * down, so that the query's own AND does the nibble masking: a candidate vector x costs
 * lut[qlo & x] + lut[qhi & (x >> 4)], seven vector operations. The byte counts of up to 16
 * vectors add up without overflow before vpsadbw sums them into four 64-bit lanes.
 * The horizontal sum, the costly part, is shared by eight candidates: their lane sums (each
 * below 2^16) are packed 16 bits apart into two vectors, summed once into eight 16-bit counts
 * and widened to 32 bits by one instruction.
 * avx2-mix: one vector's worth of words (the last four or more) by scalar popcnt, so that the
 * integer units count while the vector units are busy (on AMD Zen 3 the vector units are the
 * limit: ~31 vector operations per 1,024-bit comparison on four pipes).
 * Every length is handled by the same code; 1,024 and 2,048 bits (16 and 32 words) are
 * compiled with the length as a constant (the loops unrolled, the query in registers).
 * Range kernels do not prefetch (linkage calls them on chunks held in cache, where a request
 * per line costs ~15%); stream kernels ask for the row DICE_STREAM_AHEAD bytes ahead.
 */
#include "pprl.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX2_TARGET __attribute__((target("avx2,popcnt")))
#define INLINE static inline __attribute__((always_inline))
/* 256-bit vectors of the longest encoding (PPRL_BITS_MAX bits, diffusion doubling them). */
#define VECTORS_MAX (PPRL_BITS_MAX * PPRL_DIFFUSION_EXPAND / 256)
/* Byte counts grow by at most 8 per vector: flushed to 64-bit lanes every 16 vectors. */
#define FLUSH_EVERY 16

struct query {
	__m256i lo[VECTORS_MAX], hi[VECTORS_MAX]; /* low nibbles; high nibbles shifted down */
	const uint64_t *words;                    /* the query itself, for the scalar words */
};

AVX2_TARGET INLINE void prepare(struct query *qp, const uint64_t *q, size_t vectors)
{
	const __m256i low = _mm256_set1_epi8(0x0f);

	for (size_t v = 0; v < vectors; v++) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(q + 4 * v));
		qp->lo[v] = _mm256_and_si256(x, low);
		qp->hi[v] = _mm256_and_si256(_mm256_srli_epi16(x, 4), low);
	}
	qp->words = q;
}

/* One candidate's count: `vectors` vectors by lookup, then `scalars` words by popcnt, as
 * four 64-bit lane sums (the scalar part in lane 0). */
AVX2_TARGET INLINE __m256i lane_sums(const struct query *qp, const uint64_t *b, size_t vectors,
				     size_t scalars)
{
	const __m256i lut = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
					     0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
	__m256i bytes = _mm256_setzero_si256(), total = _mm256_setzero_si256();
	uint64_t t = 0;

#pragma GCC unroll 8
	for (size_t v = 0; v < vectors; v++) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(b + 4 * v));
		bytes = _mm256_add_epi8(bytes, _mm256_shuffle_epi8(lut, _mm256_and_si256(qp->lo[v], x)));
		bytes = _mm256_add_epi8(bytes, _mm256_shuffle_epi8(
						       lut, _mm256_and_si256(qp->hi[v],
									     _mm256_srli_epi16(x, 4))));
		if (v % FLUSH_EVERY == FLUSH_EVERY - 1) {
			total = _mm256_add_epi64(total, _mm256_sad_epu8(bytes, _mm256_setzero_si256()));
			bytes = _mm256_setzero_si256();
		}
	}
	total = _mm256_add_epi64(total, _mm256_sad_epu8(bytes, _mm256_setzero_si256()));
#pragma GCC unroll 8
	for (size_t w = 4 * vectors; w < 4 * vectors + scalars; w++)
		t += (uint64_t)__builtin_popcountll(qp->words[w] & b[w]);
	if (scalars)
		total = _mm256_add_epi64(total, _mm256_zextsi128_si256(_mm_cvtsi64_si128((long long)t)));
	return total;
}

AVX2_TARGET INLINE uint32_t horizontal(__m256i v)
{
	__m128i s = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));

	return (uint32_t)((uint64_t)_mm_cvtsi128_si64(s) + (uint64_t)_mm_extract_epi64(s, 1));
}

AVX2_TARGET INLINE __m256i pack4(__m256i a, __m256i b, __m256i c, __m256i d)
{
	return _mm256_add_epi64(_mm256_add_epi64(a, _mm256_slli_epi64(b, 16)),
				_mm256_add_epi64(_mm256_slli_epi64(c, 32), _mm256_slli_epi64(d, 48)));
}

/* Eight counts from two vectors of four packed candidates: lanes paired, halves added, the
 * eight 16-bit sums widened and stored. */
AVX2_TARGET INLINE void store8(__m256i p1, __m256i p2, uint32_t *out)
{
	__m256i h = _mm256_add_epi64(_mm256_unpacklo_epi64(p1, p2), _mm256_unpackhi_epi64(p1, p2));
	__m128i s = _mm_add_epi64(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));

	_mm256_storeu_si256((__m256i *)out, _mm256_cvtepu16_epi32(s));
}

/* Candidate k of a call: base[idx[k]] (gathered) or base[first + k] (a range). */
#define ROW(k) (idx ? base + (size_t)idx[k] * words : base + (first + (k)) * words)

/* The body of every kernel: `ahead` > 0 asks for candidate k + ahead while k is counted. */
AVX2_TARGET INLINE void body(const uint64_t *q, const uint64_t *base, size_t words,
			     const uint32_t *idx, size_t first, size_t n, uint32_t *out, bool mix,
			     size_t ahead)
{
	struct query qp;
	size_t vectors = words / 4 - (mix && words >= 8), scalars = words - 4 * vectors, i = 0;

	prepare(&qp, q, vectors);
	for (; i + 8 <= n; i += 8) {
		__m256i s[8];
		for (size_t k = i + ahead; ahead && k < i + ahead + 8 && k < n; k++) {
			if (idx)
				dice_prefetch(ROW(k), words);
			else
				dice_prefetch_keep(ROW(k), words);
		}
#pragma GCC unroll 8
		for (size_t k = 0; k < 8; k++)
			s[k] = lane_sums(&qp, ROW(i + k), vectors, scalars);
		store8(pack4(s[0], s[1], s[2], s[3]), pack4(s[4], s[5], s[6], s[7]), out + i);
	}
	for (; i < n; i++)
		out[i] = horizontal(lane_sums(&qp, ROW(i), vectors, scalars));
}
#undef ROW

/* The common lengths compiled as constants. */
#define LENGTHS(w, call)                                                                     \
	do {                                                                                 \
		if ((w) == 16)                                                               \
			call(16);                                                            \
		else if ((w) == 32)                                                          \
			call(32);                                                            \
		else                                                                         \
			call(w);                                                             \
	} while (0)
#define INDEXED(w) body(q, base, w, idx, 0, n, out, mix, DICE_PREFETCH)
#define RANGE(w) body(q, base, w, NULL, first, n, out, mix, 0)
#define STREAM(w) body(q, base, w, NULL, first, n, out, mix, dice_stream_rows(w))

AVX2_TARGET INLINE void indexed(const uint64_t *q, const uint64_t *base, size_t words,
				const uint32_t *idx, size_t n, uint32_t *out, bool mix)
{
	LENGTHS(words, INDEXED);
}

AVX2_TARGET INLINE void range(const uint64_t *q, const uint64_t *base, size_t words,
			      size_t first, size_t n, uint32_t *out, bool mix)
{
	LENGTHS(words, RANGE);
}

AVX2_TARGET INLINE void stream(const uint64_t *q, const uint64_t *base, size_t words,
			       size_t first, size_t n, uint32_t *out, bool mix)
{
	LENGTHS(words, STREAM);
}

/* A kernel's three entry points. */
#define ENTRY_POINTS(name, mix)                                                              \
	AVX2_TARGET static void name##_indexed(const uint64_t *q, const uint64_t *base,       \
					       size_t words, const uint32_t *idx, size_t n,   \
					       uint32_t *out)                                 \
	{                                                                                    \
		indexed(q, base, words, idx, n, out, mix);                                   \
	}                                                                                    \
	AVX2_TARGET static void name##_range(const uint64_t *q, const uint64_t *base,         \
					     size_t words, size_t first, size_t n,            \
					     uint32_t *out)                                   \
	{                                                                                    \
		range(q, base, words, first, n, out, mix);                                   \
	}                                                                                    \
	AVX2_TARGET static void name##_stream(const uint64_t *q, const uint64_t *base,        \
					      size_t words, size_t first, size_t n,           \
					      uint32_t *out)                                  \
	{                                                                                    \
		stream(q, base, words, first, n, out, mix);                                  \
	}

ENTRY_POINTS(avx2, false)
ENTRY_POINTS(mix, true)

bool dice_avx2_supported(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
}

const struct dice_kernel dice_avx2 = {"avx2", avx2_indexed, avx2_range, avx2_stream};
const struct dice_kernel dice_avx2_mix = {"avx2-mix", mix_indexed, mix_range, mix_stream};
#else
bool dice_avx2_supported(void)
{
	return false;
}
const struct dice_kernel dice_avx2 = {"avx2", NULL, NULL, NULL};
const struct dice_kernel dice_avx2_mix = {"avx2-mix", NULL, NULL, NULL};
#endif
