/*
 * input_names.h - the names of uncertain inputs as a person reads them, for inputs.csv,
 * sensitivity.csv and summary.json's switching values.
 *
 * A named parameter is called by its own name (`effect_size`). An inline distribution is
 * called by where it is used: `ips / into_work / change` (intervention, outcome, field) for
 * an effect's numbers, `ips / participants`, `ips / cost / amount` (`cost 2` when the
 * intervention has several), `into_work / value` for an outcome's value. An effect on an
 * outcome the intervention affects more than once adds its position: `ips / into_work (2) /
 * change`. The model's own labels (interventions.ips.effects[0].change) stay what error
 * messages use.
 */
#ifndef VMAP_UNCERTAINTY_INPUT_NAMES_H
#define VMAP_UNCERTAINTY_INPUT_NAMES_H

#include "model/model.h"

/* names[p] for every parameter of `model` (each allocated; free with input_names_free).
 * Returns NULL when memory runs out. */
char **input_names_make(const struct vmap_model *model);
void input_names_free(char **names, size_t count);

#endif
