/*
 * flows.h - the appraisal arithmetic: every cost and benefit of a model as a stream of flows.
 *
 * generate_flows() is the one place where DESIGN.md's formulas live (real prices, optimism
 * bias, participants, effects with drop-off, deadweight, displacement and attribution,
 * beneficiary shares, discounting). Everything else (totals, the matrix, the output files,
 * Monte Carlo) only adds flows up, so every result agrees with every other.
 */
#ifndef VMAP_APPRAISE_FLOWS_H
#define VMAP_APPRAISE_FLOWS_H

#include "model/model.h"

enum flow_class {
	FLOW_COST,
	FLOW_FISCAL,   /* fiscal, not cashable */
	FLOW_CASHABLE, /* fiscal and cashable */
	FLOW_ECONOMIC,
	FLOW_SOCIAL,
	FLOW_CLASSES
};

struct flow {
	size_t intervention, agency;
	int year;
	enum flow_class class;
	double real; /* undiscounted, in real prices of the price base */
	double pv;   /* real * D(year) under the discount that applies to it */
	size_t outcome; /* the outcome a benefit is counted in; FLOW_NO_OUTCOME for a cost */
};

#define FLOW_NO_OUTCOME ((size_t)-1)


typedef void (*flow_sink)(void *context, const struct flow *flow);

/* Discount tables for a model: one for costs and outcomes without their own discount, one
 * per outcome that has one. Made once, reused for every evaluation. */
struct discount_plan {
	int horizon;
	double *appraisal;         /* [horizon] */
	const double **by_outcome; /* [outcome_count] -> a table of `horizon` factors */
	double *own;               /* storage of the outcomes' own tables */
};

/* D(year) of a flow: the appraisal's schedule for costs, its outcome's for benefits. */
static inline double flow_discount_factor(const struct discount_plan *plan, size_t outcome,
					  int year)
{
	return outcome == FLOW_NO_OUTCOME ? plan->appraisal[year] : plan->by_outcome[outcome][year];
}

int discount_plan_init(struct discount_plan *plan, const struct vmap_model *model);
void discount_plan_release(struct discount_plan *plan);

/* Calls `sink` for every non-zero flow of the model, with each uncertain number taken from
 * `param_values` (NULL: the means). An intervention that costs nothing inside the
 * horizon adds nothing: its effects produce no flows either. */
void generate_flows(const struct vmap_model *model, const struct discount_plan *plan,
		    const double *param_values, flow_sink sink, void *context);

/* Adds each flow's pv into `pv` ([intervention][agency][FLOW_CLASSES], `agencies` wide), as
 * generate_flows would hand them to flow_add_pv, in the same order and so to the same sums,
 * without a call per flow: the Monte Carlo draws' path. */
void generate_flows_pv(const struct vmap_model *model, const struct discount_plan *plan,
		       const double *param_values, double *pv, size_t agencies);

/* The one statement of where a present value is kept in a pv array
 * ([intervention][agency][FLOW_CLASSES], `agencies` wide): the index of the first class of a
 * cell, to which a flow_class is added. */
static inline size_t flow_pv_cell(size_t agencies, size_t intervention, size_t agency)
{
	return (intervention * agencies + agency) * FLOW_CLASSES;
}

static inline void flow_add_pv(double *pv, size_t agencies, const struct flow *f)
{
	pv[flow_pv_cell(agencies, f->intervention, f->agency) + f->class] += f->pv;
}

/* The flows of intervention `i` alone, as generate_flows makes them. */
void generate_intervention_flows(const struct vmap_model *model, const struct discount_plan *plan,
				 size_t i, const double *param_values, flow_sink sink,
				 void *context);

/* The pieces of generate_flows' arithmetic that a linear form of it reuses (the Monte Carlo
 * draws, uncertainty/draw_value.h): a cost's amount in a year in real prices with optimism
 * bias; whether an intervention pays anything inside the horizon at the means (decided once,
 * so a draw sampling a cost of 0 keeps its benefits); an outcome's flow class; an effect's
 * share left after deadweight, displacement and attribution, its unit value in real prices
 * after optimism bias, and the year after its last inside the horizon. */
double cost_amount(const struct vmap_model *model, const struct intervention *iv,
		   const struct cost *c, const double *param_values);
bool pays_inside_horizon(const struct vmap_model *model, const struct intervention *iv);
enum flow_class benefit_class(const struct outcome *o);
double effect_net_share(const struct effect *e, const double *param_values);
double effect_unit_value(const struct vmap_model *model, const struct effect *e,
			 const double *param_values);
int effect_end(const struct vmap_model *model, const struct effect *e);

/* The discount-and-drop-off weight of an effect, sum over its years t of keep^(t - start)
 * D(t) (keep = 1 - drop_off, the running product of effect flows), and of a cost, the sum of
 * D over its years: a flow's pv summed over years is its first-year amount times these. */
double effect_weight(const struct vmap_model *model, const struct discount_plan *plan,
		     const struct effect *e, double keep);
double cost_weight(const struct discount_plan *plan, const struct cost *c);

#endif
