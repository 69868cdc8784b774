/*
 * read_parameters.c - named shared parameters and the correlations between them.
 *
 * `parameters:` maps a name to a distribution; any number in the model may then say
 * `{param: name}`, and every such use takes the same sampled value in a draw. Named
 * parameters are read before anything else, so they are the first params of the model and
 * their labels are their names. `correlations:` is a list of `{between: [a, b], rho: r}`; the
 * matrix they make is checked for positive definiteness when Monte Carlo runs.
 */
#include "reader.h"

#include "core/alloc.h"
#include "core/suggest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const correlation_keys[] = {"between", "rho", NULL};

static int read_parameter(struct reader *r, struct fy_node_pair *pair)
{
	struct vmap_model *m = r->model;
	struct fy_node *key = fy_node_pair_key(pair), *value = fy_node_pair_value(pair);
	struct distribution d;
	char context[160];
	const char *name;
	int index, rc = yaml_read_string(&r->y, key, "parameters: name", &name);

	if (rc)
		return rc;
	if (!valid_id(name))
		return yaml_fail(&r->y, key,
				 "parameters: '%s' is not a valid name; expected 1 to 64 letters, "
				 "digits, '_', '-' or '.'", name);
	snprintf(context, sizeof context, "parameter '%s'", name);
	if (!yaml_is_mapping(value))
		return yaml_fail(&r->y, value, "%s: expected a distribution such as {dist: normal, "
				 "mean: 0.1, sd: 0.02}", context);
	rc = read_distribution(r, value, context, &d);
	if (!rc)
		rc = add_param(r, key, name, &d, &index);
	if (rc)
		return rc;
	m->params[index].named = true;
	m->named_count++;
	return VMAP_OK;
}

int read_parameters(struct reader *r, struct fy_node *node)
{
	struct fy_node_pair *pair;
	void *iter = NULL;
	int rc = yaml_expect_mapping(&r->y, node, "parameters");

	while (!rc && (pair = fy_node_mapping_iterate(node, &iter)))
		rc = read_parameter(r, pair);
	return rc;
}

int find_param(struct reader *r, struct fy_node *node, const char *context, const char *name,
	       size_t *index)
{
	struct vmap_model *m = r->model;
	const char **names;
	char hint[160] = "";

	for (size_t p = 0; p < m->named_count; p++) {
		if (strcmp(m->params[p].label, name) == 0) {
			*index = p;
			return VMAP_OK;
		}
	}
	names = alloc_array(m->named_count ? m->named_count : 1, sizeof *names);
	if (!names)
		return diag_nomem(&m->diag, "reading parameters");
	for (size_t p = 0; p < m->named_count; p++)
		names[p] = m->params[p].label;
	suggest_hint(hint, sizeof hint, name, names, m->named_count);
	free((void *)names);
	return yaml_fail(&r->y, node, "%s: unknown parameter '%s'%s; declare it under 'parameters:'",
			 context, name, hint);
}

static int read_pair(struct reader *r, struct fy_node *between, size_t *a, size_t *b)
{
	const char *context = "correlations: between";
	const char *names[2];
	size_t found[2];
	int rc = yaml_expect_sequence(&r->y, between, context);

	if (rc)
		return rc;
	if (fy_node_sequence_item_count(between) != 2)
		return yaml_fail(&r->y, between, "%s: expected two parameter names", context);
	for (int n = 0; n < 2; n++) {
		struct fy_node *item = fy_node_sequence_get_by_index(between, n);
		rc = yaml_read_string(&r->y, item, context, &names[n]);
		if (!rc)
			rc = find_param(r, item, context, names[n], &found[n]);
		if (rc)
			return rc;
	}
	if (found[0] == found[1])
		return yaml_fail(&r->y, between, "%s: a parameter cannot be correlated with itself "
				 "('%s')", context, names[0]);
	*a = found[0];
	*b = found[1];
	return VMAP_OK;
}

static bool same_pair(const struct correlation *c, size_t a, size_t b)
{
	return (c->a == a && c->b == b) || (c->a == b && c->b == a);
}

static int read_correlation(struct reader *r, struct fy_node *item, struct correlation *c)
{
	struct vmap_model *m = r->model;
	struct fy_node *between = yaml_lookup(item, "between", NULL);
	struct fy_node *rho = yaml_lookup(item, "rho", NULL);
	struct yaml_mark mark = yaml_node_mark(item);
	int rc = yaml_expect_mapping(&r->y, item, "correlations");

	if (!rc)
		rc = yaml_check_keys(&r->y, item, "correlations", correlation_keys);
	if (!rc && (!between || !rho))
		rc = yaml_fail(&r->y, item, "correlations: each needs 'between: [a, b]' and 'rho'");
	if (!rc)
		rc = read_pair(r, between, &c->a, &c->b);
	if (!rc)
		rc = yaml_read_double(&r->y, rho, "correlations: rho", &c->rho);
	if (!rc && !(c->rho >= -1 && c->rho <= 1))
		rc = yaml_fail(&r->y, rho, "correlations: rho %g is out of range; expected -1 to 1",
			       c->rho);
	for (size_t n = 0; !rc && n < m->correlation_count; n++)
		if (same_pair(&m->correlations[n], c->a, c->b))
			rc = yaml_fail(&r->y, item, "correlations: '%s' and '%s' are correlated twice",
				       m->params[c->a].label, m->params[c->b].label);
	c->line = mark.line;
	c->column = mark.column;
	return rc;
}

int read_correlations(struct reader *r, struct fy_node *node)
{
	struct vmap_model *m = r->model;
	int rc = yaml_expect_sequence(&r->y, node, "correlations");
	size_t count;

	if (rc)
		return rc;
	count = (size_t)fy_node_sequence_item_count(node);
	m->correlations = alloc_array(count ? count : 1, sizeof *m->correlations);
	if (!m->correlations)
		return diag_nomem(&m->diag, "reading correlations");
	for (size_t n = 0; n < count; n++) {
		struct fy_node *item = fy_node_sequence_get_by_index(node, (int)n);
		rc = read_correlation(r, item, &m->correlations[n]);
		if (rc)
			return rc;
		m->correlation_count++;
	}
	return VMAP_OK;
}
