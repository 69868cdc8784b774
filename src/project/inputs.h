/*
 * inputs.h - the files each stage reads, fed to its input hash (see input_hash.h).
 *
 * Each function hashes a document and the files it names, in a fixed order. A document that
 * cannot be read or parsed is hashed as it stands; the stage reports the problem when it runs.
 */
#ifndef VMAP_PROJECT_INPUTS_H
#define VMAP_PROJECT_INPUTS_H

#include "input_hash.h"

#include <stdbool.h>

/* A dataset spec, the CSV it names and, `with_events`, its events file. */
int inputs_add_spec(struct input_hash *h, const char *spec_path, bool with_events);

/* A model and every effects_from fragment it takes. */
int inputs_add_model(struct input_hash *h, const char *model_path);

/* A journeys file, its dataset specs with their data and events, and its clusters: `clusters`
 * when the project supplies them (from its link stage), else the file's own. */
int inputs_add_journeys(struct input_hash *h, const char *journeys_path, const char *clusters);

#endif
