/*
 * diag.h - the error state every public handle carries.
 *
 * Each public handle struct has a `struct vmap_diag`, read by its typed accessor
 * (vmap_model_errmsg, vmap_linker_errmsg, ...). diag_fail() formats the message and returns the code,
 * so a caller writes `return diag_fail(&h->diag, VMAP_INPUT, "...")`.
 */
#ifndef VMAP_CORE_DIAG_H
#define VMAP_CORE_DIAG_H

#include "valuemap.h"

#include <stdarg.h>

#define DIAG_MESSAGE_MAX 1024

struct vmap_diag {
	int code;
	char message[DIAG_MESSAGE_MAX];
};

void diag_clear(struct vmap_diag *diag);

/* Sets the code and message (printf-style, truncated to fit) and returns `code`. */
int diag_fail(struct vmap_diag *diag, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* vsnprintf into `out`, except that when the text does not fit, every quoted span ('...')
 * longer than 256 bytes is shortened to its first 64 and "...' (N bytes)": a name of a
 * megabyte never pushes the rest of a message (what was expected) out of it. diag_fail
 * formats with it. */
void diag_vformat(char *out, size_t size, const char *fmt, va_list args);

/* Out of memory, with what was being made. */
int diag_nomem(struct vmap_diag *diag, const char *what);

/* Copies another diag's code and message (to pass an error up from a helper object). */
int diag_copy(struct vmap_diag *to, const struct vmap_diag *from);

#endif
