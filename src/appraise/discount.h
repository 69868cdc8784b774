/*
 * discount.h - discount tables for the appraisal (the single-year functions are public).
 */
#ifndef VMAP_APPRAISE_DISCOUNT_H
#define VMAP_APPRAISE_DISCOUNT_H

#include "valuemap.h"

/* factors[t] = D(t) for t = 0 .. horizon-1, computed by the same products as
 * vmap_discount_factor. */
void discount_table(vmap_discount discount, int horizon, double *factors);

#endif
