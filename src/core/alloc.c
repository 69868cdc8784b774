/*
 * alloc.c - checked allocation with an optional injected failure for tests.
 */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static long countdown; /* 0: no injected failure */

void alloc_fail_after(long n)
{
	countdown = n;
}

static int injected_failure(void)
{
	if (countdown <= 0)
		return 0;
	return --countdown == 0;
}

void *alloc_array(size_t count, size_t size)
{
	if (injected_failure())
		return NULL;
	if (count == 0 || size == 0)
		return calloc(1, 1);
	return calloc(count, size);
}

void *realloc_array(void *ptr, size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size)
		return NULL;
	if (injected_failure())
		return NULL;
	return realloc(ptr, count * size != 0 ? count * size : 1);
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
