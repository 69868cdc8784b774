/*
 * draw_value.c - the linear form of the appraisal for Monte Carlo draws (see draw_value.h).
 */
#include "draw_value.h"

/* The loops over a block of draws are worth vectorising even where -O2's cheapest cost
 * model declines (no FP reassociation: the same bits). */
#pragma GCC optimize("vect-cost-model=dynamic")

#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bool param_varies(const struct param *p)
{
	return p->dist.sd != 0 && p->lo < p->hi;
}

static bool quantity_varies(const struct vmap_model *m, struct quantity q)
{
	return q.param >= 0 && param_varies(&m->params[q.param]);
}

static bool effect_varies(const struct vmap_model *m, const struct effect *e)
{
	return quantity_varies(m, e->change) || quantity_varies(m, e->drop_off) ||
	       quantity_varies(m, e->deadweight) || quantity_varies(m, e->displacement) ||
	       quantity_varies(m, e->attribution) ||
	       quantity_varies(m, m->outcomes[e->outcome].value);
}

static bool intervention_varies(const struct vmap_model *m, const struct intervention *iv)
{
	bool varies = quantity_varies(m, iv->participants);

	for (size_t n = 0; n < iv->cost_count && !varies; n++)
		varies = quantity_varies(m, iv->costs[n].amount) ||
			 (iv->costs[n].has_optimism_bias &&
			  quantity_varies(m, iv->costs[n].optimism_bias));
	for (size_t e = 0; e < iv->effect_count && !varies; e++)
		varies = effect_varies(m, &iv->effects[e]);
	return varies && pays_inside_horizon(m, iv);
}

static int alloc_model(struct draw_model *dm, size_t costs, size_t effects)
{
	const struct vmap_model *m = dm->model;
	size_t interventions = m->intervention_count;

	dm->moving = alloc_array(interventions + 1, sizeof *dm->moving);
	dm->cost_at = alloc_array(interventions + 1, sizeof *dm->cost_at);
	dm->effect_at = alloc_array(interventions + 1, sizeof *dm->effect_at);
	dm->cost_w = alloc_array(costs + 1, sizeof *dm->cost_w);
	dm->effect_w = alloc_array(effects + 1, sizeof *dm->effect_w);
	dm->fixed = alloc_array(dm->owners, FLOW_CLASSES * sizeof *dm->fixed);
	return dm->moving && dm->cost_at && dm->effect_at && dm->cost_w && dm->effect_w &&
			       dm->fixed
		       ? VMAP_OK
		       : VMAP_NOMEM;
}

/* The weights of intervention i's costs and effects. */
static void weigh(struct draw_model *dm, size_t i)
{
	const struct vmap_model *m = dm->model;
	const struct intervention *iv = &m->interventions[i];

	for (size_t n = 0; n < iv->cost_count; n++)
		dm->cost_w[dm->cost_at[i] + n] = cost_weight(dm->plan, &iv->costs[n]);
	for (size_t e = 0; e < iv->effect_count; e++) {
		const struct effect *effect = &iv->effects[e];
		dm->effect_w[dm->effect_at[i] + e] =
			quantity_varies(m, effect->drop_off)
				? NAN
				: effect_weight(m, dm->plan, effect,
						1 - quantity_eval(effect->drop_off, NULL));
	}
}

static void add_fixed(struct draw_model *dm, const struct valuation *at_means, size_t i)
{
	for (size_t k = 0; k + 1 < dm->owners; k++) {
		const double *cell = valuation_cell(at_means, i, k);
		for (int c = 0; c < FLOW_CLASSES; c++) {
			dm->fixed[c] += cell[c];
			dm->fixed[(k + 1) * FLOW_CLASSES + (size_t)c] += cell[c];
		}
	}
}

