/*
 * csv_share.c - one rank's share of a CSV file's rows (csv_share.h): count quotes and line
 * breaks in the rank's byte range, exchange the counts, then find the rank's first row.
 */
#include "csv_share.h"

#include "dist.h"
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define SCAN_CHUNK (1u << 20)

struct range_counts {
	uint64_t quotes, breaks;
};

static int read_failed(FILE *file, const char *path, struct vmap_diag *diag)
{
	int rc = diag_fail(diag, VMAP_IO, "%s: cannot read: %s", path, strerror(errno));

	fclose(file);
	return rc;
}

/* Counts quotes and line breaks in [begin, end) of the file. */
static int count_range(const char *path, uint64_t begin, uint64_t end,
		       struct range_counts *counts, struct vmap_diag *diag)
{
	static char chunk[SCAN_CHUNK]; /* main thread only (dist.h) */
	FILE *file;
	int rc = input_open(path, &file, diag);

	if (rc)
		return rc;
	if (fseeko(file, (off_t)begin, SEEK_SET))
		return read_failed(file, path, diag);
	while (begin < end) {
		size_t want = end - begin < SCAN_CHUNK ? (size_t)(end - begin) : SCAN_CHUNK;
		size_t got = fread(chunk, 1, want, file);
		if (got == 0)
			return ferror(file) ? read_failed(file, path, diag) : (fclose(file), VMAP_OK);
		for (size_t i = 0; i < got; i++) {
			counts->quotes += chunk[i] == '"';
			counts->breaks += chunk[i] == '\n';
		}
		begin += got;
	}
	fclose(file);
	return VMAP_OK;
}

/* From `begin` (inside quotes when `quoted`), the first line break outside quotes: the
 * share starts just after it, on line `line` plus the breaks up to it. */
static int find_first_row(const char *path, uint64_t begin, bool quoted, size_t line,
			  struct csv_share *share, struct vmap_diag *diag)
{
	static char chunk[SCAN_CHUNK];
	FILE *file;
	int rc = input_open(path, &file, diag);

	share->empty = true;
	if (rc)
		return rc;
	if (fseeko(file, (off_t)begin, SEEK_SET))
		return read_failed(file, path, diag);
	for (;;) {
		size_t got = fread(chunk, 1, SCAN_CHUNK, file);
		if (got == 0)
			break;
		for (size_t i = 0; i < got; i++) {
			if (chunk[i] == '"') {
				quoted = !quoted;
			} else if (chunk[i] == '\n') {
				line++;
				if (!quoted) {
					share->start = begin + i + 1;
					share->line = line;
					share->empty = false;
					fclose(file);
					return VMAP_OK;
				}
			}
		}
		begin += got;
	}
	return ferror(file) ? read_failed(file, path, diag) : (fclose(file), VMAP_OK);
}

/* The file's size; `*regular` false for a pipe or device, whose size is not known ahead. */
static int file_size(const char *path, uint64_t *size, bool *regular, struct vmap_diag *diag)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return diag_fail(diag, VMAP_IO, "%s: cannot read: %s", path, strerror(errno));
	*size = (uint64_t)st.st_size;
	*regular = S_ISREG(st.st_mode);
	return VMAP_OK;
}

int csv_share_plan(const char *path, struct csv_share *share, int status,
		   struct vmap_diag *diag)
{
	struct range_counts mine = {0, 0}, before = {0, 0};
	struct dist_blocks all = {0};
	uint64_t size = 0, begin = 0, end = 0;
	bool regular = true;
	int rc = status;

	memset(share, 0, sizeof *share);
	if (!rc)
		rc = file_size(path, &size, &regular, diag);
	if (!rc && regular) {
		dist_share(size, &begin, &end);
		rc = count_range(path, begin, end, &mine, diag);
	}
	rc = dist_all_gather(&mine, sizeof mine, &all, rc, diag);
	if (rc)
		return rc;
	for (unsigned r = 0; r < dist_rank(); r++) {
		const struct range_counts *theirs = (const void *)(all.data + all.offsets[r]);
		before.quotes += theirs->quotes;
		before.breaks += theirs->breaks;
	}
	dist_blocks_release(&all);
	share->limit = end;
	if (!regular) { /* not cut in ranges: rank 0 reads it all */
		share->limit = UINT64_MAX;
		share->empty = dist_rank() > 0;
		return VMAP_OK;
	}
	if (dist_rank() == 0)
		return VMAP_OK;
	return find_first_row(path, begin, before.quotes % 2 == 1, 1 + before.breaks, share, diag);
}

int csv_share_seek(struct csv_reader *r, const struct csv_share *share)
{
	return csv_seek(r, share->start, share->line);
}

bool csv_share_holds(const struct csv_reader *r, const struct csv_share *share)
{
	return r->row_offset <= share->limit;
}
