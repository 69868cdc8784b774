/*
 * reference.h - the reference data compiled into the library (data/, made into
 * reference_data.c by scripts/reference-data.py): the GMCA Unit Cost Database and the
 * HM Treasury GDP deflator. Read-only tables; nothing is loaded at run time, so the installed
 * library and the tests see the same data wherever they run.
 */
#ifndef VMAP_MODEL_REFERENCE_H
#define VMAP_MODEL_REFERENCE_H

#include "valuemap.h"

#include <stddef.h>

extern const vmap_ucd_entry ucd_entries[];
extern const char *const ucd_codes[]; /* ucd_codes[i] is ucd_entries[i].code */
extern const size_t ucd_entry_count;

struct deflator_point {
	int year;
	double index;
};

/* HM Treasury GDP deflator, calendar years in increasing order, 2024 = 100. */
extern const struct deflator_point hmt_deflator[];
extern const size_t hmt_deflator_count;

#endif
