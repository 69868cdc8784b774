/*
 * valuation.c - adds flows into present values and derives totals, payback and the matrix.
 */
#include "valuation.h"

#include "core/alloc.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

int valuation_init(struct valuation *v, const struct vmap_model *m)
{
	return valuation_init_sized(v, m, m->intervention_count);
}

int valuation_init_sized(struct valuation *v, const struct vmap_model *m, size_t interventions)
{
	size_t years = (size_t)m->horizon * 2;

	memset(v, 0, sizeof *v);
	v->interventions = interventions;
	v->agencies = m->agency_count;
	v->horizon = m->horizon;
	if (v->interventions && v->agencies > SIZE_MAX / FLOW_CLASSES / v->interventions)
		return VMAP_NOMEM;
	v->pv = alloc_array(v->interventions * v->agencies * FLOW_CLASSES, sizeof *v->pv);
	v->by_year_i = alloc_array(v->interventions, years * sizeof *v->by_year_i);
	v->by_year_k = alloc_array(v->agencies, years * sizeof *v->by_year_k);
	v->by_year = true;
	if (!v->pv || !v->by_year_i || !v->by_year_k) {
		valuation_release(v);
		return VMAP_NOMEM;
	}
	return VMAP_OK;
}

void valuation_release(struct valuation *v)
{
	free(v->pv);
	free(v->by_year_i);
	free(v->by_year_k);
	memset(v, 0, sizeof *v);
}

void valuation_reset(struct valuation *v)
{
	size_t years = (size_t)v->horizon * 2;

	memset(v->pv, 0, v->interventions * v->agencies * FLOW_CLASSES * sizeof *v->pv);
	if (!v->by_year)
		return;
	memset(v->by_year_i, 0, v->interventions * years * sizeof *v->by_year_i);
	memset(v->by_year_k, 0, v->agencies * years * sizeof *v->by_year_k);
}

void valuation_add(void *context, const struct flow *f)
{
	struct valuation *v = context;
	size_t year = (size_t)f->year * 2;
	size_t slot;

	flow_add_pv(v->pv, v->agencies, f);
	if (!v->by_year)
		return;
	if (f->class == FLOW_COST)
		slot = 0;
	else if (f->class == FLOW_FISCAL || f->class == FLOW_CASHABLE)
		slot = 1;
	else
		return;
	v->by_year_i[f->intervention * (size_t)v->horizon * 2 + year + slot] += f->pv;
	v->by_year_k[f->agency * (size_t)v->horizon * 2 + year + slot] += f->pv;
}

void valuation_compute(struct valuation *v, const struct vmap_model *m,
		       const struct discount_plan *plan, const double *params)
{
	valuation_reset(v);
	if (v->by_year)
		generate_flows(m, plan, params, valuation_add, v);
	else
		generate_flows_pv(m, plan, params, v->pv, v->agencies);
}

static void add_classes(vmap_totals *t, const double *classes)
{
	t->pv_cost += classes[FLOW_COST];
	t->pv_benefit_fiscal += classes[FLOW_FISCAL] + classes[FLOW_CASHABLE];
	t->pv_benefit_cashable += classes[FLOW_CASHABLE];
	t->pv_benefit_economic += classes[FLOW_ECONOMIC];
	t->pv_benefit_social += classes[FLOW_SOCIAL];
}

/* The first year at which cumulative discounted fiscal benefit reaches a cumulative
 * discounted cost that is above zero; -1 if never. `years` holds [t][2] pairs, `count`
 * series of them are summed. */
static int payback_year(const double *years, size_t count, size_t stride, int horizon)
{
	double cost = 0, benefit = 0;

	for (int t = 0; t < horizon; t++) {
		for (size_t s = 0; s < count; s++) {
			cost += years[s * stride + (size_t)t * 2];
			benefit += years[s * stride + (size_t)t * 2 + 1];
		}
		if (cost > 0 && benefit >= cost)
			return t;
	}
	return -1;
}

static void finish(vmap_totals *t)
{
	t->pv_benefit = t->pv_benefit_fiscal + t->pv_benefit_economic + t->pv_benefit_social;
	t->npsv = t->pv_benefit - t->pv_cost;
	t->net_fiscal = t->pv_benefit_fiscal - t->pv_cost;
	t->has_ratios = t->pv_cost != 0;
	t->bcr = t->has_ratios ? t->pv_benefit / t->pv_cost : 0;
	t->fiscal_roi = t->has_ratios ? t->pv_benefit_fiscal / t->pv_cost : 0;
	if (!t->has_ratios)
		t->payback_year = -1;
}

vmap_totals totals_of_classes(const double *classes)
{
	vmap_totals t = {0};

	add_classes(&t, classes);
	t.payback_year = -1;
	finish(&t);
	return t;
}

