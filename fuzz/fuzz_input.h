/*
 * fuzz_input.h - the parsers read from a path (libfyaml, the CSV reader), so each fuzz input
 * is written to one private temporary file per harness, in a folder made on first use, reused,
 * and removed at exit; the file's suffix picks the reader's mode (".json" makes libfyaml read
 * strict JSON). Needs _GNU_SOURCE (nftw, memmem: fuzz_c_args).
 * Header-only: each harness is its own program (a libFuzzer one, or fuzz/replay.c's).
 */
#ifndef VMAP_FUZZ_INPUT_H
#define VMAP_FUZZ_INPUT_H

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char fuzz_dir[64];

static inline int fuzz_remove_entry(const char *path, const struct stat *st, int flag,
				    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static inline void fuzz_remove_temp_dir(void)
{
	nftw(fuzz_dir, fuzz_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Makes a private temporary folder once per process (removed at exit) and returns its path. */
static inline const char *fuzz_temp_dir(void)
{
	if (!fuzz_dir[0]) {
		snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/vmap-fuzz-XXXXXX");
		if (!mkdtemp(fuzz_dir) || atexit(fuzz_remove_temp_dir) != 0)
			abort();
	}
	return fuzz_dir;
}

/* Writes `size` bytes to `path`, replacing it. */
static inline void fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
}

/* Copies VMAP_SOURCE_ROOT/`from` (a file of the source tree) to `dir`/`name`. */
static inline void fuzz_copy_fixture(const char *dir, const char *from, const char *name)
{
	char source[1024], target[256], buffer[1 << 16];
	FILE *in, *out;
	size_t n;

	snprintf(source, sizeof source, "%s/%s", VMAP_SOURCE_ROOT, from);
	snprintf(target, sizeof target, "%s/%s", dir, name);
	in = fopen(source, "rb");
	out = fopen(target, "wb");
	if (!in || !out)
		abort();
	while ((n = fread(buffer, 1, sizeof buffer, in)) > 0)
		if (fwrite(buffer, 1, n, out) != n)
			abort();
	fclose(in);
	fclose(out);
}

/* Copies the files a project or a command line can name into `dir`: model.yaml (a model of
 * three departments), health.yaml and work.yaml (dataset specs) with their CSVs, link.yaml (a
 * link config) and journeys.yaml. */
static inline void fuzz_copy_project_files(const char *dir)
{
	static const char *const files[][2] = {
		{"tests/data/projects/model.yaml", "model.yaml"},
		{"tests/data/link/health.yaml", "health.yaml"},
		{"tests/data/link/health.csv", "health.csv"},
		{"tests/data/link/work.yaml", "work.yaml"},
		{"tests/data/link/work.csv", "work.csv"},
		{"tests/data/link/config_good.yaml", "link.yaml"},
		{"fuzz/corpus/journeys/journeys.yaml", "journeys.yaml"},
	};

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		fuzz_copy_fixture(dir, files[i][0], files[i][1]);
}

/* Writes the input to "input<suffix>" in the harness's folder and returns its path. */
static inline const char *fuzz_input_file_as(const uint8_t *data, size_t size, const char *suffix)
{
	static char path[128];

	snprintf(path, sizeof path, "%s/input%s", fuzz_temp_dir(), suffix);
	fuzz_write_file(path, data, size);
	return path;
}

/* Writes the input to the harness's file (no suffix: libfyaml's YAML mode) and returns it. */
static inline const char *fuzz_input_file(const uint8_t *data, size_t size)
{
	return fuzz_input_file_as(data, size, "");
}

#endif
