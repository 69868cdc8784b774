/*
 * strbuf.c - growable text buffer and exact number formatting.
 */
#include "strbuf.h"

#include "alloc.h"

#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strbuf_init(struct strbuf *sb)
{
	memset(sb, 0, sizeof *sb);
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->data);
	strbuf_init(sb);
}

static bool reserve(struct strbuf *sb, size_t extra)
{
	void *data = sb->data;

	if (sb->failed)
		return false;
	if (grow_array(&data, &sb->capacity, sb->length + extra + 1, 1) != 0) {
		sb->failed = true;
		return false;
	}
	sb->data = data;
	return true;
}

void strbuf_add(struct strbuf *sb, const char *bytes, size_t length)
{
	if (!reserve(sb, length))
		return;
	memcpy(sb->data + sb->length, bytes, length);
	sb->length += length;
	assert(sb->length < sb->capacity);
	sb->data[sb->length] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list args;
	int needed;

	va_start(args, fmt);
	needed = vsnprintf(NULL, 0, fmt, args);
	va_end(args);
	if (needed < 0 || !reserve(sb, (size_t)needed))
		return;
	va_start(args, fmt);
	vsnprintf(sb->data + sb->length, (size_t)needed + 1, fmt, args);
	va_end(args);
	sb->length += (size_t)needed;
}

void strbuf_add_double(struct strbuf *sb, double value)
{
	char text[40];

	format_double(text, sizeof text, value);
	strbuf_adds(sb, text);
}

void strbuf_add_double17(struct strbuf *sb, double value)
{
	char text[NUMBER_TEXT_MAX];

	if (!isfinite(value)) {
		strbuf_adds(sb, "null");
		return;
	}
	strbuf_add(sb, text, number_text(text, value));
}

void strbuf_add_csv_field(struct strbuf *sb, const char *field)
{
	size_t length = strlen(field);
	bool edge_space = length > 0 && (isspace((unsigned char)field[0]) ||
					 isspace((unsigned char)field[length - 1]));

	/* Readers trim unquoted fields (FEBRL needs it), so edge spaces must be quoted. */
	if (!strpbrk(field, ",\"\r\n") && !edge_space) {
		strbuf_adds(sb, field);
		return;
	}
	strbuf_add(sb, "\"", 1);
	for (const char *p = field; *p; p++) {
		if (*p == '"')
			strbuf_add(sb, "\"", 1);
		strbuf_add(sb, p, 1);
	}
	strbuf_add(sb, "\"", 1);
}
