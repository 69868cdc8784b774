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

/* VMAP_USAGE with "PATH: a named pipe or device: expected a regular file, as WHY" when `path`
 * names something other than a regular file or a folder (a folder is input_open's to refuse);
 * VMAP_OK otherwise, also when it does not exist. Only stat()s, so it never waits for a
 * pipe's writer. For an input that is read twice, which a pipe cannot be. Under MPI
 * (dist_size() > 1) input_open refuses pipes and devices so, as every process reads. */
int input_refuse_special(const char *path, const char *why, struct vmap_diag *diag);

/* VMAP_USAGE with "PATH: a named pipe or device given twice [(also as OTHER)]: ..." when two of
 * the `count` paths (NULL ones skipped) name the same pipe or device: the second opening would
 * wait for ever for a writer that has gone. Only stat()s; call it before opening any. */
int input_refuse_special_twice(const char *const *paths, size_t count, struct vmap_diag *diag);

/* The largest document read whole (a model, spec, project or config in YAML or JSON, a stage's
 * JSON output): they are a few kB to a few MB, so a larger file is refused before it is read
 * and memory stays bounded (docs/reliability.md, "Hostile inputs"). */
#define INPUT_DOCUMENT_MAX (64L << 20)

/* VMAP_INPUT with "PATH: N bytes is too large: expected a KIND file of at most 64 MB" when
 * the open regular file is larger than INPUT_DOCUMENT_MAX; KIND is e.g. "YAML or JSON". */
int input_check_document_size(FILE *file, const char *path, const char *kind,
			      struct vmap_diag *diag);

#endif
