/*
 * result_spool.h - the headline results of every draw, kept column by column in an unlinked
 * temporary file, so the memory a simulation needs does not grow with its draws.
 *
 * A column is one measure of one owner (npsv, bcr or net_fiscal of the totals or an agency);
 * value d of column c lives at byte (c * draws + d) * 8 of the file. Blocks of draws are put
 * by whoever simulated them, at fixed offsets (so in any order, from any thread, with the
 * same file in the end), and a whole column or a range of it is read back in draw order.
 * The file lives in $TMPDIR (default /tmp), is unlinked as soon as it is made (nothing is
 * left behind, whatever happens), and its pages are the kernel's page cache, not the
 * process's memory.
 */
#ifndef VMAP_UNCERTAINTY_RESULT_SPOOL_H
#define VMAP_UNCERTAINTY_RESULT_SPOOL_H

#include "core/diag.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct result_spool {
	int fd; /* -1 when closed */
	uint64_t draws;
	size_t columns;
	atomic_int error; /* the first errno of a failed put, 0 when none */
};

/* Opens an empty spool for `draws` draws of `columns` columns. Errors go to `diag`:
 * VMAP_IO when no temporary file can be made. */
int result_spool_open(struct result_spool *r, uint64_t draws, size_t columns,
		      struct vmap_diag *diag);
void result_spool_close(struct result_spool *r);

/* Stores rows[count][columns], the results of draws first .. first + count - 1; `column`
 * has room for count doubles. A failure is kept in r->error (see result_spool_check). */
void result_spool_put(struct result_spool *r, uint64_t first, size_t count, const double *rows,
		      double *column);

/* VMAP_OK, or VMAP_IO with a message when a put failed. */
int result_spool_check(struct result_spool *r, struct vmap_diag *diag);

/* out[i] = value first + i of `column`, for i < count. Returns VMAP_OK or VMAP_IO (with
 * the reason in errno). */
int result_spool_get(const struct result_spool *r, size_t column, uint64_t first, size_t count,
		     double *out);

#endif
