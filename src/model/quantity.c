/*
 * quantity.c - numbers that may be distributions: reading, validating, deriving mean and sd.
 *
 * The deterministic appraisal uses each distribution's mean. Every distribution is stored
 * with its mean and sd (derived from its own parameters where the model gives others) so that
 * sampling and reports need no further arithmetic on the model's form.
 */
#include "reader.h"

#include "core/alloc.h"
#include "core/suggest.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const dist_names[] = {"normal", "lognormal", "triangular", "pert",
					 "uniform", "beta", "gamma", NULL};

/* The keys each kind takes besides `dist` (beta takes mean+sd or alpha+beta). */
static const char *const dist_keys[][6] = {
	[DIST_NORMAL] = {"dist", "mean", "sd", NULL},
	[DIST_LOGNORMAL] = {"dist", "mean", "sd", NULL},
	[DIST_TRIANGULAR] = {"dist", "min", "mode", "max", NULL},
	[DIST_PERT] = {"dist", "min", "mode", "max", NULL},
	[DIST_UNIFORM] = {"dist", "min", "max", NULL},
	[DIST_BETA] = {"dist", "mean", "sd", "alpha", "beta", NULL},
	[DIST_GAMMA] = {"dist", "mean", "sd", NULL},
};

static int read_field(struct reader *r, struct fy_node *map, const char *context,
		      const char *key, double *out)
{
	struct fy_node *node = yaml_lookup(map, key, NULL);
	char what[200];

	if (!node)
		return yaml_fail(&r->y, map, "%s: this distribution needs '%s'", context, key);
	snprintf(what, sizeof what, "%s: %s", context, key);
	return yaml_read_double(&r->y, node, what, out);
}

static int bounded_moments(struct reader *r, struct fy_node *map, const char *context,
			   struct distribution *d)
{
	int rc = read_field(r, map, context, "min", &d->min);
	if (!rc)
		rc = read_field(r, map, context, "max", &d->max);
	if (!rc && d->kind != DIST_UNIFORM)
		rc = read_field(r, map, context, "mode", &d->mode);
	if (rc)
		return rc;
	if (d->kind == DIST_UNIFORM)
		d->mode = (d->min + d->max) / 2;
	if (!(d->min < d->max) || d->mode < d->min || d->mode > d->max)
		return yaml_fail(&r->y, map, "%s: needs min < max%s", context,
				 d->kind == DIST_UNIFORM ? "" : " and min <= mode <= max");
	if (d->kind == DIST_UNIFORM) {
		d->mean = (d->min + d->max) / 2;
		d->sd = (d->max - d->min) / sqrt(12.0);
	} else if (d->kind == DIST_TRIANGULAR) {
		double a = d->min, b = d->mode, c = d->max;
		d->mean = (a + b + c) / 3;
		d->sd = sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18);
	} else { /* PERT: Beta(alpha, beta) scaled to [min, max], lambda = 4 */
		double width = d->max - d->min;
		d->alpha = 1 + 4 * (d->mode - d->min) / width;
		d->beta = 1 + 4 * (d->max - d->mode) / width;
		d->mean = (d->min + 4 * d->mode + d->max) / 6;
		d->sd = sqrt((d->mean - d->min) * (d->max - d->mean) / 7);
	}
	return VMAP_OK;
}

static int beta_moments(struct reader *r, struct fy_node *map, const char *context,
			struct distribution *d)
{
	int rc;

