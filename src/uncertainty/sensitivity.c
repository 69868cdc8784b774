/*
 * sensitivity.c - one-way sensitivity at P10 and P90, and switching values.
 *
 * Every other input stays at its mean (the deterministic appraisal). The outputs are the
 * npsv of the whole appraisal and each agency's net_fiscal. A switching value is the value
 * of the input at which an output changes sign: the input's plausible range (its support
 * when bounded, else its 0.1% to 99.9% quantiles, within the range allowed where it is
 * used) is cut at 5 evenly spaced points, the first interval where the output changes sign
 * is refined by Brent's method (GSL), and there is none (NaN, null in outputs) when the
 * output keeps its sign on every point, or is 0 on every point.
 *
 * Most inputs belong to one intervention (its participants, costs and effects). Moving such
 * an input changes that intervention's flows only, so its outputs are the base results less
 * the intervention's part at the means plus its part at the new value: one intervention is
 * revalued, not the whole model. Inputs used across interventions (an outcome's value, a
 * named parameter) revalue the whole model.
 */
#include "montecarlo.h"

#include "core/alloc.h"
#include "core/parallel.h"
#include "sample.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { BRENT_ITERATIONS = 100 };
#define SCOPE_UNUSED SIZE_MAX
#define SCOPE_WIDE (SIZE_MAX - 1)

/* What every worker shares: which intervention each input belongs to, and each
 * intervention's part of the outputs at the means. */
struct local_parts {
	size_t *scope;      /* [params]: an intervention, SCOPE_WIDE or SCOPE_UNUSED */
	double *at_means;   /* [interventions][owners] */
	struct valuation *single; /* [threads]: one intervention's flows */
};

struct probe {
	const struct simulation *s;
	const struct local_parts *parts;
	struct valuation *v, *single;
	double *values;  /* every input at its mean but `param` */
	double *outputs; /* [owners], of the last evaluation */
	double *grid;    /* [owners][GRID_POINTS] */
	size_t param, owner;
};

/* A sink that files one intervention's flows under index 0 of a single valuation. */
static void add_as_only(void *valuation, const struct flow *f)
{
	struct flow only = *f;

	only.intervention = 0;
	valuation_add(valuation, &only);
}

static void value_single(const struct simulation *s, struct valuation *single, size_t i,
			 const double *values)
{
	valuation_reset(single);
	generate_intervention_flows(s->model, s->plan, i, values, add_as_only, single);
}

/* Every output with the probe's input at x. */
static void evaluate(struct probe *pr, double x)
{
	const struct simulation *s = pr->s;
	size_t scope = pr->parts->scope[pr->param];

	pr->values[pr->param] = x;
	if (scope == SCOPE_WIDE || scope == SCOPE_UNUSED) {
		valuation_compute(pr->v, s->model, s->plan, pr->values);
		for (size_t o = 0; o < s->owners; o++)
			pr->outputs[o] = owner_output(pr->v, o);
		return;
	}
	value_single(s, pr->single, scope, pr->values);
	for (size_t o = 0; o < s->owners; o++)
		pr->outputs[o] = s->base[o] - pr->parts->at_means[scope * s->owners + o] +
				 owner_output(pr->single, o);
}

