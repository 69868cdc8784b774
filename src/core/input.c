/*
 * input.c - input_open: one opening of input files, one set of messages (see input.h).
 */
#include "input.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

int input_open(const char *path, FILE **file, struct vmap_diag *diag)
{
	struct stat st;
	int error;

	*file = NULL;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return diag_fail(diag, VMAP_USAGE, "%s: is a folder; expected a file", path);
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
