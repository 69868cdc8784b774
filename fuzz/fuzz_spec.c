/*
 * fuzz_spec.c - libFuzzer harness for the dataset-spec reader: any bytes written to a spec
 * file must load or fail with a message, never crash or leak. The spec reader reads from a
 * path (libfyaml), so each input goes through a private temporary file.
 */
#include "link/spec.h"

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dataset_spec spec;
	struct vmap_diag diag;
	const char *path = fuzz_input_file(data, size);

	diag_clear(&diag);
	if (spec_load(&spec, path, &diag) == VMAP_OK)
		spec_release(&spec);
	return 0;
}
