/*
 * suggest.h - "did you mean" for misspelt keys and ids.
 */
#ifndef VMAP_CORE_SUGGEST_H
#define VMAP_CORE_SUGGEST_H

#include <stddef.h>

/* Optimal-string-alignment (restricted Damerau-Levenshtein) distance, capped at `cap`+1. */
size_t edit_distance(const char *a, const char *b, size_t cap);

/* The candidate nearest to `word` when it is close enough to be a likely misspelling
 * (distance at most 2, and less than half the word's length), else NULL. */
const char *suggest_nearest(const char *word, const char *const *candidates, size_t count);

/* Writes " (did you mean 'x'?)" into `out`, or "" when there is no likely candidate. */
void suggest_hint(char *out, size_t size, const char *word, const char *const *candidates,
		  size_t count);

#endif
