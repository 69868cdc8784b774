/*
 * path.c - file paths written relative to the file that names them.
 */
#include "path.h"

#include "alloc.h"

#include <stdlib.h>
#include <string.h>

static char *concat(const char *a, size_t a_length, const char *b)
{
	size_t b_length = strlen(b);
	char *out = alloc_array(a_length + b_length + 1, 1);

	if (!out)
		return NULL;
	memcpy(out, a, a_length);
	memcpy(out + a_length, b, b_length + 1);
	return out;
}

char *path_beside(const char *file, const char *path)
{
	const char *slash = strrchr(file, '/');

	if (path[0] == '/' || !slash)
		return alloc_strdup(path);
	return concat(file, (size_t)(slash - file) + 1, path);
}

char *path_folder(const char *file)
{
	const char *slash = strrchr(file, '/');

	if (!slash)
		return alloc_strdup(".");
	if (slash == file)
		return alloc_strdup("/");
	return alloc_strndup(file, (size_t)(slash - file));
}

char *path_join(const char *folder, const char *name)
{
	size_t length = strlen(folder);
	char *with_slash, *out;

	if (length && folder[length - 1] == '/')
		return concat(folder, length, name);
	with_slash = concat(folder, length, "/");
	if (!with_slash)
		return NULL;
	out = concat(with_slash, length + 1, name);
	free(with_slash);
	return out;
}
