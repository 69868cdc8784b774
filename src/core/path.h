/*
 * path.h - file paths written relative to the file that names them.
 *
 * A spec, model or project file names other files relative to its own folder; these helpers
 * turn such a name into a path the process can open. Returned strings are the caller's to free
 * (NULL when memory runs out).
 */
#ifndef VMAP_CORE_PATH_H
#define VMAP_CORE_PATH_H

/* `path` as seen from the folder holding `file`: unchanged when absolute or when `file` has
 * no folder part. */
char *path_beside(const char *file, const char *path);

/* The folder holding `file` ("." when it has no folder part). */
char *path_folder(const char *file);

/* `folder`/`name`. */
char *path_join(const char *folder, const char *name);

#endif
