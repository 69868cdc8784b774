/*
 * game.h - the savings game of a pooled budget and the rules that share it.
 *
 * The game is given by plain matrices, so tests can feed published games straight in:
 * `benefit` is items x players (B(i,k), the fiscal benefit of intervention i to agency k) and
 * `cost` one C(i) per item. A coalition S is worth v(S) = sum over items of
 * max(0, sum over k in S of B(i,k) - C(i)). Coalitions of up to 64 players are bitmasks
 * (bit k set: player k is in), and a coalition table holds v(S) at index S for all 2^n S.
 *
 * Nothing here allocates except where a function says so; callers own every array.
 */
#ifndef VMAP_POOL_GAME_H
#define VMAP_POOL_GAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest number of players whose game is solved exactly over all its coalitions: the
 * whole game, or one intervention's game (shapley_by_item); beyond it the value is estimated
 * from sampled orders of the players. */
enum { POOL_EXACT_MAX = 20 };

struct pool_game {
	size_t players, items;
	const double *benefit; /* [items][players] */
	const double *cost;    /* [items] */
	const bool *counted;   /* [items]: false leaves the item out of the game; NULL counts all */
};

/* v(S) for the coalition whose members are flagged in `member` (one flag per player). */
double game_value(const struct pool_game *g, const bool *member);

/* Fills `v` (2^players entries, players <= POOL_EXACT_MAX) with every coalition's value.
 * Returns 0, or -1 when memory for the working table runs out. */
int game_table(const struct pool_game *g, double *v);

/* The exact Shapley value of the game whose coalition table is `v` (2^n entries, v[0] = 0):
 * phi_k = sum over S without k of |S|! (n-|S|-1)! / n! * (v(S + k) - v(S)). */
void shapley_exact(const double *v, size_t n, double *phi);

/* The Shapley value by additivity: the game is the sum of one game per item, in which only
 * the players with a non-zero benefit from the item take part (the others are null players
 * and get nothing). Items with at most POOL_EXACT_MAX such players are solved exactly over
 * their own coalitions; the rest together are estimated as shapley_sampled does, and `se`
 * holds the standard errors (0 when every item was exact). `*sampled_items` counts the items
 * estimated. Returns 0, or -1 when memory runs out. */
int shapley_by_item(const struct pool_game *g, size_t permutations, uint64_t seed,
		    double *phi, double *se, size_t *sampled_items);

/* Rough operation counts of the two exact methods, to choose the cheaper: the whole coalition
 * table (items + players) * 2^players, or sum over items of (gainers + 1) * 2^gainers. */
double table_work(const struct pool_game *g);
double by_item_work(const struct pool_game *g);

/* The Shapley value estimated as the mean marginal contribution over `permutations` random
 * orders of the players drawn from `seed`; `se` gets each estimate's standard error. The
 * estimates sum exactly to v(all), as every order's marginal contributions do.
 * Returns 0, or -1 when memory runs out. */
int shapley_sampled(const struct pool_game *g, size_t permutations, uint64_t seed,
		    double *phi, double *se);

/* Separable costs, remaining benefits of a cost game with n players, given c(N), c({k}) and
 * c(N \ {k}) for each k: separable cost s_k = c(N) - c(N \ {k}), remaining benefit
 * r_k = c({k}) - s_k, and the non-separable cost c(N) - sum s shared in proportion to r
 * (equally when the remaining benefits do not sum to a positive amount). */
void scrb_allocate(size_t n, double cost_all, const double *cost_alone,
		   const double *cost_without, double *share);

#endif
