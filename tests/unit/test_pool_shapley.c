/*
 * test_pool_shapley.c - the savings game and its Shapley value.
 *
 * Expected figures: the cost game of Maschler, Solan and Zamir (Game Theory, 2013, p. 667),
 * whose allocation is worked out by hand below, and random games checked against the
 * definition (every order of the players) computed in pool_fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pool/game.h"
#include "pool_fixture.h"

static struct pool_game game_of(const struct random_game *r)
{
	struct pool_game g = {r->players, r->items, r->benefit, r->cost, NULL};
	return g;
}

/*
 * Maschler, Solan and Zamir's cost game: c(1) = 300, c(2) = 270, c(3) = 280, any pair 410,
 * all three 550. Its savings game v(S) = sum of c(k) over S - c(S) is v(k) = 0,
 * v(12) = 160, v(13) = 170, v(23) = 140, v(123) = 300. With three players the Shapley value
 * is phi_i = v(i)/3 + (v(ij) - v(j))/6 + (v(ik) - v(k))/6 + (v(123) - v(jk))/3:
 *   phi_1 = 160/6 + 170/6 + (300 - 140)/3 = 55 + 53 1/3 = 108 1/3
 *   phi_2 = 160/6 + 140/6 + (300 - 170)/3 = 50 + 43 1/3 =  93 1/3
 *   phi_3 = 170/6 + 140/6 + (300 - 160)/3 = 51 2/3 + 46 2/3 = 98 1/3
 * so the Shapley cost shares are 300 - 108 1/3 = 191 2/3, 176 2/3 and 181 2/3 (sum 550).
 */
static void maschler_solan_zamir_cost_game(void **state)
{
	const double single[3] = {300, 270, 280}, pair = 410, all = 550;
	double v[8], phi[3];
	(void)state;
	v[0] = 0;
	for (int k = 0; k < 3; k++)
		v[1 << k] = 0;
	v[3] = single[0] + single[1] - pair;
	v[5] = single[0] + single[2] - pair;
	v[6] = single[1] + single[2] - pair;
	v[7] = single[0] + single[1] + single[2] - all;
	assert_true(v[3] == 160 && v[5] == 170 && v[6] == 140 && v[7] == 300);
	shapley_exact(v, 3, phi);
	assert_true(close_to(phi[0], 108.0 + 1.0 / 3, 1e-12));
	assert_true(close_to(phi[1], 93.0 + 1.0 / 3, 1e-12));
	assert_true(close_to(phi[2], 98.0 + 1.0 / 3, 1e-12));
	assert_true(close_to(single[0] - phi[0], 191.0 + 2.0 / 3, 1e-12));
}

/* The table built by doubling equals the definition for every coalition. */
static void table_matches_the_definition(void **state)
{
	struct random_game r = random_game_new(7, 25, 11);
	struct pool_game g = game_of(&r);
	double v[128];
	(void)state;
	assert_int_equal(game_table(&g, v), 0);
	for (uint64_t s = 0; s < 128; s++) {
		bool member[7];
		for (size_t k = 0; k < 7; k++)
			member[k] = s >> k & 1;
		assert_true(close_to(v[s], brute_value(&r, s), 1e-12));
		assert_true(close_to(game_value(&g, member), v[s], 1e-12));
	}
	random_game_free(&r);
}

/* Exact Shapley equals the mean over every order of the players, for 1 to 7 players. */
static void exact_matches_every_order(void **state)
{
	(void)state;
	for (size_t n = 1; n <= 7; n++) {
		struct random_game r = random_game_new(n, 12, 100 + n);
		struct pool_game g = game_of(&r);
		double v[128], phi[7], expected[7];
		assert_int_equal(game_table(&g, v), 0);
		shapley_exact(v, n, phi);
		brute_shapley(&r, expected);
		for (size_t k = 0; k < n; k++)
			assert_true(close_to(phi[k], expected[k], 1e-10));
		random_game_free(&r);
	}
}

/* Efficiency: shares sum to v(all), whatever the game. */
static void exact_shares_sum_to_the_surplus(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 20; seed++) {
		size_t n = 8 + seed % 7;
		struct random_game r = random_game_new(n, 30, seed);
		struct pool_game g = game_of(&r);
		double *v = calloc((size_t)1 << n, sizeof *v), phi[14], sum = 0;
		assert_int_equal(game_table(&g, v), 0);
		shapley_exact(v, n, phi);
		for (size_t k = 0; k < n; k++)
			sum += phi[k];
		assert_true(close_to(sum, v[((size_t)1 << n) - 1], 1e-9));
		free(v);
		random_game_free(&r);
	}
}

