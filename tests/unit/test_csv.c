/*
 * test_csv.c - the RFC 4180 reader: the layouts it must accept and the mistakes it must name
 * with file and line. Inputs sit beside their expected fields, in jq's test style.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/csv.h"
#include "core/csv_share.h"
#include "core/strbuf.h"

#include "temp_dir.h"

/* Reads every row of `text`; the fields of all rows joined with '|' and rows with '/'. */
static int read_all(const char *text, char delimiter, bool trim, char *out, size_t size,
		    struct vmap_diag *diag)
{
	struct csv_reader r;
	bool has_row;
	int rc;
	size_t n = 0;

	out[0] = '\0';
	csv_open_memory(&r, "t.csv", text, strlen(text), delimiter, trim, diag);
	while (!(rc = csv_read_row(&r, &has_row)) && has_row) {
		for (size_t i = 0; i < r.field_count; i++)
			n += (size_t)snprintf(out + n, size - n, "%s%s", i ? "|" : "",
					      csv_field(&r, i));
		n += (size_t)snprintf(out + n, size - n, "/");
	}
	csv_close(&r);
	return rc;
}

static void expect_rows(const char *text, char delimiter, bool trim, const char *expected)
{
	struct vmap_diag diag;
	char out[512];

	diag_clear(&diag);
	assert_int_equal(read_all(text, delimiter, trim, out, sizeof out, &diag), VMAP_OK);
	assert_string_equal(out, expected);
}

static void expect_error(const char *text, const char *message)
{
	struct vmap_diag diag;
	char out[512];

	diag_clear(&diag);
	assert_int_equal(read_all(text, ',', true, out, sizeof out, &diag), VMAP_INPUT);
	assert_non_null(strstr(diag.message, message));
}

static void accepts_the_usual_layouts(void **state)
{
	(void)state;
	expect_rows("a,b\n1,2\n", ',', false, "a|b/1|2/");
	expect_rows("a,b\r\n1,2\r\n", ',', false, "a|b/1|2/");
	expect_rows("a,b\r\n1,2", ',', false, "a|b/1|2/");
	expect_rows("a,b\n1,\n", ',', false, "a|b/1|/");
	expect_rows("a;b\n1;2\n", ';', false, "a|b/1|2/");
	expect_rows("\xef\xbb\xbf" "a\n1\n", ',', false, "a/1/");
	expect_rows("a\n\n1\n\n", ',', false, "a/1/");
}

static void reads_quoted_fields(void **state)
{
	(void)state;
	expect_rows("\"a,b\",\"say \"\"hi\"\"\"\n", ',', false, "a,b|say \"hi\"/");
	expect_rows("\"two\nlines\",x\n", ',', false, "two\nlines|x/");
	expect_rows("\"\",x\n", ',', false, "|x/");
}

static void trims_febrl_separators(void **state)
{
	(void)state;
	expect_rows("rec_id, given_name, surname\nrec-1-org, , smith \n", ',', true,
		    "rec_id|given_name|surname/rec-1-org||smith/");
	expect_rows("a , \"b c\" \n", ',', true, "a|b c/");
}

static void names_the_line_of_each_mistake(void **state)
{
	(void)state;
	expect_error("a,b\n1,2\n\"open,3\n", "t.csv:3: field 1: quoted field never closed");
	expect_error("a,b\n1,2\nx\"y,3\n", "t.csv:3: field 1: a quote inside an unquoted field");
	expect_error("a,b\n\"1\"x,2\n", "t.csv:2: field 1: text after the closing quote");
	expect_error("a,b\n1,\xff\n", "t.csv:2: field 2: not valid UTF-8");
	expect_error("a,b\n1,\xc0\xaf\n", "not valid UTF-8");           /* overlong */
	expect_error("a,b\n1,\xed\xa0\x80\n", "not valid UTF-8");       /* surrogate */
}