	d->min = 0;
	d->max = 1;
	if (yaml_lookup(map, "alpha", NULL) || yaml_lookup(map, "beta", NULL)) {
		if (yaml_lookup(map, "mean", NULL) || yaml_lookup(map, "sd", NULL))
			return yaml_fail(&r->y, map, "%s: give either mean and sd or alpha and beta",
					 context);
		rc = read_field(r, map, context, "alpha", &d->alpha);
		if (!rc)
			rc = read_field(r, map, context, "beta", &d->beta);
		if (rc)
			return rc;
		if (!(d->alpha > 0 && d->beta > 0))
			return yaml_fail(&r->y, map, "%s: alpha and beta must be positive", context);
		double s = d->alpha + d->beta;
		d->mean = d->alpha / s;
		d->sd = sqrt(d->alpha * d->beta / (s * s * (s + 1)));
		return VMAP_OK;
	}
	rc = read_field(r, map, context, "mean", &d->mean);
	if (!rc)
		rc = read_field(r, map, context, "sd", &d->sd);
	if (rc)
		return rc;
	if (!(d->mean > 0 && d->mean < 1 && d->sd > 0 && d->sd * d->sd < d->mean * (1 - d->mean)))
		return yaml_fail(&r->y, map,
				 "%s: a beta needs 0 < mean < 1 and 0 < sd^2 < mean*(1-mean)",
				 context);
	double common = d->mean * (1 - d->mean) / (d->sd * d->sd) - 1;
	d->alpha = d->mean * common;
	d->beta = (1 - d->mean) * common;
	return VMAP_OK;
}

static int mean_sd_moments(struct reader *r, struct fy_node *map, const char *context,
			   struct distribution *d)
{
	int rc = read_field(r, map, context, "mean", &d->mean);

	if (!rc)
		rc = read_field(r, map, context, "sd", &d->sd);
	if (rc)
		return rc;
	if (d->sd < 0)
		return yaml_fail(&r->y, map, "%s: sd must not be negative", context);
	if (d->kind == DIST_LOGNORMAL && !(d->mean > 0))
		return yaml_fail(&r->y, map, "%s: a lognormal needs a positive mean", context);
	if (d->kind == DIST_GAMMA && !(d->mean > 0 && d->sd > 0))
		return yaml_fail(&r->y, map, "%s: a gamma needs a positive mean and sd", context);
	return VMAP_OK;
}

int read_distribution(struct reader *r, struct fy_node *map, const char *context,
		      struct distribution *d)
{
	struct fy_node *kind_node = yaml_lookup(map, "dist", NULL);
	const char *kind_text;
	char hint[120];
	int rc;

	if (!kind_node)
		return yaml_fail(&r->y, map, "%s: a distribution needs 'dist' (one of normal, "
				 "lognormal, triangular, pert, uniform, beta, gamma)", context);
	rc = yaml_read_string(&r->y, kind_node, context, &kind_text);
	if (rc)
		return rc;
	memset(d, 0, sizeof *d);
	for (d->kind = 0; dist_names[d->kind]; d->kind++)
		if (strcmp(dist_names[d->kind], kind_text) == 0)
			break;
	if (!dist_names[d->kind]) {
		suggest_hint(hint, sizeof hint, kind_text, dist_names, 7);
		return yaml_fail(&r->y, kind_node,
				 "%s: unknown distribution '%s'%s; expected normal, lognormal, "
				 "triangular, pert, uniform, beta or gamma",
				 context, kind_text, hint);
	}
	rc = yaml_check_keys(&r->y, map, context, dist_keys[d->kind]);
	if (rc)
		return rc;
	switch (d->kind) {
	case DIST_TRIANGULAR:
	case DIST_PERT:
	case DIST_UNIFORM:
		return bounded_moments(r, map, context, d);
	case DIST_BETA:
		return beta_moments(r, map, context, d);
	default:
		d->min = -INFINITY;
		d->max = INFINITY;
		if (d->kind != DIST_NORMAL)
			d->min = 0;
		return mean_sd_moments(r, map, context, d);
	}
}

int add_param(struct reader *r, struct fy_node *node, const char *label,
	      const struct distribution *d, int *index)
{
	struct vmap_model *m = r->model;
	struct param *p;
	size_t capacity = m->param_count;
	void *params = m->params;
	struct yaml_mark mark = yaml_node_mark(node);

	if (grow_array(&params, &capacity, m->param_count + 1, sizeof *m->params) != 0)
		return diag_nomem(&m->diag, "reading distributions");
	m->params = params;
	p = &m->params[m->param_count];
	memset(p, 0, sizeof *p);
	p->label = alloc_strdup(label);
	if (!p->label)
		return diag_nomem(&m->diag, "reading distributions");
	p->dist = *d;
	p->lo = -INFINITY;
	p->hi = INFINITY;
	p->line = mark.line;
	p->column = mark.column;
	*index = (int)m->param_count++;
	return VMAP_OK;
}

