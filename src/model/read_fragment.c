/*
 * read_fragment.c - `effects_from: PATH` on an intervention: a model fragment (the
 * effects.yaml that `valuemap journeys` writes, or any file of the same shape) whose outcomes
 * join the model's and whose effects join the intervention's.
 *
 * PATH is relative to the model file. The fragment has `outcomes:` and `effects:` lists, as a
 * model has, and may carry `journeys:` (the name of the study it came from). Errors inside it
 * name the fragment's file, line and column; an outcome id the model (or an earlier fragment)
 * already declares, or a beneficiary the model does not declare as an agency, is an error
 * naming both files. Distributions in the fragment become parameters of the model like any
 * other, so its uncertainty flows into Monte Carlo draws.
 */
#include "reader.h"

#include "core/alloc.h"
#include "core/paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fragment_keys[] = {"journeys", "outcomes", "effects", NULL};

static bool is_agency(const struct vmap_model *m, const char *id)
{
	for (size_t a = 0; a < m->agency_count; a++)
		if (strcmp(m->agencies[a].id, id) == 0)
			return true;
	return false;
}

/* Checks one beneficiary key against the model's agencies, naming both files. */
static int check_agency(struct reader *frag, const struct reader *model, struct fy_node *node)
{
	const char *id = yaml_text(node);

	if (!id || is_agency(frag->model, id))
		return VMAP_OK; /* not text: read_outcome reports it */
	return yaml_fail(&frag->y, node,
			 "beneficiary '%s' is not an agency of %s: add {id: %s} to its agencies",
			 id, model->y.path, id);
}

static int check_beneficiaries(struct reader *frag, const struct reader *model,
			       struct fy_node *item)
{
	struct fy_node *one = yaml_lookup(item, "beneficiary", NULL);
	struct fy_node *many = yaml_lookup(item, "beneficiaries", NULL);
	struct fy_node_pair *pair;
	void *iter = NULL;
	int rc = one ? check_agency(frag, model, one) : VMAP_OK;

	while (!rc && many && yaml_is_mapping(many) && (pair = fy_node_mapping_iterate(many, &iter)))
		rc = check_agency(frag, model, fy_node_pair_key(pair));
	return rc;
}

static int add_outcome(struct reader *frag, const struct reader *model, struct fy_node *item)
{
	struct vmap_model *m = frag->model;
	void *outcomes = m->outcomes;
	size_t capacity = m->outcome_count, index = m->outcome_count;
	int rc = check_beneficiaries(frag, model, item);

	if (rc)
		return rc;
	if (grow_array(&outcomes, &capacity, index + 1, sizeof *m->outcomes))
		return diag_nomem(&m->diag, "reading effects_from");
	m->outcomes = outcomes;
	memset(&m->outcomes[index], 0, sizeof *m->outcomes);
	m->outcome_count++; /* counted now, so that a failed read is freed */
	rc = read_outcome(frag, item, index, &m->outcomes[index]);
	for (size_t o = 0; !rc && o < index; o++)
		if (strcmp(m->outcomes[o].id, m->outcomes[index].id) == 0)
			rc = yaml_fail(&frag->y, yaml_lookup(item, "id", NULL),
				       "outcome '%s' is already declared by %s (ids must differ)",
				       m->outcomes[index].id, model->y.path);
	return rc;
}

static int add_effect(struct reader *frag, struct fy_node *item, struct intervention *iv)
{
	void *effects = iv->effects;
	size_t capacity = iv->effect_count, index = iv->effect_count;

	if (grow_array(&effects, &capacity, index + 1, sizeof *iv->effects))
		return diag_nomem(&frag->model->diag, "reading effects_from");
	iv->effects = effects;
	memset(&iv->effects[index], 0, sizeof *iv->effects);
	iv->effect_count++;
	return read_effect(frag, item, iv->id, index, &iv->effects[index]);
}

static int read_list(struct reader *frag, const struct reader *model, const char *key,
		     struct intervention *iv)
{
	struct fy_node *list = yaml_lookup(yaml_root(&frag->y), key, NULL), *item;
	void *iter = NULL;
	int rc;

	if (!list || yaml_is_null(list))
		return VMAP_OK;
	rc = yaml_expect_sequence(&frag->y, list, key);
	while (!rc && (item = fy_node_sequence_iterate(list, &iter)))
		rc = iv ? add_effect(frag, item, iv) : add_outcome(frag, model, item);
	return rc;
}

int read_effects_from(struct reader *r, struct fy_node *item, struct intervention *iv)
{
	struct fy_node *node = yaml_lookup(item, "effects_from", NULL);
	struct reader frag = {.model = r->model};
	const char *text;
	char context[200], *path;
	int rc;

	snprintf(context, sizeof context, "intervention '%s': effects_from", iv->id);
	rc = yaml_read_string(&r->y, node, context, &text);
	if (rc)
		return rc;
	path = path_beside(r->y.path, text);
	if (!path)
		return diag_nomem(&r->model->diag, "reading effects_from");
	rc = yaml_load(&frag.y, path, &r->model->diag);
	if (!rc)
		rc = yaml_expect_mapping(&frag.y, yaml_root(&frag.y), "an effects fragment");
	if (!rc)
		rc = yaml_check_keys(&frag.y, yaml_root(&frag.y), "an effects fragment",
				     fragment_keys);
	if (!rc)
		rc = read_list(&frag, r, "outcomes", NULL);
	if (!rc)
		rc = read_list(&frag, r, "effects", iv);
	yaml_release(&frag.y);
	free(path);
	return rc;
}
