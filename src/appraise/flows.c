/*
 * flows.c - turns a model into flows of cost and benefit per intervention, agency and year.
 */
#include "flows.h"

#include "core/alloc.h"
#include "discount.h"

#include <stdlib.h>
#include <string.h>

int discount_plan_init(struct discount_plan *plan, const struct vmap_model *m)
{
	size_t horizon = (size_t)m->horizon, own_count = 0;

	memset(plan, 0, sizeof *plan);
	plan->horizon = m->horizon;
	for (size_t o = 0; o < m->outcome_count; o++)
		own_count += m->outcomes[o].has_discount;
	plan->appraisal = alloc_array(horizon, sizeof *plan->appraisal);
	plan->own = alloc_array(own_count * horizon, sizeof *plan->own);
	plan->by_outcome = alloc_array(m->outcome_count, sizeof *plan->by_outcome);
	if (!plan->appraisal || !plan->own || !plan->by_outcome) {
		discount_plan_release(plan);
		return VMAP_NOMEM;
	}
	discount_table(m->discount, m->horizon, plan->appraisal);
	own_count = 0;
	for (size_t o = 0; o < m->outcome_count; o++) {
		plan->by_outcome[o] = plan->appraisal;
		if (!m->outcomes[o].has_discount)
			continue;
		double *table = plan->own + own_count++ * horizon;
		discount_table(m->outcomes[o].discount, m->horizon, table);
		plan->by_outcome[o] = table;
	}
	return VMAP_OK;
}

void discount_plan_release(struct discount_plan *plan)
{
	free(plan->appraisal);
	free(plan->own);
	free((void *)plan->by_outcome);
	memset(plan, 0, sizeof *plan);
}

/* Where flows go: to a sink, or (pv not NULL) straight into a pv array. */
struct flow_target {
	flow_sink sink;
	void *context;
	double *pv;
	size_t agencies;
};

static inline void emit(const struct flow_target *to, const struct flow *f)
{
	if (to->pv)
		flow_add_pv(to->pv, to->agencies, f);
	else
		to->sink(to->context, f);
}

static double cost_optimism_bias(const struct vmap_model *m, const struct cost *c,
				 const double *params)
{
	if (c->has_optimism_bias)
		return quantity_eval(c->optimism_bias, params);
	return c->confidence ? m->optimism_bias[c->confidence - 1] : 0;
}

double cost_amount(const struct vmap_model *m, const struct intervention *iv,
			  const struct cost *c, const double *params)
{
	double amount = quantity_eval(c->amount, params) * c->real_factor *
			(1 + cost_optimism_bias(m, c, params));

	return c->per == PER_PARTICIPANT ? amount * quantity_eval(iv->participants, params)
					 : amount;
}

/* Whether the intervention pays anything inside the horizon, with every number at its mean.
 * Decided once for the model, not per draw: a draw that samples a cost of 0 must not also
 * wipe out the intervention's benefits. */
bool pays_inside_horizon(const struct vmap_model *m, const struct intervention *iv)
{
	for (size_t n = 0; n < iv->cost_count; n++)
		if (iv->costs[n].year_count > 0 && cost_amount(m, iv, &iv->costs[n], NULL) != 0)
			return true;
	return false;
}

static void cost_flows(const struct vmap_model *m, const struct discount_plan *plan, size_t i,
		       const double *params, const struct flow_target *to)
{
	const struct intervention *iv = &m->interventions[i];

	for (size_t n = 0; n < iv->cost_count; n++) {
		const struct cost *c = &iv->costs[n];
		double amount = cost_amount(m, iv, c, params);
		for (size_t y = 0; y < c->year_count && amount != 0; y++) {
			struct flow f = {i, c->agency, c->years[y], FLOW_COST, amount,
					 amount * plan->appraisal[c->years[y]], FLOW_NO_OUTCOME};
			emit(to, &f);
		}
	}
}

enum flow_class benefit_class(const struct outcome *o)
{
	if (o->kind == KIND_ECONOMIC)
		return FLOW_ECONOMIC;
	if (o->kind == KIND_SOCIAL)
		return FLOW_SOCIAL;
	return o->cashable ? FLOW_CASHABLE : FLOW_FISCAL;
}

