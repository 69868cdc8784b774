/*
 * csv.c - the RFC 4180 reader: one row at a time out of an in-memory copy of the input.
 *
 * Invariant: `pos` is always at the start of a row (or at the end of the input) between
 * calls, and `next_line` is the line number of `pos`.
 */
#include "csv.h"

#include "input.h"

#include "alloc.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define CSV_CHUNK (1u << 20)
#define CSV_ROW_MAX (64u << 20) /* bytes in one row, its line breaks in quotes included */

/* The end of the last complete row in [from, end): just after a line break that is outside
 * quotes; `*quoted` carries whether `from` is inside quotes (false at a row's start) and is left
 * as it is at `end`, so a long row is scanned once, chunk after chunk. 0 when there is none. */
static size_t last_row_end(const char *data, size_t from, size_t end, bool *quoted)
{
	size_t last = 0;

	for (size_t i = from; i < end; i++) {
		if (data[i] == '"')
			*quoted = !*quoted;
		else if (data[i] == '\n' && !*quoted)
			last = i + 1;
	}
	return last;
}

/* Reads one more chunk of the file after the unread bytes, moved to the front. */
static int read_chunk(struct csv_reader *r)
{
	size_t keep = r->filled - r->pos, n;
	void *buffer = r->owned;

	if (grow_array(&buffer, &r->capacity, keep + CSV_CHUNK, 1))
		return diag_nomem(r->diag, "reading a CSV file");
	r->owned = buffer;
	r->base += r->pos;
	memmove(r->owned, r->owned + r->pos, keep);
	r->filled = keep;
	r->pos = 0;
	n = fread(r->owned + keep, 1, CSV_CHUNK, r->file);
	if (ferror(r->file))
		return diag_fail(r->diag, VMAP_IO, "%s: cannot read: %s", r->path, strerror(errno));
	r->filled += n;
	r->at_eof = n == 0 || feof(r->file);
	r->data = r->owned;
	return VMAP_OK;
}

static int row_too_long(struct csv_reader *r)
{
	return diag_fail(r->diag, VMAP_INPUT,
			 "%s:%zu: a row longer than %u MB: expected rows of at most %u MB (a file "
			 "with no line breaks, or a quote never closed?)",
			 r->path, r->next_line, CSV_ROW_MAX >> 20, CSV_ROW_MAX >> 20);
}

/* Makes sure [pos, size) holds at least one complete row, or all that is left. A row longer
 * than CSV_ROW_MAX is refused (a file with no line break, a quote never closed): memory stays
 * bounded by it. */
static int refill(struct csv_reader *r)
{
	size_t scanned = 0; /* [0, scanned) after the first chunk: no row end in it */
	bool quoted = false;

	while (r->file && !r->at_eof) {
		size_t end;
		int rc = read_chunk(r);
		if (rc)
			return rc;
		end = r->at_eof ? r->filled : last_row_end(r->data, scanned, r->filled, &quoted);
		scanned = r->filled;
		if (end > 0) {
			r->size = end;
			return VMAP_OK;
		}
		if (r->filled > CSV_ROW_MAX)
			return row_too_long(r);
	}
	r->size = r->filled;
	return VMAP_OK;
}

static void skip_bom(struct csv_reader *r)
{
	if (r->size >= 3 && memcmp(r->data, "\xef\xbb\xbf", 3) == 0)
		r->pos = 3;
}

void csv_open_memory(struct csv_reader *r, const char *name, const char *data, size_t size,
		     char delimiter, bool trim, struct vmap_diag *diag)
{
	memset(r, 0, sizeof *r);
	r->path = name;
	r->data = data;
	r->size = size;
	r->delimiter = delimiter;
	r->trim = trim;
	r->filled = size;
	r->at_eof = true;
	r->next_line = 1;
	r->diag = diag;
	strbuf_init(&r->row);
	strbuf_init(&r->header);
	skip_bom(r);
}

int csv_open_file(struct csv_reader *r, const char *path, char delimiter, bool trim,
		  struct vmap_diag *diag)
{
	int rc;

	csv_open_memory(r, path, "", 0, delimiter, trim, diag);
	rc = input_open(path, &r->file, diag);
	if (rc)
		return rc;
	r->at_eof = false;
	rc = refill(r);
	if (rc == VMAP_OK)
		skip_bom(r);
	return rc;
}

