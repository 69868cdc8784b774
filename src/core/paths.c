/*
 * paths.c - resolving a path written in a file against that file's folder.
 */
#include "paths.h"

#include "alloc.h"

#include <string.h>

char *path_beside(const char *file_path, const char *path)
{
	const char *slash = strrchr(file_path, '/');
	size_t dir_length = slash ? (size_t)(slash - file_path) + 1 : 0;
	size_t length = strlen(path);
	char *out;

	if (path[0] == '/' || dir_length == 0)
		return alloc_strdup(path);
	out = alloc_array(dir_length + length + 1, 1);
	if (!out)
		return NULL;
	memcpy(out, file_path, dir_length);
	memcpy(out + dir_length, path, length + 1);
	return out;
}
