/*
 * fuzz_config.c - libFuzzer harness for the other two YAML/JSON readers of `link`: the
 * --config file and the --model file (linkmodel.json). Any bytes must load or fail with a
 * message, never crash or leak. Inputs go through a private temporary file, as the readers
 * read from a path.
 */
#include "link/linker.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct link_settings settings = {0};
	struct fs_model model;
	struct vmap_diag diag;
	FILE *f;

	if (!path[0]) {
		int fd;
		snprintf(path, sizeof path, "/tmp/vmap-fuzz-config-XXXXXX");
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		close(fd);
	}
	f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	diag_clear(&diag);
	config_load(&settings, path, &diag);
	diag_clear(&diag);
	model_load(&model, &settings, path, &diag);
	return 0;
}