int csv_hold_pipe(struct csv_reader *r, size_t limit, const char *why)
{
	struct stat st;

	if (!r->file || (fstat(fileno(r->file), &st) == 0 && S_ISREG(st.st_mode)))
		return VMAP_OK;
	while (!r->at_eof) {
		int rc = read_chunk(r);
		if (rc)
			return rc;
		if (r->filled - r->pos > limit)
			return diag_fail(r->diag, VMAP_INPUT,
					 "%s: more than %zu MB from a pipe: expected at most %zu MB, "
					 "or a regular file (%s)",
					 r->path, limit >> 20, limit >> 20, why);
	}
	fclose(r->file);
	r->file = NULL;
	r->size = r->filled;
	return VMAP_OK;
}

int csv_seek(struct csv_reader *r, uint64_t offset, size_t line)
{
	if (!r->file || offset > (uint64_t)INT64_MAX || fseeko(r->file, (off_t)offset, SEEK_SET))
		return diag_fail(r->diag, VMAP_IO, "%s: cannot read: %s", r->path,
				 r->file ? strerror(errno) : "not a file");
	r->base = offset;
	r->pos = r->size = r->filled = 0;
	r->at_eof = false;
	r->next_line = line;
	return refill(r);
}

void csv_close(struct csv_reader *r)
{
	if (r->file)
		fclose(r->file);
	free(r->owned);
	free(r->starts);
	free(r->header_starts);
	strbuf_release(&r->row);
	strbuf_release(&r->header);
	memset(r, 0, sizeof *r);
}

const char *csv_field(const struct csv_reader *r, size_t index)
{
	assert(index < r->field_count);
	return r->row.data + r->starts[index];
}

static size_t utf8_sequence_length(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t n = c < 0xc2 ? 0 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : c < 0xf5 ? 4 : 0;

	if (n == 0 || n > left)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (c == 0xe0 && s[1] < 0xa0)
		return 0; /* overlong */
	if (c == 0xed && s[1] >= 0xa0)
		return 0; /* surrogate */
	if (c == 0xf0 && s[1] < 0x90)
		return 0; /* overlong */
	if (c == 0xf4 && s[1] >= 0x90)
		return 0; /* beyond U+10FFFF */
	return n;
}

