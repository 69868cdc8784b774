/*
 * fuzz_model.h - what fuzz_model and fuzz_model_json check of every input: the model at `path`
 * loads or is rejected with a message, never crashes, hangs or leaks; a model that loads also
 * appraises. Header-only: each harness is its own program.
 */
#ifndef VMAP_FUZZ_MODEL_H
#define VMAP_FUZZ_MODEL_H

#include "valuemap.h"

#include <stdlib.h>

static inline void fuzz_model_check(const char *path)
{
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
}

#endif
