/*
 * records.c - reading a dataset's CSV through its spec into standardised records.
 *
 * Columns are found by header name (a missing one is an error naming the spec line and the
 * nearest header). Each canonical field is cleaned by its own standardiser; a value that
 * cannot be read becomes missing and is counted as unreadable, per dataset and field.
 * Record ids must be present; repeats are allowed but counted, as clusters.csv cannot tell
 * such records apart.
 */
#include "records.h"

#include "dob_order.h"
#include "record_share.h"
#include "nicknames.h"
#include "spec.h"
#include "standardise.h"

#include "core/alloc.h"
#include "core/csv.h"
#include "core/csv_share.h"
#include "core/dist.h"
#include "core/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
};

#define ARENA_BLOCK (1u << 20)

char *arena_strndup(struct arena *a, const char *s, size_t length)
{
	struct arena_block *b = a->head;
	char *out;

	if (!b || b->size - b->used < length + 1) {
		size_t size = length + 1 > ARENA_BLOCK ? length + 1 : ARENA_BLOCK;
		b = alloc_array(1, sizeof *b + size);
		if (!b)
			return NULL;
		b->next = a->head;
		b->used = 0;
		b->size = size;
		a->head = b;
	}
	out = b->data + b->used;
	memcpy(out, s, length);
	out[length] = '\0';
	b->used += length + 1;
	return out;
}

void arena_release(struct arena *a)
{
	while (a->head) {
		struct arena_block *next = a->head->next;
		free(a->head);
		a->head = next;
	}
}

void arena_wipe_release(struct arena *a)
{
	for (struct arena_block *b = a->head; b; b = b->next)
		alloc_wipe(b->data, b->used);
	arena_release(a);
}

void arena_move(struct arena *to, struct arena *from)
{
	struct arena_block **tail = &from->head;

	while (*tail)
		tail = &(*tail)->next;
	*tail = to->head;
	to->head = from->head;
	from->head = NULL;
}

size_t arena_used(const struct arena *a)
{
	size_t used = 0;

	for (const struct arena_block *b = a->head; b; b = b->next)
		used += b->used;
	return used;
}

void records_release(struct record_set *set)
{
	share_release(set);
	arena_release(&set->arena);
	free(set->records);
	free(set->ids);
	free(set->counts);
	free(set->repeated_ids);
	free(set->dob_month_first);
	memset(set, 0, sizeof *set);
}

static int find_column(const struct csv_reader *csv, const char *name, size_t *index)
{
	for (size_t i = 0; i < csv->field_count; i++) {
		if (strcmp(csv_field(csv, i), name) == 0) {
			*index = i;
			return 0;
		}
	}
	return -1;
}

/* Whether the first row names at least one column the spec uses: only then is it a header
 * whose cells may be quoted back as suggestions. Otherwise it may be a row of personal data
 * (a file without a header, or with line ends the reader does not split on). */
static bool first_row_is_a_header(const struct dataset_spec *spec, const struct csv_reader *csv)
{
	size_t index;

	for (size_t i = 0; i < csv->field_count; i++)
		if (strpbrk(csv_field(csv, i), "\r\n"))
			return false; /* bare \r line ends: the "header" runs on into the data */
	if (find_column(csv, spec->record_id, &index) == 0)
		return true;
	for (int f = 0; f < FIELD_COUNT; f++)
		for (size_t c = 0; spec->fields[f].present && c < spec->fields[f].column_count; c++)
			if (find_column(csv, spec->fields[f].columns[c], &index) == 0)
				return true;
	return false;
}

static int missing_column(const struct dataset_spec *spec, const struct csv_reader *csv,
			  const char *what, const char *name, int line, int column,
			  struct vmap_diag *diag)
{
	const char **headers;
	char hint[160] = "";

	if (!first_row_is_a_header(spec, csv))
		return diag_fail(diag, VMAP_INPUT,
				 "%s:%d:%d: %s: column '%s' is not in %s, whose first row names none "
				 "of the spec's columns: does the file start with a header row, "
				 "separated by the spec's delimiter, with \\n or \\r\\n line ends?",
				 spec->spec_path, line, column, what, name, spec->data_path);
	headers = alloc_array(csv->field_count + 1, sizeof(char *));
	if (headers) {
		for (size_t i = 0; i < csv->field_count; i++)
			headers[i] = csv_field(csv, i);
		suggest_hint(hint, sizeof hint, name, headers, csv->field_count);
		free(headers);
	}
	return diag_fail(diag, VMAP_INPUT, "%s:%d:%d: %s: column '%s' is not in %s%s",
			 spec->spec_path, line, column, what, name, spec->data_path, hint);
}

