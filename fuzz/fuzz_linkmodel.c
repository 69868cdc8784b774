/*
 * fuzz_linkmodel.c - libFuzzer harness for link's saved model (linkmodel.json, `link --model`)
 * read as strict JSON, after the default settings as `link` has them when no --config is
 * given: any bytes must load or fail with a message, never crash or leak.
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
	const char *path = fuzz_input_file_as(data, size, ".json");

	diag_clear(&diag);
	if (model_load(&model, &settings, path, &diag) != VMAP_OK && !diag.message[0])
		abort(); /* a rejected model must say why */
	return 0;
}
