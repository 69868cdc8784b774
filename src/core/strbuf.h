/*
 * strbuf.h - a growable byte buffer for building text outputs.
 *
 * A strbuf remembers the first allocation failure (`failed`), so a writer can append many
 * pieces and check once at the end. `data` is always NUL-terminated when `failed` is false.
 */
#ifndef VMAP_CORE_STRBUF_H
#define VMAP_CORE_STRBUF_H

#include "number.h"

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *data;
	size_t length;
	size_t capacity;
	bool failed;
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *bytes, size_t length);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends the shortest decimal text that reads back as exactly `value` ("null" when it is not
 * finite), as JSON and CSV readers expect (format_double, number.h). */
void strbuf_add_double(struct strbuf *sb, double value);

/* Appends `value` with 17 significant digits, fast, for very large outputs ("null" when it is
 * not finite; number_text, number.h). */
void strbuf_add_double17(struct strbuf *sb, double value);

/* Appends `field` as one CSV field, quoted when it holds a comma, quote or line break. */
void strbuf_add_csv_field(struct strbuf *sb, const char *field);

#endif
