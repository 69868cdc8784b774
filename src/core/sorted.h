/*
 * sorted.h - searching an ascending array of record numbers (the shares of issue 18 keep
 * their records sorted by number: link's visit set, encoded linkage's rows).
 */
#ifndef VMAP_CORE_SORTED_H
#define VMAP_CORE_SORTED_H

#include <stddef.h>
#include <stdint.h>

/* The first position of a[0..n) (ascending) whose value is not below v; n when none is. */
static inline size_t lower_bound_u32(const uint32_t *a, size_t n, uint32_t v)
{
	size_t low = 0, high = n;

	while (low < high) {
		size_t mid = low + (high - low) / 2;
		if (a[mid] < v)
			low = mid + 1;
		else
			high = mid;
	}
	return low;
}

#endif
