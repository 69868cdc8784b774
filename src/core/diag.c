/*
 * diag.c - error codes, their text and exit status, and the message kept on handles.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
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

int diag_fail(struct vmap_diag *diag, int code, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(diag->message, sizeof diag->message, fmt, args);
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
