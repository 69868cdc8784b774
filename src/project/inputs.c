/*
 * inputs.c - the files each stage reads, fed to its input hash.
 *
 * The stages read their own files strictly; here the project only needs to know which files
 * those are, so the documents are read lightly: a file that cannot be parsed is hashed as it
 * stands and the stage, when it runs, says what is wrong with it. Paths inside a spec, a
 * journeys file or a model are relative to that file.
 */
#include "inputs.h"

#include "core/paths.h"
#include "core/yaml.h"

#include <stdlib.h>
#include <string.h>

/* Hashes the file that `node` (a scalar path relative to `doc_path`) names, when it does. */
static int hash_named(struct input_hash *h, const char *label, const char *doc_path,
		      struct fy_node *node)
{
	const char *text = node ? yaml_text(node) : NULL;
	char *path;
	int rc;

	if (!text || !*text)
		return VMAP_OK;
	path = path_beside(doc_path, text);
	if (!path)
		return diag_nomem(h->diag, "naming an input");
	rc = input_hash_file(h, label, path);
	free(path);
	return rc;
}

/* Parses `path` for a light read; false (with nothing held) when it cannot. */
static bool load_quietly(struct yaml_doc *y, const char *path)
{
	struct vmap_diag ignored;
	bool loaded = yaml_load(y, path, &ignored) == VMAP_OK;

	y->diag = NULL; /* a light read reports nothing */
	if (!loaded)
		yaml_release(y);
	return loaded;
}

static struct fy_node *lookup_path(struct fy_node *root, const char *block, const char *key)
{
	struct fy_node *b = yaml_lookup(root, block, NULL);

	return yaml_is_mapping(b) ? yaml_lookup(b, key, NULL) : NULL;
}

int inputs_add_spec(struct input_hash *h, const char *spec_path, bool with_events)
{
	struct yaml_doc y;
	int rc = input_hash_file(h, "spec", spec_path);

	if (rc || !load_quietly(&y, spec_path))
		return rc;
	if (yaml_is_mapping(yaml_root(&y))) {
		rc = hash_named(h, "data", spec_path, lookup_path(yaml_root(&y), "dataset", "path"));
		if (!rc && with_events)
			rc = hash_named(h, "events", spec_path,
					lookup_path(yaml_root(&y), "events", "path"));
	}
	yaml_release(&y);
	return rc;
}

/* Every `effects_from` under `node`, in document order. */
static int add_fragments(struct input_hash *h, const char *model_path, struct fy_node *node)
{
	struct fy_node_pair *pair;
	struct fy_node *item;
	void *iter = NULL;
	int rc = VMAP_OK;

	if (yaml_is_sequence(node))
		while (!rc && (item = fy_node_sequence_iterate(node, &iter)))
			rc = add_fragments(h, model_path, item);
	if (!yaml_is_mapping(node))
		return rc;
	while (!rc && (pair = fy_node_mapping_iterate(node, &iter))) {
		const char *key = yaml_text(fy_node_pair_key(pair));
		struct fy_node *value = fy_node_pair_value(pair);
		if (key && strcmp(key, "effects_from") == 0)
			rc = hash_named(h, "effects_from", model_path, value);
		else
			rc = add_fragments(h, model_path, value);
	}
	return rc;
}

int inputs_add_model(struct input_hash *h, const char *model_path)
{
	struct yaml_doc y;
	int rc = input_hash_file(h, "model", model_path);

	if (rc || !load_quietly(&y, model_path))
		return rc;
	rc = add_fragments(h, model_path, yaml_root(&y));
	yaml_release(&y);
	return rc;
}

/* The dataset specs a journeys file lists, with their data and events files. */
static int add_journeys_datasets(struct input_hash *h, const char *journeys_path,
				 struct fy_node *list)
{
	struct fy_node *item;
	void *iter = NULL;
	int rc = VMAP_OK;

	while (!rc && yaml_is_sequence(list) && (item = fy_node_sequence_iterate(list, &iter))) {
		const char *text = yaml_text(item);
		char *spec = text ? path_beside(journeys_path, text) : NULL;
		if (text && !spec)
			return diag_nomem(h->diag, "naming an input");
		if (spec)
			rc = inputs_add_spec(h, spec, true);
		free(spec);
	}
	return rc;
}

int inputs_add_journeys(struct input_hash *h, const char *journeys_path, const char *clusters)
{
	struct yaml_doc y;
	struct fy_node *root;
	int rc = input_hash_file(h, "journeys", journeys_path);

	if (!rc && clusters)
		rc = input_hash_file(h, "clusters", clusters);
	if (rc || !load_quietly(&y, journeys_path))
		return rc;
	root = yaml_root(&y);
	rc = add_journeys_datasets(h, journeys_path, lookup_path(root, "journeys", "datasets"));
	if (!rc && !clusters)
		rc = hash_named(h, "clusters", journeys_path,
				lookup_path(root, "journeys", "clusters"));
	yaml_release(&y);
	return rc;
}
