/*
 * paths.c - resolving a path written in a file against that file's folder.
 */
#include "paths.h"

#include "alloc.h"

#include <stdbool.h>
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
	size_t folder_length = strlen(folder), name_length = strlen(name);
	bool slash = folder_length && folder[folder_length - 1] != '/';
	char *out = alloc_array(folder_length + slash + name_length + 1, 1);

	if (!out)
		return NULL;
	memcpy(out, folder, folder_length);
	if (slash)
		out[folder_length] = '/';
	memcpy(out + folder_length + slash, name, name_length + 1);
	return out;
}
