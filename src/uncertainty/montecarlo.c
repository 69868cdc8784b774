/*
 * montecarlo.c - sampling the inputs of each draw and evaluating the appraisal with them.
 */
#include "montecarlo.h"

#include "core/alloc.h"
#include "core/parallel.h"
#include "input_names.h"
#include "sample.h"
#include "stream.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int alloc_arrays(struct simulation *s)
{
	s->valuations = alloc_array(s->threads, sizeof *s->valuations);
	s->scratch = alloc_array(s->threads, s->scratch_size * sizeof *s->scratch);
	s->base = alloc_array(s->owners, sizeof *s->base);
	s->at_means = alloc_array(s->owners, sizeof *s->at_means);
	s->input_low = alloc_array(s->params + 1, sizeof *s->input_low);
	s->input_high = alloc_array(s->params + 1, sizeof *s->input_high);
	s->sensitivity = alloc_array(s->params + 1, s->owners * sizeof *s->sensitivity);
	s->tables = alloc_array(s->params + 1, sizeof *s->tables);
	s->shapes = alloc_array(s->params + 1, sizeof *s->shapes);
	s->shape_first = alloc_array(s->params + 1, sizeof *s->shape_first);
	s->names = input_names_make(s->model);
	if (!s->tables || !s->shapes || !s->shape_first || !s->names || !s->valuations ||
	    !s->scratch || !s->base || !s->at_means || !s->input_low || !s->input_high || !s->sensitivity)
		return VMAP_NOMEM;
	for (unsigned t = 0; t < s->threads; t++) {
		if (valuation_init(&s->valuations[t], s->model) != VMAP_OK)
			return VMAP_NOMEM;
		s->valuations[t].by_year = false; /* payback years are not simulated */
	}
	return VMAP_OK;
}

int simulation_init(struct simulation *s, const struct vmap_model *m,
		    const struct discount_plan *plan, uint64_t draws, uint64_t seed,
		    unsigned threads, struct vmap_diag *diag)
{
	int rc;

	memset(s, 0, sizeof *s);
	s->model = m;
	s->plan = plan;
	s->draws = draws;
	s->seed = seed;
	s->threads = threads ? threads : 1;
	s->params = m->param_count;
	s->owners = 1 + m->agency_count;
	/* VMAP_NO_SIMD: the scalar twin of the sampler, for tests that compare the two */
	s->simd = stream_simd_available() && !getenv("VMAP_NO_SIMD");
	s->results.fd = -1;
	rc = copula_init(&s->copula, m, diag);
	if (rc)
		return rc;
	/* one value per input, then the copula's work space, or sensitivity's outputs and
	 * switching-value grid; then a draw's present values by class and a block of draws */
	s->scratch_size = s->params + 2 * s->copula.count + (1 + GRID_POINTS) * s->owners +
			  SAMPLE_BLOCK * (1 + s->owners * FLOW_CLASSES + DRAW_WORK_ARRAYS + 1 +
					  s->params + s->owners * MEASURES + 1);
	if (alloc_arrays(s) != VMAP_OK) {
		simulation_release(s);
		return diag_nomem(diag, "preparing the simulation");
	}
	rc = result_spool_open(&s->results, draws, s->owners * MEASURES, diag);
	if (rc)
		simulation_release(s);
	return rc;
}

void simulation_release(struct simulation *s)
{
	for (unsigned t = 0; s->valuations && t < s->threads; t++)
		valuation_release(&s->valuations[t]);
	free(s->valuations);
	draw_model_release(&s->linear);
	input_names_free(s->names, s->params);
	result_spool_close(&s->results);
	free(s->scratch);
	free(s->base);
	free(s->at_means);
	free(s->input_low);
	free(s->input_high);
	free(s->sensitivity);
	for (size_t n = 0; s->shapes && n < s->shape_count; n++)
		quantile_shape_release(&s->shapes[n]);
	free(s->shapes);
	free(s->shape_first);
	free(s->tables);
	copula_release(&s->copula);
	memset(s, 0, sizeof *s);
	s->results.fd = -1;
}

/* Correlated parameters' uniforms for draw d of a block, made correlated, kept in their
 * columns for now. */
