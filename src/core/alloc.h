/*
 * alloc.h - checked allocation.
 *
 * Every allocation of the library goes through these functions, which return NULL (never
 * abort) on failure or when `count * size` would overflow. Tests can make the N-th
 * allocation fail (alloc_fail_after) to prove every failure path is handled.
 *
 * A build compiled with -DVMAP_FAULT_INJECTION (only tests/fault's valuemap-faultinj, never
 * the installed binary) also reads VMAP_FAIL_ALLOC=N from the environment: the N-th
 * allocation of the process fails, including cJSON's; VMAP_ALLOC_COUNT=FILE writes the
 * number of allocations made to FILE at exit (docs/reliability.md).
 */
#ifndef VMAP_CORE_ALLOC_H
#define VMAP_CORE_ALLOC_H

#include <stddef.h>

void *alloc_array(size_t count, size_t size);        /* zeroed */
void *realloc_array(void *ptr, size_t count, size_t size);
char *alloc_strdup(const char *s);
char *alloc_strndup(const char *s, size_t length);
/* `size` bytes (rounded up to a multiple of `alignment`, a power of two) aligned to
 * `alignment`, not zeroed; freed with free(). */
void *alloc_aligned(size_t alignment, size_t size);

/* Zeroes `size` bytes at `data` (NULL: nothing) in a way the compiler cannot drop: for
 * buffers that held personal data, before they are freed. */
void alloc_wipe(void *data, size_t size);

/* Makes sure `*items` has room for `need` elements of `size`, growing `*capacity`
 * geometrically. Returns 0, or -1 (with `*items` unchanged) when memory runs out. */
int grow_array(void **items, size_t *capacity, size_t need, size_t size);

/* How many allocations have failed so far in the process (injected or not): a parser that
 * allocates through these functions (cJSON in test builds) and fails can tell running out of
 * memory from bad input by comparing the count before and after. */
unsigned long alloc_failure_count(void);

/* Testing: the `n`-th allocation from now fails (1 = the next one); 0 turns this off. */
void alloc_fail_after(long n);

#endif
