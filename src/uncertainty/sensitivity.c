/*
 * sensitivity.c - one-way sensitivity at P10 and P90, and switching values.
 *
 * Every other input stays at its mean (the deterministic appraisal). The outputs are the
 * npsv of the whole appraisal and each agency's net_fiscal. A switching value is the value
 * of the input at which an output changes sign: the input's plausible range (its support
 * when bounded, else its 0.1% to 99.9% quantiles, within the range allowed where it is
 * used) is cut at 5 evenly spaced points, the first interval where the output changes sign
 * is refined by Brent's method (GSL), and there is none (NaN, null in outputs) when the
 * output keeps its sign on every point.
 */
#include "montecarlo.h"

#include "parallel.h"
#include "sample.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <string.h>

enum { BRENT_ITERATIONS = 100 };

struct probe {
	const struct simulation *s;
	struct valuation *v;
	double *values; /* every input at its mean but `param` */
	size_t param, owner;
};

/* The appraisal with the probe's input at x, into the probe's valuation. */
static void evaluate(struct probe *pr, double x)
{
	pr->values[pr->param] = x;
	valuation_compute(pr->v, pr->s->model, pr->s->plan, pr->values);
}

static double probe_function(double x, void *context)
{
	struct probe *pr = context;

	evaluate(pr, x);
	return owner_output(pr->v, pr->owner);
}

static void plausible_range(const struct param *p, double *low, double *high)
{
	const struct distribution *d = &p->dist;
	bool bounded = d->kind != DIST_NORMAL && d->kind != DIST_LOGNORMAL && d->kind != DIST_GAMMA;

	*low = bounded ? fmax(d->min, p->lo) : sample_param(p, 0.001);
	*high = bounded ? fmin(d->max, p->hi) : sample_param(p, 0.999);
}

/* Brent's method on [low, high], where the output changes sign. */
static double brent(struct probe *pr, double low, double high)
{
	gsl_root_fsolver *solver = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	gsl_function f = {probe_function, pr};
	double root = NAN;

	if (!solver || gsl_root_fsolver_set(solver, &f, low, high) != GSL_SUCCESS)
		goto cleanup;
	for (int n = 0; n < BRENT_ITERATIONS; n++) {
		if (gsl_root_fsolver_iterate(solver) != GSL_SUCCESS)
			break;
		root = gsl_root_fsolver_root(solver);
		low = gsl_root_fsolver_x_lower(solver);
		high = gsl_root_fsolver_x_upper(solver);
		if (gsl_root_test_interval(low, high, 0, 1e-12) == GSL_SUCCESS)
			break;
	}
cleanup:
	gsl_root_fsolver_free(solver);
	return root;
}

/* The switching value of the probe's output on the grid `x` with outputs `y`. */
static double switching_value(struct probe *pr, const double *x, const double *y)
{
	for (int g = 0; g < GRID_POINTS; g++) {
		if (y[g] == 0)
			return x[g];
		if (g + 1 < GRID_POINTS && (y[g] < 0) != (y[g + 1] < 0) && y[g + 1] != 0)
			return brent(pr, x[g], x[g + 1]);
	}
	return NAN;
}

static void switching_values(struct probe *pr, struct sensitivity *row)
{
	const struct simulation *s = pr->s;
	double x[GRID_POINTS], low, high;
	double *outputs = pr->values + s->params; /* [owners][GRID_POINTS] */

	plausible_range(&s->model->params[pr->param], &low, &high);
	for (size_t o = 0; o < s->owners; o++)
		row[o].switching = NAN;
	if (!(low < high))
		return;
	for (int g = 0; g < GRID_POINTS; g++) {
		x[g] = low + (high - low) * g / (GRID_POINTS - 1);
		evaluate(pr, x[g]);
		for (size_t o = 0; o < s->owners; o++)
			outputs[o * GRID_POINTS + (size_t)g] = owner_output(pr->v, o);
	}
	for (pr->owner = 0; pr->owner < s->owners; pr->owner++)
		row[pr->owner].switching = switching_value(pr, x, outputs + pr->owner * GRID_POINTS);
}

static void one_way(struct probe *pr, struct sensitivity *row)
{
	struct simulation *s = (struct simulation *)pr->s;
	const struct param *p = &s->model->params[pr->param];

	s->input_low[pr->param] = sample_param(p, 0.1);
	s->input_high[pr->param] = sample_param(p, 0.9);
	evaluate(pr, s->input_low[pr->param]);
	for (size_t o = 0; o < s->owners; o++)
		row[o].at_low = owner_output(pr->v, o);
	evaluate(pr, s->input_high[pr->param]);
	for (size_t o = 0; o < s->owners; o++)
		row[o].at_high = owner_output(pr->v, o);
}

static void run_params(void *context, unsigned worker, size_t begin, size_t end,
		       atomic_size_t *done)
{
	struct simulation *s = context;
	struct probe pr = {s, &s->valuations[worker], s->scratch + worker * s->scratch_size, 0, 0};

	for (size_t p = 0; p < s->params; p++)
		pr.values[p] = s->model->params[p].dist.mean;
	for (pr.param = begin; pr.param < end; pr.param++) {
		struct sensitivity *row = s->sensitivity + pr.param * s->owners;
		one_way(&pr, row);
		switching_values(&pr, row);
		pr.values[pr.param] = s->model->params[pr.param].dist.mean;
		atomic_fetch_add_explicit(done, 1, memory_order_relaxed);
	}
}

void simulation_sensitivity(struct simulation *s)
{
	struct parallel_job job = {run_params, s, s->params, s->threads, NULL, NULL};

	valuation_compute(&s->valuations[0], s->model, s->plan, NULL);
	for (size_t o = 0; o < s->owners; o++)
		s->base[o] = owner_output(&s->valuations[0], o);
	gsl_set_error_handler_off();
	parallel_run(&job);
}
