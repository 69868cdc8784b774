/*
 * diag.c - error codes, their text and exit status, and the message kept on handles.
 */
#include "diag.h"

#include "alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *text;
	int status;
} error_table[] = {
#define VMAP_ERROR_ROW(name, status, text) {text, status},
	VMAP_ERROR_MAP(VMAP_ERROR_ROW)
#undef VMAP_ERROR_ROW
};

enum { ERROR_COUNT = sizeof error_table / sizeof error_table[0] };

const char *vmap_strerror(int code)
{
	if (code < 0 || code >= ERROR_COUNT)
		return "unknown error";
	return error_table[code].text;
}

int vmap_exit_status(int code)
{
	if (code < 0 || code >= ERROR_COUNT)
		return 1;
	return error_table[code].status;
}

void diag_clear(struct vmap_diag *diag)
{
	diag->code = VMAP_OK;
	diag->message[0] = '\0';
}

/* A quoted span longer than QUOTE_MAX bytes keeps its first QUOTE_KEEP. */
enum { QUOTE_MAX = 256, QUOTE_KEEP = 64 };

struct writer {
	char *out;
	size_t size, length;
};

static void put(struct writer *w, const char *bytes, size_t n)
{
	if (w->length + 1 >= w->size)
		return;
	if (n > w->size - 1 - w->length)
		n = w->size - 1 - w->length;
	memcpy(w->out + w->length, bytes, n);
	w->length += n;
	w->out[w->length] = '\0';
}

/* Copies `text` with every quoted span ('...') longer than QUOTE_MAX bytes shortened to its
 * first QUOTE_KEEP bytes (cut between UTF-8 characters), "..." and its length in bytes. */
static void shorten_quotes(struct writer *w, const char *text)
{
	while (*text) {
		const char *open = strchr(text, '\'');
		const char *close = open ? strchr(open + 1, '\'') : NULL;
		size_t keep = QUOTE_KEEP;
		char tail[48];

		if (!close || (size_t)(close - open - 1) <= QUOTE_MAX) {
			size_t n = close ? (size_t)(close + 1 - text) : strlen(text);
			put(w, text, n);
			text += n;
			continue;
		}
		while (keep > 0 && ((unsigned char)open[1 + keep] & 0xc0) == 0x80)
			keep--;
		put(w, text, (size_t)(open + 1 - text) + keep);
		snprintf(tail, sizeof tail, "...' (%zu bytes)", (size_t)(close - open - 1));
		put(w, tail, strlen(tail));
		text = close + 1;
	}
}

void diag_vformat(char *out, size_t size, const char *fmt, va_list args)
{
	struct writer w = {out, size, 0};
	char *full = NULL;
	va_list again;
	int length;

	va_copy(again, args);
	length = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (length >= 0 && (size_t)length >= size)
		full = alloc_array((size_t)length + 1, 1);
	if (!full) { /* it fits, or cannot be shortened: as formatted */
		vsnprintf(out, size, fmt, args);
		return;
	}
	vsnprintf(full, (size_t)length + 1, fmt, args);
	out[0] = '\0';
	shorten_quotes(&w, full);
	free(full);
}

int diag_fail(struct vmap_diag *diag, int code, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	diag_vformat(diag->message, sizeof diag->message, fmt, args);
	va_end(args);
	diag->code = code;
	return code;
}

int diag_nomem(struct vmap_diag *diag, const char *what)
{
	return diag_fail(diag, VMAP_NOMEM, "out of memory while %s", what);
}

int diag_copy(struct vmap_diag *to, const struct vmap_diag *from)
{
	if (to != from)
		memcpy(to, from, sizeof *to);
	return to->code;
}
