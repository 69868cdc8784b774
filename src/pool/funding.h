/*
 * funding.h - which interventions pooled and siloed budgets fund.
 *
 * Without budgets the sets follow DESIGN.md: the pool funds item i when the summed benefit
 * exceeds its cost, sum_k B(i,k) > C(i); siloed budgets fund it when one agency alone gains
 * enough, max_k B(i,k) >= C(i) (that agency is its funder). With budgets both become 0-1
 * programmes solved by GLPK (docs/pooled-budgets.md gives the formulations).
 *
 * The caller owns `struct funding` and its arrays, sized for the game's items.
 */
#ifndef VMAP_POOL_FUNDING_H
#define VMAP_POOL_FUNDING_H

#include "core/diag.h"
#include "game.h"

struct funding_limits {
	const double *agency; /* [players]: each agency's budget (INFINITY: none); NULL: no budgets */
	double pooled;        /* the pool's budget; INFINITY: none */
};

struct funding {
	bool *pooled;     /* [items] */
	bool *siloed;     /* [items] */
	long *siloed_by;  /* [items]: the player that funds it alone, or -1 */
	double pooled_net, siloed_net;   /* sum over the funded items of sum_k B(i,k) - C(i) */
	double pooled_cost, siloed_cost; /* sum over the funded items of C(i) */
};

/* Fills `out` for the game `g` (its `counted` flags are ignored) under `limits`. Returns
 * VMAP_OK, or an error kept in `diag` when a programme cannot be solved. */
int funding_solve(const struct pool_game *g, const struct funding_limits *limits,
		  struct funding *out, struct vmap_diag *diag);

#endif
