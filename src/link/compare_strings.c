/*
 * compare_strings.c - string similarity: Jaro-Winkler (Winkler 1990: prefix scale 0.1, at
 * most 4 prefix characters, applied when the Jaro value exceeds 0.7) and the optimal-string-alignment
 * form of the Damerau-Levenshtein distance (core/suggest.c's, on NUL-terminated values). Both
 * work on bytes; the text cleaning has already
 * folded accents, so nearly all names are ASCII by then. Strings past 64 bytes are compared
 * on their first 64.
 */
#include "compare_strings.h"

#include "core/suggest.h"

#include <stdint.h>
#include <string.h>

#define SIM_MAX 64

/* Matching characters by bit masks: positions[c] holds where byte c occurs in `b`. */
static size_t jaro_matches(const char *a, size_t la, const char *b, size_t lb, uint64_t *ma,
			   uint64_t *mb)
{
	uint64_t positions[256];
	size_t window = (la > lb ? la : lb) / 2, matches = 0;

	window = window > 0 ? window - 1 : 0;
	for (size_t i = 0; i < la; i++)
		positions[(unsigned char)a[i]] = 0;
	for (size_t j = 0; j < lb; j++)
		positions[(unsigned char)b[j]] = 0;
	for (size_t j = 0; j < lb; j++)
		positions[(unsigned char)b[j]] |= 1ULL << j;
	for (size_t i = 0; i < la; i++) {
		size_t lo = i > window ? i - window : 0, hi = i + window + 1;
		uint64_t range, found;
		if (lo >= lb)
			break;
		range = (hi >= 64 ? ~0ULL : (1ULL << hi) - 1) & ~((1ULL << lo) - 1);
		found = positions[(unsigned char)a[i]] & range & ~*mb;
		if (!found)
			continue;
		found &= -found;
		*mb |= found;
		*ma |= 1ULL << i;
		matches++;
	}
	return matches;
}

static size_t jaro_transpositions(const char *a, const char *b, uint64_t ma, uint64_t mb)
{
	size_t t = 0;

	while (ma && mb) {
		int i = __builtin_ctzll(ma), j = __builtin_ctzll(mb);
		t += a[i] != b[j];
		ma &= ma - 1;
		mb &= mb - 1;
	}
	return t / 2;
}

double jaro_winkler(const char *a, size_t la, const char *b, size_t lb)
{
	uint64_t ma = 0, mb = 0;
	size_t m, t, prefix = 0;
	double jaro;

	la = la > SIM_MAX ? SIM_MAX : la;
	lb = lb > SIM_MAX ? SIM_MAX : lb;
	if (la == 0 || lb == 0)
		return la == lb ? 1.0 : 0.0;
	m = jaro_matches(a, la, b, lb, &ma, &mb);
	if (m == 0)
		return 0.0;
	t = jaro_transpositions(a, b, ma, mb);
	jaro = ((double)m / (double)la + (double)m / (double)lb + (double)(m - t) / (double)m) / 3.0;
	while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix])
		prefix++;
	if (jaro <= 0.7)
		return jaro;
	return jaro + (double)prefix * 0.1 * (1.0 - jaro);
}

int damerau_distance(const char *a, size_t la, const char *b, size_t lb, int cap)
{
	size_t d;

	if ((la > lb ? la - lb : lb - la) > (size_t)cap)
		return cap + 1;
	d = edit_distance(a, b, (size_t)cap);
	return d > (size_t)cap ? cap + 1 : (int)d;
}

/* One substitution, one insertion or deletion, or one swap of neighbours, in O(n). */
bool within_one_edit(const char *a, size_t la, const char *b, size_t lb)
{
	size_t i = 0;

	if (la < lb) {
		const char *t = a;
		size_t lt = la;
		a = b, la = lb, b = t, lb = lt;
	}
	if (la - lb > 1)
		return false;
	while (i < lb && a[i] == b[i])
		i++;
	if (i == lb)
		return true; /* equal, or one extra character at the end */
	if (la != lb)
		return memcmp(a + i + 1, b + i, lb - i) == 0;
	if (memcmp(a + i + 1, b + i + 1, la - i - 1) == 0)
		return true; /* one substitution */
	return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
	       memcmp(a + i + 2, b + i + 2, la - i - 2) == 0;
}

/* Soundex digit of a lower- or upper-case letter; '0' for vowels and y, h and w (told
 * apart by the caller: h and w do not separate equal codes). */
static char soundex_digit(char c)
{
	static const char digits[] = "01230120022455012623010202";

	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'z' ? digits[c - 'a'] : 0;
}

size_t soundex(const char *s, size_t n, char out[5])
{
	size_t k = 0, i = 0;
	char last;

	while (i < n && !soundex_digit(s[i]))
		i++;
	if (i == n)
		return 0;
	out[k++] = (char)(s[i] & ~0x20);
	last = soundex_digit(s[i]);
	for (i++; i < n && k < 4; i++) {
		char c = (char)(s[i] | 0x20), d = soundex_digit(s[i]);
		if (!d)
			continue; /* not a letter: ignored */
		if (d != '0' && d != last)
			out[k++] = d;
		if (c != 'h' && c != 'w')
			last = d;
	}
	while (k < 4)
		out[k++] = '0';
	out[4] = '\0';
	return 4;
}
