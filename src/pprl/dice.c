/*
 * dice.c - the portable AND-popcount kernels and the choice of kernel at run time.
 *
 * Every kernel computes the same integers (popcounts of ANDed words); all scoring after that
 * is shared integer code, so pairs and scores are identical on every path. The choice is
 * made once: the widest the CPU can run (AVX-512 VPOPCNTDQ, else AVX2, else scalar popcnt, else
 * the compiler's generic count), by its features alone, so that one machine always names the
 * same kernel in the summary. AVX2 mixed with scalar popcnt is there to be chosen by name
 * (vmap_dice_select) and measured in bench/ (on AMD Zen 3 it is no faster than pure AVX2,
 * best of five interleaved at 1,024 and 2,048 bits). Since every kernel gives the same counts,
 * the choice changes speed only, never a result.
 */
#include "pprl.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static uint32_t and_count_generic(const uint64_t *a, const uint64_t *b, size_t words)
{
	uint32_t c = 0;

	for (size_t w = 0; w < words; w++)
		c += (uint32_t)__builtin_popcountll(a[w] & b[w]);
	return c;
}

uint32_t popcount_words(const uint64_t *w, size_t words)
{
	uint32_t c = 0;

	for (size_t i = 0; i < words; i++)
		c += (uint32_t)__builtin_popcountll(w[i]);
	return c;
}

static void generic_indexed(const uint64_t *q, const uint64_t *base, size_t words,
			    const uint32_t *idx, size_t n, uint32_t *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = and_count_generic(q, base + (size_t)idx[i] * words, words);
}

static void generic_range(const uint64_t *q, const uint64_t *base, size_t words, size_t first,
			  size_t n, uint32_t *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = and_count_generic(q, base + (first + i) * words, words);
}

static void generic_stream(const uint64_t *q, const uint64_t *base, size_t words, size_t first,
			   size_t n, uint32_t *out)
{
	size_t ahead = dice_stream_rows(words);

	for (size_t i = 0; i < n; i++) {
		if (i + ahead < n)
			dice_prefetch_keep(base + (first + i + ahead) * words, words);
		out[i] = and_count_generic(q, base + (first + i) * words, words);
	}
}

#if defined(__x86_64__) || defined(__i386__)
#define POPCNT_TARGET __attribute__((target("popcnt")))

POPCNT_TARGET static inline __attribute__((always_inline)) uint32_t
and_count_popcnt(const uint64_t *a, const uint64_t *b, size_t words)
{
	uint64_t c0 = 0, c1 = 0, c2 = 0, c3 = 0;
	size_t quads = words / 4;

#pragma GCC unroll 8
	for (size_t k = 0; k < quads; k++) { /* four chains: popcnt's latency is hidden */
		c0 += (uint64_t)__builtin_popcountll(a[4 * k] & b[4 * k]);
		c1 += (uint64_t)__builtin_popcountll(a[4 * k + 1] & b[4 * k + 1]);
		c2 += (uint64_t)__builtin_popcountll(a[4 * k + 2] & b[4 * k + 2]);
		c3 += (uint64_t)__builtin_popcountll(a[4 * k + 3] & b[4 * k + 3]);
	}
	for (size_t r = 0; r < words % 4; r++)
		c0 += (uint64_t)__builtin_popcountll(a[4 * quads + r] & b[4 * quads + r]);
	return (uint32_t)(c0 + c1 + c2 + c3);
}

POPCNT_TARGET static inline void popcnt_indexed_body(const uint64_t *q, const uint64_t *base,
						     size_t words, const uint32_t *idx, size_t n,
						     uint32_t *out)
{
	for (size_t i = 0; i < n; i++) {
		if (i + DICE_PREFETCH < n)
			dice_prefetch(base + (size_t)idx[i + DICE_PREFETCH] * words, words);
		out[i] = and_count_popcnt(q, base + (size_t)idx[i] * words, words);
	}
}

