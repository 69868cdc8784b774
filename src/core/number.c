/*
 * number.c - numbers as text: shortest round-trip (printf) and 17 digits by scaling with
 * exact powers of ten (number_text).
 */
#include "number.h"

#include "valuemap.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DIGITS = 17, MAX_POWER = 27 }; /* 10^27 = 2^27 * 5^27 and 5^27 < 2^64: exact */

static const uint64_t lowest17 = 10000000000000000ULL; /* 10^16 */

static long double power_of_ten(int k)
{
	long double p = 1;

	for (int i = 0; i < k; i++)
		p *= 10;
	return p;
}

/* The 17 digits of |x| as an integer in [10^16, 10^17), with `*exponent` the power of ten
 * of the first digit; false when out of the exact range. */
static bool scaled_digits(double x, int *exponent, uint64_t *digits)
{
	int e = (int)floor(log10(x));

	for (int attempt = 0; attempt < 3; attempt++) {
		int k = DIGITS - 1 - e;
		long double scaled;
		if (k > MAX_POWER || k < -MAX_POWER)
			return false;
		scaled = k >= 0 ? (long double)x * power_of_ten(k) : (long double)x / power_of_ten(-k);
		*digits = (uint64_t)llroundl(scaled);
		if (*digits >= 10 * lowest17)
			e++;
		else if (*digits < lowest17)
			e--;
		else
			break;
	}
	*exponent = e;
	return *digits >= lowest17 && *digits < 10 * lowest17;
}

static size_t place(char *out, const char *d, size_t n, int e)
{
	size_t length = 0;

	if (e >= DIGITS || e < -5) {
		out[length++] = d[0];
		if (n > 1) {
			out[length++] = '.';
			memcpy(out + length, d + 1, n - 1);
			length += n - 1;
		}
		return length + (size_t)snprintf(out + length, 8, "e%c%02d", e < 0 ? '-' : '+',
						 abs(e));
	}
	if (e < 0) {
		memcpy(out, "0.", 2);
		length = 2;
		for (int z = -1; z > e; z--)
			out[length++] = '0';
		memcpy(out + length, d, n);
		return length + n;
	}
	for (int i = 0; i <= e; i++)
		out[length++] = (size_t)i < n ? d[i] : '0';
	if ((size_t)e + 1 < n) {
		out[length++] = '.';
		memcpy(out + length, d + e + 1, n - (size_t)e - 1);
		length += n - (size_t)e - 1;
	}
	return length;
}

size_t number_text(char *out, double x)
{
	char d[DIGITS + 1];
	uint64_t digits;
	size_t n = DIGITS, sign = 0;
	int e;

	if (x == 0) {
		out[0] = '0';
		out[1] = '\0';
		return 1;
	}
	if (x < 0) {
		out[sign++] = '-';
		x = -x;
	}
	if (LDBL_MANT_DIG < 64 || !scaled_digits(x, &e, &digits))
		return sign + (size_t)snprintf(out + sign, NUMBER_TEXT_MAX - sign, "%.17g", x);
	for (int i = DIGITS - 1; i >= 0; i--, digits /= 10)
		d[i] = (char)('0' + digits % 10);
	while (n > 1 && d[n - 1] == '0')
		n--;
	n = sign + place(out + sign, d, n, e);
	out[n] = '\0';
	return n;
}

void format_double(char *out, size_t size, double value)
{
	if (!isfinite(value)) {
		snprintf(out, size, "null");
		return;
	}
	if (value == 0) {
		snprintf(out, size, "0");
		return;
	}
	/* 15 digits is exact for most hand-written figures; 17 always is (IEEE 754 binary64).
	 * Trying 16 as well rarely saves a digit and costs a third more time on big outputs. */
	snprintf(out, size, "%.15g", value);
	if (strtod(out, NULL) != value)
		snprintf(out, size, "%.17g", value);
}

/* Copies `text` without a leading pound sign, thousands separators and a trailing per cent
 * sign into `plain`; false when it has none of them or they are misplaced. */
static bool strip_typing(const char *text, char *plain, size_t size, bool *percent)
{
	size_t n = 0, length = strlen(text), digits_since_comma = 0;
	bool changed = false, comma = false;

	*percent = length > 0 && text[length - 1] == '%';
	if (*percent) {
		length--;
		changed = true;
	}
	if (strncmp(text, "\xc2\xa3", 2) == 0) { /* £ */
		text += 2;
		length -= 2;
		changed = true;
	}
	for (size_t i = 0; i < length && n + 1 < size; i++) {
		if (text[i] == ',') {
			if (n == 0 || (comma && digits_since_comma != 3))
				return false;
			comma = changed = true;
			digits_since_comma = 0;
			continue;
		}
		if (text[i] == '.' || text[i] == 'e' || text[i] == 'E') {
			if (comma && digits_since_comma != 3)
				return false;
			comma = false;
		}
		digits_since_comma++;
		plain[n++] = text[i];
	}
	plain[n] = '\0';
	return changed && n > 0 && (!comma || digits_since_comma == 3) && n + 1 < size;
}

bool number_typed_hint(const char *text, char *out, size_t size)
{
	char plain[64], *end;
	bool percent;
	double value;

	if (!text || !strip_typing(text, plain, sizeof plain, &percent))
		return false;
	value = strtod(plain, &end);
	if (end == plain || *end != '\0' || !isfinite(value) || strpbrk(plain, "xXnN"))
		return false;
	format_double(out, size, percent ? value / 100 : value);
	return true;
}

bool vmap_number_hint(const char *text, char *out, size_t size)
{
	return number_typed_hint(text, out, size);
}

void money_text(char *out, size_t size, double pounds)
{
	char digits[64], grouped[96];
	double rounded = round(fabs(pounds));
	size_t length, g = 0;

	if (!isfinite(pounds)) {
		snprintf(out, size, "n/a");
		return;
	}
	snprintf(digits, sizeof digits, "%.0f", rounded);
	length = strlen(digits);
	for (size_t i = 0; i < length; i++) {
		if (i > 0 && (length - i) % 3 == 0)
			grouped[g++] = ',';
		grouped[g++] = digits[i];
	}
	grouped[g] = '\0';
	snprintf(out, size, "%s\xc2\xa3%s", pounds < 0 && rounded > 0 ? "-" : "", grouped);
}

void vmap_format_money(char *out, size_t size, double pounds)
{
	money_text(out, size, pounds);
}
