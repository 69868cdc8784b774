/*
 * fuzz_model.c - libFuzzer harness for the model reader: any bytes must load or be rejected
 * with a message, never crash, hang or leak; a model that loads must also appraise.
 */
#include "valuemap.h"

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_input_file(data, size);
	vmap_model *model = vmap_model_new();
	if (model && vmap_model_load(model, path) == VMAP_OK) {
		vmap_appraisal *a = vmap_appraisal_new(model);
		if (a && vmap_appraisal_run(a) == VMAP_OK)
			(void)vmap_appraisal_totals(a);
		vmap_appraisal_free(a);
	} else if (model && vmap_model_errmsg(model)[0] == '\0') {
		abort(); /* a rejected model must say why */
	}
	vmap_model_free(model);
	return 0;
}
