/*
 * fuzz_tree.h - for the harnesses that need a folder, not a file: emptying a folder between
 * inputs, and unpacking one input into several files. The packed form is the one `head` prints
 * for several files ("==> NAME <==" on a line of its own, then the file's bytes up to the next
 * such line), so a seed is made with `head -n -0 a b c` or by hand. NAME is relative, made of
 * the names in `allowed` only: nothing is ever written outside the folder.
 * Header-only: each harness is its own program.
 */
#ifndef VMAP_FUZZ_TREE_H
#define VMAP_FUZZ_TREE_H

#include "fuzz_input.h"

#include <stdbool.h>

static inline int fuzz_remove_inside(const char *path, const struct stat *st, int flag,
				     struct FTW *ftw)
{
	(void)st;
	(void)flag;
	if (ftw->level > 0)
		remove(path);
	return 0;
}

/* Removes everything inside `dir` (the folder itself stays). */
static inline void fuzz_empty_dir(const char *dir)
{
	nftw(dir, fuzz_remove_inside, 16, FTW_DEPTH | FTW_PHYS);
}

static inline bool fuzz_allowed(const char *name, size_t length, const char *const *allowed)
{
	for (size_t i = 0; allowed[i]; i++)
		if (strlen(allowed[i]) == length && memcmp(allowed[i], name, length) == 0)
			return true;
	return false;
}

/* Unpacks `data` into `dir` (emptied first): each "==> NAME <==\n" line starts file NAME,
 * which must be one of `allowed` (a name like "appraise/summary.json" makes its folder);
 * bytes before the first header and sections with other names are dropped. */
static inline void fuzz_unpack(const uint8_t *data, size_t size, const char *dir,
			       const char *const *allowed)
{
	static const char open[] = "==> ", close[] = " <==\n";
	const char *p = (const char *)data, *end = p + size;

	fuzz_empty_dir(dir);
	while (p < end) {
		const char *name, *name_end, *body, *next;
		char path[512];

		p = memmem(p, (size_t)(end - p), open, 4);
		if (!p)
			break;
		name = p + 4;
		name_end = memmem(name, (size_t)(end - name), close, 5);
		if (!name_end)
			break;
		body = name_end + 5;
		next = memmem(body, (size_t)(end - body), "\n==> ", 5);
		next = next ? next + 1 : end;
		p = next;
		if (!fuzz_allowed(name, (size_t)(name_end - name), allowed))
			continue;
		snprintf(path, sizeof path, "%s/%.*s", dir, (int)(name_end - name), name);
		char *slash = strchr(path + strlen(dir) + 1, '/');
		if (slash) {
			*slash = '\0';
			mkdir(path, 0700);
			*slash = '/';
		}
		fuzz_write_file(path, (const uint8_t *)body, (size_t)(next - body));
	}
}

#endif
