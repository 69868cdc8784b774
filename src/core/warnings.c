/*
 * warnings.c - a growing list of formatted warnings.
 */
#include "warnings.h"

#include "alloc.h"
#include "valuemap.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int warnings_addv(struct warnings *list, const char *fmt, va_list args)
{
	void *items = list->items;
	va_list again;
	char *text;
	int length;

	va_copy(again, args);
	length = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (length < 0)
		return VMAP_INTERNAL;
	if (grow_array(&items, &list->capacity, list->count + 1, sizeof *list->items) != 0)
		return VMAP_NOMEM;
	list->items = items;
	text = alloc_array((size_t)length + 1, 1);
	if (!text)
		return VMAP_NOMEM;
	vsnprintf(text, (size_t)length + 1, fmt, args);
	assert(list->count < list->capacity);
	list->items[list->count++] = text;
	return VMAP_OK;
}

int warnings_add(struct warnings *list, const char *fmt, ...)
{
	va_list args;
	int rc;

	va_start(args, fmt);
	rc = warnings_addv(list, fmt, args);
	va_end(args);
	return rc;
}

size_t warnings_count(const struct warnings *list)
{
	return list->count;
}

const char *warnings_get(const struct warnings *list, size_t index)
{
	return index < list->count ? list->items[index] : NULL;
}

void warnings_release(struct warnings *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
	memset(list, 0, sizeof *list);
}