static void counts_lines_inside_quotes(void **state)
{
	struct csv_reader r;
	struct vmap_diag diag;
	const char *text = "a,b\n\"x\ny\",1\n2,3,4\n";
	bool has_row;

	(void)state;
	diag_clear(&diag);
	csv_open_memory(&r, "t.csv", text, strlen(text), ',', false, &diag);
	r.expected_fields = 2;
	assert_int_equal(csv_read_row(&r, &has_row), VMAP_OK);
	assert_int_equal(csv_read_row(&r, &has_row), VMAP_OK);
	assert_int_equal(r.line, 2);
	assert_int_equal(csv_read_row(&r, &has_row), VMAP_INPUT);
	assert_string_equal(diag.message, "t.csv:4: row has 3 fields, the header has 2");
	csv_close(&r);
}

/* A file of several 1 MB chunks: rows (with quoted line breaks) cross chunk boundaries, and
 * line numbers stay right to the end. */
static void streams_large_files(void **state)
{
	char path[] = "/tmp/vmap-test-csv-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct csv_reader r;
	struct vmap_diag diag;
	bool has_row;
	size_t rows = 0;
	int rc;

	(void)state;
	assert_non_null(f);
	fprintf(f, "id,text,pad\r\n");
	for (int i = 0; i < 40000; i++)
		fprintf(f, "%d,\"two\nlines, \"\"quoted\"\"\",%040d\r\n", i, i);
	fprintf(f, "last,row\n");
	fclose(f);
	diag_clear(&diag);
	assert_int_equal(csv_open_file(&r, path, ',', true, &diag), VMAP_OK);
	r.expected_fields = 3;
	while ((rc = csv_read_row(&r, &has_row)) == VMAP_OK && has_row) {
		if (rows > 0)
			assert_string_equal(csv_field(&r, 1), "two\nlines, \"quoted\"");
		rows++;
	}
	assert_int_equal(rows, 40001);
	assert_int_equal(rc, VMAP_INPUT);
	assert_non_null(strstr(diag.message, ":80002: row has 2 fields, the header has 3"));
	csv_close(&r);
	unlink(path);
}

/* Blank lines where a 1 MiB chunk ends, and a long run of them, must not end the file early
 * (found in review: the reader took "only blanks left in this chunk" for the end). */
static void blank_lines_at_a_chunk_boundary_do_not_end_the_file(void **state)
{
	enum { CHUNK = 1 << 20 };
	char path[] = "/tmp/vmap-test-csv-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct csv_reader r;
	struct vmap_diag diag;
	bool has_row;
	size_t rows = 0, written = 0;

	(void)state;
	assert_non_null(f);
	while (written < CHUNK - 200) /* rows up to just before the first chunk ends */
		written += (size_t)fprintf(f, "%08zu,abcdefghij\n", rows++);
	while (written < CHUNK + 100) /* blank lines across the boundary */
		written += (size_t)fprintf(f, "\n");
	for (int i = 0; i < (2 * CHUNK) / 4; i++) /* more than a chunk of blanks */
		fprintf(f, "  \n");
	for (int i = 0; i < 1000; i++, rows++)
		fprintf(f, "%08zu,abcdefghij\n", rows);
	fclose(f);
	diag_clear(&diag);
	assert_int_equal(csv_open_file(&r, path, ',', true, &diag), VMAP_OK);
	size_t read = 0;
	while (csv_read_row(&r, &has_row) == VMAP_OK && has_row)
		read++;
	assert_int_equal(read, rows);
	csv_close(&r);
	unlink(path);
}

/* What the writer quotes, the reader gives back whole: commas, quotes, line breaks, and
 * edge spaces, which the reader would otherwise trim (found in review: ' sp ' became 'sp'). */
static void written_fields_read_back_whole(void **state)
{
	const char *fields[] = {" sp ", "a,b", "say \"hi\"", "two\nlines", "\tTab", "plain"};
	struct strbuf sb;
	struct csv_reader r;
	struct vmap_diag diag;
	bool has_row;

	(void)state;
	strbuf_init(&sb);
	for (size_t i = 0; i < 6; i++) {
		strbuf_adds(&sb, i ? "," : "");
		strbuf_add_csv_field(&sb, fields[i]);
	}
	strbuf_adds(&sb, "\n");
	diag_clear(&diag);
	csv_open_memory(&r, "mem", sb.data, sb.length, ',', true, &diag);
	assert_int_equal(csv_read_row(&r, &has_row), VMAP_OK);
	assert_true(has_row);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(csv_field(&r, i), fields[i]);
	csv_close(&r);
	strbuf_release(&sb);
}

