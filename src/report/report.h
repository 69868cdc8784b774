/*
 * report.h - the report's private types: what the stages wrote, as read back from their files.
 *
 * The report reads only the files other stages wrote (CSV and JSON), never their internals, so
 * any run, old or new, can be reported. Each stage found is a `struct stage_files` of tables and
 * JSON documents; a stage whose files are absent is simply not there (`found` false). All of it
 * is owned by the `struct vmap_report` and freed with it.
 */
#ifndef VMAP_REPORT_REPORT_H
#define VMAP_REPORT_REPORT_H

#include "core/diag.h"
#include "core/strbuf.h"
#include "core/warnings.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* One CSV file read whole: kept columns only, every cell as text and, where it reads as a
 * number, as a double (NaN otherwise). Cells live in one arena (`text`, by offset). */
struct rtable {
	char *path;
	size_t cols, rows;
	char **names;    /* cols */
	size_t *offsets; /* rows * cols offsets into text */
	double *nums;    /* rows * cols */
	size_t *lines;   /* the file line of each row, for messages */
	struct strbuf text;
};

const char *rtable_cell(const struct rtable *t, size_t row, size_t col);
double rtable_num(const struct rtable *t, size_t row, size_t col);
/* The column's index, or SIZE_MAX when the table has no such column. */
size_t rtable_col(const struct rtable *t, const char *name);
void rtable_free(struct rtable *t);

/* What to read from a CSV file: the columns that must be present, those of them that must hold
 * numbers (or be empty), and which columns to keep (NULL: all). */
struct rtable_spec {
	const char *const *required;
	const char *const *numeric;
	bool (*keep)(const char *column);
};

/* True when `name` is in the NULL-terminated `list` (NULL: an empty list). */
bool name_in_list(const char *const *list, const char *name);

/* The fast path of rtable_load for wide number-only files whose kept columns are the first and
 * the last ones (draws.csv); TAIL_NOT_APPLICABLE when the file needs the general reader. */
#define TAIL_NOT_APPLICABLE (-1)
int rtable_load_tail(struct rtable *t, const char *data, size_t length,
		     const struct rtable_spec *spec, struct vmap_diag *diag);

/* Reads the `length` bytes at `data` as the CSV file `name` into `t`: through the fast path
 * when `fast` and it applies, else the general reader (fuzz/fuzz_report_table.c compares the
 * two). */
int rtable_read_memory(struct rtable *t, const char *name, const char *data, size_t length,
		       const struct rtable_spec *spec, bool fast, struct vmap_diag *diag);

/* Reads `dir/name` into `t`. Errors, as "file:line: ...", on `diag`: a missing file
 * (VMAP_INPUT), a missing column, text where a number belongs. */
int rtable_load(struct rtable *t, const char *dir, const char *name,
		const struct rtable_spec *spec, struct vmap_diag *diag);

/* Reads the whole file at `path` into `*text` (NUL-terminated, the caller frees it). A missing
 * file is VMAP_INPUT, an empty one too. */
int report_read_file(const char *path, char **text, size_t *length, struct vmap_diag *diag);

/* Reads and parses the JSON file `dir/name`; errors name the file, line and column. */
int json_load(cJSON **out, const char *dir, const char *name, struct vmap_diag *diag);

/* JSON accessors that tolerate absence: NaN, NULL or false when the key is missing or of
 * another type. */
double json_num(const cJSON *object, const char *key);
const char *json_str(const cJSON *object, const char *key);
bool json_bool(const cJSON *object, const char *key);

enum stage { STAGE_LINK, STAGE_JOURNEYS, STAGE_APPRAISE, STAGE_POOL, STAGE_COUNT };

struct appraise_files {
	cJSON *summary;
	struct rtable agencies, flows, matrix, draws, sensitivity;
	bool has_draws;
};

struct pool_files {
	cJSON *pool;
	struct rtable portfolio, credits;
};

struct link_files {
	cJSON *summary, *model;
	struct rtable pairs;
};

struct journeys_files {
	cJSON *summary;
	struct rtable cohort, balance, profiles, effects;
};

struct report_data {
	bool found[STAGE_COUNT];
	char *dirs[STAGE_COUNT];
	struct appraise_files appraise;
	struct pool_files pool;
	struct link_files link;
	struct journeys_files journeys;
};

/* Finds the stages in `dir` (itself a stage's folder, or a run's folder of stage folders) and
 * reads their files. VMAP_INPUT when none is found or a file is missing or malformed. */
int report_data_read(struct report_data *d, const char *dir, struct vmap_diag *diag);
void report_data_free(struct report_data *d);

#define REPORT_AGENCIES_MAX 64 /* agencies drawn on the page */

struct vmap_report {
	struct vmap_diag diag;
	char *title;
	struct report_data data;
	bool read;
	struct warnings warnings;
};


/* The display label of an agency id: a short id in capitals ("DWP"), else its name. */
void agency_label(char *out, size_t size, const struct report_data *d, const char *id);
/* The agency's full name from summary.json or pool.json, or the id itself. */
const char *agency_name(const struct report_data *d, const char *id);

/* The HTML page and the workbook (html_page.c, workbook.c). */
int report_html(const struct vmap_report *r, struct strbuf *out);
int report_workbook(const struct vmap_report *r, const char *path, struct vmap_diag *diag);

#endif
