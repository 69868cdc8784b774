/*
 * quantile_table.c - interpolated inverse CDFs for beta, PERT and gamma on their standard
 * forms, shared between inputs of the same form, with Newton refinement where the
 * interpolation alone is not accurate enough (see quantile_table.h).
 */
#include "quantile_table.h"

#include "beta_cdf.h"
#include "clamp_block.h"
#include "gamma_cdf.h"
#include "normal_quantile.h"

#include "core/alloc.h"
#include "sample.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define Z_LIMIT 5.0
#define STEPS_PER_UNIT 16
enum { NODES = (int)(2 * Z_LIMIT * STEPS_PER_UNIT) + 1, NEWTON_STEPS = 2 };

/* Phi and phi on the grid every table shares: Phi at each node z_j = -Z_LIMIT + j h and
 * midpoint z_j + h / 2 (by the expressions the build used to evaluate there, so the same
 * bits), phi at each node; worked out once a process (pthread_once), not once a table. */
static struct {
	double node_p[NODES], mid_p[NODES - 1], node_pdf[NODES];
} grid;
static pthread_once_t grid_once = PTHREAD_ONCE_INIT;

static double node_z(int j)
{
	return -Z_LIMIT + j * (1.0 / STEPS_PER_UNIT);
}

static double mid_z(int j)
{
	return -Z_LIMIT + (j + 0.5) / STEPS_PER_UNIT;
}

static void grid_init(void)
{
	for (int j = 0; j < NODES; j++) {
		grid.node_p[j] = gsl_cdf_ugaussian_P(node_z(j));
		grid.node_pdf[j] = gsl_ran_ugaussian_pdf(node_z(j));
		if (j + 1 < NODES)
			grid.mid_p[j] = gsl_cdf_ugaussian_P(mid_z(j));
	}
}

bool quantile_table_wanted(const struct distribution *d)
{
	return d->sd > 0 && !sample_is_near_normal(d) &&
	       (d->kind == DIST_BETA || d->kind == DIST_PERT || d->kind == DIST_GAMMA);
}

/* A gamma's shape, by the expression sample.c uses. */
static double gamma_shape(const struct distribution *d)
{
	return d->mean * d->mean / (d->sd * d->sd);
}

/* The standard form of a wanted distribution: Beta(alpha, beta) on (0, 1), or the gamma of
 * its shape k with mean k and sd sqrt(k) (unit scale, to rounding). */
static struct distribution standard_form(const struct distribution *d)
{
	double a = d->alpha, b = d->beta, s = a + b, k;

	if (d->kind == DIST_GAMMA) {
		k = gamma_shape(d);
		return (struct distribution){DIST_GAMMA, k, sqrt(k), 0, 0, INFINITY, k, 1};
	}
	return (struct distribution){DIST_BETA, a / s, sqrt(a * b / (s * s * (s + 1))), 0, 0, 1,
				     a, b};
}

bool quantile_shape_same(const struct distribution *a, const struct distribution *b)
{
	if ((a->kind == DIST_GAMMA) != (b->kind == DIST_GAMMA))
		return false;
	if (a->kind == DIST_GAMMA)
		return gamma_shape(a) == gamma_shape(b);
	return a->alpha == b->alpha && a->beta == b->beta;
}

/* The beta density at x in (0, 1) with its normalising constant log(B(alpha, beta)^-1)
 * worked out once: the very expression gsl_ran_beta_pdf evaluates, so the same bits (checked
 * in test_quantile_table), but without its three log-gammas a call. */
double quantile_shape_density(const struct quantile_shape *s, double x)
{
	const struct distribution *d = &s->std;

	if (d->kind == DIST_GAMMA)
		return gsl_ran_gamma_pdf(x, gamma_shape(d), d->sd * d->sd / d->mean);
	if (!(x > 0 && x < 1))
		return gsl_ran_beta_pdf(x, d->alpha, d->beta);
	return exp(s->log_norm + log(x) * (d->alpha - 1) + log1p(-x) * (d->beta - 1));
}

/* The CDF of the standard form at x, with its constant kept from the build (beta_cdf.h,
 * gamma_cdf.h; the gamma's shape and scale by sample.c's expressions). */
static double shape_cdf(const struct quantile_shape *s, double x)
{
	const struct distribution *d = &s->std;

	if (d->kind == DIST_GAMMA)
		return gamma_cdf(x / (d->sd * d->sd / d->mean), gamma_shape(d), s->cdf_constant);
	return beta_cdf(x, d->alpha, d->beta, s->cdf_constant);
}