static void correlate_draw(const struct simulation *s, uint64_t first, size_t d,
			   double *uniforms, double *columns)
{
	for (size_t j = 0; j < s->copula.count; j++) {
		size_t p = s->copula.params[j];
		uniforms[p] = stream_uniform(s->seed, first + d, (uint32_t)p);
	}
	copula_apply(&s->copula, uniforms, uniforms + s->params);
	for (size_t j = 0; j < s->copula.count; j++)
		columns[s->copula.params[j] * SAMPLE_BLOCK + d] = uniforms[s->copula.params[j]];
}

static bool correlated(const struct simulation *s, size_t p)
{
	for (size_t j = 0; j < s->copula.count; j++)
		if (s->copula.params[j] == p)
			return true;
	return false;
}

/* The uniforms of input p for draws begin .. begin + count - 1 into u. Uncorrelated inputs
 * 2k and 2k + 1 share their Philox blocks (stream.h): input 2k's call leaves 2k + 1's
 * uniforms in 2k + 1's column, where its own call finds them. */
static void input_uniforms(const struct simulation *s, size_t p, uint64_t begin, size_t count,
			   double *columns, double *u)
{
	double *next = columns + (p + 1) * SAMPLE_BLOCK;

	if (correlated(s, p) || (p % 2 == 1 && !correlated(s, p - 1)))
		memcpy(u, columns + p * SAMPLE_BLOCK, count * sizeof *u);
	else if (p % 2 == 0 && p + 1 < s->params && !correlated(s, p + 1))
		stream_uniform_pairs(s->seed, (uint32_t)(p / 2), begin, count, u, next, s->simd);
	else
		stream_uniforms(s->seed, (uint32_t)p, begin, count, u, s->simd);
}

void simulation_sample_block(const struct simulation *s, uint64_t begin, size_t count,
			     double *columns, double *work)
{
	double *u = work + s->params + 2 * s->copula.count; /* [SAMPLE_BLOCK] */

	assert(count <= SAMPLE_BLOCK);
	for (size_t d = 0; s->copula.count && d < count; d++)
		correlate_draw(s, begin, d, work, columns);
	for (size_t p = 0; p < s->params; p++) {
		const struct param *param = &s->model->params[p];
		const struct quantile_table *table = &s->tables[p];
		input_uniforms(s, p, begin, count, columns, u);
		sample_values(param, table->shape ? table : NULL, u, count,
			      columns + p * SAMPLE_BLOCK, 1, s->simd);
	}
}

/* The headline results of a draw whose present values by class are classes[c * stride]
 * ([owners][FLOW_CLASSES]) into out[owners][MEASURES]. */
static void keep_draw(const struct simulation *s, const double *classes, size_t stride,
		      double *out)
{
	for (size_t o = 0; o < s->owners; o++, out += MEASURES) {
		double own[FLOW_CLASSES];
		vmap_totals t = s->at_means[o];
		if (!s->linear.all_fixed) {
			for (size_t c = 0; c < FLOW_CLASSES; c++)
				own[c] = classes[(o * FLOW_CLASSES + c) * stride];
			t = totals_of_classes(own);
		}
		out[MEASURE_NPSV] = t.npsv;
		out[MEASURE_BCR] = t.has_ratios ? t.bcr : NAN;
		out[MEASURE_NET_FISCAL] = t.net_fiscal;
	}
}

void simulation_block(const struct simulation *s, unsigned worker, uint64_t first,
		      size_t count, double *results)
{
	double *work = s->scratch + worker * s->scratch_size;
	double *classes = work + s->params + 2 * s->copula.count + SAMPLE_BLOCK;
	double *draw_work = classes + s->owners * FLOW_CLASSES * SAMPLE_BLOCK;
	double *columns = draw_work + (DRAW_WORK_ARRAYS + 1) * SAMPLE_BLOCK;
	struct draw_block block = {columns, SAMPLE_BLOCK, count, classes, draw_work};

	assert(count <= SAMPLE_BLOCK);
	if (!s->linear.all_fixed) {
		simulation_sample_block(s, first, count, columns, work);
		draw_block_value(&s->linear, &block);
	}
	for (size_t d = 0; d < count; d++)
		keep_draw(s, classes + d, SAMPLE_BLOCK, results + d * s->owners * MEASURES);
}

