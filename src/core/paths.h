/*
 * paths.h - file paths given inside a file, which are relative to that file's folder.
 */
#ifndef VMAP_CORE_PATHS_H
#define VMAP_CORE_PATHS_H

/* `path` as seen from the folder of the file at `file_path` (an absolute `path`, or a
 * `file_path` with no folder, gives `path` itself): a new string, or NULL when memory runs
 * out. */
char *path_beside(const char *file_path, const char *path);

#endif