/* A player who gains nothing gets nothing; players with equal gains get equal shares. */
static void dummy_and_symmetric_players(void **state)
{
	/* items x players: players 0 and 1 identical, player 2 gains nothing */
	const double benefit[] = {40, 40, 0, 25, 25, 0, 70, 70, 0};
	const double cost[] = {60, 45, 100};
	struct pool_game g = {3, 3, benefit, cost, NULL};
	double v[8], phi[3];
	(void)state;
	assert_int_equal(game_table(&g, v), 0);
	shapley_exact(v, 3, phi);
	assert_true(phi[2] == 0);
	assert_true(close_to(phi[0], phi[1], 1e-12));
	/* v(01) = (80-60) + (50-45) + (140-100) = 65, split equally */
	assert_true(close_to(phi[0], 32.5, 1e-12));
}

/* Items left out of the game add nothing to any coalition. */
static void uncounted_items_are_left_out(void **state)
{
	const double benefit[] = {80, 0, 0, 90};
	const double cost[] = {50, 60};
	const bool counted[] = {true, false};
	struct pool_game g = {2, 2, benefit, cost, counted};
	double v[4];
	(void)state;
	assert_int_equal(game_table(&g, v), 0);
	assert_true(v[1] == 30 && v[2] == 0 && v[3] == 30);
}

/* The sampled estimate sums exactly to v(all) and lies within a few standard errors of the
 * exact value (the seed is fixed, so this is deterministic). */
static void sampled_estimate_is_efficient_and_close(void **state)
{
	struct random_game r = random_game_new(10, 40, 7);
	struct pool_game g = game_of(&r);
	double v[1024], exact[10], phi[10], se[10], sum = 0;
	(void)state;
	assert_int_equal(game_table(&g, v), 0);
	shapley_exact(v, 10, exact);
	assert_int_equal(shapley_sampled(&g, 4000, 12345, phi, se), 0);
	for (size_t k = 0; k < 10; k++) {
		sum += phi[k];
		assert_true(se[k] >= 0);
		assert_true(fabs(phi[k] - exact[k]) <= 5 * se[k] + 1e-9);
	}
	assert_true(close_to(sum, v[1023], 1e-9));
	random_game_free(&r);
}

/* More orders, smaller errors: the standard error falls roughly as 1/sqrt(orders). */
static void standard_error_shrinks_with_more_orders(void **state)
{
	struct random_game r = random_game_new(9, 30, 3);
	struct pool_game g = game_of(&r);
	double phi[9], se_few[9], se_many[9];
	(void)state;
	assert_int_equal(shapley_sampled(&g, 400, 1, phi, se_few), 0);
	assert_int_equal(shapley_sampled(&g, 6400, 1, phi, se_many), 0);
	for (size_t k = 0; k < 9; k++)
		if (se_few[k] > 0)
			assert_true(se_many[k] < 0.5 * se_few[k]);
	random_game_free(&r);
}

/* Additivity: the sum of each intervention's own small game equals the whole table. */
static void by_item_equals_the_whole_table(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct random_game r = random_game_new(12, 30, 200 + seed);
		struct pool_game g = game_of(&r);
		double *v = calloc(4096, sizeof *v), whole[12], phi[12], se[12];
		size_t sampled;
		assert_int_equal(game_table(&g, v), 0);
		shapley_exact(v, 12, whole);
		assert_int_equal(shapley_by_item(&g, 100, 1, phi, se, &sampled), 0);
		assert_int_equal(sampled, 0);
		for (size_t k = 0; k < 12; k++)
			assert_true(close_to(phi[k], whole[k], 1e-10) && se[k] == 0);
		free(v);
		random_game_free(&r);
	}
}

/* With 30 agencies, sparse interventions are exact and match every order of the players on
 * the agencies that feel them: a game whose items each touch players 0-5 only. */
static void by_item_is_exact_for_many_sparse_agencies(void **state)
{
	struct random_game small = random_game_new(6, 20, 77);
	double *wide = calloc(20 * 30, sizeof *wide), phi[30], se[30], expected[6];
	struct pool_game g = {30, 20, wide, small.cost, NULL};
	size_t sampled;
	(void)state;
	for (size_t i = 0; i < 20; i++)
		for (size_t k = 0; k < 6; k++)
			wide[i * 30 + k * 5] = small.benefit[i * 6 + k];
	assert_int_equal(shapley_by_item(&g, 100, 1, phi, se, &sampled), 0);
	assert_int_equal(sampled, 0);
	brute_shapley(&small, expected);
	for (size_t k = 0; k < 30; k++)
		assert_true(close_to(phi[k], k % 5 ? 0 : expected[k / 5], 1e-10));
	free(wide);
	random_game_free(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(maschler_solan_zamir_cost_game),
		cmocka_unit_test(table_matches_the_definition),
		cmocka_unit_test(exact_matches_every_order),
		cmocka_unit_test(exact_shares_sum_to_the_surplus),
		cmocka_unit_test(dummy_and_symmetric_players),
		cmocka_unit_test(uncounted_items_are_left_out),
		cmocka_unit_test(sampled_estimate_is_efficient_and_close),
		cmocka_unit_test(standard_error_shrinks_with_more_orders),
		cmocka_unit_test(by_item_equals_the_whole_table),
		cmocka_unit_test(by_item_is_exact_for_many_sparse_agencies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
