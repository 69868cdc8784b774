/*
 * compare_fields.h - comparisons (compare_fields.c): a record pair to a level per compared field,
 * and a pair's levels packed 4 bits each into a gamma_t.
 */
#ifndef VMAP_LINK_COMPARE_FIELDS_H
#define VMAP_LINK_COMPARE_FIELDS_H

#include "records.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LEVEL_MAX 8
#define LEVEL_MISSING 15

enum compare_kind {
	COMPARE_FIRST_NAME,
	COMPARE_LAST_NAME,
	COMPARE_MIDDLE_NAME,
	COMPARE_DOB,
	COMPARE_POSTCODE,
	COMPARE_TEXT,
	COMPARE_EXACT,
	COMPARE_CODE,
	COMPARE_EMAIL,
};

struct comparison {
	enum field field;
	enum compare_kind kind;
	int level_count; /* the last level is "else" */
	const char *const *level_names;
	double jw[2]; /* Jaro-Winkler thresholds of levels 1 and 2 (names, address, town) */
	double m[LEVEL_MAX], u[LEVEL_MAX];
	bool tf; /* term-frequency adjustment on the exact level */
};

/* The default comparison of a field, or false when the field has none (full_name). */
bool comparison_default(enum field field, struct comparison *c);
int compare_level(const struct comparison *c, const struct record *a, const struct record *b);
/* True when the comparison has Jaro-Winkler levels (their thresholds can be tuned). */
bool comparison_has_jw(const struct comparison *c);
/* The name of a level, with the comparison's own thresholds: "jaro_winkler>=0.92". */
void comparison_level_name(const struct comparison *c, int level, char *out, size_t size);

/* A pair's levels, 4 bits per comparison (LEVEL_MISSING when either side is missing). */
typedef uint64_t gamma_t;
#define COMPARISON_MAX 16
static inline int gamma_level(gamma_t g, size_t c)
{
	return (int)((g >> (4 * c)) & 15u);
}

#endif
