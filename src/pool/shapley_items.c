/*
 * shapley_items.c - the Shapley value one intervention at a time.
 *
 * v(S) is a sum over items of v_i(S) = max(0, sum over k in S of B(i,k) - C(i)), and the
 * Shapley value is additive, so phi(v) = sum over items of phi(v_i). Only the players that
 * gain or lose from item i can change v_i, so each item is a small game of its own: with 30
 * agencies of which 4 feel an intervention, the item costs 4 * 2^4 steps instead of 2^30.
 * Items felt by more than POOL_EXACT_MAX agencies are pooled into one game and estimated.
 */
#include "game.h"

#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>

static bool counts(const struct pool_game *g, size_t i)
{
	return !g->counted || g->counted[i];
}

/* The players with a non-zero benefit from item i, into `who`; returns how many. */
static size_t gainers(const struct pool_game *g, size_t i, size_t *who)
{
	size_t count = 0;

	for (size_t k = 0; k < g->players; k++)
		if (g->benefit[i * g->players + k] != 0)
			who[count++] = k;
	return count;
}

double table_work(const struct pool_game *g)
{
	return ((double)g->items + (double)g->players) * ldexp(1.0, (int)g->players);
}

double by_item_work(const struct pool_game *g)
{
	double work = 0;

	for (size_t i = 0; i < g->items; i++) {
		size_t n = 0;
		for (size_t k = 0; counts(g, i) && k < g->players; k++)
			n += g->benefit[i * g->players + k] != 0;
		work += ((double)n + 1) * ldexp(1.0, (int)n);
	}
	return work;
}

/* Adds the exact Shapley value of item i's own game (players `who`) to phi. */
static int add_item_exact(const struct pool_game *g, size_t i, const size_t *who, size_t n,
			  double *table, double *phi)
{
	double benefit[POOL_EXACT_MAX], share[POOL_EXACT_MAX];
	struct pool_game one = {n, 1, benefit, &g->cost[i], NULL};

	for (size_t j = 0; j < n; j++)
		benefit[j] = g->benefit[i * g->players + who[j]];
	if (game_table(&one, table) != 0)
		return -1;
	shapley_exact(table, n, share);
	for (size_t j = 0; j < n; j++)
		phi[who[j]] += share[j];
	return 0;
}

/* Estimates the game of the items marked in `rest` and adds it to phi; se gets its errors. */
static int add_rest_sampled(const struct pool_game *g, const bool *rest, size_t permutations,
			    uint64_t seed, double *phi, double *se)
{
	struct pool_game sub = {g->players, g->items, g->benefit, g->cost, rest};
	double *estimate = alloc_array(g->players, sizeof *estimate);
	int rc = estimate ? shapley_sampled(&sub, permutations, seed, estimate, se) : -1;

	for (size_t k = 0; !rc && k < g->players; k++)
		phi[k] += estimate[k];
	free(estimate);
	return rc;
}

/* The most players any item solved exactly has, to size the coalition table once. */
static size_t largest_exact(const struct pool_game *g, size_t *who)
{
	size_t largest = 0;

	for (size_t i = 0; i < g->items; i++) {
		size_t n = counts(g, i) ? gainers(g, i, who) : 0;
		if (n <= POOL_EXACT_MAX && n > largest)
			largest = n;
	}
	return largest;
}

int shapley_by_item(const struct pool_game *g, size_t permutations, uint64_t seed,
		    double *phi, double *se, size_t *sampled_items)
{
	size_t *who = alloc_array(g->players + 1, sizeof *who);
	bool *rest = alloc_array(g->items + 1, sizeof *rest);
	double *table = who ? alloc_array((size_t)1 << largest_exact(g, who), sizeof *table) : NULL;
	int rc = who && rest && table ? 0 : -1;

	*sampled_items = 0;
	for (size_t k = 0; k < g->players; k++)
		phi[k] = se[k] = 0;
	for (size_t i = 0; !rc && i < g->items; i++) {
		size_t n = counts(g, i) ? gainers(g, i, who) : 0;
		if (n > POOL_EXACT_MAX) {
			rest[i] = true;
			++*sampled_items;
		} else if (n > 0) {
			rc = add_item_exact(g, i, who, n, table, phi);
		}
	}
	if (!rc && *sampled_items)
		rc = add_rest_sampled(g, rest, permutations, seed, phi, se);
	free(who);
	free(rest);
	free(table);
	return rc;
}
