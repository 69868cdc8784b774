/*
 * dates.c - calendar arithmetic for journeys: relative years by anniversary and ages.
 *
 * Relative year k of an index date I is [I + k years, I + k + 1 years): a date's year
 * count is the difference of calendar years, less one when its month and day come before
 * I's. So an anniversary is the same month and day, and the anniversary of 29 February in a
 * common year is 1 March (the first day whose month and day are not before 29 February).
 * Ages use the same rule. Days are link's days_from_civil, so one code path reads dates.
 */
#include "journeys.h"

static bool is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int whole_years(int32_t from, int32_t to)
{
	int years = to / 10000 - from / 10000;

	return to % 10000 < from % 10000 ? years - 1 : years;
}

int relative_year(int32_t index, int32_t day)
{
	return whole_years(index, day);
}

int32_t anniversary_day(int32_t index, int k)
{
	int year = index / 10000 + k, month = index / 100 % 100, day = index % 100;

	if (month == 2 && day == 29 && !is_leap(year))
		month = 3, day = 1;
	return days_from_civil(year * 10000 + month * 100 + day);
}

/* The inverse of days_from_civil (H. Hinnant's civil_from_days, with the era at 0000-03-01). */
int32_t civil_from_days(int32_t days)
{
	int era = (days >= 0 ? days : days - 146096) / 146097;
	int doe = days - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp < 10 ? mp + 3 : mp - 9;
	int y = yoe + era * 400 + (m <= 2);

	return y * 10000 + m * 100 + d;
}
