/*
 * fuzz_encoded.c - libFuzzer harness for the encoded-file reader (link --encoded): any bytes
 * must read or fail with a message, never crash, over-read or leak. Seed it with a file of
 * `valuemap encode` (e.g. from tests/data/pprl/people.yaml).
 */
#include "pprl/pprl.h"

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct encoded_file f;
	struct vmap_diag diag;

	diag_clear(&diag);
	encoded_read(&f, fuzz_input_file(data, size), &diag);
	encoded_release(&f);
	return 0;
}
