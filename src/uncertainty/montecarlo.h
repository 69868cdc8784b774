/*
 * montecarlo.h - a Monte Carlo simulation of an appraisal and what is derived from it.
 *
 * Draw d samples one value per parameter: uniform u = stream(seed, d, p), made correlated by
 * the copula where the model says so, then the parameter's quantile at u, clamped to the
 * range allowed where it is used. The whole appraisal is then evaluated with those values
 * (valuation_compute: the same arithmetic as the deterministic value map), and the headline
 * results are kept by draw index. Every derived figure reads them in draw order.
 *
 * A simulation owns every array below; simulation_release frees them.
 */
#ifndef VMAP_UNCERTAINTY_MONTECARLO_H
#define VMAP_UNCERTAINTY_MONTECARLO_H

#include "appraise/valuation.h"
#include "copula.h"
#include "quantile_table.h"

#include <stdint.h>

/* Runs of at least this many draws sample beta, PERT and gamma inputs through quantile
 * tables (see quantile_table.h), whose building costs about as much as this many direct
 * quantiles. */
enum { TABLE_MIN_DRAWS = 2000 };

/* Draws sampled together, input by input. */
enum { SAMPLE_BLOCK = 256 };

/* Points of the grid on which switching values are looked for. */
enum { GRID_POINTS = 5 };

/* The headline results kept per draw, for the totals and for each agency. */
enum measure { MEASURE_NPSV, MEASURE_BCR, MEASURE_NET_FISCAL, MEASURES };

/* One-way sensitivity of one output to one parameter, and its switching value. */
struct sensitivity {
	double at_low, at_high; /* the output with the parameter at its P10 and P90 */
	double switching;       /* the parameter's value where the output changes sign; NaN: none */
};

struct simulation {
	const struct vmap_model *model;
	const struct discount_plan *plan;
	uint64_t draws, seed;
	unsigned threads;
	size_t params;  /* the model's uncertain inputs */
	size_t owners;  /* 1 + agencies: the totals, then each agency */
	double *values; /* [draw][params]: the sampled inputs */
	double *results; /* [draw][owners][MEASURES] (bcr NaN when there is no cost) */
	struct copula copula;
	struct quantile_table *tables; /* [params]; x NULL where GSL's quantile is used */
	struct valuation *valuations; /* one per thread */
	double *scratch;              /* per thread: `scratch_size` doubles */
	size_t scratch_size;
	double *base;            /* [owners]: npsv of the totals, net_fiscal of each agency */
	double *input_low, *input_high; /* [params]: P10 and P90 of each input */
	struct sensitivity *sensitivity; /* [params][owners] */
	vmap_progress_fn progress;
	void *progress_context;
};

/* Prepares a simulation of `draws` draws on `threads` threads (at least 1). Errors go to
 * `diag`: VMAP_NOMEM, or VMAP_INPUT when the correlations are inconsistent. */
int simulation_init(struct simulation *s, const struct vmap_model *model,
		    const struct discount_plan *plan, uint64_t draws, uint64_t seed,
		    unsigned threads, struct vmap_diag *diag);
void simulation_release(struct simulation *s);

/* Builds the quantile tables (when there are enough draws), then runs every draw. Returns
 * VMAP_OK or VMAP_NOMEM. */
int simulation_run(struct simulation *s);

/* One-way sensitivity and switching values of every parameter (after simulation_run).
 * Returns VMAP_OK or VMAP_NOMEM. */
int simulation_sensitivity(struct simulation *s);

/* The kept result of `measure` for `owner` (0 totals, 1 + k agency k) in draw `draw`. */
static inline double *simulation_result(const struct simulation *s, uint64_t draw, size_t owner,
					enum measure measure)
{
	return s->results + (draw * s->owners + owner) * MEASURES + measure;
}

/* The output sensitivity looks at for `owner`: npsv for the totals, net_fiscal for an agency.
 */
double owner_output(const struct valuation *v, size_t owner);

/* The expected value of perfect information for a fund / do-not-fund decision whose net
 * benefit in each draw is values[0], values[stride], ...: E[max(0, NB)] - max(0, E[NB]). */
double evpi(const double *values, size_t count, size_t stride);

#endif