/* The cubic Hermite interpolation at node j and fraction f: the expression of the block
 * version below, operation for operation. */
static double hermite_at(const double *node, double f)
{
	const double h = 1.0 / STEPS_PER_UNIT;
	double h00 = (1 + 2 * f) * (1 - f) * (1 - f), h10 = f * (1 - f) * (1 - f);
	double h01 = f * f * (3 - 2 * f), h11 = f * f * (f - 1);

	return h00 * node[0] + h10 * h * node[1] + h01 * node[2] + h11 * h * node[3];
}

/* The node below a position on the grid (clamped into the table, 0 for NaN). */
static int node_below(double position)
{
	if (!(position >= 0))
		return 0;
	return position >= NODES - 2 ? NODES - 2 : (int)position;
}

static double hermite(const struct quantile_shape *s, double z)
{
	double position = (z + Z_LIMIT) * STEPS_PER_UNIT;
	int j = node_below(position);

	return hermite_at(s->x + 2 * j, position - j);
}

/* Newton on CDF(x) = u from a close start, kept inside the support. */
static double refine(const struct quantile_shape *s, double x, double u)
{
	const struct distribution *d = &s->std;

	for (int n = 0; n < NEWTON_STEPS; n++) {
		double f = quantile_shape_density(s, x), next;
		if (!(f > 0))
			break;
		next = x - (shape_cdf(s, x) - u) / f;
		if (next <= d->min || next >= d->max || next == x)
			break;
		x = next;
	}
	return x;
}

/* Whether interpolation alone is within 1e-8 of the range at every midpoint: the error in
 * x is the CDF's error there over the density (first order, which is ample at that size). */
static bool accurate(const struct quantile_shape *s)
{
	const struct distribution *d = &s->std;
	double scale = isfinite(d->max - d->min) ? d->max - d->min : d->mean + 10 * d->sd;

	for (int j = 0; j + 1 < NODES; j++) {
		double x = hermite(s, mid_z(j)), f = quantile_shape_density(s, x);
		if (!(f > 0 && fabs(shape_cdf(s, x) - grid.mid_p[j]) <= 1e-8 * scale * f))
			return false;
	}
	return true;
}

/* The density's logarithmic derivative f'(x) / f(x) of the standard form. */
static double log_slope(const struct distribution *d, double x)
{
	if (d->kind == DIST_GAMMA)
		return (gamma_shape(d) - 1) / x - d->mean / (d->sd * d->sd);
	return (d->alpha - 1) / x - (d->beta - 1) / (1 - x);
}

/* Halley's error constant K at x: a Halley step from an error e leaves K e^3 (to leading
 * order), with K = (f' / 2f)^2 - f'' / 6f for the CDF's derivatives f, f', f'' (the density's),
 * f'' / f being the log-slope's derivative plus its square. */
static double halley_constant(const struct distribution *d, double x)
{
	double slope = log_slope(d, x), change;

	if (d->kind == DIST_GAMMA)
		change = -(gamma_shape(d) - 1) / (x * x);
	else
		change = -(d->alpha - 1) / (x * x) - (d->beta - 1) / ((1 - x) * (1 - x));
	return slope * slope / 4 - (change + slope * slope) / 6;
}

/* True when x, reached by a step of `step`, is the quantile to full precision: the step was
 * below 1e-15 of x, or it was Halley's (`halley`), small, and leaves an error K step^3 below
 * 2^-56 of x, a quarter of an ulp (which saves the CDF call that would only confirm it). */
static bool settled(const struct distribution *d, double x, double step, bool halley)
{
	double size = fabs(step);

	if (size <= 1e-15 * fabs(x))
		return true;
	return halley && size <= 1e-4 * fabs(x) &&
	       fabs(halley_constant(d, x)) * size * size * size <= 0x1p-56 * fabs(x);
}

/* The exact quantile at u by Halley's method on the CDF (Newton's step corrected by the
 * density's slope, which costs no further CDF) from a close guess, to full precision; GSL's
 * own inverse when the iteration would leave the support or does not settle. */
static double node_quantile(const struct quantile_shape *s, double u, double guess)
{
	const struct distribution *d = &s->std;
	double x = guess;

	for (int n = 0; n < 8 && x > d->min && x < d->max; n++) {
		double f = quantile_shape_density(s, x), step, bend;
		bool halley;
		if (!(f > 0))
			break;
		step = (shape_cdf(s, x) - u) / f;
		bend = step * log_slope(d, x) / 2;
		halley = fabs(bend) < 0.5; /* else Newton's step alone */
		if (halley)
			step /= 1 - bend;
		x -= step;
		if (settled(d, x, step, halley))
			return x > d->min && x < d->max ? x : sample_quantile(d, u);
	}
	return sample_quantile(d, u);
}

