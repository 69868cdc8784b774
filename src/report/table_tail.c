/*
 * table_tail.c - a fast path for wide number tables whose wanted columns come last.
 *
 * draws.csv has one column per sampled input (thousands) before the headline results the report
 * shows, so reading every field of 10,000 rows would cost seconds. When the file holds no quote
 * (numbers only, as appraise writes it), each line is cut at its newline
 * and only its first field and its last fields are read, walking back from the end. A line with
 * more or fewer fields than the header is an error at its line (commas are counted a word at a
 * time); a file with quotes falls back
 * to the general reader by returning TAIL_NOT_APPLICABLE.
 */
#include "report.h"

#include "core/alloc.h"
#include "core/csv.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct tail_plan {
	size_t fields;     /* in the header */
	size_t tail_start; /* the first field of the tail: kept columns are 0 or at least this */
	size_t *source;    /* kept column -> field */
};

/* The field [start, end) as a number, NaN when it is not one. The field is copied first: the
 * last field of a file without a final newline ends where the mapped bytes end, and strtod
 * must not read on. */
static double field_number(const char *start, const char *end)
{
	char buffer[64], *text = buffer, *stop;
	size_t n = (size_t)(end - start);
	double v;

	if (n == 0)
		return NAN;
	if (n >= sizeof buffer && !(text = alloc_strndup(start, n)))
		return NAN;
	if (text == buffer) {
		memcpy(buffer, start, n);
		buffer[n] = '\0';
	}
	errno = 0;
	v = strtod(text, &stop);
	v = stop == text + n && errno != ERANGE && isfinite(v) ? v : NAN;
	if (text != buffer)
		free(text);
	return v;
}

/* The header through the general reader (names may be quoted there), and the plan. */
static int read_header(struct rtable *t, const char *data, size_t length,
		       const struct rtable_spec *spec, struct tail_plan *plan,
		       struct vmap_diag *diag)
{
	const char *nl = memchr(data, '\n', length);
	struct csv_reader csv;
	bool has_row;
	int rc;

	csv_open_memory(&csv, t->path, data, nl ? (size_t)(nl - data) + 1 : length, ',', false,
			diag);
	rc = csv_read_row(&csv, &has_row);
	if (!rc && !has_row)
		rc = diag_fail(diag, VMAP_INPUT, "%s:1: the file is empty (expected a header row)",
			       t->path);
	plan->fields = rc ? 0 : csv.field_count;
	t->names = rc ? NULL : alloc_array(plan->fields, sizeof *t->names);
	plan->source = rc ? NULL : alloc_array(plan->fields, sizeof *plan->source);
	if (!rc && (!t->names || !plan->source))
		rc = diag_nomem(diag, "reading a table");
	plan->tail_start = plan->fields;
	for (size_t f = 0; !rc && f < plan->fields; f++) {
		const char *name = csv_field(&csv, f);
		if (!spec->keep(name) && !name_in_list(spec->required, name))
			continue; /* as the general reader decides */
		if (f > 0 && f < plan->tail_start)
			plan->tail_start = f;
		plan->source[t->cols] = f;
		t->names[t->cols] = alloc_strdup(name);
		if (!t->names[t->cols++])
			rc = diag_nomem(diag, "reading a table");
	}
	csv_close(&csv);
	return rc;
}

/* The commas in [p, end), eight bytes at a time: a byte of w ^ ',,,,,,,,' is zero exactly where
 * w holds a comma, ~(((x & 0x7f..) + 0x7f..) | x | 0x7f..) keeps the top bit of just those
 * bytes, and multiplying their low bits by 0x0101.. adds them up in the top byte. */
static uint64_t bytes_equal(uint64_t w, uint64_t pattern)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
	uint64_t x = w ^ pattern;

	return ~(((x & low7) + low7) | x | low7); /* 0x80 in each matching byte */
}

/* The commas in [p, end); SIZE_MAX when the line holds a quote (the general reader's case). */
static size_t count_commas(const char *p, const char *end)
{
	const uint64_t commas = 0x2C2C2C2C2C2C2C2Cull, quotes = 0x2222222222222222ull;
	size_t n = 0;

	for (; end - p >= 8; p += 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		if (bytes_equal(w, quotes))
			return SIZE_MAX;
		n += (size_t)(((bytes_equal(w, commas) >> 7) * 0x0101010101010101ull) >> 56);
	}
	for (; p < end; p++) {
		if (*p == '"')
			return SIZE_MAX;
		n += *p == ',';
	}
	return n;
}

/* The last comma in [from, to), or NULL. */
static const char *last_comma(const char *from, const char *to)
{
	while (to > from)
		if (*--to == ',')
			return to;
	return NULL;
}

