/*
 * records.h - standardised records (records.c) and the arena their strings live in.
 *
 * Ownership: the record_set owns its records and the arena; records borrow strings from the
 * arena, which frees them all at once.
 */
#ifndef VMAP_LINK_RECORDS_H
#define VMAP_LINK_RECORDS_H

#include "spec.h"
#include "core/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ----- arena: stable storage for many small strings ----- */
struct arena_block;
struct arena {
	struct arena_block *head;
};
char *arena_strndup(struct arena *a, const char *s, size_t length);
void arena_release(struct arena *a);
/* Zeroes every byte the arena handed out, then releases it (it held personal data). */
void arena_wipe_release(struct arena *a);
/* Moves every string of `from` into `to` (their addresses do not change). */
void arena_move(struct arena *to, struct arena *from);

#define DOB_MISSING 0

struct record {
	const char *value[FIELD_COUNT]; /* standardised text; NULL when missing */
	uint16_t length[FIELD_COUNT];
	int32_t dob;          /* yyyymmdd, or DOB_MISSING (value[FIELD_DOB] may then hold the
			       * digits of an unreadable date, for a partial comparison) */
	int32_t dob_days;     /* days since 0000-03-01 (for "within a year") */
	int16_t nickname[2];  /* nickname groups of the first name, or -1 */
	uint8_t postcode_uk;  /* 1 when the postcode is a well-formed UK postcode */
	uint8_t pad;
	float tf[4];          /* share of records with this value, per tf_slot (tf.h): first,
			       * middle and last name, postcode; 0 when missing */
	uint32_t dataset;
	const char *record_id;
};

struct field_counts {
	size_t present, missing, unreadable;
	size_t implausible; /* dob: read, but before 1850 or after 2100 (kept) */
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
	/* issue 18: under MPI a linker's set keeps only this rank's share (record_share.c):
	 * `records` then has a slot for every record (dataset always, record_id on rank 0),
	 * filled only while a step needs the record. One process: NULL. */
	bool keep_share;
	struct record_share *share;
};

/* Reads the dataset's CSV and appends its standardised records. */
int records_read(struct record_set *set, struct dataset_spec *spec, uint32_t dataset,
		 struct vmap_diag *diag);
void records_release(struct record_set *set);
/* The same, zeroing every record id and field value first (records_dist.c). */
void records_release_wiped(struct record_set *set);

struct csv_reader;
struct csv_share;
/* Reads rows from `csv` (past its header) into standardised records of the dataset, to the
 * end of the file or of this rank's `share` (NULL: all). */
int records_read_rows(struct record_set *set, const struct dataset_spec *spec,
		      uint32_t dataset, struct csv_reader *csv, const struct csv_share *share,
		      struct vmap_diag *diag);
/* issue 18 (records_dist.c): under MPI, every rank reads its share of the dataset's rows
 * (`csv`: the header read, `status`: this rank's so far) and every rank then gets all the
 * records, in the file's order, with the counts summed: the set one process reads. */
int records_read_share(struct record_set *set, const struct dataset_spec *spec,
		       uint32_t dataset, struct csv_reader *csv, int status,
		       struct vmap_diag *diag);
/* Makes room for the per-dataset counts of datasets up to `dataset` (zeroed) and sets
 * dataset_count to at least dataset + 1. */
int records_add_dataset(struct record_set *set, uint32_t dataset, struct vmap_diag *diag);

#endif
