/*
 * suggest.c - edit distance and nearest-candidate suggestions for error messages.
 */
#include "suggest.h"

#include <stdio.h>
#include <string.h>

enum { MAX_WORD = 64 };

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

size_t edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t rows[3][MAX_WORD + 1];

	if (la > MAX_WORD || lb > MAX_WORD)
		return cap + 1;
	for (size_t j = 0; j <= lb; j++)
		rows[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *row = rows[i % 3], *prev = rows[(i - 1) % 3], *prev2 = rows[(i + 1) % 3];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			row[j] = min3(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < row[j])
				row[j] = prev2[j - 2] + 1;
		}
	}
	return rows[la % 3][lb] > cap ? cap + 1 : rows[la % 3][lb];
}

const char *suggest_nearest(const char *word, const char *const *candidates, size_t count)
{
	const char *best = NULL;
	size_t best_distance = 3;

	for (size_t i = 0; i < count; i++) {
		size_t d = edit_distance(word, candidates[i], 2);
		if (d < best_distance && 2 * d < strlen(word) + 1) {
			best = candidates[i];
			best_distance = d;
		}
	}
	return best;
}

void suggest_hint(char *out, size_t size, const char *word, const char *const *candidates,
		  size_t count)
{
	const char *best = suggest_nearest(word, candidates, count);

	if (best)
		snprintf(out, size, " (did you mean '%s'?)", best);
	else if (size)
		out[0] = '\0';
}
