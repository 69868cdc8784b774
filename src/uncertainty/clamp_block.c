/*
 * clamp_block.c - scaling and clamping a block of values (see clamp_block.h), with GCC's
 * vector extensions: a comparison gives a lane mask, which selects the bound or the value.
 */
#include "clamp_block.h"

#include <string.h>

typedef double v4d __attribute__((vector_size(32)));
typedef long long v4m __attribute__((vector_size(32)));

static inline double clamp_one(double y, double lo, double hi)
{
	return y < lo ? lo : y > hi ? hi : y;
}

#define CLAMP_BLOCK(name, attributes)                                                      \
	attributes static void name(double *x, size_t n, bool affine, double offset,        \
				    double scale, double lo, double hi)                     \
	{                                                                                  \
		const v4d low = {lo, lo, lo, lo}, high = {hi, hi, hi, hi};                 \
		size_t i = 0;                                                              \
		for (; i + 4 <= n; i += 4) {                                               \
			v4d y;                                                             \
			v4m below, above;                                                  \
			memcpy(&y, x + i, sizeof y);                                       \
			if (affine)                                                        \
				y = offset + scale * y;                                    \
			below = y < low;                                                   \
			y = (v4d)(((v4m)low & below) | ((v4m)y & ~below));                 \
			above = y > high;                                                  \
			y = (v4d)(((v4m)high & above) | ((v4m)y & ~above));                \
			memcpy(x + i, &y, sizeof y);                                       \
		}                                                                          \
		for (; i < n; i++)                                                         \
			x[i] = clamp_one(affine ? offset + scale * x[i] : x[i], lo, hi);   \
	}

CLAMP_BLOCK(clamp_generic, )
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define CLAMP_AVX2 1
CLAMP_BLOCK(clamp_avx2, __attribute__((target("avx2"))))
#endif

static void clamp(double *x, size_t n, bool affine, double offset, double scale, double lo,
		  double hi, bool simd)
{
#ifdef CLAMP_AVX2
	if (simd) {
		clamp_avx2(x, n, affine, offset, scale, lo, hi);
		return;
	}
#endif
	(void)simd;
	clamp_generic(x, n, affine, offset, scale, lo, hi);
}

void clamp_block_affine(double *x, size_t n, double offset, double scale, double lo, double hi,
			bool simd)
{
	clamp(x, n, true, offset, scale, lo, hi, simd);
}

void clamp_block(double *x, size_t n, double lo, double hi, bool simd)
{
	clamp(x, n, false, 0, 1, lo, hi, simd);
}
