/*
 * warnings.h - the list of warnings a handle keeps for its caller (vmap_X_warning_count and
 * vmap_X_warning(h, i) read it).
 *
 * Invariants: the list has no fixed limit; each warning is a formatted copy the list owns;
 * warnings_get() checks its index and returns NULL out of range, as every public getter does.
 */
#ifndef VMAP_CORE_WARNINGS_H
#define VMAP_CORE_WARNINGS_H

#include <stdarg.h>
#include <stddef.h>

struct warnings {
	char **items;
	size_t count, capacity;
};

/* Adds a formatted warning (printf-style, never truncated). Returns VMAP_OK, or VMAP_NOMEM
 * with the list unchanged. */
int warnings_add(struct warnings *list, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int warnings_addv(struct warnings *list, const char *fmt, va_list args)
	__attribute__((format(printf, 2, 0)));

size_t warnings_count(const struct warnings *list);

/* The warning at `index`, or NULL when out of range. */
const char *warnings_get(const struct warnings *list, size_t index);

/* Frees every warning; the list is empty and reusable afterwards. */
void warnings_release(struct warnings *list);

#endif