const double *valuation_cell(const struct valuation *v, size_t i, size_t k)
{
	assert(i < v->interventions && k < v->agencies);
	return v->pv + flow_pv_cell(v->agencies, i, k);
}

double valuation_paid(const struct valuation *v, size_t i, size_t k)
{
	return valuation_cell(v, i, k)[FLOW_COST];
}

vmap_totals valuation_totals(const struct valuation *v)
{
	vmap_totals t = {0};
	size_t stride = (size_t)v->horizon * 2;

	for (size_t cell = 0; cell < v->interventions * v->agencies; cell++)
		add_classes(&t, v->pv + cell * FLOW_CLASSES);
	t.payback_year = payback_year(v->by_year_k, v->agencies, stride, v->horizon);
	finish(&t);
	return t;
}

vmap_totals valuation_agency(const struct valuation *v, size_t k)
{
	vmap_totals t = {0};
	size_t stride = (size_t)v->horizon * 2;

	for (size_t i = 0; i < v->interventions; i++)
		add_classes(&t, valuation_cell(v, i, k));
	t.payback_year = payback_year(v->by_year_k + k * stride, 1, stride, v->horizon);
	finish(&t);
	return t;
}

double valuation_npsv(const struct valuation *v)
{
	vmap_totals t = {0};

	for (size_t cell = 0; cell < v->interventions * v->agencies; cell++)
		add_classes(&t, v->pv + cell * FLOW_CLASSES);
	finish(&t);
	return t.npsv;
}

double valuation_agency_net_fiscal(const struct valuation *v, size_t k)
{
	vmap_totals t = {0};

	for (size_t i = 0; i < v->interventions; i++)
		add_classes(&t, valuation_cell(v, i, k));
	finish(&t);
	return t.net_fiscal;
}

vmap_totals valuation_intervention(const struct valuation *v, size_t i)
{
	vmap_totals t = {0};
	size_t stride = (size_t)v->horizon * 2;

	for (size_t k = 0; k < v->agencies; k++)
		add_classes(&t, valuation_cell(v, i, k));
	t.payback_year = payback_year(v->by_year_i + i * stride, 1, stride, v->horizon);
	finish(&t);
	return t;
}

vmap_totals valuation_option(const struct valuation *v, const bool *member)
{
	vmap_totals t = {0};
	size_t stride = (size_t)v->horizon * 2;
	double cost = 0, benefit = 0;

	t.payback_year = -1;
	for (size_t i = 0; i < v->interventions; i++)
		for (size_t k = 0; member[i] && k < v->agencies; k++)
			add_classes(&t, valuation_cell(v, i, k));
	for (int y = 0; y < v->horizon && t.payback_year < 0; y++) {
		for (size_t i = 0; i < v->interventions; i++) {
			if (!member[i])
				continue;
			cost += v->by_year_i[i * stride + (size_t)y * 2];
			benefit += v->by_year_i[i * stride + (size_t)y * 2 + 1];
		}
		if (cost > 0 && benefit >= cost)
			t.payback_year = y;
	}
	finish(&t);
	return t;
}

vmap_totals valuation_option_agency(const struct valuation *v, const bool *member, size_t k)
{
	vmap_totals t = {0};

	for (size_t i = 0; i < v->interventions; i++)
		if (member[i])
			add_classes(&t, valuation_cell(v, i, k));
	finish(&t);
	t.payback_year = -1; /* no by-year series per intervention and agency */
	return t;
}

static double cell_benefit(const double *classes)
{
	return classes[FLOW_FISCAL] + classes[FLOW_CASHABLE] + classes[FLOW_ECONOMIC] +
	       classes[FLOW_SOCIAL];
}

double valuation_matrix(const struct valuation *v, size_t payer, size_t beneficiary)
{
	double total = 0;

	for (size_t i = 0; i < v->interventions; i++) {
		double cost = 0;
		for (size_t k = 0; k < v->agencies; k++)
			cost += valuation_cell(v, i, k)[FLOW_COST];
		if (cost == 0)
			continue;
		total += cell_benefit(valuation_cell(v, i, beneficiary)) *
			 (valuation_cell(v, i, payer)[FLOW_COST] / cost);
	}
	return total;
}

double valuation_fiscal(const struct valuation *v, size_t i, size_t k)
{
	const double *classes = valuation_cell(v, i, k);
	return classes[FLOW_FISCAL] + classes[FLOW_CASHABLE];
}

bool valuation_collaboration_gap(const struct valuation *v, size_t i)
{
	double cost = valuation_intervention(v, i).pv_cost, sum = 0, best = 0;

	if (cost <= 0)
		return false;
	for (size_t k = 0; k < v->agencies; k++) {
		double b = valuation_fiscal(v, i, k);
		sum += b;
		if (b > best)
			best = b;
	}
	return sum >= cost && best < cost;
}
