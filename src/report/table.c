/*
 * table.c - reads one stage's CSV output whole into a `struct rtable`, through core/csv.
 *
 * Only the columns the spec keeps are stored (draws.csv may carry thousands of sampled inputs
 * the report never shows). Every kept cell is parsed once as a number; a required numeric
 * column holding text is an error naming the file, line and column, never the value (pairs.csv
 * holds record ids).
 */
#include "report.h"

#include "core/alloc.h"
#include "core/csv.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

const char *rtable_cell(const struct rtable *t, size_t row, size_t col)
{
	return t->text.data + t->offsets[row * t->cols + col];
}

double rtable_num(const struct rtable *t, size_t row, size_t col)
{
	if (col >= t->cols || row >= t->rows)
		return NAN;
	return t->nums[row * t->cols + col];
}

size_t rtable_col(const struct rtable *t, const char *name)
{
	for (size_t c = 0; c < t->cols; c++)
		if (strcmp(t->names[c], name) == 0)
			return c;
	return SIZE_MAX;
}

void rtable_free(struct rtable *t)
{
	for (size_t c = 0; c < t->cols && t->names; c++)
		free(t->names[c]);
	free(t->names);
	free(t->offsets);
	free(t->nums);
	free(t->lines);
	free(t->path);
	strbuf_release(&t->text);
	memset(t, 0, sizeof *t);
}

static double parse_number(const char *s)
{
	char *end;
	double v;

	if (!*s)
		return NAN;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno == ERANGE || !isfinite(v))
		return NAN;
	return v;
}

bool name_in_list(const char *const *list, const char *name)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

/* The kept columns of the header row; `source` maps each kept column to its field. */
static int take_header(struct rtable *t, struct csv_reader *csv, const struct rtable_spec *spec,
		       size_t **source, struct vmap_diag *diag)
{
	size_t fields = csv->field_count;

	t->names = alloc_array(fields, sizeof *t->names);
	*source = alloc_array(fields, sizeof **source);
	if (!t->names || !*source)
		return diag_nomem(diag, "reading a table");
	for (size_t f = 0; f < fields; f++) {
		const char *name = csv_field(csv, f);
		if (spec->keep && !spec->keep(name) && !name_in_list(spec->required, name))
			continue;
		t->names[t->cols] = alloc_strdup(name);
		if (!t->names[t->cols])
			return diag_nomem(diag, "reading a table");
		(*source)[t->cols++] = f;
	}
	return VMAP_OK;
}

static int grow_rows(struct rtable *t, size_t *capacity)
{
	size_t cap = *capacity, need = t->rows + 1;
	void *o = t->offsets, *n = t->nums, *l = t->lines;

	if (need <= cap)
		return 0;
	cap = cap ? cap * 2 : 64;
	if (cap > SIZE_MAX / (t->cols + 1))
		return -1;
	o = realloc_array(o, cap * t->cols, sizeof *t->offsets);
	if (o)
		t->offsets = o;
	n = realloc_array(n, cap * t->cols, sizeof *t->nums);
	if (n)
		t->nums = n;
	l = realloc_array(l, cap, sizeof *t->lines);
	if (l)
		t->lines = l;
	if (!o || !n || !l)
		return -1;
	*capacity = cap;
	return 0;
}

static int take_row(struct rtable *t, struct csv_reader *csv, const size_t *source,
		    const struct rtable_spec *spec, size_t *capacity, struct vmap_diag *diag)
{
	if (grow_rows(t, capacity) != 0)
		return diag_nomem(diag, "reading a table");
	t->lines[t->rows] = csv->line;
	for (size_t c = 0; c < t->cols; c++) {
		const char *cell = csv_field(csv, source[c]);
		size_t at = t->rows * t->cols + c;
		double v = parse_number(cell);
		if (isnan(v) && *cell && name_in_list(spec->numeric, t->names[c]))
			return diag_fail(diag, VMAP_INPUT,
					 "%s:%zu: column '%s': expected a number", t->path,
					 csv->line, t->names[c]);
		t->offsets[at] = t->text.length;
		t->nums[at] = v;
		strbuf_add(&t->text, cell, strlen(cell) + 1);
	}
	t->rows++;
	return t->text.failed ? diag_nomem(diag, "reading a table") : VMAP_OK;
}