double effect_net_share(const struct effect *e, const double *params)
{
	return (1 - quantity_eval(e->deadweight, params)) *
	       (1 - quantity_eval(e->displacement, params)) *
	       (1 - quantity_eval(e->attribution, params));
}

double effect_unit_value(const struct vmap_model *m, const struct effect *e,
			 const double *params)
{
	const struct outcome *o = &m->outcomes[e->outcome];
	int grade = e->confidence ? e->confidence : o->confidence;
	double ob = grade ? m->optimism_bias[grade - 1] : 0;

	return quantity_eval(o->value, params) * o->real_factor * (1 - ob);
}

int effect_end(const struct vmap_model *m, const struct effect *e)
{
	return e->start + e->duration < m->horizon ? e->start + e->duration : m->horizon;
}

double effect_weight(const struct vmap_model *m, const struct discount_plan *plan,
		     const struct effect *e, double keep)
{
	const double *factors = plan->by_outcome[e->outcome];
	double kept = 1, sum = 0;

	for (int t = e->start; t < effect_end(m, e); t++, kept *= keep)
		sum += kept * factors[t];
	return sum;
}

double cost_weight(const struct discount_plan *plan, const struct cost *c)
{
	double sum = 0;

	for (size_t y = 0; y < c->year_count; y++)
		sum += plan->appraisal[c->years[y]];
	return sum;
}

static void effect_flows(const struct vmap_model *m, const struct discount_plan *plan, size_t i,
			 const struct effect *e, const double *params, const struct flow_target *to)
{
	const struct outcome *o = &m->outcomes[e->outcome];
	const double *factors = plan->by_outcome[e->outcome];
	double participants = quantity_eval(m->interventions[i].participants, params);
	double change = quantity_eval(e->change, params);
	double keep = 1 - quantity_eval(e->drop_off, params);
	double net_share = effect_net_share(e, params);
	double unit_value = effect_unit_value(m, e, params);
	int end = effect_end(m, e);
	/* keep^(t - start) as a running product: within (t - start) * 2^-53 of the exact power,
	 * far inside the 1e-9 agreement DESIGN.md asks of the figures. */
	double kept = 1;

	for (int t = e->start; t < end; t++, kept *= keep) {
		double units = participants * change * kept;
		double benefit = units * net_share * unit_value;
		for (size_t s = 0; s < o->share_count; s++) {
			double real = benefit * o->shares[s].share;
			struct flow f = {i, o->shares[s].agency, t, benefit_class(o), real,
					 real * factors[t], e->outcome};
			if (real != 0)
				emit(to, &f);
		}
	}
}

static void intervention_flows(const struct vmap_model *m, const struct discount_plan *plan,
			       size_t i, const double *params, const struct flow_target *to)
{
	const struct intervention *iv = &m->interventions[i];

	if (!pays_inside_horizon(m, iv))
		return;
	cost_flows(m, plan, i, params, to);
	for (size_t e = 0; e < iv->effect_count; e++)
		effect_flows(m, plan, i, &iv->effects[e], params, to);
}

void generate_intervention_flows(const struct vmap_model *m, const struct discount_plan *plan,
				 size_t i, const double *params, flow_sink sink, void *context)
{
	intervention_flows(m, plan, i, params, &(struct flow_target){sink, context, NULL, 0});
}

void generate_flows(const struct vmap_model *m, const struct discount_plan *plan,
		    const double *params, flow_sink sink, void *context)
{
	for (size_t i = 0; i < m->intervention_count; i++)
		generate_intervention_flows(m, plan, i, params, sink, context);
}

void generate_flows_pv(const struct vmap_model *m, const struct discount_plan *plan,
		       const double *params, double *pv, size_t agencies)
{
	struct flow_target to = {NULL, NULL, pv, agencies};

	for (size_t i = 0; i < m->intervention_count; i++)
		intervention_flows(m, plan, i, params, &to);
}