static int resolve_columns(struct dataset_spec *spec, const struct csv_reader *csv,
			   struct vmap_diag *diag)
{
	if (find_column(csv, spec->record_id, &spec->record_id_index))
		return missing_column(spec, csv, "dataset.record_id", spec->record_id,
				      spec->record_id_line, spec->record_id_column, diag);
	for (int f = 0; f < FIELD_COUNT; f++) {
		struct field_spec *fs = &spec->fields[f];
		char what[64];
		if (!fs->present)
			continue;
		free(fs->column_index);
		fs->column_index = alloc_array(fs->column_count, sizeof(size_t));
		if (!fs->column_index)
			return diag_nomem(diag, "reading a dataset");
		snprintf(what, sizeof what, "field '%s'", field_names[f]);
		for (size_t c = 0; c < fs->column_count; c++)
			if (find_column(csv, fs->columns[c], &fs->column_index[c]))
				return missing_column(spec, csv, what, fs->columns[c], fs->line,
						      fs->column, diag);
	}
	return VMAP_OK;
}

/* Words extracts use for "no value": they must not make two records agree. */
static bool is_missing_marker(const char *value)
{
	static const char *const markers[] = {
		"null", "n/a", "na", "n.a.", "none", "unknown", "not known", "not stated",
		"not given", "nk", "-", "--", "?", ".", "x", "xx", "xxx", "tbc", "missing", NULL,
	};

	for (size_t i = 0; markers[i]; i++)
		if (strcasecmp(value, markers[i]) == 0)
			return true;
	return false;
}

/* The raw value of a field: its columns joined with one space (empty ones and missing-value
 * markers skipped). */
static void raw_value(const struct csv_reader *csv, const struct field_spec *fs, char *out,
		      size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t c = 0; c < fs->column_count; c++) {
		const char *v = csv_field(csv, fs->column_index[c]);
		size_t length = strlen(v);
		if (!length || is_missing_marker(v))
			continue;
		if (n && n + 1 < size)
			out[n++] = ' ';
		if (length > size - 1 - n)
			length = size - 1 - n;
		memcpy(out + n, v, length);
		n += length;
		out[n] = '\0';
	}
}

static bool std_field(enum field f, const char *raw, const struct field_spec *fs,
		      struct std_buffer *out, struct record *r)
{
	bool uk = false, ok;

	out->length = 0;
	out->text[0] = '\0';
	switch (f) {
	case FIELD_FIRST_NAME:
	case FIELD_MIDDLE_NAME:
	case FIELD_LAST_NAME:
		return std_name(raw, out);
	case FIELD_DOB:
		ok = std_date(raw, fs->format, &r->dob);
		if (ok && date_is_placeholder(r->dob)) {
			r->dob = DOB_MISSING;
			return true; /* a system's "no date": missing */
		}
		if (ok) {
			r->dob_days = days_from_civil(r->dob);
			out->length = (size_t)snprintf(out->text, sizeof out->text, "%08d",
						       (int)r->dob);
		}
		return ok;
	case FIELD_SEX:
		return std_sex(raw, fs, out);
	case FIELD_POSTCODE:
		ok = std_postcode(raw, out, &uk);
		r->postcode_uk = uk;
		return ok;
	case FIELD_PHONE:
		return std_phone(raw, out);
	case FIELD_EMAIL:
		return std_email(raw, out);
	case FIELD_ID_NUMBER:
		return std_identifier(raw, out);
	default:
		return std_text(raw, out);
	}
}

struct reading {
	struct record_set *set;
	const struct dataset_spec *spec;
	uint32_t dataset;
	struct vmap_diag *diag;
};

static int keep_value(struct reading *rd, struct record *r, enum field f,
		      const struct std_buffer *b)
{
	if (b->length == 0)
		return VMAP_OK;
	r->value[f] = arena_strndup(&rd->set->arena, b->text, b->length);
	if (!r->value[f])
		return diag_nomem(rd->diag, "reading a dataset");
	r->length[f] = (uint16_t)b->length;
	return VMAP_OK;
}

static int read_field(struct reading *rd, const struct csv_reader *csv, struct record *r,
		      enum field f)
{
	const struct field_spec *fs = &rd->spec->fields[f];
	struct field_counts *counts = &rd->set->counts[rd->dataset][f];
	struct std_buffer b;
	char raw[1024];
	const char *value;

