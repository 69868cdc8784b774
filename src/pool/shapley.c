/*
 * shapley.c - the Shapley value of the savings game: exact from the coalition table, or
 * estimated from random orders of the players with a standard error.
 *
 * The exact value reads the table once per player and coalition (n * 2^n steps), with the
 * weight |S|! (n-|S|-1)! / n! built by the recurrence w(s) = w(s-1) * s / (n-s), never from
 * factorials, which overflow. The estimate is deterministic for a given seed.
 */
#include "game.h"

#include "core/alloc.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

void shapley_exact(const double *v, size_t n, double *phi)
{
	double weight[POOL_EXACT_MAX];
	size_t size = (size_t)1 << n;

	assert(n <= POOL_EXACT_MAX);
	if (n == 0)
		return;
	weight[0] = 1.0 / (double)n;
	for (size_t s = 1; s < n; s++)
		weight[s] = weight[s - 1] * (double)s / (double)(n - s);
	for (size_t k = 0; k < n; k++)
		phi[k] = 0;
	for (size_t s = 0; s < size; s++) {
		double w = weight[__builtin_popcountll((unsigned long long)s)];
		for (size_t k = 0; k < n; k++) {
			size_t bit = (size_t)1 << k;
			if (!(s & bit))
				phi[k] += w * (v[s | bit] - v[s]);
		}
	}
}

/* splitmix64: a small, well-mixed generator; enough for drawing orders of players. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* A uniform whole number below `bound`, without modulo bias. */
static size_t random_below(uint64_t *state, size_t bound)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
	uint64_t r;

	do
		r = next_random(state);
	while (r >= limit);
	return (size_t)(r % bound);
}

static void shuffle(size_t *order, size_t n, uint64_t *state)
{
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = n; i > 1; i--) {
		size_t j = random_below(state, i), t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
}

/* Adds player k to the running coalition and returns the coalition's new value. */
static double join(const struct pool_game *g, size_t k, double *sums)
{
	double value = 0;

	for (size_t i = 0; i < g->items; i++) {
		if (g->counted && !g->counted[i])
			continue;
		sums[i] += g->benefit[i * g->players + k];
		if (sums[i] > g->cost[i])
			value += sums[i] - g->cost[i];
	}
	return value;
}

/* Welford's running mean and sum of squared deviations, one per player. */
static void observe(double *mean, double *m2, size_t count, double x)
{
	double delta = x - *mean;

	*mean += delta / (double)count;
	*m2 += delta * (x - *mean);
}

int shapley_sampled(const struct pool_game *g, size_t permutations, uint64_t seed,
		    double *phi, double *se)
{
	size_t n = g->players, *order = alloc_array(n, sizeof *order);
	double *sums = alloc_array(g->items, sizeof *sums);
	double *m2 = alloc_array(n, sizeof *m2);
	int rc = order && sums && m2 ? 0 : -1;

	for (size_t k = 0; !rc && k < n; k++)
		phi[k] = 0;
	for (size_t p = 1; !rc && p <= permutations; p++) {
		double before = 0;
		shuffle(order, n, &seed);
		for (size_t i = 0; i < g->items; i++)
			sums[i] = 0;
		for (size_t j = 0; j < n; j++) {
			double after = join(g, order[j], sums);
			observe(&phi[order[j]], &m2[order[j]], p, after - before);
			before = after;
		}
	}
	for (size_t k = 0; !rc && k < n; k++)
		se[k] = permutations > 1
				? sqrt(m2[k] / (double)(permutations - 1) / (double)permutations)
				: 0;
	free(order);
	free(sums);
	free(m2);
	return rc;
}
