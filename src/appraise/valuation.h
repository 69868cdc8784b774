/*
 * valuation.h - present values of a model's flows, and the results derived from them.
 *
 * A valuation adds flows into present values per intervention, agency and class, and keeps
 * the discounted cost and fiscal benefit of each year per intervention and per agency, which
 * is all that totals, payback years, the matrix and the collaboration gap need. It is reused
 * across Monte Carlo draws: valuation_reset() clears it without reallocating.
 */
#ifndef VMAP_APPRAISE_VALUATION_H
#define VMAP_APPRAISE_VALUATION_H

#include "flows.h"

struct valuation {
	size_t interventions, agencies;
	int horizon;
	double *pv;            /* [i][k][FLOW_CLASSES] */
	double *by_year_i;     /* [i][t][2]: discounted cost, discounted fiscal benefit */
	double *by_year_k;     /* [k][t][2] */
	bool by_year;          /* keep the by-year series (payback years); on by default */
};

int valuation_init(struct valuation *v, const struct vmap_model *model);

/* A valuation of `interventions` interventions over the model's agencies and horizon (one,
 * to value a single intervention's flows with their intervention index taken as 0). */
int valuation_init_sized(struct valuation *v, const struct vmap_model *model,
			 size_t interventions);
void valuation_release(struct valuation *v);
void valuation_reset(struct valuation *v);

/* A flow_sink: adds one flow (context is the valuation). */
void valuation_add(void *valuation, const struct flow *flow);

/* Evaluates the model with the given parameter values (NULL: means) into `v`. */
void valuation_compute(struct valuation *v, const struct vmap_model *model,
		       const struct discount_plan *plan, const double *param_values);

/* Totals over everything, one agency, or one intervention. */
vmap_totals valuation_totals(const struct valuation *v);
vmap_totals valuation_agency(const struct valuation *v, size_t agency);
vmap_totals valuation_intervention(const struct valuation *v, size_t intervention);

/* valuation_totals(v).npsv and valuation_agency(v, agency).net_fiscal by the same sums in
 * the same order (the same bits), without the payback year's pass over the years. */
double valuation_npsv(const struct valuation *v);
double valuation_agency_net_fiscal(const struct valuation *v, size_t agency);

/* Totals over the interventions flagged in `member` (an option of the shortlist), and the
 * same for one agency (its payback_year is always -1: no series is kept per agency and
 * intervention). */
vmap_totals valuation_option(const struct valuation *v, const bool *member);
vmap_totals valuation_option_agency(const struct valuation *v, const bool *member, size_t k);

/* What agency `beneficiary` receives (all kinds) from the spending of `payer`: each
 * intervention's benefit shared over its payers by their part of its pv_cost. */
double valuation_matrix(const struct valuation *v, size_t payer, size_t beneficiary);

/* The totals of present values summed by class ([FLOW_CLASSES]), with no payback year. */
vmap_totals totals_of_classes(const double *classes);

/* The present values of intervention i for agency k, one per flow_class. */
const double *valuation_cell(const struct valuation *v, size_t intervention, size_t agency);

/* Present value of what agency k pays towards intervention i. */
double valuation_paid(const struct valuation *v, size_t intervention, size_t agency);

/* Present value of intervention i's fiscal benefit (cashable or not) to agency k. */
double valuation_fiscal(const struct valuation *v, size_t intervention, size_t agency);

/* Summed fiscal benefit covers the cost while no single agency's does. */
bool valuation_collaboration_gap(const struct valuation *v, size_t intervention);

#endif
