/*
 * montecarlo.h - a Monte Carlo simulation of an appraisal and what is derived from it.
 *
 * Draw d samples one value per parameter: uniform u = stream(seed, d, p), made correlated by
 * the copula where the model says so, then the parameter's quantile at u, clamped to the
 * range allowed where it is used. The appraisal is then evaluated with those values in its
 * linear form (draw_value.h), and the headline results are kept by draw index in a
 * temporary file (result_spool.h); the sampled values are not kept (simulation_sample_block
 * makes any block of them again, the same bits, for inputs.csv). Every derived figure reads
 * the results in draw order. Memory: what is held does not grow with the draws, except the
 * one column of results that a summary reads at a time (8 bytes a draw).
 *
 * A simulation owns every array below; simulation_release frees them.
 */
#ifndef VMAP_UNCERTAINTY_MONTECARLO_H
#define VMAP_UNCERTAINTY_MONTECARLO_H

#include "appraise/valuation.h"
#include "copula.h"
#include "draw_value.h"
#include "quantile_table.h"
#include "result_spool.h"

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

/* Why a switching value is what it is. */
enum switching_why {
	SWITCH_FOUND,          /* the output reaches 0 at it */
	SWITCH_NO_SIGN_CHANGE, /* the output keeps its sign across the input's range */
	SWITCH_UNMOVED,        /* the output is 0 all across: the input does not move it */
	SWITCH_NO_RANGE        /* the input cannot vary where it is used */
};

/* The words sensitivity.csv and summary.json give for `why` ("" when found). */
const char *switching_note(enum switching_why why);

/* One-way sensitivity of one output to one parameter, and its switching value. */
struct sensitivity {
	double at_low, at_high; /* the output with the parameter at its P10 and P90 */
	double switching;       /* the parameter's value where the output changes sign; NaN: none */
	enum switching_why why;
};

struct simulation {
	const struct vmap_model *model;
	const struct discount_plan *plan;
	uint64_t draws, seed;
	uint64_t first; /* the first draw this rank computes (simulation_share) */
	unsigned threads;
	size_t params;  /* the model's uncertain inputs */
	size_t owners;  /* 1 + agencies: the totals, then each agency */
	struct result_spool results; /* column o * MEASURES + m: measure m of owner o by draw
				      * (bcr NaN when there is no cost) */
	struct copula copula;
	struct quantile_table *tables; /* [params]; shape NULL where GSL's quantile is used */
	struct quantile_shape *shapes; /* [shape_count]: the distinct standard forms */
	size_t *shape_first;           /* [shape_count]: the first input of each form */
	size_t shape_count;
	struct draw_model linear;      /* the appraisal of a draw */
	vmap_totals *at_means;         /* [owners]: the deterministic results */
	bool simd;                     /* sample with the SIMD path where the CPU has one */
	bool save_inputs;              /* write inputs.csv */
	char **names;                  /* [params]: as people read them (input_names.h) */
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

/* Builds the quantile tables (when there are enough draws; one per distinct standard form,
 * found in input order), then runs every draw, keeping their results. Errors go to `diag`:
 * VMAP_NOMEM, or VMAP_IO when the results cannot be kept. */
int simulation_run(struct simulation *s, struct vmap_diag *diag);

/* issue 18 (draws_dist.c): the draws [*begin, *end) this MPI rank computes (all of them in
 * one process), and the gather that then puts every draw's results in every rank's spool
 * (`status`: this rank's, agreed with the others'; the first failure's message in `diag`). */
void simulation_share(const struct simulation *s, uint64_t *begin, uint64_t *end);
int simulation_gather(struct simulation *s, uint64_t begin, uint64_t end, int status,
		      struct vmap_diag *diag);

/* The sampled values of draws begin .. begin + count - 1 (count at most SAMPLE_BLOCK) into
 * columns[params][SAMPLE_BLOCK] (input p of draw begin + d at p * SAMPLE_BLOCK + d); `work`
 * has room for params + 2 * copula.count + SAMPLE_BLOCK doubles. Each value is a pure
 * function of (seed, draw, input) once the tables are built. */
void simulation_sample_block(const struct simulation *s, uint64_t begin, size_t count,
			     double *columns, double *work);

/* Simulates draws [first, first + count) (count at most SAMPLE_BLOCK) with worker `worker`'s
 * scratch: their headline results into results[count][owners][MEASURES]. A pure function of
 * (seed, draw index) once the tables are built: the seam for splitting draws by ranges (over
 * threads now, over MPI ranks later). */
void simulation_block(const struct simulation *s, unsigned worker, uint64_t first,
		      size_t count, double *results);

/* One-way sensitivity and switching values of every parameter (after simulation_run).
 * Returns VMAP_OK or VMAP_NOMEM. */
int simulation_sensitivity(struct simulation *s);

/* The results' column of `measure` for `owner` (0 totals, 1 + k agency k). */
static inline size_t simulation_column(const struct simulation *s, size_t owner,
				       enum measure measure)
{
	(void)s;
	return owner * MEASURES + (size_t)measure;
}

/* The output sensitivity looks at for `owner`: npsv for the totals, net_fiscal for an agency.
 */
double owner_output(const struct valuation *v, size_t owner);

/* The expected value of perfect information for a fund / do-not-fund decision whose net
 * benefit in each draw is values[0], values[stride], ...: E[max(0, NB)] - max(0, E[NB]). */
double evpi(const double *values, size_t count, size_t stride);

#endif
