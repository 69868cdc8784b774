/*
 * pool.h - the pool handle (private layout) and its output writer.
 *
 * Players are the model's government agencies, in declaration order; `agency[p]` is player
 * p's index among the model's agencies. The pool owns every array below; the appraisal and
 * its model belong to the caller and must outlive the pool.
 */
#ifndef VMAP_POOL_POOL_H
#define VMAP_POOL_POOL_H

#include "appraise/appraisal.h"
#include "funding.h"
#include "game.h"

/* Orders drawn when an intervention is felt by too many agencies for its exact Shapley value,
 * and the fixed seed that makes the estimate the same on every run. */
enum { POOL_PERMUTATIONS = 10000 };
#define POOL_SEED UINT64_C(0x76616c75656d6170)

struct vmap_pool {
	struct vmap_diag diag; /* read by vmap_X_errmsg */
	const struct vmap_appraisal *appraisal;
	const struct vmap_model *model;
	size_t players, items;
	size_t *agency;       /* [players] */
	double *budget;       /* [players]: INFINITY where none was set */
	bool has_budgets, has_pooled;
	double pooled_budget; /* as set, or the sum of the agencies' budgets */
	double *benefit;      /* [items][players]: B(i,k) */
	double *paid;         /* [items][players]: what player k pays towards item i */
	double *cost;         /* [items]: C(i), all payers */
	struct funding funding;
	vmap_pool_share *shares; /* [players] */
	double surplus;
	bool exact;           /* no intervention's share had to be estimated */
	size_t sampled_items; /* interventions felt by too many agencies to solve exactly */
	bool done;
};

/* Plays the savings game on the pool's matrices and funded sets (which the caller has filled):
 * the surplus, each agency's Shapley value and the credits under every method. */
int pool_play(vmap_pool *pool);

int write_pool_json(struct vmap_pool *pool, struct outset *out);
int write_portfolio_csv(struct vmap_pool *pool, struct outset *out);
int write_credits_csv(struct vmap_pool *pool, struct outset *out);

#endif