/* The next node's first guess from node j - 1 at z: its quantile carried along the slope and
 * the curvature, x + h x' + h^2 x'' / 2, with x'' = x' (-z - x' f'(x) / f(x)) (from
 * dx/dz = phi(z) / f(x)). */
static double next_guess(const struct quantile_shape *s, int j, double z)
{
	const double h = 1.0 / STEPS_PER_UNIT;
	double x = s->x[2 * j - 2], slope = s->x[2 * j - 1];
	double bend = slope * (-z - slope * log_slope(&s->std, x));

	return isfinite(bend) ? x + h * slope + h * h / 2 * bend : x + h * slope;
}

int quantile_shape_init(struct quantile_shape *s, const struct distribution *d)
{
	if (pthread_once(&grid_once, grid_init) != 0)
		grid_init(); /* cannot happen with a static once; the same values either way */
	s->std = standard_form(d);
	s->refine = false;
	s->log_norm = d->kind == DIST_GAMMA ? 0
					     : gsl_sf_lngamma(d->alpha + d->beta) -
						       gsl_sf_lngamma(d->alpha) - gsl_sf_lngamma(d->beta);
	s->cdf_constant = s->std.kind == DIST_GAMMA ? gamma_cdf_constant(gamma_shape(&s->std))
						    : gsl_sf_lnbeta(d->alpha, d->beta);
	s->x = alloc_array(NODES, 2 * sizeof *s->x);
	if (!s->x)
		return VMAP_NOMEM;
	for (int j = 0; j < NODES; j++) {
		double u = grid.node_p[j], x, f;
		x = j ? node_quantile(s, u, next_guess(s, j, node_z(j - 1)))
		      : sample_quantile(&s->std, u);
		f = quantile_shape_density(s, x);
		s->x[2 * j] = x;
		s->x[2 * j + 1] = f > 0 ? grid.node_pdf[j] / f : 0;
	}
	s->refine = !accurate(s);
	return VMAP_OK;
}

void quantile_shape_release(struct quantile_shape *s)
{
	free(s->x);
	s->x = NULL;
}

void quantile_table_bind(struct quantile_table *t, const struct quantile_shape *shape,
			 const struct distribution *d)
{
	t->shape = shape;
	t->dist = d;
	t->offset = d->kind == DIST_PERT ? d->min : 0;
	t->scale = d->kind == DIST_PERT    ? d->max - d->min
		   : d->kind == DIST_GAMMA ? d->sd * d->sd / d->mean
					   : 1;
}

/* The value from the interpolated standard value `x` at (u, z), refined where the table
 * needs it, on the input's scale and inside its support (interpolation may overshoot a bound
 * by an ulp or so); GSL's quantile of the input beyond the table. */
static double finish(const struct quantile_table *t, double u, double z, double x)
{
	const struct distribution *d = t->dist;

	if (!(fabs(z) < Z_LIMIT))
		return sample_quantile(d, u);
	if (t->shape->refine)
		x = refine(t->shape, x, u);
	x = t->offset + t->scale * x;
	return x < d->min ? d->min : x > d->max ? d->max : x;
}

double quantile_table_eval(const struct quantile_table *t, double u)
{
	return quantile_table_eval_z(t, u, normal_quantile(u));
}

double quantile_table_eval_z(const struct quantile_table *t, double u, double z)
{
	return finish(t, u, z, hermite(t->shape, z));
}

/* hermite() over four values at a time (GCC vector extensions): the node index and the
 * fraction from the same operations (lanes beyond the table are sent to node 0 and thrown
 * away by finish()), the nodes loaded a lane at a time, the polynomial evaluated in the same
 * IEEE operations in the same order, so the same bits, in SSE2 registers or, compiled for
 * AVX2, in one register. */
typedef double v4d __attribute__((vector_size(32)));
typedef int v4i __attribute__((vector_size(16)));
typedef long long v4u __attribute__((vector_size(32)));
/* Lanes of a and b (b's numbered from 4), in the order given: GCC's builtin or clang's. */
#if defined(__clang__)
#define SHUFFLE(a, b, i, j, k, l) __builtin_shufflevector(a, b, i, j, k, l)
#else
#define SHUFFLE(a, b, i, j, k, l) __builtin_shuffle(a, b, (v4u){i, j, k, l})
#endif

