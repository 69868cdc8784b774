/*
 * errors.h - the errors departments make in names (errors.c).
 */
#ifndef VMAP_SYNTH_ERRORS_H
#define VMAP_SYNTH_ERRORS_H

#include "synth/random.h"

#include <stdbool.h>

#define SYNTH_NAME_MAX 48

/* One typo at a random place after the first letter (names of one letter stay). */
void name_typo(char *name, struct synth_rng *r);
/* Another name of the given name's nickname group ("William" -> "Bill"); false if none. */
bool name_nickname(char *name, struct synth_rng *r);
/* The other spelling of a known variant pair ("Stephen" <-> "Steven"); false if none. */
bool name_variant(char *name);

#endif
