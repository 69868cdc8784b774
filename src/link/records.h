/*
 * records.h - dataset specs and standardised records: the part of linkage that `encode`
 * shares with `link` (one code path for reading and cleaning a department's extract).
 *
 * Ownership: a record_set owns its records and the arena their strings live in; a
 * dataset_spec owns its strings. Both are released by their _release function.
 */
#ifndef VMAP_LINK_RECORDS_H
#define VMAP_LINK_RECORDS_H

#include "core/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* ----- arena: stable storage for many small strings ----- */
struct arena_block;
struct arena {
	struct arena_block *head;
};
char *arena_strndup(struct arena *a, const char *s, size_t length);
void arena_release(struct arena *a);

/* ----- dataset spec ----- */
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
	struct field_spec fields[FIELD_COUNT];
};

int spec_load(struct dataset_spec *spec, const char *path, struct vmap_diag *diag);
void spec_release(struct dataset_spec *spec);

/* ----- standardised records ----- */
#define DOB_MISSING 0

struct record {
	const char *value[FIELD_COUNT]; /* standardised text; NULL when missing */
	uint16_t length[FIELD_COUNT];
	int32_t dob;          /* yyyymmdd, or DOB_MISSING */
	int32_t dob_days;     /* days since 0000-03-01 (for "within a year") */
	int16_t nickname[2];  /* nickname groups of the first name, or -1 */
	uint8_t postcode_uk;  /* 1 when the postcode is a well-formed UK postcode */
	uint8_t pad;
	float tf[2];          /* share of records with this first name [0] and last name [1] */
	uint32_t dataset;
	const char *record_id;
};

struct field_counts {
	size_t present, missing, unreadable;
};

struct record_set {
	struct record *records;
	size_t count, capacity;
	struct arena arena;
	/* per dataset, per field */
	struct field_counts (*counts)[FIELD_COUNT];
	size_t *repeated_ids; /* per dataset: records whose id an earlier record already has */
	bool *dob_month_first; /* per dataset: dob found to be month/day/year (dob_order.c) */
	size_t dataset_count;
	bool has_field[FIELD_COUNT]; /* some dataset maps it (full_name counts for its parts) */
};

/* Reads the dataset's CSV and appends its standardised records. */
int records_read(struct record_set *set, struct dataset_spec *spec, uint32_t dataset,
		 struct vmap_diag *diag);
void records_release(struct record_set *set);
/* Makes room for the per-dataset counts of datasets up to `dataset` (zeroed) and sets
 * dataset_count to at least dataset + 1. */
int records_add_dataset(struct record_set *set, uint32_t dataset, struct vmap_diag *diag);

/* When the spec gives dob no format, looks at the first rows: a column written month first
 * gets a format such as "%m/%d/%Y", and `*month_first` is set. */
int dob_detect_order(struct dataset_spec *spec, bool *month_first, struct vmap_diag *diag);

#endif
