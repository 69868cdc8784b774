/*
 * clock.h - elapsed time for the timings reported in summaries and used to pick kernels.
 */
#ifndef VMAP_CORE_CLOCK_H
#define VMAP_CORE_CLOCK_H

/* Seconds on the monotonic clock (only differences mean anything). */
double clock_seconds(void);

#endif
