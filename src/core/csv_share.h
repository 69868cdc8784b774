/*
 * csv_share.h - one rank's share of a CSV file's rows, so that the ranks of an MPI run
 * (issue 18) each read and parse a part of one file and together read every row once.
 *
 * The file's bytes are cut into one contiguous range a rank, [size*r/R, size*(r+1)/R)
 * (dist_share). A row belongs to the rank whose range holds the line break just before it
 * (rank 0 also holds the first row, the header), so rank r reads from the first row that
 * starts after its range's first byte, up to the last row that starts no later than its
 * range's end. Which line breaks end a row (not those inside quotes) and the line each row
 * is on come from counting quotes and line breaks in every range and summing the ranks'
 * counts before this rank's (an all-gather): the reader itself ends rows at line breaks
 * outside quotes and counts every line break, so the rows, their lines and their messages
 * are the ones reading the whole file gives. A quote the reader refuses (inside an unquoted
 * field) is in a row an earlier rank reads and fails on, and the first failure by rank wins.
 *
 * A file that is not a regular one (a pipe: its size is not known ahead, and it can be read
 * once) is read whole by rank 0.
 *
 * Invariant: every rank calls csv_share_plan for the same file at the same point (it
 * exchanges); one process gets the whole file.
 */
#ifndef VMAP_CORE_CSV_SHARE_H
#define VMAP_CORE_CSV_SHARE_H

#include "csv.h"
#include "diag.h"

#include <stdbool.h>
#include <stdint.h>

struct csv_share {
	uint64_t start; /* ranks after 0: the offset of the first row (on line `line`) */
	size_t line;
	uint64_t limit; /* the rank's rows start at or before this offset */
	bool empty;     /* no row starts in the rank's range */
};

/* Plans this rank's share of the file at `path` (`status`: this rank's so far, agreed with
 * the others' in the exchange; the plan is made only when every rank is VMAP_OK). */
int csv_share_plan(const char *path, struct csv_share *share, int status,
		   struct vmap_diag *diag);

/* Moves a reader that has read the header to the rank's first row (ranks after 0). */
int csv_share_seek(struct csv_reader *r, const struct csv_share *share);

/* True when the row just read is in the share (rows after it are not). */
bool csv_share_holds(const struct csv_reader *r, const struct csv_share *share);

#endif
