/*
 * test_pool_credits.c - fair shares and credits of a whole pool: efficiency (Shapley shares
 * sum to the surplus) and balance (contributions under every method sum to the cost of what
 * the pool funds) on random games, exact and sampled, and a small game worked by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "pool/pool.h"
#include "pool_fixture.h"

/* A pool over the matrices of `r` (copied), with its funded sets solved without budgets. */
static vmap_pool *pool_of(const struct random_game *r)
{
	vmap_pool *pool = calloc(1, sizeof *pool);
	size_t n = r->players, m = r->items;
	struct pool_game g = {n, m, NULL, NULL, NULL};
	struct funding_limits none = {NULL, INFINITY};

	pool->players = n;
	pool->items = m;
	pool->benefit = malloc(m * n * sizeof(double));
	pool->paid = malloc(m * n * sizeof(double));
	pool->cost = malloc(m * sizeof(double));
	memcpy(pool->benefit, r->benefit, m * n * sizeof(double));
	memcpy(pool->paid, r->paid, m * n * sizeof(double));
	memcpy(pool->cost, r->cost, m * sizeof(double));
	pool->funding.pooled = calloc(m, sizeof(bool));
	pool->funding.siloed = calloc(m, sizeof(bool));
	pool->funding.siloed_by = calloc(m, sizeof(long));
	pool->shares = calloc(n, sizeof *pool->shares);
	g.benefit = pool->benefit;
	g.cost = pool->cost;
	assert_int_equal(funding_solve(&g, &none, &pool->funding, &pool->diag), 0);
	return pool;
}

static void check_sums(const vmap_pool *pool)
{
	double shapley = 0, contribution = 0, proportional = 0, scrb = 0;
	double cost = pool->funding.pooled_cost;

	for (size_t p = 0; p < pool->players; p++) {
		const vmap_pool_share *s = &pool->shares[p];
		shapley += s->shapley;
		contribution += s->contribution;
		proportional += s->proportional_contribution;
		scrb += s->scrb;
		assert_true(close_to(s->balance, s->contribution - s->spend, 1e-12));
	}
	assert_true(close_to(shapley, pool->surplus, 1e-9));
	assert_true(close_to(pool->surplus, pool->funding.pooled_net, 1e-9));
	assert_true(close_to(contribution, cost, 1e-9));
	assert_true(close_to(proportional, cost, 1e-9));
	assert_true(close_to(scrb, cost, 1e-9));
}

static void random_games_are_efficient_and_balanced(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 25; seed++) {
		struct random_game r = random_game_new(2 + seed % 11, 40, seed);
		vmap_pool *pool = pool_of(&r);
		assert_int_equal(pool_play(pool), 0);
		assert_true(pool->exact);
		assert_int_equal(pool->sampled_items, 0);
		check_sums(pool);
		vmap_pool_free(pool);
		random_game_free(&r);
	}
}

/* An intervention felt by more than 20 agencies is estimated: both properties still hold,
 * and the shares carry standard errors. */
static void sampled_games_are_efficient_and_balanced(void **state)
{
	struct random_game r = random_game_new(23, 30, 5);
	vmap_pool *pool;
	bool some_error = false;
	(void)state;
	for (size_t k = 0; k < 23; k++)
		r.benefit[k] = 5 + (double)k;
	pool = pool_of(&r);
	assert_int_equal(pool_play(pool), 0);
	assert_false(pool->exact);
	assert_int_equal(pool->sampled_items, 1);
	check_sums(pool);
	for (size_t p = 0; p < pool->players; p++)
		some_error = some_error || pool->shares[p].shapley_se > 0;
	assert_true(some_error);
	vmap_pool_free(pool);
	random_game_free(&r);
}

/*
 * tests/data/pool/three.yaml by hand (agencies a, b, c; a pays x, b pays y, c pays z):
 * v(b) = 30 (y), v(ab) = v(abc) = 40 (x adds 10 only with a and b): Shapley (5, 35, 0).
 * Funded x and y (cost 150): fiscal benefit a 60, b 50 + 80 = 130, c 0.
 * Contributions 60 - 5 = 55, 130 - 35 = 95, 0; spend 100, 50, 0; balance -45, 45, 0.
 * Proportional: 150 * 60/190 = 47.3684, 150 * 130/190 = 102.6316.
 * SCRB (cost game c(S) = fiscal benefit of S - v(S)): c(a) = 60, c(b) = 100, c(abc) = 150,
 * c(bc) = 100, c(ac) = 60, c(ab) = 150; separable 50, 90, 0; remaining 10, 10, 0;
 * the 10 left shared equally: 55, 95, 0.
 */
static void three_departments_by_hand(void **state)
{
	const double benefit[] = {60, 50, 0, 0, 80, 0, 30, 0, 30}, cost[] = {100, 50, 100};
	const double paid[] = {100, 0, 0, 0, 50, 0, 0, 0, 100};
	struct random_game r = {3, 3, (double *)benefit, (double *)cost, (double *)paid};
	vmap_pool *pool = pool_of(&r);
	const double shapley[3] = {5, 35, 0}, balance[3] = {-45, 45, 0}, scrb[3] = {55, 95, 0};
	const double proportional[3] = {47.3684, 102.6316, 0};
	(void)state;
	assert_int_equal(pool_play(pool), 0);
	assert_true(close_to(pool->surplus, 40, 1e-12));
	for (size_t p = 0; p < 3; p++) {
		assert_true(fabs(pool->shares[p].shapley - shapley[p]) < 1e-9);
		assert_true(fabs(pool->shares[p].balance - balance[p]) < 1e-9);
		assert_true(fabs(pool->shares[p].scrb - scrb[p]) < 1e-9);
		assert_true(fabs(pool->shares[p].proportional_contribution - proportional[p]) <
			    1e-4);
	}
	vmap_pool_free(pool);
}

/* When any allocation fails, the pool reports running out of memory and leaks nothing (the
 * sanitizer build checks the leaks); given memory, the same pool then succeeds. */
static void every_allocation_failure_is_reported(void **state)
{
	(void)state;
	for (long n = 1;; n++) {
		struct random_game r = random_game_new(23, 12, 9);
		vmap_pool *pool;
		int rc;
		for (size_t k = 0; k < 23; k++)
			r.benefit[k] = 1 + (double)k; /* one intervention is estimated */
		pool = pool_of(&r);
		alloc_fail_after(n);
		rc = pool_play(pool);
		alloc_fail_after(0);
		assert_true(rc == VMAP_OK || rc == VMAP_NOMEM);
		if (rc == VMAP_NOMEM)
			assert_int_equal(pool_play(pool), VMAP_OK);
		check_sums(pool);
		vmap_pool_free(pool);
		random_game_free(&r);
		if (rc == VMAP_OK)
			break;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_games_are_efficient_and_balanced),
		cmocka_unit_test(sampled_games_are_efficient_and_balanced),
		cmocka_unit_test(three_departments_by_hand),
		cmocka_unit_test(every_allocation_failure_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
