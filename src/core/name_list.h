/*
 * name_list.h - a list of names separated by commas ("health,dwp", "first_name,dob"), each
 * one of a fixed table: the one parser behind options such as synth's departments and
 * encode's fields.
 *
 * Invariants: every item must be a name of the table (an empty item, as in "a,,b" or "a,",
 * is not); chosen[] is written only when the whole list is good.
 */
#ifndef VMAP_CORE_NAME_LIST_H
#define VMAP_CORE_NAME_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct name_list_error {
	const char *item; /* the first item that is no name, inside the list */
	size_t length;
};

/* Sets chosen[i] for each names[i] (NULL entries never match) the list holds, clearing the
 * others. False, with *bad at the first item that matches none, when one does not. */
bool name_list_parse(const char *list, const char *const *names, size_t count, bool *chosen,
		     struct name_list_error *bad);

#endif
