/*
 * input.h - opening an input file the one way every stage does, so the same mistake gets the
 * same message and exit status everywhere: a missing file, one that cannot be read
 * (permission denied) and a folder given where a file is expected are bad input (VMAP_USAGE,
 * exit 2); only other failures (I/O errors, too many open files) are run-time ones (VMAP_IO).
 */
#ifndef VMAP_CORE_INPUT_H
#define VMAP_CORE_INPUT_H

#include "diag.h"

#include <stdio.h>

/* Opens `path` for reading in binary mode into `*file`; VMAP_OK, or the code with the message
 * "PATH: cannot read: REASON" or "PATH: is a folder; expected a file" set on `diag`. */
int input_open(const char *path, FILE **file, struct vmap_diag *diag);

#endif
