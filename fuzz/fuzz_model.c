/*
 * fuzz_model.c - libFuzzer harness for the model reader (YAML): any bytes must load or be
 * rejected with a message, never crash, hang or leak; a model that loads must also appraise.
 */
#include "fuzz_input.h"
#include "fuzz_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_model_check(fuzz_input_file(data, size));
	return 0;
}
