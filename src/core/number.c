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

/* 10^k for 0 <= k <= MAX_POWER, each exact in long double (5^27 < 2^64): the products the
 * loop 1 * 10 * 10 ... gave, read from a table. */
static long double power_of_ten(int k)
{
	static const long double tens[MAX_POWER + 1] = {
		1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
		1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
		1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};

	return tens[k];
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

/* The n digits d, the first of power of ten e, laid out as printf's %g does: in exponent form
 * when e < low or e >= high. */
static size_t place(char *out, const char *d, size_t n, int e, int low, int high)
{
	size_t length = 0;

	if (e >= high || e < low) {
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
	n = sign + place(out + sign, d, n, e, -5, DIGITS);
	out[n] = '\0';
	return n;
}

#ifdef __SIZEOF_INT128__
typedef unsigned __int128 wide;

/* |x| = m 2^q exactly, m < 2^53 (a normal double's). */
struct binary {
	uint64_t m;
	int q;
};

/* |x| scaled by 10^k (0 <= k <= 27, so 5^k < 2^63) is exactly p / 2^t: p = m 5^k, t = -(q + k)
 * (required in 1 .. 127). */
struct scaled {
	wide p;
	int t;
	uint64_t five_k;
};

static bool scale_exactly(struct binary b, int k, struct scaled *s)
{
	if (k < 0 || k > MAX_POWER || -(b.q + k) < 1 || -(b.q + k) > 127)
		return false;
	s->five_k = 1;
	for (int i = 0; i < k; i++)
		s->five_k *= 5;
	s->p = (wide)b.m * s->five_k;
	s->t = -(b.q + k);
	return true;
}

/* The nearest integer to p / 2^t, ties to even (as glibc's printf rounds the exact value). */
static uint64_t round_scaled(const struct scaled *s)
{
	wide whole = s->p >> s->t, rest = s->p - (whole << s->t), half = (wide)1 << (s->t - 1);

	if (rest > half || (rest == half && (whole & 1)))
		whole++;
	return (uint64_t)whole;
}

/* printf's `precision` significant digits of |x| = b, exactly: the digits as an integer in
 * [10^(precision - 1), 10^precision) and the power of ten of the first; false outside the
 * range this handles (then printf is asked). */
static bool exact_digits(struct binary b, int precision, double x, uint64_t *digits,
			 int *exponent, struct scaled *s)
{
	uint64_t low = 1;
	int e = (int)floor(log10(x));

	for (int i = 1; i < precision; i++)
		low *= 10;
	for (int attempt = 0; attempt < 3; attempt++) {
		if (!scale_exactly(b, precision - 1 - e, s))
			return false;
		*digits = round_scaled(s);
		if (*digits >= 10 * low)
			e++;
		else if (*digits < low)
			e--;
		else {
			*exponent = e;
			return true;
		}
	}
	return false;
}

/* Whether `digits` / 10^k (s: |x| scaled by 10^k) reads back as x: it lies within half an ulp
 * of x (a quarter below a power of two, where the ulp below is half). Never a tie: 2 |d| is
 * even and 5^k odd, or k = 0 and |d| >= 1 when not 0. */
static bool reads_back(const struct scaled *s, uint64_t digits, struct binary b)
{
	wide v = (wide)digits << s->t, gap = v > s->p ? v - s->p : s->p - v;
	bool quarter = b.m == (1ULL << 52) && v < s->p;

	return (gap << (quarter ? 2 : 1)) < s->five_k;
}

/* %.{precision}g of a positive x from its exact digits, into out (size > 32). */
static void write_g(char *out, uint64_t digits, int precision, int e)
{
	char d[DIGITS + 1];
	size_t n = (size_t)precision;

	for (int i = precision - 1; i >= 0; i--, digits /= 10)
		d[i] = (char)('0' + digits % 10);
	while (n > 1 && d[n - 1] == '0')
		n--;
	out[place(out, d, n, e, -4, precision)] = '\0';
}

/* format_double of a finite, nonzero |x| without printf, exactly as printf would: false when
 * x is outside the range handled (subnormal, below 1e-11 or from 1e15 on). */
static bool format_exactly(char *out, double x)
{
	int q;
	double fraction = frexp(x, &q);
	struct binary b = {(uint64_t)ldexp(fraction, 53), q - 53};
	struct scaled s15, s17;
	uint64_t digits;
	int e;

	if (x < DBL_MIN || !exact_digits(b, 15, x, &digits, &e, &s15))
		return false;
	if (reads_back(&s15, digits, b)) {
		write_g(out, digits, 15, e);
		return true;
	}
	if (!exact_digits(b, 17, x, &digits, &e, &s17))
		return false;
	write_g(out, digits, 17, e);
	return true;
}
#endif

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
#ifdef __SIZEOF_INT128__
	if (size > NUMBER_TEXT_MAX) {
		char *start = out;
		if (value < 0)
			*start++ = '-';
		if (format_exactly(start, fabs(value)))
			return;
	}
#endif
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