bool utf8_is_valid(const char *s, size_t length)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < length) {
		size_t n;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_sequence_length(p + i, length - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

static bool is_blank(const struct csv_reader *r, char c)
{
	return r->trim && (c == ' ' || c == '\t') && c != r->delimiter;
}

static bool at_row_end(const struct csv_reader *r, size_t pos)
{
	return pos >= r->size || r->data[pos] == '\n' ||
	       (r->data[pos] == '\r' && (pos + 1 >= r->size || r->data[pos + 1] == '\n'));
}

static int fail_at(struct csv_reader *r, size_t line, size_t field, const char *what)
{
	if (field < r->header_count)
		return diag_fail(r->diag, VMAP_INPUT, "%s:%zu: field %zu (column '%s'): %s",
				 r->path, line, field + 1, r->header.data + r->header_starts[field],
				 what);
	return diag_fail(r->diag, VMAP_INPUT, "%s:%zu: field %zu: %s", r->path, line, field + 1,
			 what);
}

static const char *delimiter_name(char c)
{
	switch (c) {
	case ',':
		return "',' (comma)";
	case ';':
		return "';' (semicolon)";
	case '\t':
		return "a tab";
	default:
		return "'|' (pipe)";
	}
}

/* A first row (the header) of one column holding another common delimiter: the file was most
 * likely written with that one. */
static int check_delimiter(struct csv_reader *r)
{
	static const char candidates[] = {',', ';', '\t', '|'};
	const char *header = r->row.data ? r->row.data : "";
	size_t best_count = 0;
	char best = 0;

	if (r->field_count != 1)
		return VMAP_OK;
	for (size_t c = 0; c < sizeof candidates; c++) {
		size_t count = 0;
		if (candidates[c] == r->delimiter)
			continue;
		for (const char *p = header; *p; p++)
			count += *p == candidates[c];
		if (count > best_count) {
			best_count = count;
			best = candidates[c];
		}
	}
	if (!best)
		return VMAP_OK;
	return diag_fail(r->diag, VMAP_INPUT,
			 "%s:%zu: the header is one column separated by %s, but it holds %zu of "
			 "%s: the file looks separated by that; say `delimiter: \"%s\"` in its spec",
			 r->path, r->line, delimiter_name(r->delimiter), best_count,
			 delimiter_name(best), best == '\t' ? "\\t" : (char[2]){best, 0});
}

int csv_keep_header(struct csv_reader *r)
{
	size_t *starts = alloc_array(r->field_count ? r->field_count : 1, sizeof *starts);

	strbuf_release(&r->header);
	free(r->header_starts);
	r->header_starts = starts;
	r->header_count = 0;
	if (!starts)
		return diag_nomem(r->diag, "reading a CSV header");
	strbuf_add(&r->header, r->row.data ? r->row.data : "", r->row.length);
	if (r->header.failed)
		return diag_nomem(r->diag, "reading a CSV header");
	memcpy(starts, r->starts, r->field_count * sizeof *starts);
	r->header_count = r->field_count;
	r->expected_fields = r->field_count;
	return VMAP_OK;
}

/* Windows-1252 bytes 0x80..0x9F as Unicode (0: not a character); the rest is Latin-1. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

bool csv_encoding_named(const char *name, enum csv_encoding *out)
{
	static const struct {
		const char *name;
		enum csv_encoding encoding;
	} names[] = {{"utf-8", CSV_UTF8},	      {"utf8", CSV_UTF8},
		     {"windows-1252", CSV_WINDOWS_1252}, {"cp1252", CSV_WINDOWS_1252},
		     {"latin-1", CSV_LATIN1},	      {"latin1", CSV_LATIN1},
		     {"iso-8859-1", CSV_LATIN1}};

	for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++) {
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].encoding;
			return true;
		}
	}
	return false;
}

/* Appends `bytes` in a single-byte encoding to the row as UTF-8. */
static int add_converted(struct csv_reader *r, const char *bytes, size_t length)
{
	for (size_t i = 0; i < length; i++) {
		unsigned char c = (unsigned char)bytes[i];
		unsigned code = c;
		char utf8[3];
		if (c < 0x80) {
			strbuf_add(&r->row, (const char *)&c, 1);
			continue;
		}
		if (r->encoding == CSV_WINDOWS_1252 && c < 0xA0)
			code = cp1252_high[c - 0x80];
		if (!code) {
			char what[80];
			snprintf(what, sizeof what, "byte 0x%02X is not a windows-1252 character", c);
			return fail_at(r, r->line, r->field_count - 1, what);
		}
		if (code < 0x800) {
			utf8[0] = (char)(0xC0 | (code >> 6));
			utf8[1] = (char)(0x80 | (code & 0x3F));
			strbuf_add(&r->row, utf8, 2);
		} else {
			utf8[0] = (char)(0xE0 | (code >> 12));
			utf8[1] = (char)(0x80 | ((code >> 6) & 0x3F));
			utf8[2] = (char)(0x80 | (code & 0x3F));
			strbuf_add(&r->row, utf8, 3);
		}
	}
	return VMAP_OK;
}

/* Appends one field's bytes to the row and records where it starts. */
static int push_field(struct csv_reader *r, const char *bytes, size_t length)
{
	void *starts = r->starts;

	if (grow_array(&starts, &r->field_capacity, r->field_count + 1, sizeof(size_t)))
		return diag_nomem(r->diag, "reading a CSV row");
	r->starts = starts;
	r->starts[r->field_count++] = r->row.length;
	if (memchr(bytes, '\0', length))
		return fail_at(r, r->line, r->field_count - 1, "contains a NUL byte");
	if (r->encoding == CSV_UTF8 && !utf8_is_valid(bytes, length))
		return fail_at(r, r->line, r->field_count - 1,
			       "not valid UTF-8 (a spreadsheet export? say `encoding: windows-1252` "
			       "in its spec)");
	if (r->encoding == CSV_UTF8) {
		strbuf_add(&r->row, bytes, length);
	} else {
		int rc = add_converted(r, bytes, length);
		if (rc)
			return rc;
	}
	strbuf_add(&r->row, "", 1);
	if (r->row.failed)
		return diag_nomem(r->diag, "reading a CSV row");
	return VMAP_OK;
}

static int read_unquoted(struct csv_reader *r, size_t *pos)
{
	size_t start = *pos, end;

	while (!at_row_end(r, *pos) && r->data[*pos] != r->delimiter) {
		if (r->data[*pos] == '"')
			return fail_at(r, r->next_line, r->field_count,
				       "a quote inside an unquoted field (quote the whole field)");
		(*pos)++;
	}
	end = *pos;
	while (end > start && is_blank(r, r->data[end - 1]))
		end--;
	return push_field(r, r->data + start, end - start);
}

/* Reads a quoted field into `value`, unescaping "" and counting line breaks. */
static int read_quoted_bytes(struct csv_reader *r, size_t *pos, struct strbuf *value)
{
	size_t started = r->next_line;

	for ((*pos)++;; (*pos)++) {
		char c;
		if (*pos >= r->size)
			return fail_at(r, started, r->field_count, "quoted field never closed");
		c = r->data[*pos];
		if (c == '"') {
			if (*pos + 1 < r->size && r->data[*pos + 1] == '"') {
				(*pos)++;
			} else {
				(*pos)++;
				return VMAP_OK;
			}
		} else if (c == '\n') {
			r->next_line++;
		}
		strbuf_add(value, &c, 1);
	}
}

static int read_quoted(struct csv_reader *r, size_t *pos)
{
	struct strbuf value;
	int rc;

	strbuf_init(&value);
	rc = read_quoted_bytes(r, pos, &value);
	while (rc == VMAP_OK && *pos < r->size && is_blank(r, r->data[*pos]))
		(*pos)++;
	if (rc == VMAP_OK && !at_row_end(r, *pos) && r->data[*pos] != r->delimiter)
		rc = fail_at(r, r->next_line, r->field_count, "text after the closing quote");
	if (rc == VMAP_OK && value.failed)
		rc = diag_nomem(r->diag, "reading a CSV field");
	if (rc == VMAP_OK)
		rc = push_field(r, value.data ? value.data : "", value.length);
	strbuf_release(&value);
	return rc;
}

static void skip_line_end(struct csv_reader *r, size_t *pos)
{
	if (*pos < r->size && r->data[*pos] == '\r')
		(*pos)++;
	if (*pos < r->size && r->data[*pos] == '\n') {
		(*pos)++;
		r->next_line++;
	}
}

static bool skip_blank_lines(struct csv_reader *r)
{
	for (;;) {
		size_t p = r->pos;
		while (p < r->size && is_blank(r, r->data[p]))
			p++;
		if (p >= r->size)
			return false;
		if (!at_row_end(r, p))
			return true;
		r->pos = p;
		skip_line_end(r, &r->pos);
	}
}

static int read_fields(struct csv_reader *r)
{
	size_t pos = r->pos;
	int rc = VMAP_OK;

	for (;;) {
		while (pos < r->size && is_blank(r, r->data[pos]))
			pos++;
		if (pos < r->size && r->data[pos] == '"')
			rc = read_quoted(r, &pos);
		else
			rc = read_unquoted(r, &pos);
		if (rc)
			return rc;
		if (pos < r->size && r->data[pos] == r->delimiter) {
			pos++;
			continue;
		}
		break;
	}
	skip_line_end(r, &pos);
	r->pos = pos;
	return VMAP_OK;
}

int csv_read_row(struct csv_reader *r, bool *has_row)
{
	int rc;

	*has_row = false;
	r->field_count = 0;
	r->row.length = 0;
	for (;;) {
		if (r->pos >= r->size && (rc = refill(r)))
			return rc;
		if (skip_blank_lines(r))
			break;
		/* Only blank lines up to the end of what is read: the file may go on. */
		if (!r->file || (r->at_eof && r->size >= r->filled))
			return VMAP_OK;
		r->pos = r->size;
	}
	/* Bytes held in memory (a mapped file) obey the same limit, before any scan of the row. */
	if (!r->file && r->size - r->pos > CSV_ROW_MAX &&
	    !memchr(r->data + r->pos, '\n', CSV_ROW_MAX + 1))
		return row_too_long(r);
	r->line = r->next_line;
	r->row_offset = r->base + r->pos;
	rc = read_fields(r);
	if (!rc && r->rows_read++ == 0)
		rc = check_delimiter(r);
	if (rc)
		return rc;
	if (r->expected_fields && r->field_count != r->expected_fields)
		return diag_fail(r->diag, VMAP_INPUT, "%s:%zu: row has %zu fields, the header has %zu",
				 r->path, r->line, r->field_count, r->expected_fields);
	*has_row = true;
	return VMAP_OK;
}