/* `ahead` > 0: asks for the encoding `ahead` places on (streams from main memory). */
POPCNT_TARGET static inline void popcnt_range_body(const uint64_t *q, const uint64_t *base,
						   size_t words, size_t first, size_t n,
						   uint32_t *out, size_t ahead)
{
	for (size_t i = 0; i < n; i++) {
		if (ahead && i + ahead < n)
			dice_prefetch_keep(base + (first + i + ahead) * words, words);
		out[i] = and_count_popcnt(q, base + (first + i) * words, words);
	}
}

/* 1,024 and 2,048 bits compiled with the length as a constant: the loop unrolled. */
POPCNT_TARGET static void popcnt_indexed(const uint64_t *q, const uint64_t *base, size_t words,
					 const uint32_t *idx, size_t n, uint32_t *out)
{
	if (words == 16)
		popcnt_indexed_body(q, base, 16, idx, n, out);
	else if (words == 32)
		popcnt_indexed_body(q, base, 32, idx, n, out);
	else
		popcnt_indexed_body(q, base, words, idx, n, out);
}

POPCNT_TARGET static void popcnt_range(const uint64_t *q, const uint64_t *base, size_t words,
				       size_t first, size_t n, uint32_t *out)
{
	if (words == 16)
		popcnt_range_body(q, base, 16, first, n, out, 0);
	else if (words == 32)
		popcnt_range_body(q, base, 32, first, n, out, 0);
	else
		popcnt_range_body(q, base, words, first, n, out, 0);
}

POPCNT_TARGET static void popcnt_stream(const uint64_t *q, const uint64_t *base, size_t words,
					size_t first, size_t n, uint32_t *out)
{
	if (words == 16)
		popcnt_range_body(q, base, 16, first, n, out, dice_stream_rows(16));
	else if (words == 32)
		popcnt_range_body(q, base, 32, first, n, out, dice_stream_rows(32));
	else
		popcnt_range_body(q, base, words, first, n, out, dice_stream_rows(words));
}

static bool has_popcnt(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("popcnt");
}
#else
#define popcnt_indexed generic_indexed
#define popcnt_range generic_range
#define popcnt_stream generic_stream
static bool has_popcnt(void)
{
	return false;
}
#endif

const struct dice_kernel dice_scalar = {"scalar", popcnt_indexed, popcnt_range, popcnt_stream};
static const struct dice_kernel dice_generic = {"generic", generic_indexed, generic_range,
						generic_stream};

static _Atomic(const struct dice_kernel *) current;

/* The widest kernel the CPU can run. Chosen by the CPU's features, never by timing: the
 * summary names the kernel, and a choice that followed the machine's load made two runs of one
 * linkage write different summaries (seen under MPI and in CI). */
static const struct dice_kernel *best_kernel(void)
{
	if (dice_avx512_supported())
		return &dice_avx512;
	if (dice_avx2_supported())
		return &dice_avx2;
	return has_popcnt() ? &dice_scalar : &dice_generic;
}

const struct dice_kernel *dice_current(void)
{
	const struct dice_kernel *k = atomic_load(&current);

	if (!k) {
		k = best_kernel();
		atomic_store(&current, k);
	}
	return k;
}

bool vmap_dice_select(const char *name)
{
	const struct dice_kernel *k = NULL;

	if (!name)
		k = best_kernel();
	else if (strcmp(name, "avx512") == 0 && dice_avx512_supported())
		k = &dice_avx512;
	else if (strcmp(name, "avx2") == 0 && dice_avx2_supported())
		k = &dice_avx2;
	else if (strcmp(name, "avx2-mix") == 0 && dice_avx2_supported())
		k = &dice_avx2_mix;
	else if (strcmp(name, "scalar") == 0)
		k = has_popcnt() ? &dice_scalar : &dice_generic;
	else if (strcmp(name, "generic") == 0)
		k = &dice_generic;
	if (!k)
		return false;
	atomic_store(&current, k);
	return true;
}

const char *vmap_dice_kernel(void)
{
	return dice_current()->name;
}
