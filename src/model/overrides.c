/*
 * overrides.c - what-ifs (`--set PATH=VALUE`): a value put into the model's document before it
 * is read, so it is validated exactly as if it were in the file.
 *
 * PATH walks the document: a key of a mapping (`appraisal.horizon`), an item of a list by its
 * id (`interventions.ips`) or by position (`costs[0]`, counted from 0). Every step but the last
 * must exist; a step that does not is refused with the nearest name. The last key is replaced,
 * or added when the mapping lacks it (the reader then checks it like any key); a last key
 * close to one the mapping has is taken as a misspelling of it and refused.
 */
#include "reader.h"

#include "core/alloc.h"
#include "core/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NAMES_MAX = 256 };

/* Collects the keys of a mapping or the ids of a list's items (at most NAMES_MAX). */
static size_t names_of(struct fy_node *node, const char **names)
{
	void *iter = NULL;
	size_t count = 0;

	if (yaml_is_mapping(node)) {
		struct fy_node_pair *pair;
		while (count < NAMES_MAX && (pair = fy_node_mapping_iterate(node, &iter)))
			if (yaml_text(fy_node_pair_key(pair)))
				names[count++] = yaml_text(fy_node_pair_key(pair));
	} else {
		struct fy_node *item;
		while (count < NAMES_MAX && (item = fy_node_sequence_iterate(node, &iter)))
			if (yaml_text(yaml_lookup(item, "id", NULL)))
				names[count++] = yaml_text(yaml_lookup(item, "id", NULL));
	}
	return count;
}

static int no_such(struct reader *r, const char *text, struct fy_node *at, const char *name,
		   const char *where)
{
	const char *names[NAMES_MAX];
	char hint[160];

	suggest_hint(hint, sizeof hint, name, names, names_of(at, names));
	return diag_fail(&r->model->diag, VMAP_INPUT, "%s: set %s: no '%s' in %s%s", r->y.path,
			 text, name, where, hint);
}

/* One step from `node` by `name` (a key, or an id in a list), or NULL. */
static struct fy_node *step(struct fy_node *node, const char *name)
{
	void *iter = NULL;
	struct fy_node *item;

	if (yaml_is_mapping(node))
		return yaml_lookup(node, name, NULL);
	while (yaml_is_sequence(node) && (item = fy_node_sequence_iterate(node, &iter))) {
		const char *id = yaml_text(yaml_lookup(item, "id", NULL));
		if (id && strcmp(id, name) == 0)
			return item;
	}
	return NULL;
}

/* `[n]` suffixes of a step: items of a list by position. */
static int indexes(struct reader *r, const char *text, char **cursor, struct fy_node **node,
		   const char *where)
{
	while (**cursor == '[') {
		char *end;
		long n = strtol(*cursor + 1, &end, 10);
		if (end == *cursor + 1 || *end != ']' || n < 0)
			return diag_fail(&r->model->diag, VMAP_INPUT,
					 "%s: set %s: expected [N], a position from 0, after %s",
					 r->y.path, text, where);
		if (!yaml_is_sequence(*node) || n >= fy_node_sequence_item_count(*node))
			return diag_fail(&r->model->diag, VMAP_INPUT,
					 "%s: set %s: %s has no item [%ld]", r->y.path, text, where,
					 n);
		*node = fy_node_sequence_get_by_index(*node, (int)n);
		*cursor = end + 1;
	}
	return VMAP_OK;
}

/* The final key: refused when it looks like a misspelling of a key the mapping has. */
static int check_last(struct reader *r, const char *text, struct fy_node *mapping,
		      const char *key, const char *where)
{
	const char *names[NAMES_MAX];
	const char *near;

	if (!yaml_is_mapping(mapping))
		return diag_fail(&r->model->diag, VMAP_INPUT,
				 "%s: set %s: %s is not a mapping of keys to values", r->y.path, text,
				 where);
	if (yaml_lookup(mapping, key, NULL))
		return VMAP_OK;
	near = suggest_nearest(key, names, names_of(mapping, names));
	if (near)
		return no_such(r, text, mapping, key, where);
	return VMAP_OK;
}

static int fail_path(struct reader *r, const char *text, const char *why)
{
	return diag_fail(&r->model->diag, VMAP_INPUT, "%s: set %s: %s", r->y.path, text, why);
}

/* Walks `path` (modified in place) from the root and sets its last key to `value`. */
static int walk(struct reader *r, const char *text, char *path, const char *value)
{
	struct fy_node *node = yaml_root(&r->y);
	char where[200] = "the model";
	char *cursor = path;

	for (;;) {
		size_t length = strcspn(cursor, ".[");
		char separator = cursor[length];
		struct fy_node *next;
		int rc;

		cursor[length] = '\0';
		if (!*cursor)
			return fail_path(r, text, "a step of the path is empty");
		if (separator == '\0') {
			rc = check_last(r, text, node, cursor, where);
			return rc ? rc : yaml_override(&r->y, node, cursor, value, text);
		}
		next = step(node, cursor);
		if (!next)
			return no_such(r, text, node, cursor, where);
		node = next;
		snprintf(where, sizeof where, "'%s'", cursor);
		cursor += length;
		*cursor = separator;
		rc = indexes(r, text, &cursor, &node, where);
		if (rc)
			return rc;
		if (*cursor != '.')
			return fail_path(r, text, *cursor ? "expected '.' after ']'"
							  : "the path ends at a list item; name one "
							    "of its keys");
		cursor++;
	}
}

static int apply(struct reader *r, const char *text)
{
	const char *value = strchr(text, '=');
	char *path;
	int rc;

	if (!value || value == text)
		return fail_path(r, text, "expected PATH=VALUE, e.g. interventions.ips.participants=400");
	path = alloc_strdup(text);
	if (!path)
		return diag_nomem(&r->model->diag, "applying a what-if");
	path[value - text] = '\0';
	rc = walk(r, text, path, value + 1); /* value stays in the model's copy of the text */
	free(path);
	return rc;
}

int apply_overrides(struct reader *r)
{
	for (size_t i = 0; i < r->model->set_count; i++) {
		int rc = apply(r, r->model->sets[i]);
		if (rc)
			return rc;
	}
	return VMAP_OK;
}
