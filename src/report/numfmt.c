/*
 * numfmt.c - numbers as people write them (see numfmt.h).
 */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Writes the non-negative whole number `value` with a comma every three digits. */
static void group_thousands(char *out, size_t size, double value)
{
	char digits[64];
	size_t n, o = 0;

	snprintf(digits, sizeof digits, "%.0f", value);
	n = strlen(digits);
	for (size_t i = 0; i < n && o + 2 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

static const char *sign_of(double value)
{
	return value < 0 ? "-" : "";
}

/* The rounded value with separators: its sign, then `unit` ("" or a pound sign), then digits. */
static void grouped(char *out, size_t size, double value, const char *unit)
{
	char number[64];
	double rounded = round(value);

	if (!isfinite(value)) {
		snprintf(out, size, "n/a");
		return;
	}
	if (rounded == 0)
		rounded = 0; /* no "-0" */
	group_thousands(number, sizeof number, fabs(rounded));
	snprintf(out, size, "%s%s%s", sign_of(rounded), unit, number);
}

void fmt_money_full(char *out, size_t size, double pounds)
{
	grouped(out, size, pounds, "\xc2\xa3");
}

/* "1.2" or "27" from a value already scaled to millions or billions. */
static void scaled(char *out, size_t size, double value)
{
	size_t n;

	snprintf(out, size, value < 99.95 ? "%.1f" : "%.0f", value);
	n = strlen(out);
	if (n > 2 && strcmp(out + n - 2, ".0") == 0)
		out[n - 2] = '\0';
}

void fmt_money(char *out, size_t size, double pounds)
{
	double a = fabs(pounds);
	char number[64];

	if (!isfinite(pounds)) {
		snprintf(out, size, "n/a");
	} else if (a >= 999.95e6) {
		scaled(number, sizeof number, a / 1e9);
		snprintf(out, size, "%s\xc2\xa3%sbn", sign_of(pounds), number);
	} else if (a >= 999999.5) {
		scaled(number, sizeof number, a / 1e6);
		snprintf(out, size, "%s\xc2\xa3%sm", sign_of(pounds), number);
	} else if (a < 9.995 && a != floor(a) && a >= 0.005) {
		snprintf(out, size, "%s\xc2\xa3%.2f", sign_of(pounds), a);
	} else {
		fmt_money_full(out, size, pounds);
	}
}

void fmt_percent(char *out, size_t size, double share)
{
	double p = 100 * share;

	if (!isfinite(share))
		snprintf(out, size, "n/a");
	else if (p > 0 && p < 0.5)
		snprintf(out, size, "<1%%");
	else if (p >= 99.5 && p < 100)
		snprintf(out, size, ">99%%");
	else
		snprintf(out, size, "%.0f%%", p == 0 ? 0.0 : p);
}

void fmt_count(char *out, size_t size, double value)
{
	grouped(out, size, value, "");
}

void fmt_fixed(char *out, size_t size, double value, int decimals)
{
	if (!isfinite(value))
		snprintf(out, size, "n/a");
	else
		snprintf(out, size, "%.*f", decimals, value == 0 ? 0.0 : value);
}
