/*
 * compare_strings.h - string similarity (compare_strings.c): Jaro-Winkler and edit distances.
 */
#ifndef VMAP_LINK_COMPARE_STRINGS_H
#define VMAP_LINK_COMPARE_STRINGS_H

#include <stdbool.h>
#include <stddef.h>

double jaro_winkler(const char *a, size_t la, const char *b, size_t lb);
/* Optimal string alignment distance, giving up (returning cap + 1) beyond `cap`. */
int damerau_distance(const char *a, size_t la, const char *b, size_t lb, int cap);
/* damerau_distance(...) <= 1, much faster. */
/* The Soundex code of the letters of s (a letter and three digits, into out[5]); returns its
 * length, 4, or 0 when s has no letter. */
size_t soundex(const char *s, size_t n, char out[5]);
bool within_one_edit(const char *a, size_t la, const char *b, size_t lb);

#endif
