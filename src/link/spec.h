/*
 * spec.h - dataset specs (spec.c): the canonical fields, and which CSV column feeds each.
 *
 * The canonical fields are listed in the order DESIGN.md gives; a spec maps each to one or
 * more columns (joined with one space), with an optional date format and code map.
 * spec_release() frees what spec_load() made, also after a failed load.
 */
#ifndef VMAP_LINK_SPEC_H
#define VMAP_LINK_SPEC_H

#include "core/csv.h"
#include "core/diag.h"

#include <stdbool.h>
#include <stddef.h>

/* Canonical fields, in the order DESIGN.md lists them. */
#define FIELD_MAP(X)                                                                       \
	X(FIRST_NAME, "first_name") X(MIDDLE_NAME, "middle_name") X(LAST_NAME, "last_name")  \
	X(FULL_NAME, "full_name") X(DOB, "dob") X(SEX, "sex") X(POSTCODE, "postcode")        \
	X(ADDRESS, "address") X(TOWN, "town") X(PHONE, "phone") X(EMAIL, "email")            \
	X(ID_NUMBER, "id_number")

enum field {
#define FIELD_ENUM(name, text) FIELD_##name,
	FIELD_MAP(FIELD_ENUM)
#undef FIELD_ENUM
	FIELD_COUNT
};

extern const char *const field_names[FIELD_COUNT + 1]; /* NULL-terminated */

struct code_map {
	char *from, *to;
};

struct field_spec {
	bool present;
	char **columns; /* joined with one space when several */
	size_t column_count;
	size_t *column_index; /* resolved against the CSV header */
	char *format;         /* dob: strptime-style, e.g. "%d/%m/%Y"; NULL = recognise */
	struct code_map *codes;
	size_t code_count;
	int line, column; /* where the field is declared, for messages */
};

struct dataset_spec {
	char *spec_path;
	char *id;
	char *data_path; /* resolved relative to the spec */
	char *record_id;
	size_t record_id_index;
	int record_id_line, record_id_column;
	char delimiter;
	enum csv_encoding encoding; /* `encoding:` (default UTF-8) */
	bool unique; /* `unique: true`: no two records are one person (one-to-one) */
	struct field_spec fields[FIELD_COUNT];
};

int spec_load(struct dataset_spec *spec, const char *path, struct vmap_diag *diag);
void spec_release(struct dataset_spec *spec);

#endif
