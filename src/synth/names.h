/*
 * names.h - the ONS-derived first-name and surname tables (data/names/, compiled into
 * names_data.c) and sampling from them by frequency.
 */
#ifndef VMAP_SYNTH_NAMES_H
#define VMAP_SYNTH_NAMES_H

#include <stddef.h>

struct name_entry {
	const char *name;
	double weight; /* first names: 1/rank; surnames: percent of the population */
};

extern const struct name_entry first_names_male[], first_names_female[], surnames[];
extern const size_t first_names_male_count, first_names_female_count, surnames_count;

enum name_table { NAMES_MALE, NAMES_FEMALE, NAMES_SURNAME, NAME_TABLES };

/* The entry a uniform u in (0, 1) picks, each with probability weight / total weight.
 * Thread-safe; the cumulative tables are built once, on first use. */
size_t names_pick(enum name_table table, double u);
const char *names_text(enum name_table table, size_t index);

#endif
