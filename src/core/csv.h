/*
 * csv.h - an RFC 4180 CSV reader with precise errors, shared by every stage that reads CSV.
 *
 * The reader streams a file in 1 MB chunks (memory: a chunk plus the longest row, and a row
 * of more than 64 MB is refused: "file:line: a row longer than 64 MB"), or reads
 * bytes borrowed from the caller, and hands out one row at a time. It accepts LF and CRLF line ends, a missing final
 * newline, a UTF-8 byte-order mark, quoted fields with embedded delimiters, quotes ("") and
 * line breaks, and any one-byte delimiter. With `trim`, spaces and tabs around each field are
 * removed, so FEBRL's ", " separator reads as ','. Blank lines are skipped.
 *
 * It refuses, with "file:line: ..." on the diag: an unterminated quoted field (naming the line
 * it starts on), text after a closing quote, a quote inside an unquoted field, invalid UTF-8
 * (suggesting `encoding: windows-1252` for a spreadsheet export), a NUL byte, (when
 * `expected_fields` is set) a row whose field count differs, and a header of one column that
 * holds another likely delimiter (naming the one it found). Messages never quote the data.
 *
 * Fields of the current row live until the next csv_read_row() or csv_close().
 */
#ifndef VMAP_CORE_CSV_H
#define VMAP_CORE_CSV_H

#include "diag.h"
#include "strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The encoding of the bytes read: UTF-8 (checked), or a single-byte one converted to UTF-8
 * field by field (spreadsheet exports: Excel on Windows writes windows-1252). */
enum csv_encoding { CSV_UTF8, CSV_WINDOWS_1252, CSV_LATIN1 };

struct csv_reader {
	const char *path; /* borrowed, for messages */
	enum csv_encoding encoding;
	const char *data;
	size_t size, pos; /* [pos, size): complete rows not yet read */
	char *owned;      /* the buffer of a streamed file */
	size_t filled, capacity;
	FILE *file;
	bool at_eof;
	char delimiter;
	bool trim;
	size_t expected_fields; /* 0: any count */
	size_t line;            /* the line the current row starts on (1-based) */
	uint64_t base;          /* the file offset of data[0] (a streamed file) */
	uint64_t row_offset;    /* the file offset of the current row's first byte */
	size_t rows_read;
	size_t next_line;
	struct strbuf row;      /* the current row's fields, each NUL-terminated */
	size_t *starts;
	size_t field_count, field_capacity;
	struct strbuf header; /* csv_keep_header: column names, for messages */
	size_t *header_starts;
	size_t header_count;
	struct vmap_diag *diag;
};

/* Reads the file at `path` into memory. Errors: VMAP_USAGE when it does not exist, VMAP_IO. */
int csv_open_file(struct csv_reader *r, const char *path, char delimiter, bool trim,
		  struct vmap_diag *diag);

/* Reads `size` bytes at `data`, which must outlive the reader; `name` names it in messages. */
void csv_open_memory(struct csv_reader *r, const char *name, const char *data, size_t size,
		     char delimiter, bool trim, struct vmap_diag *diag);

/* The encoding named in a spec ("utf-8", "windows-1252" or "cp1252", "latin-1" or
 * "iso-8859-1", any case); false for any other name. */
bool csv_encoding_named(const char *name, enum csv_encoding *out);

/* Reads the next row; `*has_row` is false at the end of the input. */
int csv_read_row(struct csv_reader *r, bool *has_row);

const char *csv_field(const struct csv_reader *r, size_t index);

/* A reader opened on a pipe or device (a file that can be read only once) reads all of it into
 * memory now, so that its bytes (`data`, `size`; `file` is then NULL) can be scanned twice.
 * More than `limit` bytes is refused (VMAP_INPUT, the message ending with "(WHY)"). A regular
 * file is left streaming: it can be opened again. */
int csv_hold_pipe(struct csv_reader *r, size_t limit, const char *why);

/* Moves a streamed file's reader to `offset`, a row's first byte, which is on line `line`
 * (csv_share.h: one rank's share of the rows). The header kept and the rows counted stay. */
int csv_seek(struct csv_reader *r, uint64_t offset, size_t line);

/* Keeps the current row as the header: later rows must have as many fields, and messages
 * name the column ("field 4 (column 'dob')"). */
int csv_keep_header(struct csv_reader *r);

void csv_close(struct csv_reader *r);

/* True when the `length` bytes at `s` are well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_is_valid(const char *s, size_t length);

#endif
