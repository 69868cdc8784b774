/*
 * fuzz_spec.c - libFuzzer harness for the dataset-spec reader: any bytes written to a spec
 * file must load or fail with a message, never crash or leak. The spec reader reads from a
 * path (libfyaml), so each input goes through a private temporary file.
 */
#include "link/link.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct dataset_spec spec;
	struct vmap_diag diag;
	FILE *f;

	if (!path[0]) {
		int fd;
		snprintf(path, sizeof path, "/tmp/vmap-fuzz-spec-XXXXXX");
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
	if (spec_load(&spec, path, &diag) == VMAP_OK)
		spec_release(&spec);
	return 0;
}
