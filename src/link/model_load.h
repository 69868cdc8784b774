/*
 * model_load.h - reading a saved linkmodel.json (model_load.c).
 */
#ifndef VMAP_LINK_MODEL_LOAD_H
#define VMAP_LINK_MODEL_LOAD_H

#include "config.h"
#include "fellegi_sunter.h"
#include "core/diag.h"

/* Reads a linkmodel.json (model_load.c); rules and mode go to `settings` unless set. */
int model_load(struct fs_model *model, struct link_settings *settings, const char *path,
	       struct vmap_diag *diag);

#endif
