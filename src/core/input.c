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
