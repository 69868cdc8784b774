/*
 * draw_value.c - the linear form of the appraisal for Monte Carlo draws (see draw_value.h).
 */
#include "draw_value.h"

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

/* Adds x to class c of agency k and of the totals. */
static inline void add(double *classes, size_t k, enum flow_class c, double x)
{
	classes[c] += x;
	classes[(k + 1) * FLOW_CLASSES + c] += x;
}

static void add_effect(const struct draw_model *dm, const struct effect *e, double weight,
		       double participants, const double *values, double *classes)
{
	const struct vmap_model *m = dm->model;
	const struct outcome *o = &m->outcomes[e->outcome];
	enum flow_class c = benefit_class(o);
	double scale, pv;

	if (isnan(weight))
		weight = effect_weight(m, dm->plan, e, 1 - quantity_eval(e->drop_off, values));
	scale = participants * quantity_eval(e->change, values) * effect_net_share(e, values) *
		effect_unit_value(m, e, values);
	pv = scale * weight;
	for (size_t s = 0; s < o->share_count; s++)
		add(classes, o->shares[s].agency, c, pv * o->shares[s].share);
}

static void add_intervention(const struct draw_model *dm, size_t i, const double *values,
			     double *classes)
{
	const struct vmap_model *m = dm->model;
	const struct intervention *iv = &m->interventions[i];
	double participants = quantity_eval(iv->participants, values);

	for (size_t n = 0; n < iv->cost_count; n++)
		add(classes, iv->costs[n].agency, FLOW_COST,
		    cost_amount(m, iv, &iv->costs[n], values) * dm->cost_w[dm->cost_at[i] + n]);
	for (size_t e = 0; e < iv->effect_count; e++)
		add_effect(dm, &iv->effects[e], dm->effect_w[dm->effect_at[i] + e], participants,
			   values, classes);
}

void draw_value(const struct draw_model *dm, const double *values, double *classes)
{
	memcpy(classes, dm->fixed, dm->owners * FLOW_CLASSES * sizeof *classes);
	for (size_t n = 0; n < dm->moving_count; n++)
		add_intervention(dm, dm->moving[n], values, classes);
}
