/*
 * fuzz_model.c - libFuzzer harness for the model reader: any bytes must load or be rejected
 * with a message, never crash, hang or leak; a model that loads must also appraise.
 */
#include "valuemap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/vmap-fuzz-model-XXXXXX";
	int fd = mkstemp(path);
	vmap_model *model;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	model = vmap_model_new();
	if (model && vmap_model_load(model, path) == VMAP_OK) {
		vmap_appraisal *a = vmap_appraisal_new(model);
		if (a && vmap_appraisal_run(a) == VMAP_OK)
			(void)vmap_appraisal_totals(a);
		vmap_appraisal_free(a);
	} else if (model && vmap_errmsg(model)[0] == '\0') {
		abort(); /* a rejected model must say why */
	}
	vmap_model_free(model);
	unlink(path);
	return 0;
}
