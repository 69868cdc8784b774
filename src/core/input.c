/*
 * input.c - input_open: one opening of input files, one set of messages (see input.h).
 */
#include "input.h"

#include "dist.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

int input_refuse_special(const char *path, const char *why, struct vmap_diag *diag)
{
	struct stat st;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return diag_fail(diag, VMAP_USAGE,
				 "%s: a named pipe or device: expected a regular file, as %s", path,
				 why);
	return VMAP_OK;
}

int input_open(const char *path, FILE **file, struct vmap_diag *diag)
{
	struct stat st;
	int error;

	*file = NULL;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return diag_fail(diag, VMAP_USAGE, "%s: is a folder; expected a file", path);
	/* issue 18: every MPI process opens its inputs, and a pipe gives its bytes to one
	 * reader only (the others would wait for ever or read a part): refused before the
	 * opening, which could itself wait for a writer */
	if (dist_size() > 1 &&
	    input_refuse_special(path, "every MPI process reads the inputs (run without mpirun "
				       "to read a pipe)", diag))
		return VMAP_USAGE;
	*file = fopen(path, "rb");
	if (*file)
		return VMAP_OK;
	error = errno;
	return diag_fail(diag,
			 error == ENOENT || error == EACCES || error == ENOTDIR || error == ELOOP ||
					 error == ENAMETOOLONG
				 ? VMAP_USAGE
				 : VMAP_IO,
			 "%s: cannot read: %s", path, strerror(error));
}

int input_check_document_size(FILE *file, const char *path, const char *kind,
			      struct vmap_diag *diag)
{
	struct stat st;

	if (fstat(fileno(file), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > INPUT_DOCUMENT_MAX)
		return diag_fail(diag, VMAP_INPUT,
				 "%s: %lld bytes is too large: expected a %s file of at most %ld MB",
				 path, (long long)st.st_size, kind, INPUT_DOCUMENT_MAX >> 20);
	return VMAP_OK;
}

/* True when `path` names a pipe or device; its identity in *st. */
static bool is_special(const char *path, struct stat *st)
{
	return path && stat(path, st) == 0 && !S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode);
}

int input_refuse_special_twice(const char *const *paths, size_t count, struct vmap_diag *diag)
{
	for (size_t i = 0; i < count; i++) {
		struct stat first, other;
		if (!is_special(paths[i], &first))
			continue;
		for (size_t k = i + 1; k < count; k++)
			if (is_special(paths[k], &other) && other.st_dev == first.st_dev &&
			    other.st_ino == first.st_ino)
				return diag_fail(diag, VMAP_USAGE,
						 "%s: a named pipe or device given twice%s%s%s: "
						 "expected a regular file, as a pipe can be read "
						 "only once", paths[i],
						 strcmp(paths[i], paths[k]) ? " (also as " : "",
						 strcmp(paths[i], paths[k]) ? paths[k] : "",
						 strcmp(paths[i], paths[k]) ? ")" : "");
	}
	return VMAP_OK;
}
