/*
 * tf.h - term-frequency adjustments (tf.c).
 */
#ifndef VMAP_LINK_TF_H
#define VMAP_LINK_TF_H

#include "fellegi_sunter.h"
#include "records.h"
#include "core/diag.h"

/* The fields with term frequencies (every name and the postcode) and their slot in
 * record.tf: tf_slot gives the slot of a field, or -1 when it has none. */
#define TF_FIELDS 4
extern const enum field tf_fields[TF_FIELDS];
int tf_slot(enum field f);

/* Term frequencies (tf.c): the share of records holding each value of every tf field, kept
 * on every record, and the weight an exact agreement gets once adjusted for it. */
int tf_compute(struct record_set *set, struct vmap_diag *diag);
/* issue 18: the same shares for a set held in shares over MPI ranks (record_share.h): each
 * rank counts its values, each value's counts are added up on the rank its hash belongs to
 * and sent back, and each rank sets its home records' shares. */
int tf_compute_share(struct record_set *set, struct vmap_diag *diag);
double tf_exact_weight(const struct fs_model *model, size_t c, const struct record *a);

#endif
