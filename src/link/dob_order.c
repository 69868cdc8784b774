/*
 * dob_order.c - month/day/year or day/month/year? When a spec gives no format for dob, the
 * first rows are looked at before reading: if some dates have a second number above 12 and
 * none a first number above 12, the column is month first, and a concrete format ("%m/%d/%Y"
 * with the separator and year width seen) is used for the whole dataset. Otherwise dates are
 * read day first, as in the UK. Without this, 03/05/1981 written the US way would be read as
 * the wrong day, silently.
 *
 * The first rows are read twice: a regular file is opened again; a named pipe (which a second
 * opening would wait on for ever) is first read whole into memory, up to DOB_PIPE_MAX bytes
 * (docs/linkage.md, "Datasets from a pipe").
 */
#include "dob_order.h"

#include "spec.h"

#include "core/alloc.h"
#include "core/csv.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define DOB_SAMPLE 20000
#define DOB_PIPE_MAX ((size_t)1 << 30) /* bytes of a piped dataset held to be scanned twice */

struct order_votes {
	size_t day_first, month_first;
	char separator;
	int year_digits;
};

/* "12/31/1980" -> first 12, second 31, '/', 4 digits; false for any other shape. */
static bool numeric_date(const char *s, int *first, int *second, char *sep, int *year_digits)
{
	int n = 0, y = 0;

	if (sscanf(s, "%2d%n", first, &n) != 1 || !strchr("/.-", s[n]))
		return false;
	*sep = s[n];
	s += n + 1;
	if (sscanf(s, "%2d%n", second, &n) != 1 || s[n] != *sep)
		return false;
	s += n + 1;
	while (isdigit((unsigned char)s[y]))
		y++;
	*year_digits = y;
	return (y == 2 || y == 4) && (!s[y] || s[y] == ' ');
}

static void vote(const char *value, struct order_votes *v)
{
	int first, second, digits;
	char sep;

	if (!numeric_date(value, &first, &second, &sep, &digits))
		return;
	if (first > 12 && second <= 12)
		v->day_first++;
	else if (second > 12 && first <= 12)
		v->month_first++;
	v->separator = sep;
	v->year_digits = digits;
}

/* The first rows again: from the bytes the dataset's reader holds when it has them all (a
 * pipe, which cannot be opened twice), else from a second opening of the file. */
static int scan(const struct dataset_spec *spec, const struct csv_reader *held, size_t column,
		struct order_votes *v, struct vmap_diag *diag)
{
	struct csv_reader csv;
	bool has_row;
	size_t rows = 0;
	int rc = VMAP_OK;

	if (held->file)
		rc = csv_open_file(&csv, spec->data_path, spec->delimiter, true, diag);
	else
		csv_open_memory(&csv, spec->data_path, held->data, held->size, spec->delimiter,
				true, diag);
	csv.encoding = spec->encoding;

	if (!rc)
		rc = csv_read_row(&csv, &has_row); /* the header, kept to name columns in errors */
	if (!rc && has_row)
		rc = csv_keep_header(&csv);
	while (!rc && rows++ < DOB_SAMPLE && !(rc = csv_read_row(&csv, &has_row)) && has_row)
		if (column < csv.field_count)
			vote(csv_field(&csv, column), v);
	csv_close(&csv);
	return rc;
}

bool dob_order_wanted(const struct dataset_spec *spec)
{
	const struct field_spec *dob = &spec->fields[FIELD_DOB];

	return dob->present && !dob->format && dob->column_count == 1;
}

int dob_hold_pipe(const struct dataset_spec *spec, struct csv_reader *csv)
{
	if (!dob_order_wanted(spec))
		return VMAP_OK;
	return csv_hold_pipe(csv, DOB_PIPE_MAX,
			     "a pipe is read into memory to find the order of dob's dates; give "
			     "dob a format in the spec, e.g. {column: dob, format: \"%d/%m/%Y\"}, "
			     "and it is read as it streams");
}

int dob_detect_order(struct dataset_spec *spec, const struct csv_reader *held, bool *month_first,
		     struct vmap_diag *diag)
{
	struct field_spec *dob = &spec->fields[FIELD_DOB];
	struct order_votes v = {0, 0, '/', 4};
	char format[16];
	int rc;

	*month_first = false;
	if (!dob_order_wanted(spec))
		return VMAP_OK;
	rc = scan(spec, held, dob->column_index[0], &v, diag);
	if (rc)
		return rc;
	if (v.month_first == 0 || v.day_first > 0)
		return VMAP_OK;
	snprintf(format, sizeof format, "%%m%c%%d%c%%%c", v.separator, v.separator,
		 v.year_digits == 2 ? 'y' : 'Y');
	dob->format = alloc_strdup(format);
	if (!dob->format)
		return diag_nomem(diag, "reading a dataset");
	*month_first = true;
	return VMAP_OK;
}
