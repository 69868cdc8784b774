/*
 * normal_quantile.c - AS241 (see normal_quantile.h). Horner's rule from the highest
 * coefficient, then q * (num / den) in the centre, as GSL writes it.
 */
#include "normal_quantile.h"

#include <math.h>
#include <string.h>

static inline double central(double q)
{
	double r = 0.180625 - q * q;
	double num = ((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r +
			   6.7265770927008700853e+4) * r + 4.5921953931549871457e+4) * r +
			 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r +
		       1.3314166789178437745e+2) * r + 3.3871328727963666080e+0;
	double den = ((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r +
			   3.9307895800092710610e+4) * r + 2.1213794301586595867e+4) * r +
			 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r +
		       4.2313330701600911252e+1) * r + 1.0;

	return q * (num / den);
}

static double intermediate(double r)
{
	double num, den;

	r -= 1.6;
	num = ((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r +
		    2.41780725177450611770e-1) * r + 1.27045825245236838258e+0) * r +
		  3.64784832476320460504e+0) * r + 5.76949722146069140550e+0) * r +
		4.63033784615654529590e+0) * r + 1.42343711074968357734e+0;
	den = ((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r +
		    1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r +
		  6.89767334985100004550e-1) * r + 1.67638483018380384940e+0) * r +
		2.05319162663775882187e+0) * r + 1.0;
	return num / den;
}

static double far_tail(double r)
{
	double num, den;

	r -= 5.0;
	num = ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r +
		    1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r +
		  2.96560571828504891230e-1) * r + 1.78482653991729133580e+0) * r +
		5.46378491116411436990e+0) * r + 6.65790464350110377720e+0;
	den = ((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r +
		    1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r +
		  1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r +
		5.99832206555887937690e-1) * r + 1.0;
	return num / den;
}

static double tail(double u)
{
	double r = sqrt(-log(u < 0.5 ? u : 1 - u));
	double x = r <= 5.0 ? intermediate(r) : far_tail(r);

	return u < 0.5 ? -x : x;
}

double normal_quantile(double u)
{
	double q = u - 0.5;

	return fabs(q) <= 0.425 ? central(q) : tail(u);
}

/* The central expression over four values at a time (GCC vector extensions): the same
 * IEEE operations in the same order as central(), so the same bits, in SSE2 registers or,
 * compiled for AVX2, in one register. */
typedef double v4d __attribute__((vector_size(32)));

#define CENTRAL_BLOCK(name, attributes)                                                    \
	attributes static void name(const double *u, size_t n, double *z)                  \
	{                                                                                  \
		size_t i = 0;                                                              \
		for (; i + 4 <= n; i += 4) {                                               \
			v4d q, r, num, den;                                                \
			memcpy(&q, u + i, sizeof q);                                       \
			q -= 0.5;                                                          \
			r = 0.180625 - q * q;                                              \
			num = ((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * \
				   r + 6.7265770927008700853e+4) * r +                        \
				  4.5921953931549871457e+4) * r + 1.3731693765509461125e+4) * \
				r + 1.9715909503065514427e+3) * r +                            \
			       1.3314166789178437745e+2) * r + 3.3871328727963666080e+0;       \
			den = ((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * \
				   r + 3.9307895800092710610e+4) * r +                        \
				  2.1213794301586595867e+4) * r + 5.3941960214247511077e+3) * \
				r + 6.8718700749205790830e+2) * r +                            \
			       4.2313330701600911252e+1) * r + 1.0;                            \
			q = q * (num / den);                                               \
			memcpy(z + i, &q, sizeof q);                                       \
		}                                                                          \
		for (; i < n; i++)                                                         \
			z[i] = central(u[i] - 0.5);                                        \
	}

CENTRAL_BLOCK(central_block, )
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define NORMAL_AVX2 1
CENTRAL_BLOCK(central_block_avx2, __attribute__((target("avx2"))))
#endif

void normal_quantiles(const double *u, size_t n, double *z, bool simd)
{
	enum { CHUNK = 64 };

	for (size_t first = 0; first < n; first += CHUNK) {
		size_t count = n - first < CHUNK ? n - first : CHUNK;
		double kept[CHUNK]; /* u, which z may overwrite */
		memcpy(kept, u + first, count * sizeof *kept);
#ifdef NORMAL_AVX2
		if (simd)
			central_block_avx2(kept, count, z + first);
		else
#endif
			central_block(kept, count, z + first);
		(void)simd;
		for (size_t i = 0; i < count; i++)
			if (!(fabs(kept[i] - 0.5) <= 0.425))
				z[first + i] = tail(kept[i]);
	}
}