static int read_rows(struct rtable *t, struct csv_reader *csv, const struct rtable_spec *spec,
		     struct vmap_diag *diag)
{
	size_t *source = NULL, capacity = 0;
	bool has_row;
	int rc = csv_read_row(csv, &has_row);

	if (!rc && !has_row)
		rc = diag_fail(diag, VMAP_INPUT, "%s:1: the file is empty (expected a header row)",
			       t->path);
	if (!rc)
		rc = csv_keep_header(csv);
	if (!rc)
		rc = take_header(t, csv, spec, &source, diag);
	while (!rc && !(rc = csv_read_row(csv, &has_row)) && has_row)
		rc = take_row(t, csv, source, spec, &capacity, diag);
	free(source);
	return rc;
}

static int check_required(const struct rtable *t, const struct rtable_spec *spec,
			  struct vmap_diag *diag)
{
	for (const char *const *r = spec->required; r && *r; r++)
		if (rtable_col(t, *r) == SIZE_MAX)
			return diag_fail(diag, VMAP_INPUT, "%s:1: missing column '%s'", t->path, *r);
	return VMAP_OK;
}

/* Maps the file read-only (nothing is copied: draws.csv can be hundreds of megabytes). */
static int map_file(const char *path, const char **data, size_t *length,
		    struct vmap_diag *diag)
{
	struct stat st;
	int fd = open(path, O_RDONLY), err = 0;

	if (fd < 0)
		return diag_fail(diag, errno == ENOENT ? VMAP_INPUT : VMAP_IO, "%s: %s", path,
				 errno == ENOENT ? "missing (the stage's other files are here)"
						 : strerror(errno));
	if (fstat(fd, &st) != 0)
		err = errno;
	*length = err ? 0 : (size_t)st.st_size;
	*data = "";
	if (!err && *length) {
		void *map = mmap(NULL, *length, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			err = errno;
			*length = 0;
		} else {
			*data = map;
		}
	}
	close(fd);
	return err ? diag_fail(diag, VMAP_IO, "%s: cannot read: %s", path, strerror(err))
		   : VMAP_OK;
}

static int load_general(struct rtable *t, const char *data, size_t length,
			const struct rtable_spec *spec, struct vmap_diag *diag)
{
	struct csv_reader csv;
	int rc;

	csv_open_memory(&csv, t->path, data, length, ',', false, diag);
	rc = read_rows(t, &csv, spec, diag);
	csv_close(&csv);
	return rc;
}

int rtable_read_memory(struct rtable *t, const char *name, const char *data, size_t length,
		       const struct rtable_spec *spec, bool fast, struct vmap_diag *diag)
{
	int rc = TAIL_NOT_APPLICABLE;

	memset(t, 0, sizeof *t);
	strbuf_init(&t->text);
	t->path = alloc_strdup(name);
	if (!t->path)
		return diag_nomem(diag, "reading a table");
	if (fast)
		rc = rtable_load_tail(t, data, length, spec, diag);
	if (rc == TAIL_NOT_APPLICABLE) {
		char *path = t->path;
		t->path = NULL;
		rtable_free(t); /* what the fast path made before it gave up */
		t->path = path;
		strbuf_init(&t->text);
		rc = load_general(t, data, length, spec, diag);
	}
	if (!rc)
		rc = check_required(t, spec, diag);
	if (rc && diag->code == VMAP_USAGE)
		diag->code = rc = VMAP_INPUT;
	return rc;
}

int rtable_load(struct rtable *t, const char *dir, const char *name,
		const struct rtable_spec *spec, struct vmap_diag *diag)
{
	size_t length = strlen(dir) + strlen(name) + 2, mapped = 0;
	char *path = alloc_array(length, 1);
	const char *data = "";
	int rc;

	memset(t, 0, sizeof *t);
	if (!path)
		return diag_nomem(diag, "reading a table");
	snprintf(path, length, "%s/%s", dir, name);
	rc = map_file(path, &data, &mapped, diag);
	if (!rc)
		rc = rtable_read_memory(t, path, data, mapped, spec, true, diag);
	if (mapped)
		munmap((void *)data, mapped);
	free(path);
	return rc;
}
