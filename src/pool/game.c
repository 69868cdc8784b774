/*
 * game.c - the value of coalitions in the savings game.
 *
 * The whole table is built one item at a time: the sums of B(i,k) over every coalition come
 * from doubling (the coalitions that hold player j are those without it, plus B(i,j)), so an
 * item costs two passes over 2^n numbers, with no loop over each coalition's members. Items
 * whose positive benefits cannot cover their cost add nothing to any coalition and are
 * skipped.
 */
#include "game.h"

#include "core/alloc.h"

#include <stdlib.h>

double game_value(const struct pool_game *g, const bool *member)
{
	double value = 0;

	for (size_t i = 0; i < g->items; i++) {
		const double *row = g->benefit + i * g->players;
		double sum = 0;
		if (g->counted && !g->counted[i])
			continue;
		for (size_t k = 0; k < g->players; k++)
			if (member[k])
				sum += row[k];
		if (sum > g->cost[i])
			value += sum - g->cost[i];
	}
	return value;
}

/* False when no coalition can gain from item i: its positive benefits do not cover its cost. */
static bool item_can_gain(const struct pool_game *g, size_t i)
{
	const double *row = g->benefit + i * g->players;
	double best = 0;

	if (g->counted && !g->counted[i])
		return false;
	for (size_t k = 0; k < g->players; k++)
		if (row[k] > 0)
			best += row[k];
	return best > g->cost[i];
}

static void add_item(const struct pool_game *g, size_t i, double *sums, double *v)
{
	const double *row = g->benefit + i * g->players;
	size_t size = (size_t)1 << g->players;
	double cost = g->cost[i];

	sums[0] = 0;
	for (size_t j = 0, half = 1; j < g->players; j++, half <<= 1)
		for (size_t s = 0; s < half; s++)
			sums[half + s] = sums[s] + row[j];
	for (size_t s = 0; s < size; s++)
		if (sums[s] > cost)
			v[s] += sums[s] - cost;
}

int game_table(const struct pool_game *g, double *v)
{
	size_t size = (size_t)1 << g->players;
	double *sums = alloc_array(size, sizeof *sums);

	if (!sums)
		return -1;
	for (size_t s = 0; s < size; s++)
		v[s] = 0;
	for (size_t i = 0; i < g->items; i++)
		if (item_can_gain(g, i))
			add_item(g, i, sums, v);
	free(sums);
	return 0;
}
