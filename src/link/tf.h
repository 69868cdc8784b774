/*
 * tf.h - term-frequency adjustments (tf.c).
 */
#ifndef VMAP_LINK_TF_H
#define VMAP_LINK_TF_H

#include "fellegi_sunter.h"
#include "records.h"
#include "core/diag.h"

/* Term frequencies (tf.c): the share of records holding each first and last name, kept on
 * every record, and the weight an exact agreement gets once adjusted for it. */
int tf_compute(struct record_set *set, struct vmap_diag *diag);
double tf_exact_weight(const struct fs_model *model, size_t c, const struct record *a);

#endif
