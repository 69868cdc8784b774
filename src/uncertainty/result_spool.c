/*
 * result_spool.c - draws' results in an unlinked temporary file (see result_spool.h).
 */
#include "result_spool.h"

#include "core/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *temp_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && *dir ? dir : "/tmp";
}

int result_spool_open(struct result_spool *r, uint64_t draws, size_t columns,
		      struct vmap_diag *diag)
{
	const char *dir = temp_dir();
	size_t length = strlen(dir) + 32;
	char *path = alloc_array(length, 1);

	r->fd = -1;
	r->draws = draws;
	r->columns = columns;
	atomic_init(&r->error, 0);
	if (!path)
		return diag_nomem(diag, "simulating");
	snprintf(path, length, "%s/valuemap-draws.XXXXXX", dir);
	r->fd = mkstemp(path);
	if (r->fd >= 0)
		unlink(path);
	free(path);
	if (r->fd < 0)
		return diag_fail(diag, VMAP_IO,
				 "%s: cannot make a temporary file for the draws' results: %s; "
				 "expected a writable folder in TMPDIR",
				 dir, strerror(errno));
	return VMAP_OK;
}

void result_spool_close(struct result_spool *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

/* Writes or reads `bytes` at `offset` in full, through short transfers. */
static int transfer(int fd, bool writing, void *data, size_t bytes, uint64_t offset)
{
	char *at = data;

	while (bytes > 0) {
		ssize_t n = writing ? pwrite(fd, at, bytes, (off_t)offset)
				    : pread(fd, at, bytes, (off_t)offset);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = writing ? ENOSPC : EIO;
			return VMAP_IO;
		}
		at += n;
		bytes -= (size_t)n;
		offset += (uint64_t)n;
	}
	return VMAP_OK;
}

void result_spool_put(struct result_spool *r, uint64_t first, size_t count, const double *rows,
		      double *column)
{
	for (size_t c = 0; c < r->columns; c++) {
		int expected = 0;
		for (size_t d = 0; d < count; d++)
			column[d] = rows[d * r->columns + c];
		if (transfer(r->fd, true, column, count * sizeof *column,
			     (c * r->draws + first) * sizeof *column) != VMAP_OK) {
			atomic_compare_exchange_strong(&r->error, &expected, errno ? errno : EIO);
			return;
		}
	}
}

int result_spool_check(struct result_spool *r, struct vmap_diag *diag)
{
	int error = atomic_load(&r->error);

	if (!error)
		return VMAP_OK;
	return diag_fail(diag, VMAP_IO,
			 "%s: cannot write the draws' results to a temporary file: %s; expected "
			 "free space in TMPDIR",
			 temp_dir(), strerror(error));
}

int result_spool_get(const struct result_spool *r, size_t column, uint64_t first, size_t count,
		     double *out)
{
	return transfer(r->fd, false, out, count * sizeof *out,
			(column * r->draws + first) * sizeof *out);
}
