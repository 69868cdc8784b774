/*
 * fuzz_model_json.c - libFuzzer harness for the model reader in its JSON form (a path ending
 * ".json" makes libfyaml read strict JSON, a parser of its own): any bytes must load or be
 * rejected with a message, never crash, hang or leak; a model that loads must also appraise.
 */
#include "fuzz_input.h"
#include "fuzz_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_model_check(fuzz_input_file_as(data, size, ".json"));
	return 0;
}
