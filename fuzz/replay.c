/*
 * replay.c - runs a fuzz harness without libFuzzer, over files: every file named, and every
 * file in every folder named, goes once through LLVMFuzzerTestOneInput, printed as a TAP line.
 * This is how the corpora and the crash inputs found by fuzzing (tests/data/fuzz/<harness>/)
 * stay regression tests in every build, gcc included (tests/fuzz/meson.build). A crash or an
 * abort in the harness fails the test; a path that cannot be read fails it too, except one
 * given as `--optional PATH`, which may not exist.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t count;
static FILE *tap; /* the TAP lines: a copy of stdout made before any input runs */

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	long size;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || !(data = malloc((size_t)size + 1)) ||
	    fread(data, 1, (size_t)size, f) != (size_t)size) {
		fprintf(tap, "not ok %zu - %s: cannot read\n", ++count, path);
		if (f)
			fclose(f);
		free(data);
		return 1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)size);
	free(data);
	fprintf(tap, "ok %zu - %s\n", ++count, path);
	fflush(tap);
	return 0;
}

static int compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of `dir`, in name order (so a failure is found at the same place every time). */
static int replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int failed = 0;

	if (!d) {
		fprintf(tap, "not ok %zu - %s: cannot read\n", ++count, dir);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof *names);
			if (!names)
				abort();
		}
		names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
		if (!names[n])
			abort();
		sprintf(names[n++], "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, compare);
	for (size_t i = 0; i < n; i++) {
		failed |= replay_file(names[i]);
		free(names[i]);
	}
	free(names);
	return failed;
}

int main(int argc, char **argv)
{
	int failed = 0;

	int fd = dup(1);

	/* The harness may redirect stdout (fuzz_cli does): TAP goes to a copy made first. */
	tap = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!tap)
		return 1;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (strcmp(argv[i], "--optional") == 0 && i + 1 < argc) {
			if (stat(argv[++i], &st) != 0)
				continue; /* no crash inputs (yet) for this harness */
		}
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			failed |= replay_dir(argv[i]);
		else
			failed |= replay_file(argv[i]);
	}
	fprintf(tap, "1..%zu\n", count);
	fclose(tap);
	return failed;
}
