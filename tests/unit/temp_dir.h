/*
 * temp_dir.h - a temporary folder per test, removed with everything in it afterwards, so
 * tests leave nothing behind in /tmp.
 */
#ifndef VMAP_TEST_TEMP_DIR_H
#define VMAP_TEST_TEMP_DIR_H

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Makes a new folder /tmp/vmap-<what>-XXXXXX into `dir` (at least 64 bytes). */
static inline bool temp_dir_make(char *dir, size_t size, const char *what)
{
	snprintf(dir, size, "/tmp/vmap-%s-XXXXXX", what);
	return mkdtemp(dir) != NULL;
}

/* Writes `text` as the file `name` inside `dir`; false when it cannot. */
static inline bool temp_dir_put(const char *dir, const char *name, const char *text)
{
	char path[1024];
	FILE *f;

	if ((size_t)snprintf(path, sizeof path, "%.500s/%.255s", dir, name) >= sizeof path)
		return false;
	f = fopen(path, "w");
	if (!f)
		return false;
	fputs(text, f);
	return fclose(f) == 0;
}

/* Removes `dir` and everything inside it; true when it is gone. */
static inline bool temp_dir_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1024];

	if (!d)
		return unlink(dir) == 0;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(path, sizeof path, "%.500s/%.255s", dir, e->d_name) >= sizeof path)
			continue;
		if (unlink(path) != 0)
			temp_dir_remove(path);
	}
	closedir(d);
	return rmdir(dir) == 0;
}

#endif
