/*
 * alloc.h - checked allocation.
 *
 * Every allocation of the library goes through these functions, which return NULL (never
 * abort) on failure or when `count * size` would overflow. Tests can make the N-th
 * allocation fail (alloc_fail_after) to prove every failure path is handled.
 */
#ifndef VMAP_CORE_ALLOC_H
#define VMAP_CORE_ALLOC_H

#include <stddef.h>

void *alloc_array(size_t count, size_t size);        /* zeroed */
void *realloc_array(void *ptr, size_t count, size_t size);
char *alloc_strdup(const char *s);
char *alloc_strndup(const char *s, size_t length);

/* Makes sure `*items` has room for `need` elements of `size`, growing `*capacity`
 * geometrically. Returns 0, or -1 (with `*items` unchanged) when memory runs out. */
int grow_array(void **items, size_t *capacity, size_t need, size_t size);

/* Testing: the `n`-th allocation from now fails (1 = the next one); 0 turns this off. */
void alloc_fail_after(long n);

#endif
