/*
 * calendar.c - days as numbers (days since 1970-01-01, proleptic Gregorian) and back, after
 * Howard Hinnant's civil-calendar algorithms, so that dates can be drawn uniformly and
 * compared as integers.
 */
#include "synth/synth.h"

int32_t day_from_civil(int year, int month, int day)
{
	int y = year - (month <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int year_of_era = y - era * 400;
	int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

	return era * 146097 + day_of_era - 719468;
}

void civil_from_day(int32_t n, int *year, int *month, int *day)
{
	int32_t z = n + 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t day_of_era = z - era * 146097;
	int32_t year_of_era =
		(day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
	int32_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	int32_t mp = (5 * day_of_year + 2) / 153;

	*day = day_of_year - (153 * mp + 2) / 5 + 1;
	*month = mp < 10 ? mp + 3 : mp - 9;
	*year = year_of_era + era * 400 + (*month <= 2);
}

int32_t add_years(int32_t n, int years)
{
	int y, m, d;

	civil_from_day(n, &y, &m, &d);
	return day_from_civil(y + years, m, d);
}