static double probe_function(double x, void *context)
{
	struct probe *pr = context;

	evaluate(pr, x);
	return pr->outputs[pr->owner];
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

/* The switching value of the probe's output on the grid `x` with outputs `y`; none for an
 * output that is 0 all across (the input does not move it off zero). */
static double switching_value(struct probe *pr, const double *x, const double *y,
			      enum switching_why *why)
{
	bool moves = false;

	for (int g = 0; g < GRID_POINTS; g++)
		moves |= y[g] != 0;
	*why = moves ? SWITCH_FOUND : SWITCH_UNMOVED;
	for (int g = 0; moves && g < GRID_POINTS; g++) {
		if (y[g] == 0)
			return x[g];
		if (g + 1 < GRID_POINTS && (y[g] < 0) != (y[g + 1] < 0) && y[g + 1] != 0) {
			double root = brent(pr, x[g], x[g + 1]);
			*why = isnan(root) ? SWITCH_NO_SIGN_CHANGE : SWITCH_FOUND;
			return root;
		}
	}
	if (moves)
		*why = SWITCH_NO_SIGN_CHANGE;
	return NAN;
}

const char *switching_note(enum switching_why why)
{
	switch (why) {
	case SWITCH_FOUND:
		return "";
	case SWITCH_NO_SIGN_CHANGE:
		return "no sign change in range";
	case SWITCH_UNMOVED:
		return "the input does not move this output";
	case SWITCH_NO_RANGE:
		return "the input cannot vary here";
	}
	return "";
}

static void switching_values(struct probe *pr, struct sensitivity *row)
{
	const struct simulation *s = pr->s;
	double x[GRID_POINTS], low, high;
	double *outputs = pr->grid;

	plausible_range(&s->model->params[pr->param], &low, &high);
	for (size_t o = 0; o < s->owners; o++) {
		row[o].switching = NAN;
		row[o].why = SWITCH_NO_RANGE;
	}
	if (!(low < high))
		return;
	for (int g = 0; g < GRID_POINTS; g++) {
		x[g] = low + (high - low) * g / (GRID_POINTS - 1);
		evaluate(pr, x[g]);
		for (size_t o = 0; o < s->owners; o++)
			outputs[o * GRID_POINTS + (size_t)g] = pr->outputs[o];
	}
	for (pr->owner = 0; pr->owner < s->owners; pr->owner++)
		row[pr->owner].switching = switching_value(pr, x, outputs + pr->owner * GRID_POINTS,
							   &row[pr->owner].why);
}

static void one_way(struct probe *pr, struct sensitivity *row)
{
	struct simulation *s = (struct simulation *)pr->s;
	const struct param *p = &s->model->params[pr->param];

	s->input_low[pr->param] = sample_param(p, 0.1);
	s->input_high[pr->param] = sample_param(p, 0.9);
	evaluate(pr, s->input_low[pr->param]);
	for (size_t o = 0; o < s->owners; o++)
		row[o].at_low = pr->outputs[o];
	evaluate(pr, s->input_high[pr->param]);
	for (size_t o = 0; o < s->owners; o++)
		row[o].at_high = pr->outputs[o];
}

struct sensitivity_job {
	struct simulation *s;
	struct local_parts parts;
};

static void run_params(void *context, unsigned worker, size_t begin, size_t end,
		       atomic_size_t *done)
{
	struct sensitivity_job *job = context;
	struct simulation *s = job->s;
	double *scratch = s->scratch + worker * s->scratch_size;
	struct probe pr = {s, &job->parts, &s->valuations[worker], &job->parts.single[worker],
			   scratch, scratch + s->params, scratch + s->params + s->owners, 0, 0};

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

static void claim(size_t *scope, const struct quantity *q, size_t i)
{
	if (q->param < 0)
		return;
	if (scope[q->param] == SCOPE_UNUSED || scope[q->param] == i)
		scope[q->param] = i;
	else
		scope[q->param] = SCOPE_WIDE;
}

static void claim_intervention(size_t *scope, const struct vmap_model *m, size_t i)
{
	const struct intervention *iv = &m->interventions[i];

	claim(scope, &iv->participants, i);
	for (size_t c = 0; c < iv->cost_count; c++) {
		claim(scope, &iv->costs[c].amount, i);
		if (iv->costs[c].has_optimism_bias)
			claim(scope, &iv->costs[c].optimism_bias, i);
	}
	for (size_t n = 0; n < iv->effect_count; n++) {
		const struct effect *e = &iv->effects[n];
		const struct quantity *shares[] = {&e->change, &e->drop_off, &e->deadweight,
						   &e->displacement, &e->attribution};
		for (size_t q = 0; q < 5; q++)
			claim(scope, shares[q], i);
		claim(scope, &m->outcomes[e->outcome].value, i);
	}
}

/* Which intervention each input belongs to, and each intervention's part at the means. */
static void find_parts(const struct simulation *s, struct local_parts *parts)
{
	const struct vmap_model *m = s->model;

	for (size_t p = 0; p < s->params; p++)
		parts->scope[p] = m->params[p].named ? SCOPE_WIDE : SCOPE_UNUSED;
	for (size_t i = 0; i < m->intervention_count; i++)
		claim_intervention(parts->scope, m, i);
	for (size_t i = 0; i < m->intervention_count; i++) {
		value_single(s, &parts->single[0], i, NULL);
		for (size_t o = 0; o < s->owners; o++)
			parts->at_means[i * s->owners + o] = owner_output(&parts->single[0], o);
	}
}

static void release_parts(struct local_parts *parts, unsigned threads)
{
	for (unsigned t = 0; parts->single && t < threads; t++)
		valuation_release(&parts->single[t]);
	free(parts->single);
	free(parts->scope);
	free(parts->at_means);
}

static int prepare_parts(const struct simulation *s, struct local_parts *parts)
{
	size_t interventions = s->model->intervention_count;

	parts->scope = alloc_array(s->params + 1, sizeof *parts->scope);
	parts->at_means = alloc_array(interventions + 1, s->owners * sizeof *parts->at_means);
	parts->single = alloc_array(s->threads, sizeof *parts->single);
	if (!parts->scope || !parts->at_means || !parts->single)
		return VMAP_NOMEM;
	for (unsigned t = 0; t < s->threads; t++)
		if (valuation_init_sized(&parts->single[t], s->model, 1) != VMAP_OK)
			return VMAP_NOMEM;
	find_parts(s, parts);
	return VMAP_OK;
}

int simulation_sensitivity(struct simulation *s)
{
	struct sensitivity_job job = {s, {NULL, NULL, NULL}};
	struct parallel_job run = {run_params, &job, s->params, s->threads, NULL, NULL};
	int rc;

	valuation_compute(&s->valuations[0], s->model, s->plan, NULL);
	for (size_t o = 0; o < s->owners; o++)
		s->base[o] = owner_output(&s->valuations[0], o);
	rc = prepare_parts(s, &job.parts);
	if (!rc) {
		gsl_set_error_handler_off();
		parallel_run(&run);
	}
	release_parts(&job.parts, s->threads);
	return rc;
}
