/*
 * discount.c - Green Book discounting and real prices.
 *
 * The schedules are the Green Book 2022 (Annex A6) bands: the standard social time
 * preference rate and the lower health rate, each falling after years 30, 75, 125, 200, 300.
 */
#include "discount.h"

/* Source: HM Treasury, "The Green Book: central government guidance on appraisal and
 * evaluation" (2022), Annex A6 "Discounting", Table 8 (the standard STPR of 3.5% for years
 * 0-30, declining) and Table 9 (the health rate of 1.5%, the STPR without its wealth effect);
 * tabulated in ../shared/data/appraisal/stpr_schedule.csv (greenbook R package). Bands end
 * at the year given; the last band runs on without end. */
static const int band_last_year[] = {30, 75, 125, 200, 300};
static const double stpr_rates[] = {0.035, 0.030, 0.025, 0.020, 0.015, 0.010};   /* Table 8 */
static const double health_rates[] = {0.015, 0.0129, 0.0107, 0.0086, 0.0064, 0.0043}; /* Table 9 */

static int band_of(int year)
{
	int band = 0;

	while (band < 5 && year > band_last_year[band])
		band++;
	return band;
}

double vmap_discount_rate(vmap_discount discount, int year)
{
	switch (discount.schedule) {
	case VMAP_SCHEDULE_STPR:
		return stpr_rates[band_of(year)];
	case VMAP_SCHEDULE_HEALTH:
		return health_rates[band_of(year)];
	default:
		return discount.rate;
	}
}

double vmap_discount_factor(vmap_discount discount, int year)
{
	double factor = 1;

	for (int s = 1; s <= year; s++)
		factor /= 1 + vmap_discount_rate(discount, s);
	return factor;
}

void discount_table(vmap_discount discount, int horizon, double *factors)
{
	if (horizon <= 0)
		return;
	factors[0] = 1;
	for (int t = 1; t < horizon; t++)
		factors[t] = factors[t - 1] / (1 + vmap_discount_rate(discount, t));
}

double vmap_real_price(double amount, double from_index, double to_index)
{
	return amount * to_index / from_index;
}
