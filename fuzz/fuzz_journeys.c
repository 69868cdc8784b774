/*
 * fuzz_journeys.c - libFuzzer harness for the journeys readers: any bytes, read as a journeys
 * file and as a dataset spec's events block, must load or fail with a message, never crash or
 * leak.
 */
#include "journeys/journeys.h"

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journeys_config config;
	struct events_spec events;
	struct vmap_diag diag;
	const char *path = fuzz_input_file(data, size);

	diag_clear(&diag);
	if (journeys_config_load(&config, path, &diag) == VMAP_OK)
		journeys_config_release(&config);
	if (events_spec_load(&events, path, &diag) == VMAP_OK)
		events_spec_release(&events);
	return 0;
}