static void names_the_column_after_a_header(void **state)
{
	struct csv_reader r;
	struct vmap_diag diag;
	const char *text = "id,dob\n1,\"2\n";
	bool has_row;

	(void)state;
	diag_clear(&diag);
	csv_open_memory(&r, "t.csv", text, strlen(text), ',', false, &diag);
	assert_int_equal(csv_read_row(&r, &has_row), VMAP_OK);
	assert_int_equal(csv_keep_header(&r), VMAP_OK);
	assert_int_equal(r.expected_fields, 2);
	assert_int_equal(csv_read_row(&r, &has_row), VMAP_INPUT);
	assert_string_equal(diag.message, "t.csv:2: field 2 (column 'dob'): quoted field never closed");
	csv_close(&r);
}

static void validates_utf8(void **state)
{
	(void)state;
	assert_true(utf8_is_valid("caf\xc3\xa9", 5));
	assert_true(utf8_is_valid("\xf0\x9f\x98\x80", 4));
	assert_false(utf8_is_valid("\xc3", 1));
	assert_false(utf8_is_valid("\xf4\x90\x80\x80", 4));
}

/* Each row's file offset, and a reader moved to one (csv_seek: how an MPI rank starts at its
 * share) reads from that row on, with the line numbers of reading the whole file: over
 * several chunks, after a byte-order mark, with CRLF ends and line breaks inside quotes. */
static void seeks_to_a_row_with_its_line(void **state)
{
	enum { ROWS = 40000 };
	char path[] = "/tmp/vmap-test-csv-XXXXXX";
	FILE *f = fdopen(mkstemp(path), "w");
	uint64_t *offset = calloc(ROWS, sizeof *offset);
	size_t *line = calloc(ROWS, sizeof *line), rows = 0;
	struct csv_reader r;
	struct csv_share share;
	struct vmap_diag diag;
	bool has_row;

	(void)state;
	assert_non_null(f);
	fprintf(f, "\xef\xbb\xbfid,text\r\n");
	for (int i = 0; i < ROWS; i++) /* 2.5 MB: the reader's buffer moves along the file */
		if (i % 3)
			fprintf(f, "%d,%064d\r\n", i, i);
		else
			fprintf(f, "%d,\"two\nlines\"\r\n\r\n", i);
	fclose(f);
	diag_clear(&diag);
	assert_int_equal(csv_share_plan(path, &share, VMAP_OK, &diag), VMAP_OK);
	assert_int_equal(csv_open_file(&r, path, ',', true, &diag), VMAP_OK);
	assert_true(csv_read_row(&r, &has_row) == VMAP_OK && has_row);
	assert_int_equal(r.row_offset, 3); /* after the byte-order mark */
	while (csv_read_row(&r, &has_row) == VMAP_OK && has_row) {
		assert_true(csv_share_holds(&r, &share)); /* one process: every row */
		assert_int_equal(atoi(csv_field(&r, 0)), rows);
		offset[rows] = r.row_offset;
		line[rows++] = r.line;
	}
	assert_int_equal(rows, ROWS);
	for (size_t k = 1; k < ROWS; k += 9973) {
		assert_int_equal(csv_seek(&r, offset[k], line[k]), VMAP_OK);
		for (size_t i = k; i < k + 2 && i < ROWS; i++) {
			assert_true(csv_read_row(&r, &has_row) == VMAP_OK && has_row);
			assert_int_equal(atoi(csv_field(&r, 0)), i);
			assert_int_equal(r.line, line[i]);
			assert_int_equal(r.row_offset, offset[i]);
		}
	}
	csv_close(&r);
	free(offset);
	free(line);
	unlink(path);
}

/* A child process that opens the named pipe `path` and writes a header and `rows` rows of 70
 * bytes into it (after a byte-order mark), then exits; killed by SIGPIPE if the reader stops
 * first. */
