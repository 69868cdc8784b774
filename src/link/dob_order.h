/*
 * dob_order.h - recognising a month-first date of birth column (dob_order.c).
 */
#ifndef VMAP_LINK_DOB_ORDER_H
#define VMAP_LINK_DOB_ORDER_H

#include "spec.h"
#include "core/diag.h"

#include <stdbool.h>

/* When the spec gives dob no format, looks at the first rows: a column written month first
 * gets a format such as "%m/%d/%Y", and `*month_first` is set. */
int dob_detect_order(struct dataset_spec *spec, bool *month_first, struct vmap_diag *diag);

#endif
