/*
 * yaml_limits.c - the bound on a YAML or JSON document once its aliases are expanded (see
 * yaml_limits.h), counted without expanding anything, in time bounded by the limit itself (the
 * count stops as soon as it passes it).
 */
#include "yaml_limits.h"

#include "yaml.h"

#include <stdbool.h>

struct expansion {
	size_t budget;           /* nodes still allowed */
	struct fy_node *culprit; /* the outermost alias whose expansion crossed a limit */
	bool deep;               /* crossed the depth limit (else the node count) */
};

static bool within(struct expansion *e, struct fy_node *node, int depth)
{
	void *iter = NULL;
	bool ok = true;

	if (!node)
		return true;
	if (depth > YAML_EXPANDED_DEPTH_MAX || e->budget == 0) {
		e->deep = depth > YAML_EXPANDED_DEPTH_MAX;
		return false;
	}
	e->budget--;
	if (fy_node_is_alias(node)) {
		ok = within(e, fy_node_resolve_alias(node), depth + 1);
		if (!ok)
			e->culprit = node;
	} else if (fy_node_is_sequence(node)) {
		struct fy_node *item;
		while (ok && (item = fy_node_sequence_iterate(node, &iter)) != NULL)
			ok = within(e, item, depth + 1);
	} else if (fy_node_is_mapping(node)) {
		struct fy_node_pair *pair;
		while (ok && (pair = fy_node_mapping_iterate(node, &iter)) != NULL)
			ok = within(e, fy_node_pair_key(pair), depth + 1) &&
			     within(e, fy_node_pair_value(pair), depth + 1);
	}
	return ok;
}

int yaml_check_expansion(struct fy_document *doc, const char *path, struct vmap_diag *diag)
{
	struct expansion e = {YAML_EXPANDED_NODES_MAX, NULL, false};
	struct yaml_mark mark;

	if (within(&e, fy_document_root(doc), 0))
		return VMAP_OK;
	mark = yaml_node_mark(e.culprit);
	if (mark.line <= 0)
		mark.line = mark.column = 1;
	if (e.deep)
		return diag_fail(diag, VMAP_INPUT,
				 "%s:%d:%d: aliases nest the document too deep: expected at most "
				 "%d levels",
				 path, mark.line, mark.column,
				 YAML_EXPANDED_DEPTH_MAX);
	return diag_fail(diag, VMAP_INPUT,
			 "%s:%d:%d: aliases expand the document past %d values (an alias bomb?): "
			 "expected at most %d",
			 path, mark.line, mark.column,
			 YAML_EXPANDED_NODES_MAX, YAML_EXPANDED_NODES_MAX);
}