static pid_t write_into_pipe(const char *path, int rows)
{
	pid_t pid = fork();

	if (pid == 0) {
		FILE *f = fopen(path, "w");
		if (!f)
			_exit(1);
		fprintf(f, "\xef\xbb\xbfid,text\n");
		for (int i = 0; i < rows; i++)
			fprintf(f, "%d,%064d\n", i, i);
		_exit(fclose(f) == 0 ? 0 : 1);
	}
	return pid;
}

/* A pipe (which cannot be opened twice) is held whole: its reader and a second reader over the
 * bytes it holds read the same rows, over several chunks, the byte-order mark skipped. */
static void holds_a_pipe_in_memory(void **state)
{
	enum { ROWS = 40000 }; /* 2.8 MB: three chunks */
	char dir[64], path[128];
	struct csv_reader r, again;
	struct vmap_diag diag;
	bool has_row, has_again;
	int status, rows = 0;
	pid_t child;

	(void)state;
	assert_true(temp_dir_make(dir, sizeof dir, "csv-pipe"));
	snprintf(path, sizeof path, "%s/p.csv", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	child = write_into_pipe(path, ROWS);
	diag_clear(&diag);
	assert_int_equal(csv_open_file(&r, path, ',', true, &diag), VMAP_OK);
	assert_int_equal(csv_hold_pipe(&r, 8u << 20, "why"), VMAP_OK);
	assert_null(r.file);
	csv_open_memory(&again, path, r.data, r.size, ',', true, &diag);
	while (csv_read_row(&r, &has_row) == VMAP_OK && has_row) {
		assert_true(csv_read_row(&again, &has_again) == VMAP_OK && has_again);
		assert_string_equal(csv_field(&r, 0), csv_field(&again, 0));
		assert_int_equal(r.line, again.line);
		if (rows++ > 0)
			assert_int_equal(atoi(csv_field(&r, 0)), rows - 2);
	}
	assert_int_equal(rows, ROWS + 1);
	assert_string_equal(diag.message, "");
	csv_close(&again);
	csv_close(&r);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(temp_dir_remove(dir));
}

/* More than the limit from a pipe is refused, saying the limit and why it holds. A regular
 * file is left streaming. */
static void refuses_a_pipe_past_its_limit(void **state)
{
	char dir[64], path[128];
	struct csv_reader r;
	struct vmap_diag diag;
	int status;
	pid_t child;

	(void)state;
	assert_true(temp_dir_make(dir, sizeof dir, "csv-pipe"));
	snprintf(path, sizeof path, "%s/p.csv", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	child = write_into_pipe(path, 40000); /* 2.8 MB */
	diag_clear(&diag);
	assert_int_equal(csv_open_file(&r, path, ',', true, &diag), VMAP_OK);
	assert_int_equal(csv_hold_pipe(&r, 1u << 20, "dob has no format"), VMAP_INPUT);
	assert_non_null(strstr(diag.message, "p.csv: more than 1 MB from a pipe: expected at most "
					     "1 MB, or a regular file (dob has no format)"));
	csv_close(&r);
	assert_int_equal(waitpid(child, &status, 0), child);

	assert_true(temp_dir_put(dir, "f.csv", "id\n1\n"));
	snprintf(path, sizeof path, "%s/f.csv", dir);
	assert_int_equal(csv_open_file(&r, path, ',', true, &diag), VMAP_OK);
	assert_int_equal(csv_hold_pipe(&r, 1, "why"), VMAP_OK);
	assert_non_null(r.file);
	csv_close(&r);
	assert_true(temp_dir_remove(dir));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_the_usual_layouts),
		cmocka_unit_test(reads_quoted_fields),
		cmocka_unit_test(trims_febrl_separators),
		cmocka_unit_test(names_the_line_of_each_mistake),
		cmocka_unit_test(counts_lines_inside_quotes),
		cmocka_unit_test(streams_large_files),
		cmocka_unit_test(blank_lines_at_a_chunk_boundary_do_not_end_the_file),
		cmocka_unit_test(written_fields_read_back_whole),
		cmocka_unit_test(names_the_column_after_a_header),
		cmocka_unit_test(validates_utf8),
		cmocka_unit_test(seeks_to_a_row_with_its_line),
		cmocka_unit_test(holds_a_pipe_in_memory),
		cmocka_unit_test(refuses_a_pipe_past_its_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