static void format_range(char *out, size_t size, double min, double max)
{
	if (isinf(max))
		snprintf(out, size, "at least %g", min);
	else if (isinf(min))
		snprintf(out, size, "at most %g", max);
	else
		snprintf(out, size, "between %g and %g", min, max);
}

/* A distribution used where values must lie in [min, max]: its mean must, and so must the
 * whole support of a bounded kind; unbounded kinds are clamped when sampled. */
static int check_support(struct reader *r, struct fy_node *node, const char *where,
			 const struct distribution *d, double min, double max)
{
	char range[80];
	bool bounded = d->kind != DIST_NORMAL && d->kind != DIST_LOGNORMAL && d->kind != DIST_GAMMA;

	if (d->mean >= min && d->mean <= max && (!bounded || (d->min >= min && d->max <= max)))
		return VMAP_OK;
	format_range(range, sizeof range, min, max);
	return yaml_fail(&r->y, node, "%s: the distribution must stay %s (mean %g, from %g to %g)",
			 where, range, d->mean, d->min, d->max);
}

static void narrow_param(struct param *p, double min, double max)
{
	p->lo = fmax(p->lo, min);
	p->hi = fmin(p->hi, max);
}

/* `{param: name}`: a use of a named parameter declared under `parameters:`. */
static int read_reference(struct reader *r, struct fy_node *node, const char *where,
			  double min, double max, struct quantity *out)
{
	static const char *const keys[] = {"param", NULL};
	struct vmap_model *m = r->model;
	const char *name;
	size_t index;
	int rc = yaml_check_keys(&r->y, node, where, keys);

	if (!rc)
		rc = yaml_read_string(&r->y, yaml_lookup(node, "param", NULL), where, &name);
	if (!rc)
		rc = find_param(r, yaml_lookup(node, "param", NULL), where, name, &index);
	if (!rc)
		rc = check_support(r, node, where, &m->params[index].dist, min, max);
	if (rc)
		return rc;
	narrow_param(&m->params[index], min, max);
	out->value = m->params[index].dist.mean;
	out->param = (int)index;
	return VMAP_OK;
}

int read_quantity(struct reader *r, struct fy_node *node, const char *context, const char *what,
		  const char *label, double min, double max, struct quantity *out)
{
	char where[200], range[80];
	int rc;

	snprintf(where, sizeof where, "%s: %s", context, what);
	out->param = -1;
	if (yaml_is_mapping(node) && yaml_lookup(node, "param", NULL))
		return read_reference(r, node, where, min, max, out);
	if (yaml_is_mapping(node)) {
		struct distribution d;
		rc = read_distribution(r, node, where, &d);
		if (!rc)
			rc = check_support(r, node, where, &d, min, max);
		if (!rc)
			rc = add_param(r, node, label, &d, &out->param);
		if (rc)
			return rc;
		narrow_param(&r->model->params[out->param], min, max);
		out->value = d.mean;
		return VMAP_OK;
	}
	rc = yaml_read_double(&r->y, node, where, &out->value);
	if (rc)
		return rc;
	if (out->value < min || out->value > max) {
		format_range(range, sizeof range, min, max);
		return yaml_fail(&r->y, node, "%s: %g is out of range; expected a value %s", where,
				 out->value, range);
	}
	return VMAP_OK;
}

int read_optional_quantity(struct reader *r, struct fy_node *mapping, const char *context,
			   const char *key, const char *label, double min, double max,
			   double fallback, struct quantity *out)
{
	struct fy_node *node = yaml_lookup(mapping, key, NULL);

	if (!node) {
		out->value = fallback;
		out->param = -1;
		return VMAP_OK;
	}
	return read_quantity(r, node, context, key, label, min, max, out);
}
