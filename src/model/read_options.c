/*
 * read_options.c - `options:`, the Green Book shortlist: each option a named set of the
 * model's interventions, appraised side by side with the implied do-minimum (none of them).
 *
 * An option's `member` flags are indexed like the model's interventions; an option names at
 * least one intervention and each at most once. `do_minimum` is reserved for the implied one.
 */
#include "reader.h"

#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const option_keys[] = {"id", "name", "interventions", NULL};

static int add_member(struct reader *r, struct option *o, struct fy_node *node,
		      const char *context, char **ids)
{
	struct vmap_model *m = r->model;
	size_t i;
	int rc = find_id(r, node, context, "intervention", ids, m->intervention_count, &i);

	if (rc)
		return rc;
	if (o->member[i])
		return yaml_fail(&r->y, node, "%s: intervention '%s' is listed twice", context,
				 m->interventions[i].id);
	o->member[i] = true;
	return VMAP_OK;
}

static int read_members(struct reader *r, struct fy_node *item, struct option *o,
			const char *context)
{
	struct vmap_model *m = r->model;
	struct fy_node *list = yaml_lookup(item, "interventions", NULL);
	char what[200];
	char **ids;
	int rc;

	if (!list)
		return yaml_fail(&r->y, item, "%s: missing 'interventions' (a list of ids)", context);
	snprintf(what, sizeof what, "%s: interventions", context);
	rc = yaml_expect_sequence(&r->y, list, what);
	if (rc)
		return rc;
	if (fy_node_sequence_item_count(list) == 0)
		return yaml_fail(&r->y, list,
				 "%s: the list is empty; the do-minimum (no intervention) is "
				 "implied and need not be listed",
				 what);
	o->member = alloc_array(m->intervention_count ? m->intervention_count : 1,
				sizeof *o->member);
	ids = alloc_array(m->intervention_count ? m->intervention_count : 1, sizeof *ids);
	if (!o->member || !ids) {
		free(ids);
		return diag_nomem(&m->diag, "reading options");
	}
	for (size_t i = 0; i < m->intervention_count; i++)
		ids[i] = m->interventions[i].id;
	for (int n = 0; !rc && n < fy_node_sequence_item_count(list); n++)
		rc = add_member(r, o, fy_node_sequence_get_by_index(list, n), context, ids);
	free(ids);
	return rc;
}

static int read_option(struct reader *r, struct fy_node *item, size_t index, void *target)
{
	struct option *o = target;
	char context[160];
	int rc;

	snprintf(context, sizeof context, "option %zu", index + 1);
	rc = yaml_expect_mapping(&r->y, item, context);
	if (!rc)
		rc = yaml_check_keys(&r->y, item, context, option_keys);
	if (!rc)
		rc = read_id(r, item, context, &o->id);
	if (rc)
		return rc;
	snprintf(context, sizeof context, "option '%s'", o->id);
	if (strcmp(o->id, "do_minimum") == 0)
		return yaml_fail(&r->y, yaml_lookup(item, "id", NULL),
				 "%s: the id do_minimum is kept for the implied option of no "
				 "intervention; choose another",
				 context);
	rc = read_name(r, item, context, o->id, &o->name);
	if (!rc)
		rc = read_members(r, item, o, context);
	return rc;
}

int read_options(struct reader *r, struct fy_node *node)
{
	static const struct section options = {"options", "option", sizeof(struct option),
					       read_option};
	void *items = NULL;
	int rc = read_section(r, node, &options, &items, &r->model->option_count);

	r->model->options = items;
	return rc;
}
