/*
 * name_list.c - a list of names separated by commas, each one of a fixed table (name_list.h).
 */
#include "name_list.h"

#include <string.h>

static size_t name_index(const char *item, size_t length, const char *const *names,
			 size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (names[i] && strlen(names[i]) == length && strncmp(names[i], item, length) == 0)
			return i;
	return count;
}

bool name_list_parse(const char *list, const char *const *names, size_t count, bool *chosen,
		     struct name_list_error *bad)
{
	const char *p = list;

	for (;;) { /* the list is checked whole before chosen[] changes */
		size_t length = strcspn(p, ",");
		if (name_index(p, length, names, count) == count) {
			*bad = (struct name_list_error){p, length};
			return false;
		}
		if (!p[length])
			break;
		p += length + 1;
	}
	memset(chosen, 0, count * sizeof *chosen);
	for (p = list;; p += strcspn(p, ",") + 1) {
		chosen[name_index(p, strcspn(p, ","), names, count)] = true;
		if (!p[strcspn(p, ",")])
			break;
	}
	return true;
}
