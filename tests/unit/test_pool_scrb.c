/*
 * test_pool_scrb.c - separable costs, remaining benefits.
 *
 * Expected figures: Young, Okada and Hashimoto, "Cost allocation in water resources
 * development - a case study of Sweden", IIASA WP-79-077 (1979), Tables 7 and 8, and the
 * Maschler, Solan and Zamir cost game worked by hand below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pool/game.h"
#include "pool_fixture.h"

/*
 * Six Swedish municipalities A, H, K, L, M, T share a water supply costing c(N) = 83.82
 * million crowns. Table 8 gives each one's alternative (stand-alone) cost c({k}) and marginal
 * cost c(N) - c(N \ {k}); Table 7 gives the SCRB allocation 19.54, 13.28, 5.62, 10.90, 16.66,
 * 17.82. The published figures are rounded to 0.01 and the marginal costs we start from are
 * themselves rounded, so the shares are held to within 0.01.
 */
static void young_okada_hashimoto_sweden(void **state)
{
	const double alone[6] = {21.95, 17.08, 10.91, 15.88, 20.81, 21.98};
	const double marginal[6] = {17.36, 9.85, 0.82, 6.40, 12.90, 14.06};
	const double table7[6] = {19.54, 13.28, 5.62, 10.90, 16.66, 17.82};
	double without[6], share[6], sum = 0;
	(void)state;
	for (int k = 0; k < 6; k++)
		without[k] = 83.82 - marginal[k];
	scrb_allocate(6, 83.82, alone, without, share);
	for (int k = 0; k < 6; k++) {
		assert_true(fabs(share[k] - table7[k]) <= 0.01);
		sum += share[k];
	}
	assert_true(fabs(sum - 83.82) < 1e-9);
}

/*
 * Maschler, Solan and Zamir's cost game (single 300, 270, 280; pairs 410; all 550): every
 * separable cost is 550 - 410 = 140; remaining benefits 160, 130, 140 (sum 430); the
 * non-separable cost 550 - 420 = 130 is shared 160:130:140, giving
 * 140 + 130 * 160/430 = 188.3721, 140 + 130 * 130/430 = 179.3023, 140 + 130 * 140/430 =
 * 182.3256.
 */
static void maschler_solan_zamir_by_hand(void **state)
{
	const double alone[3] = {300, 270, 280}, without[3] = {410, 410, 410};
	double share[3];
	(void)state;
	scrb_allocate(3, 550, alone, without, share);
	assert_true(fabs(share[0] - 188.3721) < 1e-4);
	assert_true(fabs(share[1] - 179.3023) < 1e-4);
	assert_true(fabs(share[2] - 182.3256) < 1e-4);
}

/* With no remaining benefit to share by, the non-separable cost is split equally. */
static void no_remaining_benefit_splits_equally(void **state)
{
	const double alone[2] = {10, 20}, without[2] = {20, 10};
	double share[2];
	(void)state;
	/* separable 30 - 20 = 10 and 30 - 10 = 20: remaining 0 and 0; nothing left to share */
	scrb_allocate(2, 30, alone, without, share);
	assert_true(share[0] == 10 && share[1] == 20);
	/* c(N) = 40: the 10 left over goes 5 and 5 */
	scrb_allocate(2, 40, alone, (const double[]){30, 20}, share);
	assert_true(fabs(share[0] - 15) < 1e-12 && fabs(share[1] - 25) < 1e-12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(young_okada_hashimoto_sweden),
		cmocka_unit_test(maschler_solan_zamir_by_hand),
		cmocka_unit_test(no_remaining_benefit_splits_equally),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
