/*
 * fuzz_input.h - the parsers read from a path (libfyaml, the CSV reader), so each fuzz input
 * is written to one private temporary file per harness, made on first use and reused.
 * Header-only: each harness is its own program.
 */
#ifndef VMAP_FUZZ_INPUT_H
#define VMAP_FUZZ_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Writes `size` bytes to the harness's temporary file and returns its path. */
static const char *fuzz_input_file(const uint8_t *data, size_t size)
{
	static char path[64];
	FILE *f;

	if (!path[0]) {
		int fd;
		snprintf(path, sizeof path, "/tmp/vmap-fuzz-XXXXXX");
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		close(fd);
	}
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	return path;
}

#endif