static void run_draws(void *context, unsigned worker, size_t begin, size_t end,
		      atomic_size_t *done)
{
	struct simulation *s = context;
	double *columns = s->scratch + worker * s->scratch_size + s->params +
			  2 * s->copula.count +
			  SAMPLE_BLOCK * (1 + s->owners * FLOW_CLASSES + DRAW_WORK_ARRAYS + 1);
	double *results = columns + SAMPLE_BLOCK * s->params; /* after the block's inputs */
	double *column = results + SAMPLE_BLOCK * s->owners * MEASURES;

	begin += s->first; /* the job's items are this rank's draws */
	end += s->first;
	for (size_t first = begin; first < end; first += SAMPLE_BLOCK) {
		size_t count = end - first < SAMPLE_BLOCK ? end - first : SAMPLE_BLOCK;
		simulation_block(s, worker, first, count, results);
		result_spool_put(&s->results, first, count, results, column);
		atomic_fetch_add_explicit(done, count, memory_order_relaxed);
	}
}

static void build_tables(void *context, unsigned worker, size_t begin, size_t end,
			 atomic_size_t *done)
{
	struct simulation *s = context;

	(void)worker;
	for (size_t n = begin; n < end; n++) {
		/* on failure x stays NULL */
		quantile_shape_init(&s->shapes[n], &s->model->params[s->shape_first[n]].dist);
		atomic_fetch_add_explicit(done, 1, memory_order_relaxed);
	}
}

/* The distinct standard forms of the inputs that want a table, in input order; each input's
 * tables[p].shape points at its form's (yet unbuilt) table. */
static void find_shapes(struct simulation *s)
{
	for (size_t p = 0; p < s->params; p++) {
		const struct distribution *d = &s->model->params[p].dist;
		size_t n = 0;
		if (!quantile_table_wanted(d))
			continue;
		while (n < s->shape_count &&
		       !quantile_shape_same(&s->model->params[s->shape_first[n]].dist, d))
			n++;
		if (n == s->shape_count)
			s->shape_first[s->shape_count++] = p;
		s->tables[p].shape = &s->shapes[n];
	}
}

/* Builds the distinct tables on every thread, then gives each input its view. */
static int make_tables(struct simulation *s)
{
	struct parallel_job job = {build_tables, s, 0, s->threads, NULL, NULL};

	find_shapes(s);
	job.count = s->shape_count;
	parallel_run(&job);
	for (size_t n = 0; n < s->shape_count; n++)
		if (!s->shapes[n].x)
			return VMAP_NOMEM;
	for (size_t p = 0; p < s->params; p++) {
		const struct distribution *d = &s->model->params[p].dist;
		if (s->tables[p].shape)
			quantile_table_bind(&s->tables[p], s->tables[p].shape, d);
	}
	return VMAP_OK;
}

int simulation_run(struct simulation *s, struct vmap_diag *diag)
{
	uint64_t end;
	struct parallel_job draws = {run_draws, s, 0, s->threads, s->progress,
				     s->progress_context};
	int rc = VMAP_OK;

	simulation_share(s, &s->first, &end);
	draws.count = (size_t)(end - s->first);
	/* A failure still reaches the gather, so that every rank takes part in it and agrees. */
	if (s->draws >= TABLE_MIN_DRAWS && make_tables(s) != VMAP_OK)
		rc = diag_nomem(diag, "building quantile tables");
	if (!rc) {
		valuation_compute(&s->valuations[0], s->model, s->plan, NULL);
		if (draw_model_init(&s->linear, s->model, s->plan, &s->valuations[0]) != VMAP_OK)
			rc = diag_nomem(diag, "preparing the simulation");
	}
	if (!rc) {
		s->at_means[0] = valuation_totals(&s->valuations[0]);
		for (size_t k = 0; k + 1 < s->owners; k++)
			s->at_means[k + 1] = valuation_agency(&s->valuations[0], k);
		parallel_run(&draws);
		rc = result_spool_check(&s->results, diag);
	}
	return simulation_gather(s, s->first, end, rc, diag);
}

double owner_output(const struct valuation *v, size_t owner)
{
	return owner == 0 ? valuation_npsv(v) : valuation_agency_net_fiscal(v, owner - 1);
}
