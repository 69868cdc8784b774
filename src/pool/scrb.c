/*
 * scrb.c - separable costs, remaining benefits (the US water-resources rule, as set out by
 * Young, Okada and Hashimoto, IIASA WP-79-077).
 *
 * Each player first pays its separable cost, what it adds to the cost of everyone else's
 * project; what is left (the non-separable cost) is shared in proportion to each player's
 * remaining benefit, the most it would still gain from joining rather than going alone.
 */
#include "game.h"

void scrb_allocate(size_t n, double cost_all, const double *cost_alone,
		   const double *cost_without, double *share)
{
	double separable_total = 0, remaining_total = 0, non_separable;

	for (size_t k = 0; k < n; k++) {
		share[k] = cost_all - cost_without[k];
		separable_total += share[k];
		remaining_total += cost_alone[k] - share[k];
	}
	non_separable = cost_all - separable_total;
	for (size_t k = 0; k < n; k++) {
		double remaining = cost_alone[k] - (cost_all - cost_without[k]);
		share[k] += remaining_total > 0 ? non_separable * remaining / remaining_total
						: non_separable / (double)n;
	}
}
