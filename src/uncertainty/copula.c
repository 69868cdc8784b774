/*
 * copula.c - the correlation matrix, its Cholesky factor (GSL) and correlated uniforms.
 */
#include "copula.h"

#include "core/alloc.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static size_t position(const struct copula *c, size_t param)
{
	for (size_t j = 0; j < c->count; j++)
		if (c->params[j] == param)
			return j;
	return c->count;
}

static bool mentioned(const struct vmap_model *m, size_t param)
{
	for (size_t n = 0; n < m->correlation_count; n++)
		if (m->correlations[n].a == param || m->correlations[n].b == param)
			return true;
	return false;
}

static void fill_matrix(const struct copula *c, const struct vmap_model *m, double *matrix)
{
	for (size_t j = 0; j < c->count; j++)
		matrix[j * c->count + j] = 1;
	for (size_t n = 0; n < m->correlation_count; n++) {
		size_t a = position(c, m->correlations[n].a), b = position(c, m->correlations[n].b);
		matrix[a * c->count + b] = m->correlations[n].rho;
		matrix[b * c->count + a] = m->correlations[n].rho;
	}
}

/* Cholesky of the leading `size` rows and columns of `matrix` into `out`; false when not
 * positive definite. */
static bool leading_cholesky(const double *matrix, size_t count, size_t size, double *out)
{
	gsl_matrix_view view = gsl_matrix_view_array(out, size, size);

	for (size_t r = 0; r < size; r++)
		memcpy(out + r * size, matrix + r * count, size * sizeof *out);
	return gsl_linalg_cholesky_decomp1(&view.matrix) == GSL_SUCCESS;
}

static bool perfect(const struct vmap_model *m)
{
	for (size_t n = 0; n < m->correlation_count; n++)
		if (fabs(m->correlations[n].rho) == 1)
			return true;
	return false;
}

/* The first parameter (in file order) whose correlations with those before it break
 * positive definiteness, named in the message with its correlations' position. */
static int not_positive_definite(const struct copula *c, const struct vmap_model *m,
				 const double *matrix, struct vmap_diag *diag)
{
	size_t size = 2;
	const struct correlation *at = m->correlations;

	while (size < c->count && leading_cholesky(matrix, c->count, size, c->lower))
		size++;
	for (size_t n = 0; n < m->correlation_count; n++)
		if (m->correlations[n].a == c->params[size - 1] ||
		    m->correlations[n].b == c->params[size - 1])
			at = &m->correlations[n];
	return diag_fail(diag, VMAP_INPUT,
			 "%s:%d:%d: correlations: the correlation matrix is not positive "
			 "definite; the correlations of '%s' with the parameters declared before it "
			 "cannot hold together; expected a consistent set of rho values%s",
			 m->path, at->line, at->column, m->params[c->params[size - 1]].label,
			 perfect(m) ? " (for a rho of 1, use one shared parameter in both places)"
				    : "");
}

int copula_init(struct copula *c, const struct vmap_model *m, struct vmap_diag *diag)
{
	double *matrix;
	int rc = VMAP_OK;

	memset(c, 0, sizeof *c);
	if (m->correlation_count == 0)
		return VMAP_OK;
	c->params = alloc_array(m->named_count, sizeof *c->params);
	if (!c->params)
		return diag_nomem(diag, "building the correlation matrix");
	for (size_t p = 0; p < m->named_count; p++)
		if (mentioned(m, p))
			c->params[c->count++] = p;
	matrix = alloc_array(c->count * c->count, sizeof *matrix);
	c->lower = alloc_array(c->count * c->count, sizeof *c->lower);
	if (!matrix || !c->lower) {
		rc = diag_nomem(diag, "building the correlation matrix");
		goto cleanup;
	}
	fill_matrix(c, m, matrix);
	gsl_set_error_handler_off();
	if (!leading_cholesky(matrix, c->count, c->count, c->lower))
		rc = not_positive_definite(c, m, matrix, diag);
cleanup:
	free(matrix);
	if (rc)
		copula_release(c);
	return rc;
}

void copula_release(struct copula *c)
{
	free(c->params);
	free(c->lower);
	memset(c, 0, sizeof *c);
}

/* Phi(y) kept strictly inside (0, 1), so that quantile functions stay finite. */
static double normal_uniform(double y)
{
	const double tiny = 0x1p-53;
	double u = y > 0 ? 1 - gsl_cdf_ugaussian_Q(y) : gsl_cdf_ugaussian_P(y);

	return u < tiny ? tiny : u > 1 - tiny ? 1 - tiny : u;
}

void copula_apply(const struct copula *c, double *uniforms, double *work)
{
	double *z = work, *y = work + c->count;

	for (size_t j = 0; j < c->count; j++)
		z[j] = gsl_cdf_ugaussian_Pinv(uniforms[c->params[j]]);
	for (size_t j = 0; j < c->count; j++) {
		y[j] = 0;
		for (size_t k = 0; k <= j; k++)
			y[j] += c->lower[j * c->count + k] * z[k];
	}
	for (size_t j = 0; j < c->count; j++)
		uniforms[c->params[j]] = normal_uniform(y[j]);
}
