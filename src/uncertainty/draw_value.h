/*
 * draw_value.h - the appraisal of one Monte Carlo draw in linear form, without recomputing
 * what does not vary.
 *
 * generate_flows (appraise/flows.h) makes a flow per year, beneficiary and class. Summed over
 * the years, an effect gives a beneficiary scale * share * W, with scale = participants *
 * change * net share * unit value and W = sum over its years t of keep^(t - start) D(t)
 * (effect_weight); a cost gives amount * sum of D over its years (cost_weight). W depends on
 * drop_off, start, duration and the discount only: it is computed once per effect when
 * drop_off is fixed, and in each draw (a loop over the effect's years) when it is uncertain.
 * An intervention that no varying input touches adds the same present values in every draw:
 * their sums by owner and class are made once, from the valuation at the means. A draw then
 * costs a few multiplications per cost and effect of the interventions that vary, done for a
 * block of draws at a time, each product over the whole block (which the compiler
 * vectorises).
 *
 * Invariants: an input varies when its distribution has sd > 0 (sd 0 always gives the mean).
 * When no input varies, every draw's results are the deterministic ones bit for bit (the
 * caller copies them: draw_model.all_fixed). Otherwise the sums are reordered, and agree with
 * valuation_compute to rounding (about 1e-15 relative).
 */
#ifndef VMAP_UNCERTAINTY_DRAW_VALUE_H
#define VMAP_UNCERTAINTY_DRAW_VALUE_H

#include "appraise/valuation.h"

struct draw_model {
	const struct vmap_model *model;
	const struct discount_plan *plan;
	size_t owners;        /* 1 + agencies: the totals, then each agency */
	bool all_fixed;       /* no input varies */
	size_t *moving;       /* the interventions a varying input touches, ascending */
	size_t moving_count;
	size_t *cost_at, *effect_at; /* [interventions]: the first of its costs, effects below */
	double *cost_w;       /* [all costs]: cost_weight */
	double *effect_w;     /* [all effects]: effect_weight at the fixed drop_off; NaN when
			       * drop_off varies */
	double *fixed;        /* [owners][FLOW_CLASSES]: what the fixed interventions add */
};

/* Prepares the linear form of `model`; `at_means` is a valuation of it at the means.
 * Returns VMAP_OK or VMAP_NOMEM. */
int draw_model_init(struct draw_model *dm, const struct vmap_model *model,
		    const struct discount_plan *plan, const struct valuation *at_means);
void draw_model_release(struct draw_model *dm);

/* True when the input's sampled value can differ from its mean. */
bool param_varies(const struct param *p);

/* Work arrays a block needs, besides one for the participants. */
enum { DRAW_WORK_ARRAYS = 4 };

/* A block of draws, structure of arrays: input p of draw d at values[p * stride + d], and
 * class c of owner o at classes[(o * FLOW_CLASSES + c) * stride + d]. */
struct draw_block {
	const double *values;
	size_t stride, count; /* count <= stride draws */
	double *classes;
	double *work; /* (DRAW_WORK_ARRAYS + 1) * stride doubles */
};

/* The present values by owner and class of every draw of the block. Each draw is worked
 * out in the same operations in the same order whatever the block, so the same bits. */
void draw_block_value(const struct draw_model *dm, const struct draw_block *b);

/* The same for one draw: classes [owners][FLOW_CLASSES], with the inputs at `values` (one
 * per parameter). */
void draw_value(const struct draw_model *dm, const double *values, double *classes);

#endif
