/*
 * alloc.c - checked allocation with an optional injected failure for tests.
 *
 * The countdown is atomic so that threads of the pool count every allocation once; which
 * allocation is the N-th is only reproducible with one thread (the fault tests use
 * --threads 1). cJSON allocates through alloc_array too (alloc_start), in every build.
 */
#include "alloc.h"

#include <cjson/cJSON.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static atomic_long countdown; /* 0: no injected failure */
static atomic_ulong failures;

unsigned long alloc_failure_count(void)
{
	return atomic_load(&failures);
}

static void *counted(void *p)
{
	if (!p)
		atomic_fetch_add(&failures, 1);
	return p;
}

void alloc_fail_after(long n)
{
	atomic_store(&countdown, n);
}

static void *cjson_malloc(size_t size)
{
	return alloc_array(size, 1);
}

#ifdef VMAP_FAULT_INJECTION
#include <stdio.h>

static atomic_long allocations; /* made since the start, for VMAP_ALLOC_COUNT */

static void report_count(void)
{
	const char *path = getenv("VMAP_ALLOC_COUNT");
	FILE *f = path ? fopen(path, "w") : NULL;

	if (f) {
		fprintf(f, "%ld\n", atomic_load(&allocations));
		fclose(f);
	}
}

/* VMAP_FAIL_ALLOC=N arms the countdown; VMAP_ALLOC_COUNT=FILE gets the count at exit. */
static void fault_injection_start(void)
{
	const char *n = getenv("VMAP_FAIL_ALLOC");

	if (n && *n)
		alloc_fail_after(strtol(n, NULL, 10));
	atexit(report_count);
}
#define COUNT_ALLOCATION() atomic_fetch_add(&allocations, 1)
#else
static void fault_injection_start(void)
{
}
#define COUNT_ALLOCATION() ((void)0)
#endif

/* Before main, in every build: cJSON allocates through alloc_array, so that memory running out
 * while it parses is counted (alloc_failure_count) and said as "out of memory", not taken for
 * invalid JSON. (A program that sets cJSON's hooks itself after this keeps its own.) */
__attribute__((constructor)) static void alloc_start(void)
{
	cJSON_Hooks hooks = {cjson_malloc, free};

	cJSON_InitHooks(&hooks);
	fault_injection_start();
}

static int injected_failure(void)
{
	long left = atomic_load(&countdown);

	COUNT_ALLOCATION();
	while (left > 0 && !atomic_compare_exchange_weak(&countdown, &left, left - 1))
		;
	return left == 1;
}

void *alloc_array(size_t count, size_t size)
{
	if (injected_failure())
		return counted(NULL);
	if (count == 0 || size == 0)
		return counted(calloc(1, 1));
	return counted(calloc(count, size));
}

void *realloc_array(void *ptr, size_t count, size_t size)
{
	if ((size != 0 && count > SIZE_MAX / size) || injected_failure())
		return counted(NULL);
	return counted(realloc(ptr, count * size != 0 ? count * size : 1));
}

void *alloc_aligned(size_t alignment, size_t size)
{
	size_t rounded = size ? (size + alignment - 1) / alignment * alignment : alignment;

	if (rounded < size || injected_failure())
		return counted(NULL);
	return counted(aligned_alloc(alignment, rounded));
}

char *alloc_strndup(const char *s, size_t length)
{
	char *copy = alloc_array(length + 1, 1);

	if (copy)
		memcpy(copy, s, length);
	return copy;
}

char *alloc_strdup(const char *s)
{
	return alloc_strndup(s, strlen(s));
}

int grow_array(void **items, size_t *capacity, size_t need, size_t size)
{
	size_t wanted = *capacity ? *capacity : 8;
	void *grown;

	if (need <= *capacity)
		return 0;
	while (wanted < need) {
		if (wanted > SIZE_MAX / 2)
			return -1;
		wanted *= 2;
	}
	grown = realloc_array(*items, wanted, size);
	if (!grown)
		return -1;
	*items = grown;
	*capacity = wanted;
	return 0;
}

/* memset reached through a volatile pointer: the compiler cannot know which function it
 * calls, so it cannot drop the zeroing of bytes about to be freed, and the bytes are zeroed at
 * memset's speed rather than one volatile store at a time. */
static void *(*volatile wipe_memset)(void *, int, size_t) = memset;

void alloc_wipe(void *data, size_t size)
{
	if (data && size)
		wipe_memset(data, 0, size);
}