	raw_value(csv, fs, raw, sizeof raw);
	value = raw;
	for (size_t i = 0; f != FIELD_SEX && i < fs->code_count; i++)
		if (strcmp(raw, fs->codes[i].from) == 0)
			value = fs->codes[i].to;
	if (!*value) {
		counts->missing++;
		return VMAP_OK;
	}
	if (!std_field(f, value, fs, &b, r) ||
	    (b.length == 0 && f != FIELD_SEX && f != FIELD_DOB)) {
		counts->unreadable++;
		if (f != FIELD_DOB)
			return VMAP_OK;
		/* an unreadable date keeps its digits for the "one character off" level */
		r->dob = DOB_MISSING;
		b.length = date_digits(value, b.text, sizeof b.text);
		return b.length >= 6 ? keep_value(rd, r, f, &b) : VMAP_OK;
	}
	if (f == FIELD_DOB && r->dob != DOB_MISSING && !date_is_plausible(r->dob))
		counts->implausible++;
	if (b.length == 0)
		counts->missing++;
	else
		counts->present++;
	return keep_value(rd, r, f, &b);
}

/* full_name feeds first, middle and last when the spec does not map them. */
static int read_full_name(struct reading *rd, const struct csv_reader *csv, struct record *r)
{
	const struct field_spec *fs = &rd->spec->fields[FIELD_FULL_NAME];
	struct field_counts *counts = &rd->set->counts[rd->dataset][FIELD_FULL_NAME];
	struct std_buffer first, middle, last;
	char raw[1024];
	int rc = VMAP_OK;

	raw_value(csv, fs, raw, sizeof raw);
	if (!*raw) {
		counts->missing++;
		return VMAP_OK;
	}
	std_split_full_name(raw, &first, &middle, &last);
	if (!first.length && !last.length) {
		counts->unreadable++;
		return VMAP_OK;
	}
	counts->present++;
	if (!rd->spec->fields[FIELD_FIRST_NAME].present)
		rc = keep_value(rd, r, FIELD_FIRST_NAME, &first);
	if (!rc && !rd->spec->fields[FIELD_MIDDLE_NAME].present)
		rc = keep_value(rd, r, FIELD_MIDDLE_NAME, &middle);
	if (!rc && !rd->spec->fields[FIELD_LAST_NAME].present)
		rc = keep_value(rd, r, FIELD_LAST_NAME, &last);
	return rc;
}

static int read_record(struct reading *rd, const struct csv_reader *csv, struct record *r)
{
	const char *id = csv_field(csv, rd->spec->record_id_index);
	int rc = VMAP_OK;

	memset(r, 0, sizeof *r);
	r->dataset = rd->dataset;
	r->nickname[0] = r->nickname[1] = -1;
	if (!*id)
		return diag_fail(rd->diag, VMAP_INPUT, "%s:%zu: the record id (column '%s') is empty",
				 csv->path, csv->line, rd->spec->record_id);
	r->record_id = arena_strndup(&rd->set->arena, id, strlen(id));
	if (!r->record_id)
		return diag_nomem(rd->diag, "reading a dataset");
	for (int f = 0; f < FIELD_COUNT && !rc; f++) {
		if (!rd->spec->fields[f].present)
			continue;
		rc = f == FIELD_FULL_NAME ? read_full_name(rd, csv, r) : read_field(rd, csv, r, f);
	}
	if (!rc && r->value[FIELD_FIRST_NAME])
		nickname_groups(r->value[FIELD_FIRST_NAME], r->length[FIELD_FIRST_NAME],
				r->nickname);
	return rc;
}

static int add_record(struct reading *rd, const struct csv_reader *csv)
{
	struct record_set *set = rd->set;
	void *records = set->records;

	if (set->count >= UINT32_MAX - 1)
		return diag_fail(rd->diag, VMAP_INPUT, "%s: too many records", csv->path);
	if (grow_array(&records, &set->capacity, set->count + 1, sizeof(struct record)))
		return diag_nomem(rd->diag, "reading a dataset");
	set->records = records;
	return read_record(rd, csv, &set->records[set->count++]);
}

