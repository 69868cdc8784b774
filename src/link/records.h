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
/* The bytes of strings the arena holds (without its blocks' spare room). */
size_t arena_used(const struct arena *a);

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
	/* issue 18: under MPI a linker's set keeps only this rank's share (record_share.c) and
	 * has no `records`: rank 0 alone keeps each record's id (ids[i], the strings in `arena`)
	 * for the steps after linkage. One process: share and ids NULL. */
	bool keep_share;
	struct record_share *share;
	const char **ids;
};

/* ----- a record by its number (record_table.c) -----
 * The steps after linkage (clustering, chain checks, evaluation, writing) read records by
 * number through these, on one process and on rank 0 of an MPI run alike. One process reads
 * `records`. Held in shares, a record's dataset comes from the share's ranges, its id from
 * `ids` (rank 0), and a whole record from this rank's own records or, for others' records,
 * only those table_fetch brought (on rank 0: the kept pairs' records). */
uint32_t set_dataset(const struct record_set *set, size_t index);
const char *set_record_id(const struct record_set *set, size_t index);
const struct record *set_record(const struct record_set *set, size_t index);
/* A set held in shares: brings the records `wanted` (set indexes, any order, repeats
 * allowed; the array is reused) that other ranks hold into the visit set, with their ids
 * (rank 0), and notes the table for the MPI statistics (dist_note_table: the records of
 * `wanted` held whole, own and fetched). Every rank calls it (share_fetch's exchange). */
int table_fetch(struct record_set *set, uint32_t *wanted, size_t count, int status,
		struct vmap_diag *diag);
/* Rank 0 of a set held in shares: the bytes it keeps for every record (for the MPI
 * statistics): `ids` and their strings. 0 elsewhere. */
uint64_t table_bytes(const struct record_set *set);

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