int draw_model_init(struct draw_model *dm, const struct vmap_model *m,
		    const struct discount_plan *plan, const struct valuation *at_means)
{
	size_t costs = 0, effects = 0;

	memset(dm, 0, sizeof *dm);
	dm->model = m;
	dm->plan = plan;
	dm->owners = 1 + m->agency_count;
	for (size_t i = 0; i < m->intervention_count; i++) {
		costs += m->interventions[i].cost_count;
		effects += m->interventions[i].effect_count;
	}
	if (alloc_model(dm, costs, effects) != VMAP_OK) {
		draw_model_release(dm);
		return VMAP_NOMEM;
	}
	costs = effects = 0;
	for (size_t i = 0; i < m->intervention_count; i++) {
		dm->cost_at[i] = costs;
		dm->effect_at[i] = effects;
		costs += m->interventions[i].cost_count;
		effects += m->interventions[i].effect_count;
		weigh(dm, i);
		if (intervention_varies(m, &m->interventions[i]))
			dm->moving[dm->moving_count++] = i;
		else
			add_fixed(dm, at_means, i);
	}
	dm->all_fixed = dm->moving_count == 0;
	return VMAP_OK;
}

void draw_model_release(struct draw_model *dm)
{
	free(dm->moving);
	free(dm->cost_at);
	free(dm->effect_at);
	free(dm->cost_w);
	free(dm->effect_w);
	free(dm->fixed);
	memset(dm, 0, sizeof *dm);
}

/* A quantity's values over a block of draws: its input's column, or its fixed value
 * repeated in `buf`. */
static const double *column(struct quantity q, const double *values, size_t stride, size_t n,
			    double *buf)
{
	if (q.param >= 0)
		return values + (size_t)q.param * stride;
	for (size_t d = 0; d < n; d++)
		buf[d] = q.value;
	return buf;
}

/* Adds x[d] * share to class c of agency k and of the totals, for every draw of the block. */
static void add(const struct draw_block *b, size_t k, enum flow_class c, const double *x,
		double share)
{
	double *restrict total = b->classes + (size_t)c * b->stride;
	double *restrict own = b->classes + ((k + 1) * FLOW_CLASSES + (size_t)c) * b->stride;

	for (size_t d = 0; d < b->count; d++) {
		double y = x[d] * share;
		total[d] += y;
		own[d] += y;
	}
}

/* x[d] *= (1 - q[d]): a factor of effect_net_share. */
static void times_one_minus(const struct draw_block *b, struct quantity q, double *x,
			    double *buf)
{
	const double *v = column(q, b->values, b->stride, b->count, buf);

	for (size_t d = 0; d < b->count; d++)
		x[d] *= 1 - v[d];
}

/* w[d] = effect_weight at keep = 1 - drop_off[d]: its year loop, draw by draw side by side,
 * in the same operations. */
static void weights(const struct draw_model *dm, const struct draw_block *b,
		    const struct effect *e, double *w, double *kept, double *buf)
{
	const double *factors = dm->plan->by_outcome[e->outcome];
	const double *drop = column(e->drop_off, b->values, b->stride, b->count, buf);

	for (size_t d = 0; d < b->count; d++) {
		w[d] = 0;
		kept[d] = 1;
	}
	for (int t = e->start; t < effect_end(dm->model, e); t++)
		for (size_t d = 0; d < b->count; d++) {
			w[d] += kept[d] * factors[t];
			kept[d] *= 1 - drop[d];
		}
}

/* An effect's present values, scale * W with scale = participants * change * net share *
 * unit value (effect_net_share, effect_unit_value: the same products in the same order),
 * split by its outcome's shares. */
