/*
 * report.c - the vmap_report handle: read a run's (or one stage's) output folder, then write
 * report.html and valuemap.xlsx into another, both committed together (core/outset).
 *
 * The handle owns everything it read; nothing is written until both files are complete, and
 * the files read are protected from being overwritten by the outputs.
 */
#include "report.h"

#include "core/alloc.h"
#include "core/dist.h"
#include "core/outset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

vmap_report *vmap_report_new(void)
{
	return alloc_array(1, sizeof(vmap_report));
}

void vmap_report_free(vmap_report *r)
{
	if (!r)
		return;
	report_data_free(&r->data);
	warnings_release(&r->warnings);
	free(r->title);
	free(r);
}

const char *vmap_report_errmsg(const vmap_report *r)
{
	return r ? r->diag.message : "out of memory";
}

size_t vmap_report_warning_count(const vmap_report *r)
{
	return warnings_count(&r->warnings);
}

const char *vmap_report_warning(const vmap_report *r, size_t index)
{
	return warnings_get(&r->warnings, index);
}

int vmap_report_set_title(vmap_report *r, const char *title)
{
	char *copy = alloc_strdup(title ? title : "");

	diag_clear(&r->diag);
	if (!copy)
		return diag_nomem(&r->diag, "setting the title");
	free(r->title);
	r->title = copy;
	return VMAP_OK;
}

/* What the reader should know about what was found. */
static int note_warnings(vmap_report *r, const char *dir)
{
	const struct report_data *d = &r->data;

	if (d->found[STAGE_POOL] && !d->found[STAGE_APPRAISE] &&
	    warnings_add(&r->warnings, "%s: pool's files without appraise's: the report shows "
			 "the pool without the value map it came from", dir))
		return diag_nomem(&r->diag, "keeping a warning");
	if (d->appraise.agencies.rows > REPORT_AGENCIES_MAX &&
	    warnings_add(&r->warnings, "%zu agencies: the page draws the first %d; the "
			 "workbook has them all", d->appraise.agencies.rows, REPORT_AGENCIES_MAX))
		return diag_nomem(&r->diag, "keeping a warning");
	return VMAP_OK;
}

int vmap_report_read(vmap_report *r, const char *dir)
{
	int rc;

	diag_clear(&r->diag);
	report_data_free(&r->data);
	warnings_release(&r->warnings);
	r->read = false;
	rc = report_data_read(&r->data, dir, &r->diag);
	if (!rc)
		rc = note_warnings(r, dir);
	if (rc) {
		report_data_free(&r->data);
		return rc;
	}
	r->read = true;
	return VMAP_OK;
}

bool vmap_report_has_stage(const vmap_report *r, const char *stage)
{
	static const char *const names[STAGE_COUNT] = {"link", "journeys", "appraise", "pool"};

	for (int s = 0; s < STAGE_COUNT; s++)
		if (strcmp(names[s], stage) == 0)
			return r->data.found[s];
	return false;
}

/* The workbook goes to a scratch file (libxlsxwriter writes to a path), then into the outset. */
static int add_workbook(vmap_report *r, struct outset *set, const char *dir)
{
	size_t length = strlen(dir) + 32;
	char *scratch = alloc_array(length, 1);
	char *bytes = NULL;
	size_t size = 0;
	int fd, rc;

	if (!scratch)
		return diag_nomem(&r->diag, "writing the workbook");
	snprintf(scratch, length, "%s/.valuemap.xlsx.XXXXXX", dir);
	fd = mkstemp(scratch);
	if (fd < 0) {
		rc = diag_fail(&r->diag, VMAP_IO, "%s: cannot create a file: %s", dir,
			       strerror(errno));
		free(scratch);
		return rc;
	}
	close(fd);
	rc = report_workbook(r, scratch, &r->diag);
	if (!rc)
		rc = report_read_file(scratch, &bytes, &size, &r->diag);
	if (!rc)
		rc = outset_write(set, "valuemap.xlsx", bytes, size);
	unlink(scratch);
	free(scratch);
	free(bytes);
	return rc;
}

int vmap_report_write(vmap_report *r, const char *dir)
{
	struct outset set;
	struct strbuf html;
	int rc;

	diag_clear(&r->diag);
	if (!r->read)
		return diag_fail(&r->diag, VMAP_USAGE, "nothing to report: read a folder first");
	if (!dist_writes()) /* under MPI only rank 0 writes */
		return outset_commit_elsewhere(&r->diag);
	strbuf_init(&html);
	rc = outset_begin(&set, dir, &r->diag);
	if (!rc)
		rc = report_html(r, &html);
	if (!rc)
		rc = outset_write_buf(&set, "report.html", &html);
	if (!rc)
		rc = add_workbook(r, &set, dir);
	rc = outset_commit_agreed((struct outset *[]){&set}, 1, rc, &r->diag);
	outset_release(&set);
	strbuf_release(&html);
	return rc;
}