/* The four node values at indexes j[k] (quantile, slope, next quantile, next slope), which
 * sit side by side in the table: each lane's four loaded at once, then transposed (the same
 * values as loading them one by one; AVX2's gathers are slow on some CPUs). */
#define GATHER_ROWS(node, j, n0, n1, n2, n3)                                               \
	do {                                                                               \
		v4d r0, r1, r2, r3, t0, t1, t2, t3;                                        \
		memcpy(&r0, node + 2 * j[0], sizeof r0);                                   \
		memcpy(&r1, node + 2 * j[1], sizeof r1);                                   \
		memcpy(&r2, node + 2 * j[2], sizeof r2);                                   \
		memcpy(&r3, node + 2 * j[3], sizeof r3);                                   \
		t0 = SHUFFLE(r0, r1, 0, 4, 2, 6);                                          \
		t1 = SHUFFLE(r0, r1, 1, 5, 3, 7);                                          \
		t2 = SHUFFLE(r2, r3, 0, 4, 2, 6);                                          \
		t3 = SHUFFLE(r2, r3, 1, 5, 3, 7);                                          \
		n0 = SHUFFLE(t0, t2, 0, 1, 4, 5);                                          \
		n1 = SHUFFLE(t1, t3, 0, 1, 4, 5);                                          \
		n2 = SHUFFLE(t0, t2, 2, 3, 6, 7);                                          \
		n3 = SHUFFLE(t1, t3, 2, 3, 6, 7);                                          \
	} while (0)

#define HERMITE_BLOCK(name, attributes, gather)                                            \
	attributes static void name(const double *node, const double *z, size_t n, double *x) \
	{                                                                                  \
		const double h = 1.0 / STEPS_PER_UNIT;                                     \
		size_t i = 0;                                                              \
		for (; i + 4 <= n; i += 4) {                                               \
			v4d zs, position, f, n0, n1, n2, n3, h00, h10, h01, h11, r;        \
			v4i j;                                                             \
			memcpy(&zs, z + i, sizeof zs);                                     \
			zs = (v4d)((v4u)zs & ((zs > -Z_LIMIT) & (zs < Z_LIMIT)));          \
			position = (zs + Z_LIMIT) * STEPS_PER_UNIT;                        \
			j = __builtin_convertvector(position, v4i);                        \
			j += j >= NODES - 1; /* a mask: -1 where true */                   \
			f = position - __builtin_convertvector(j, v4d);                    \
			gather(node, j, n0, n1, n2, n3);                                   \
			h00 = (1 + 2 * f) * (1 - f) * (1 - f);                             \
			h10 = f * (1 - f) * (1 - f);                                       \
			h01 = f * f * (3 - 2 * f);                                         \
			h11 = f * f * (f - 1);                                             \
			r = h00 * n0 + h10 * h * n1 + h01 * n2 + h11 * h * n3;             \
			memcpy(x + i, &r, sizeof r);                                       \
		}                                                                          \
		for (; i < n; i++) {                                                       \
			double position = (z[i] + Z_LIMIT) * STEPS_PER_UNIT;               \
			int j = node_below(position);                                      \
			x[i] = hermite_at(node + 2 * j, position - j);                     \
		}                                                                          \
	}

HERMITE_BLOCK(hermite_block, , GATHER_ROWS)
#if defined(__GNUC__) && defined(__x86_64__)
#define TABLE_AVX2 1
HERMITE_BLOCK(hermite_block_avx2, __attribute__((target("avx2"))), GATHER_ROWS)
#endif

void quantile_table_eval_block(const struct quantile_table *t, const double *u,
			       const double *z, size_t n, double *x, bool simd)
{
#ifdef TABLE_AVX2
	if (simd)
		hermite_block_avx2(t->shape->x, z, n, x);
	else
#endif
		hermite_block(t->shape->x, z, n, x);
	(void)simd;
	if (t->shape->refine) {
		for (size_t i = 0; i < n; i++)
			x[i] = finish(t, u[i], z[i], x[i]);
		return;
	}
	/* finish() without refining, in two sweeps */
	clamp_block_affine(x, n, t->offset, t->scale, t->dist->min, t->dist->max, simd);
	for (size_t i = 0; i < n; i++)
		if (!(fabs(z[i]) < Z_LIMIT))
			x[i] = sample_quantile(t->dist, u[i]);
}
