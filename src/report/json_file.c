/*
 * json_file.c - reads a stage's JSON output with cJSON's parser, and forgiving accessors.
 *
 * A file that does not parse is an error at the line and column where cJSON stopped. The
 * accessors return NaN, NULL or false for a missing key or a value of another type, so a
 * section can show what an older or newer stage wrote without failing on a field it lacks.
 */
#include "report.h"

#include "core/alloc.h"
#include "core/input.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int report_read_file(const char *path, char **text, size_t *length, struct vmap_diag *diag)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb;
	char chunk[65536];
	size_t n;

	if (!f)
		return diag_fail(diag, errno == ENOENT ? VMAP_INPUT : VMAP_IO, "%s: %s", path,
				 errno == ENOENT ? "missing (the stage's other files are here)"
						 : strerror(errno));
	if (input_check_document_size(f, path, "JSON", diag)) { /* a 10 GB file of zeros */
		fclose(f);
		return diag->code;
	}
	strbuf_init(&sb);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		strbuf_add(&sb, chunk, n);
	if (ferror(f)) {
		int error = errno;
		fclose(f);
		strbuf_release(&sb);
		return diag_fail(diag, VMAP_IO, "%s: cannot read: %s", path, strerror(error));
	}
	fclose(f);
	if (sb.failed || !sb.data) {
		bool failed = sb.failed; /* strbuf_release forgets it */
		strbuf_release(&sb);
		return failed ? diag_nomem(diag, "reading JSON")
			      : diag_fail(diag, VMAP_INPUT, "%s:1:1: the file is empty", path);
	}
	*text = sb.data;
	*length = sb.length;
	return VMAP_OK;
}

static void line_col(const char *text, const char *at, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (const char *p = text; p < at; p++) {
		if (*p == '\n') {
			++*line;
			*col = 1;
		} else {
			++*col;
		}
	}
}

int json_load(cJSON **out, const char *dir, const char *name, struct vmap_diag *diag)
{
	char path[4096], *text = NULL;
	const char *end = NULL;
	size_t length, line, col;
	unsigned long failures;
	int rc;

	*out = NULL;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	rc = report_read_file(path, &text, &length, diag);
	if (rc)
		return rc;
	failures = alloc_failure_count();
	*out = cJSON_ParseWithLengthOpts(text, length, &end, false);
	if (!*out && alloc_failure_count() != failures) {
		rc = diag_nomem(diag, "reading JSON");
	} else if (!*out || !cJSON_IsObject(*out)) {
		line_col(text, *out ? text : (end ? end : text), &line, &col);
		rc = diag_fail(diag, VMAP_INPUT, "%s:%zu:%zu: %s", path, line, col,
			       *out ? "expected a JSON object" : "not valid JSON");
		cJSON_Delete(*out);
		*out = NULL;
	}
	free(text);
	return rc;
}

double json_num(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	return cJSON_IsNumber(item) ? item->valuedouble : NAN;
}

const char *json_str(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	return cJSON_IsString(item) ? item->valuestring : NULL;
}

bool json_bool(const cJSON *object, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(object, key));
}
