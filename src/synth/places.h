/*
 * places.h - drawing addresses, postcodes and National Insurance numbers (places.c).
 */
#ifndef VMAP_SYNTH_PLACES_H
#define VMAP_SYNTH_PLACES_H

#include "synth/synth.h"

void address_draw(struct address *a, struct synth_rng *r);
void nino_draw(char out[10], struct synth_rng *r);

#endif
