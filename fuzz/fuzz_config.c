/*
 * fuzz_config.c - libFuzzer harness for the other two YAML/JSON readers of `link`: the
 * --config file and the --model file (linkmodel.json). Any bytes must load or fail with a
 * message, never crash or leak. Inputs go through a private temporary file, as the readers
 * read from a path.
 */
#include "link/config.h"
#include "link/model_load.h"

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct link_settings settings = {0};
	struct fs_model model;
	struct vmap_diag diag;
	const char *path = fuzz_input_file(data, size);

	diag_clear(&diag);
	config_load(&settings, path, &diag);
	diag_clear(&diag);
	model_load(&model, &settings, path, &diag);
	return 0;
}
