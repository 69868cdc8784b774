/*
 * dob_order.h - recognising a month-first date of birth column (dob_order.c).
 */
#ifndef VMAP_LINK_DOB_ORDER_H
#define VMAP_LINK_DOB_ORDER_H

#include "spec.h"
#include "core/csv.h"
#include "core/diag.h"

#include <stdbool.h>

/* Whether dob_detect_order has a look at the rows: dob is one column with no format. */
bool dob_order_wanted(const struct dataset_spec *spec);

/* When the order is wanted and `csv` (just opened on the spec's data) reads a pipe, holds all
 * of it in memory (csv_hold_pipe), so that dob_detect_order can read its first rows again;
 * refused past 1 GB, with a message saying to give dob a format. */
int dob_hold_pipe(const struct dataset_spec *spec, struct csv_reader *csv);

/* When the spec gives dob no format, looks at the first rows: a column written month first
 * gets a format such as "%m/%d/%Y", and `*month_first` is set. The rows are read from
 * `held`'s bytes when it holds the whole input (`file` NULL), else from the file again. */
int dob_detect_order(struct dataset_spec *spec, const struct csv_reader *held, bool *month_first,
		     struct vmap_diag *diag);

#endif
