/*
 * standardise_dates.c - dates of birth: a strptime-style format from the spec (%d %m %Y %y
 * %b), or the usual layouts recognised (YYYYMMDD, YYYY-MM-DD, DD/MM/YYYY, 3 Mar 1980, ...).
 * A date that does not exist (31 February, month 13) is unreadable, never adjusted; any
 * date the calendar allows is a date (years 1 to 9999, 0990-01-01 included: historical
 * records have them), and one outside DATE_PLAUSIBLE_* is flagged by the caller, not dropped.
 * Two-digit years up to 25 are read as 20xx, later ones as 19xx. The dates systems put for
 * "no date" (1900-01-01, 1899-12-30/31, 1800-01-01, 1753-01-01, 1000-01-01) are missing.
 */
#include "records.h"
#include "standardise.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may", "jun",
					  "jul", "aug", "sep", "oct", "nov", "dec"};

static const char *const recognised[] = {
	"%Y%m%d", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y",
	"%d %b %Y", "%d-%b-%Y", "%d/%m/%y", "%d-%m-%y", NULL,
};

bool date_is_valid(int year, int month, int day)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
		return false;
	return day <= days[month - 1] + (month == 2 && leap);
}

static bool read_number(const char **s, int min_digits, int max_digits, int *out)
{
	int n = 0, value = 0;

	while (n < max_digits && isdigit((unsigned char)**s)) {
		value = value * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	*out = value;
	return n >= min_digits;
}

static bool read_month_name(const char **s, int *month)
{
	const char *p = *s;
	size_t n = 0;

	while (isalpha((unsigned char)p[n]))
		n++;
	if (n < 3)
		return false;
	for (int m = 0; m < 12; m++) {
		if (strncasecmp(p, month_names[m], 3) == 0) {
			*month = m + 1;
			*s = p + n;
			return true;
		}
	}
	return false;
}

static bool read_directive(const char **s, char directive, int *y, int *m, int *d)
{
	switch (directive) {
	case 'd':
		return read_number(s, 1, 2, d);
	case 'm':
		return read_number(s, 1, 2, m);
	case 'Y':
		return read_number(s, 4, 4, y);
	case 'y':
		if (!read_number(s, 2, 2, y))
			return false;
		*y += *y <= 25 ? 2000 : 1900;
		return true;
	case 'b':
	case 'B':
		return read_month_name(s, m);
	default:
		return false;
	}
}

static bool parse_with(const char *s, const char *format, int32_t *out)
{
	int y = 0, m = 0, d = 0;

	for (const char *f = format; *f; f++) {
		if (*f == '%' && f[1]) {
			if (!read_directive(&s, *++f, &y, &m, &d))
				return false;
		} else if (*f == ' ') {
			while (*s == ' ')
				s++;
		} else if (*s++ != *f) {
			return false;
		}
	}
	/* allow a time after an ISO date ("1980-03-01T00:00:00", "1980-03-01 00:00") */
	if (*s && !((*s == 'T' || *s == ' ') && isdigit((unsigned char)s[1])))
		return false;
	if (!date_is_valid(y, m, d))
		return false;
	*out = y * 10000 + m * 100 + d;
	return true;
}

bool std_date(const char *raw, const char *format, int32_t *yyyymmdd)
{
	while (*raw == ' ')
		raw++;
	*yyyymmdd = DOB_MISSING;
	if (format)
		return parse_with(raw, format, yyyymmdd);
	for (size_t i = 0; recognised[i]; i++)
		if (parse_with(raw, recognised[i], yyyymmdd))
			return true;
	return false;
}

bool date_is_plausible(int32_t yyyymmdd)
{
	return yyyymmdd >= DATE_PLAUSIBLE_FROM && yyyymmdd <= DATE_PLAUSIBLE_TO;
}

size_t date_digits(const char *raw, char *out, size_t size)
{
	size_t n = 0;

	for (; *raw && n + 1 < size; raw++)
		if (isdigit((unsigned char)*raw))
			out[n++] = *raw;
	out[n] = '\0';
	return n;
}

bool date_is_placeholder(int32_t yyyymmdd)
{
	static const int32_t placeholders[] = {19000101, 18991231, 18991230, 18000101, 17530101,
					       10000101, 0};

	for (size_t i = 0; placeholders[i]; i++)
		if (yyyymmdd == placeholders[i])
			return true;
	return false;
}

int32_t days_from_civil(int32_t yyyymmdd)
{
	int y = yyyymmdd / 10000, m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe;
}
