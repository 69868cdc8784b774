/*
 * stats.h - summaries of a sample: mean, sd, percentiles, the shares above 0 and 1.
 *
 * Percentiles use one stated definition, linear interpolation between order statistics
 * (Hyndman and Fan's type 7, the default of R and NumPy): with the n values sorted as
 * x[0] <= ... <= x[n-1], the p-quantile is x[h] + (h - floor(h)) (x[h+1] - x[h]) at
 * h = (n - 1) p, found by selection rather than a full sort. The mean is computed as
 * x[0] + sum(x - x[0]) / n, so a sample whose values are all equal has exactly that value as
 * its mean, and sd 0.
 */
#ifndef VMAP_UNCERTAINTY_STATS_H
#define VMAP_UNCERTAINTY_STATS_H

#include "valuemap.h"

#include <stddef.h>

/* Summarises values[0], values[stride], ... (`count` of them), leaving out NaN (an undefined
 * ratio). `work` has room for `count` doubles, and may be `values` itself when `stride` is 1
 * (the values are then rearranged). The sd divides by n - 1 (0 for one value). */
vmap_stats stats_summarise(const double *values, size_t count, size_t stride,
			   double *work);

/* The mean of values[0], values[stride], ... as above. */
double stats_mean(const double *values, size_t count, size_t stride);

#endif