/* Cuts the line [line, end) into its first field and its fields from tail_start on. */
static int split_line(const struct tail_plan *plan, const char *line, const char *end,
		      const char **starts, const char **ends)
{
	const char *comma = memchr(line, ',', (size_t)(end - line));
	const char *stop = end;

	starts[0] = line;
	ends[0] = comma ? comma : end;
	for (size_t f = plan->fields - 1; f >= plan->tail_start && f > 0; f--) {
		const char *prev = last_comma(line, stop);
		if (!prev || prev < ends[0] || (prev == ends[0] && f > 1))
			return -1;
		starts[f] = prev + 1;
		ends[f] = stop;
		stop = prev;
	}
	return 0;
}

static int add_row(struct rtable *t, const struct tail_plan *plan, const char **starts,
		   const char **ends, const struct rtable_spec *spec, size_t line_no,
		   struct vmap_diag *diag)
{
	t->lines[t->rows] = line_no;
	for (size_t c = 0; c < t->cols; c++) {
		size_t f = plan->source[c], at = t->rows * t->cols + c;
		t->nums[at] = field_number(starts[f], ends[f]);
		if (isnan(t->nums[at]) && ends[f] > starts[f] &&
		    name_in_list(spec->numeric, t->names[c]))
			return diag_fail(diag, VMAP_INPUT, "%s:%zu: column '%s': expected a number",
					 t->path, line_no, t->names[c]);
		t->offsets[at] = t->text.length;
		strbuf_add(&t->text, starts[f], (size_t)(ends[f] - starts[f]));
		strbuf_add(&t->text, "", 1);
	}
	t->rows++;
	return t->text.failed ? diag_nomem(diag, "reading a table") : VMAP_OK;
}

/* Room for `rows` rows. */
static int reserve(struct rtable *t, size_t rows)
{
	size_t cols = t->cols ? t->cols : 1;
	void *o = realloc_array(t->offsets, rows * cols, sizeof *t->offsets);
	void *n = o ? realloc_array(t->nums, rows * cols, sizeof *t->nums) : NULL;
	void *l = n ? realloc_array(t->lines, rows, sizeof *t->lines) : NULL;

	if (o)
		t->offsets = o;
	if (n)
		t->nums = n;
	if (l)
		t->lines = l;
	return l ? 0 : -1;
}

static int read_body(struct rtable *t, const char *data, size_t length,
		     const struct tail_plan *plan, const struct rtable_spec *spec,
		     struct vmap_diag *diag)
{
	const char *end = data + length, *p = memchr(data, '\n', length);
	size_t capacity = 64, line_no = 1, commas;
	const char **starts = alloc_array(plan->fields, sizeof *starts);
	const char **ends = alloc_array(plan->fields, sizeof *ends);
	int rc = VMAP_OK;

	if (!starts || !ends || reserve(t, capacity) != 0)
		rc = diag_nomem(diag, "reading a table");
	for (p = p ? p + 1 : end; !rc && p < end; line_no++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *line_end = nl ? nl : end;
		if (line_end > p && line_end[-1] == '\r')
			line_end--; /* CRLF */
		commas = count_commas(p, line_end);
		if (commas == SIZE_MAX) {
			rc = TAIL_NOT_APPLICABLE;
			break;
		}
		if (t->rows == capacity && reserve(t, capacity *= 2) != 0)
			rc = diag_nomem(diag, "reading a table");
		else if (line_end > p && (commas + 1 != plan->fields ||
					  split_line(plan, p, line_end, starts, ends) != 0))
			rc = diag_fail(diag, VMAP_INPUT, "%s:%zu: row has %zu fields, the header has "
				       "%zu", t->path, line_no + 1, commas + 1, plan->fields);
		else if (line_end > p)
			rc = add_row(t, plan, starts, ends, spec, line_no + 1, diag);
		p = nl ? nl + 1 : end;
	}
	free(starts);
	free(ends);
	return rc;
}

int rtable_load_tail(struct rtable *t, const char *data, size_t length,
		     const struct rtable_spec *spec, struct vmap_diag *diag)
{
	struct tail_plan plan = {0};
	int rc;

	if (!spec->keep || !length || !(isalnum((unsigned char)data[0]) || data[0] == '_'))
		return TAIL_NOT_APPLICABLE; /* a blank line, a BOM, a quote: the general reader's */
	{
		const char *nl = memchr(data, '\n', length);
		if (memchr(data, '"', nl ? (size_t)(nl - data) : length))
			return TAIL_NOT_APPLICABLE; /* a quoted name may span lines */
	}
	rc = read_header(t, data, length, spec, &plan, diag);
	if (!rc)
		rc = read_body(t, data, length, &plan, spec, diag);
	free(plan.source);
	return rc;
}
