/*
 * copula.h - correlated uniforms for named parameters through a Gaussian copula.
 *
 * The correlations of the model make a matrix R over the parameters they mention (1 on the
 * diagonal, 0 for pairs not given). With R = L L^T (Cholesky), a draw's independent uniforms
 * u_j become z_j = Phi^-1(u_j), then y = L z, then u'_j = Phi(y_j): uniforms whose normal
 * scores have correlation R, each still uniform, so every marginal distribution is kept.
 */
#ifndef VMAP_UNCERTAINTY_COPULA_H
#define VMAP_UNCERTAINTY_COPULA_H

#include "model/model.h"

struct copula {
	size_t count;   /* correlated parameters; 0 when the model has no correlations */
	size_t *params; /* their indexes, ascending */
	double *lower;  /* [count][count], the Cholesky factor L (row-major, lower triangle) */
};

/* Builds the copula of `model`. When the matrix is not positive definite, fails with
 * VMAP_INPUT and a message on `diag` naming the parameter whose correlations make it so. */
int copula_init(struct copula *c, const struct vmap_model *model, struct vmap_diag *diag);
void copula_release(struct copula *c);

/* Replaces the uniforms of the correlated parameters in `uniforms` (one per model
 * parameter) by correlated ones. `work` has room for 2 * count doubles. */
void copula_apply(const struct copula *c, double *uniforms, double *work);

#endif