static void add_effect(const struct draw_model *dm, const struct draw_block *b,
		       const struct effect *e, double weight, const double *participants)
{
	const struct vmap_model *m = dm->model;
	const struct outcome *o = &m->outcomes[e->outcome];
	int grade = e->confidence ? e->confidence : o->confidence;
	double ob = grade ? m->optimism_bias[grade - 1] : 0;
	double *pv = b->work, *x = pv + b->stride, *buf = x + b->stride, *kept = buf + b->stride;
	const double *v = column(e->change, b->values, b->stride, b->count, buf);

	for (size_t d = 0; d < b->count; d++) {
		pv[d] = participants[d] * v[d];
		x[d] = 1;
	}
	times_one_minus(b, e->deadweight, x, buf);
	times_one_minus(b, e->displacement, x, buf);
	times_one_minus(b, e->attribution, x, buf);
	v = column(o->value, b->values, b->stride, b->count, buf);
	for (size_t d = 0; d < b->count; d++)
		pv[d] = pv[d] * x[d] * (v[d] * o->real_factor * (1 - ob));
	if (isnan(weight)) {
		weights(dm, b, e, x, kept, buf);
		for (size_t d = 0; d < b->count; d++)
			pv[d] *= x[d];
	} else {
		for (size_t d = 0; d < b->count; d++)
			pv[d] *= weight;
	}
	for (size_t s = 0; s < o->share_count; s++)
		add(b, o->shares[s].agency, benefit_class(o), pv, o->shares[s].share);
}

/* A cost's present values, cost_amount * its weight (the same products in the same order). */
static void add_cost(const struct draw_model *dm, const struct draw_block *b,
		     const struct cost *c, double weight, const double *participants)
{
	double *pv = b->work, *buf = pv + b->stride;
	const double *amount = column(c->amount, b->values, b->stride, b->count, buf);
	double fixed_ob = c->confidence ? dm->model->optimism_bias[c->confidence - 1] : 0;

	for (size_t d = 0; d < b->count; d++)
		pv[d] = amount[d] * c->real_factor;
	if (c->has_optimism_bias) {
		const double *ob = column(c->optimism_bias, b->values, b->stride, b->count, buf);
		for (size_t d = 0; d < b->count; d++)
			pv[d] *= 1 + ob[d];
	} else {
		for (size_t d = 0; d < b->count; d++)
			pv[d] *= 1 + fixed_ob;
	}
	if (c->per == PER_PARTICIPANT)
		for (size_t d = 0; d < b->count; d++)
			pv[d] *= participants[d];
	add(b, c->agency, FLOW_COST, pv, weight);
}

static void add_intervention(const struct draw_model *dm, const struct draw_block *b, size_t i)
{
	const struct intervention *iv = &dm->model->interventions[i];
	const double *participants = column(iv->participants, b->values, b->stride, b->count,
					    b->work + DRAW_WORK_ARRAYS * b->stride);

	for (size_t n = 0; n < iv->cost_count; n++)
		add_cost(dm, b, &iv->costs[n], dm->cost_w[dm->cost_at[i] + n], participants);
	for (size_t e = 0; e < iv->effect_count; e++)
		add_effect(dm, b, &iv->effects[e], dm->effect_w[dm->effect_at[i] + e],
			   participants);
}

/* Compiled twice with everything it calls here inlined (flatten), for AVX2 and for any
 * x86-64, chosen once by the CPU (the same IEEE operations in either, and no FMA: the same
 * bits). Static, so its resolver is not exported from the library. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default"), flatten))
#endif
static void block_value(const struct draw_model *dm, const struct draw_block *b)
{
	for (size_t oc = 0; oc < dm->owners * FLOW_CLASSES; oc++)
		for (size_t d = 0; d < b->count; d++)
			b->classes[oc * b->stride + d] = dm->fixed[oc];
	for (size_t n = 0; n < dm->moving_count; n++)
		add_intervention(dm, b, dm->moving[n]);
}

void draw_block_value(const struct draw_model *dm, const struct draw_block *b)
{
	block_value(dm, b);
}

void draw_value(const struct draw_model *dm, const double *values, double *classes)
{
	double work[DRAW_WORK_ARRAYS + 1];
	struct draw_block b = {values, 1, 1, classes, work};

	draw_block_value(dm, &b);
}