int records_add_dataset(struct record_set *set, uint32_t dataset, struct vmap_diag *diag)
{
	void *counts, *repeats;

	if (dataset < set->dataset_count)
		return VMAP_OK;
	counts = realloc_array(set->counts, dataset + 1, sizeof *set->counts);
	if (!counts)
		return diag_nomem(diag, "reading a dataset");
	set->counts = counts;
	repeats = realloc_array(set->repeated_ids, dataset + 1, sizeof *set->repeated_ids);
	if (!repeats)
		return diag_nomem(diag, "reading a dataset");
	set->repeated_ids = repeats;
	set->repeated_ids[dataset] = 0;
	repeats = realloc_array(set->dob_month_first, dataset + 1, sizeof *set->dob_month_first);
	if (!repeats)
		return diag_nomem(diag, "reading a dataset");
	set->dob_month_first = repeats;
	set->dob_month_first[dataset] = false;
	memset(&set->counts[set->dataset_count], 0,
	       (dataset + 1 - set->dataset_count) * sizeof *set->counts);
	set->dataset_count = dataset + 1;
	return VMAP_OK;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Counts the records of the dataset (records from `first` on) that repeat an earlier id. */
static int count_repeated_ids(struct record_set *set, uint32_t dataset, size_t first,
			      struct vmap_diag *diag)
{
	size_t n = set->count - first, repeats = 0;
	const char **ids = alloc_array(n ? n : 1, sizeof *ids);

	if (!ids)
		return diag_nomem(diag, "checking record ids");
	for (size_t i = 0; i < n; i++)
		ids[i] = set_record_id(set, first + i);
	qsort(ids, n, sizeof *ids, by_string);
	for (size_t i = 1; i < n; i++)
		repeats += strcmp(ids[i - 1], ids[i]) == 0;
	free(ids);
	set->repeated_ids[dataset] = repeats;
	return VMAP_OK;
}

static void note_fields(struct record_set *set, const struct dataset_spec *spec)
{
	for (int f = 0; f < FIELD_COUNT; f++)
		if (spec->fields[f].present)
			set->has_field[f] = true;
	if (spec->fields[FIELD_FULL_NAME].present)
		set->has_field[FIELD_FIRST_NAME] = set->has_field[FIELD_LAST_NAME] =
			set->has_field[FIELD_MIDDLE_NAME] = true;
}

/* Opens the dataset's CSV and reads its header: columns resolved, dob order found. */
static int open_rows(struct csv_reader *csv, struct record_set *set, struct dataset_spec *spec,
		     uint32_t dataset, struct vmap_diag *diag)
{
	bool has_row;
	int rc = csv_open_file(csv, spec->data_path, spec->delimiter, true, diag);

	csv->encoding = spec->encoding;
	if (!rc)
		rc = dob_hold_pipe(spec, csv);
	if (!rc)
		rc = csv_read_row(csv, &has_row);
	if (!rc && !has_row)
		rc = diag_fail(diag, VMAP_INPUT, "%s: empty file (expected a header row)",
			       spec->data_path);
	if (!rc)
		rc = resolve_columns(spec, csv, diag);
	if (!rc)
		rc = dob_detect_order(spec, csv, &set->dob_month_first[dataset], diag);
	if (!rc)
		rc = csv_keep_header(csv);
	return rc;
}

int records_read_rows(struct record_set *set, const struct dataset_spec *spec,
		      uint32_t dataset, struct csv_reader *csv, const struct csv_share *share,
		      struct vmap_diag *diag)
{
	struct reading rd = {set, spec, dataset, diag};
	bool has_row;
	int rc;

	while (!(rc = csv_read_row(csv, &has_row)) && has_row &&
	       (!share || csv_share_holds(csv, share)))
		if ((rc = add_record(&rd, csv)))
			break;
	return rc;
}

int records_read(struct record_set *set, struct dataset_spec *spec, uint32_t dataset,
		 struct vmap_diag *diag)
{
	size_t first = set->count;
	struct csv_reader csv;
	int rc = records_add_dataset(set, dataset, diag);

	memset(&csv, 0, sizeof csv);
	if (!rc)
		rc = open_rows(&csv, set, spec, dataset, diag);
	if (dist_size() > 1) /* MPI: each rank reads a share, then all get every record */
		rc = records_read_share(set, spec, dataset, &csv, rc, diag);
	else if (!rc)
		rc = records_read_rows(set, spec, dataset, &csv, NULL, diag);
	if (!rc && set->count == first)
		rc = diag_fail(diag, VMAP_INPUT, "%s: no records: the file has a header row only",
			       spec->data_path);
	if (!rc && (!set->share || dist_writes())) /* a share: rank 0 alone has the ids */
		rc = count_repeated_ids(set, dataset, first, diag);
	if (set->keep_share && dist_size() > 1) {
		uint64_t repeats = dist_writes() && !rc ? set->repeated_ids[dataset] : 0;
		rc = dist_sum_u64(&repeats, 1, rc, diag);
		if (!rc)
			set->repeated_ids[dataset] = (size_t)repeats;
	}
	if (!rc)
		note_fields(set, spec);
	csv_close(&csv);
	return rc;
}
