/*
 * propensity.c - the propensity model: a logistic regression of treated (y = 1) on the
 * covariates, fitted by Newton-Raphson (iteratively reweighted least squares) with GSL's
 * Cholesky solver, each row counted `frequency` times (a bootstrap sample).
 *
 * GSL's error handler must be off (vmap_journeys_run turns it off once, before any thread).
 * Columns are centred and scaled first (a column that does not vary is left out: its
 * coefficient is 0), which keeps X'WX well conditioned; the coefficients are returned on the
 * original scale, intercept first. Newton steps start from the log odds of the share treated
 * and stop when no coefficient moves by more than 1e-10 (scaled), or after 50 steps; under
 * separation the fit does not converge and says so (its scores still order people).
 */
#include "journeys.h"

#include "core/alloc.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_STEPS = 50 };

struct design {
	const double *x, *y, *frequency;
	size_t rows, columns; /* columns of x; the model has columns + 1 coefficients */
	double *centre, *scale; /* scale 0: the column is left out */
};

static double row_weight(const struct design *d, size_t i)
{
	return d->frequency ? d->frequency[i] : 1;
}

static double scaled(const struct design *d, size_t i, size_t c)
{
	return d->scale[c] > 0 ? (d->x[i * d->columns + c] - d->centre[c]) / d->scale[c] : 0;
}

static void standardise(struct design *d)
{
	for (size_t c = 0; c < d->columns; c++) {
		double n = 0, sum = 0, squares = 0;
		for (size_t i = 0; i < d->rows; i++)
			n += row_weight(d, i), sum += row_weight(d, i) * d->x[i * d->columns + c];
		d->centre[c] = n > 0 ? sum / n : 0;
		for (size_t i = 0; i < d->rows; i++) {
			double dev = d->x[i * d->columns + c] - d->centre[c];
			squares += row_weight(d, i) * dev * dev;
		}
		d->scale[c] = n > 0 && squares / n > 1e-12 ? sqrt(squares / n) : 0;
	}
}

/* Accumulates the gradient and the information matrix X'WX at beta (scaled). */
static void accumulate(const struct design *d, const double *beta, double *z, gsl_vector *g,
		       gsl_matrix *h)
{
	size_t p = d->columns + 1;

	gsl_vector_set_zero(g);
	gsl_matrix_set_zero(h);
	for (size_t i = 0; i < d->rows; i++) {
		double f = row_weight(d, i), eta = beta[0], prob, w;
		if (f == 0)
			continue;
		z[0] = 1;
		for (size_t c = 0; c < d->columns; c++)
			z[c + 1] = scaled(d, i, c), eta += beta[c + 1] * z[c + 1];
		prob = 1 / (1 + exp(-eta));
		w = f * prob * (1 - prob);
		for (size_t a = 0; a < p; a++) {
			g->data[a] += f * (d->y[i] - prob) * z[a];
			for (size_t b = 0; b <= a; b++)
				h->data[a * h->tda + b] += w * z[a] * z[b];
		}
	}
	for (size_t a = 0; a < p; a++)
		for (size_t b = 0; b < a; b++)
			h->data[b * h->tda + a] = h->data[a * h->tda + b];
	for (size_t c = 0; c < d->columns; c++)
		if (d->scale[c] == 0)
			h->data[(c + 1) * h->tda + c + 1] = 1; /* a left-out column stays at 0 */
}

/* One Newton step; false when X'WX is not positive definite. */
static bool newton_step(const struct design *d, double *beta, double *z, gsl_vector *g,
			gsl_matrix *h, double *largest)
{
	size_t p = d->columns + 1;

	accumulate(d, beta, z, g, h);
	if (gsl_linalg_cholesky_decomp1(h) || gsl_linalg_cholesky_svx(h, g))
		return false;
	*largest = 0;
	for (size_t a = 0; a < p; a++) {
		beta[a] += g->data[a];
		if (fabs(g->data[a]) > *largest)
			*largest = fabs(g->data[a]);
	}
	return true;
}

static void start_values(const struct design *d, double *beta)
{
	double n = 0, treated = 0;

	for (size_t i = 0; i < d->rows; i++)
		n += row_weight(d, i), treated += row_weight(d, i) * d->y[i];
	memset(beta, 0, (d->columns + 1) * sizeof *beta);
	if (treated > 0 && treated < n)
		beta[0] = log(treated / (n - treated));
}

/* Back to the original scale: b_c / s_c, and the intercept less the centres' part. */
static void unscale(const struct design *d, double *beta)
{
	for (size_t c = 0; c < d->columns; c++) {
		beta[c + 1] = d->scale[c] > 0 ? beta[c + 1] / d->scale[c] : 0;
		beta[0] -= beta[c + 1] * d->centre[c];
	}
}

int propensity_fit(const double *x, const double *y, const double *frequency, size_t rows,
		   size_t columns, double *beta, int *iterations, bool *converged)
{
	struct design d = {x, y, frequency, rows, columns, NULL, NULL};
	gsl_matrix *h = gsl_matrix_alloc(columns + 1, columns + 1);
	gsl_vector *g = gsl_vector_alloc(columns + 1);
	double *z = alloc_array(columns + 1, sizeof *z), largest = INFINITY;
	int rc = VMAP_OK;

	d.centre = alloc_array(columns + 1, sizeof *d.centre);
	d.scale = alloc_array(columns + 1, sizeof *d.scale);
	*converged = false;
	*iterations = 0;
	if (!h || !g || !z || !d.centre || !d.scale) {
		rc = VMAP_NOMEM;
		goto cleanup;
	}
	standardise(&d);
	start_values(&d, beta);
	while (*iterations < MAX_STEPS && largest > 1e-10) {
		if (!newton_step(&d, beta, z, g, h, &largest)) {
			rc = VMAP_NUMERIC;
			break;
		}
		++*iterations;
	}
	*converged = largest <= 1e-10;
	unscale(&d, beta);
cleanup:
	gsl_matrix_free(h);
	gsl_vector_free(g);
	free(z);
	free(d.centre);
	free(d.scale);
	return rc;
}
