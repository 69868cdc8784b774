/*
 * model_load.c - reading a linkmodel.json written by an earlier run (--model), so a model
 * trained once can score new extracts without training again. The comparisons, their m and
 * u per level, the prior, the threshold, the mode and the blocking rules are taken from it;
 * a --config given as well overrides the threshold, mode and rules.
 */
#include "model_load.h"

#include "compare_fields.h"
#include "config.h"
#include "fellegi_sunter.h"

#include "core/yaml.h"

#include <stdio.h>
#include <string.h>

static const char *const model_keys[] = {
	"linkmodel_version", "mode", "probability_two_random_records_match", "prior_weight",
	"threshold", "comparisons", "blocking_rules", NULL,
};
static const char *const comparison_keys[] = {"field", "m_trained", "jaro_winkler", "levels",
					     NULL};
static const char *const level_keys[] = {"level", "m", "u", "weight", NULL};
static const char *const rule_keys[] = {"name", "parts", NULL};

static int read_probability(struct yaml_doc *y, struct fy_node *node, const char *what,
			    double *out)
{
	int rc = yaml_read_double(y, node, what, out);

	if (!rc && (*out < 0 || *out > 1))
		rc = yaml_fail(y, node, "%s: expected a probability from 0 to 1", what);
	return rc;
}

static int read_level(struct yaml_doc *y, struct fy_node *node, struct comparison *c, int l)
{
	int rc = yaml_expect_mapping(y, node, "level");

	if (!rc)
		rc = yaml_check_keys(y, node, "level", level_keys);
	if (!rc)
		rc = read_probability(y, yaml_lookup(node, "m", NULL), "m", &c->m[l]);
	if (!rc)
		rc = read_probability(y, yaml_lookup(node, "u", NULL), "u", &c->u[l]);
	return rc;
}

static int read_comparison(struct yaml_doc *y, struct fy_node *node, struct fs_model *m)
{
	struct comparison *c = &m->cmp[m->comparison_count];
	struct fy_node *levels, *item;
	const char *name;
	void *iter = NULL;
	int rc = yaml_check_keys(y, node, "comparison", comparison_keys), f = -1, l = 0;

	if (!rc)
		rc = yaml_read_string(y, yaml_lookup(node, "field", NULL), "field", &name);
	for (int i = 0; !rc && i < FIELD_COUNT && f < 0; i++)
		f = strcmp(field_names[i], name) == 0 ? i : -1;
	if (!rc && (f < 0 || !comparison_default((enum field)f, c)))
		return yaml_fail(y, node, "comparison: '%s' is not a field that can be compared", name);
	if (!rc && comparison_has_jw(c) && yaml_lookup(node, "jaro_winkler", NULL))
		rc = read_jw_thresholds(y, yaml_lookup(node, "jaro_winkler", NULL), "jaro_winkler",
					c->jw);
	levels = rc ? NULL : yaml_lookup(node, "levels", NULL);
	if (!rc)
		rc = yaml_expect_sequence(y, levels, "levels");
	if (!rc && fy_node_sequence_item_count(levels) != c->level_count)
		return yaml_fail(y, levels, "comparison '%s': expected %d levels", name,
				 c->level_count);
	while (!rc && (item = fy_node_sequence_iterate(levels, &iter)))
		rc = read_level(y, item, c, l++);
	if (!rc) {
		m->trained[m->comparison_count] = true;
		m->comparison_count++;
	}
	return rc;
}

static int read_rules(struct yaml_doc *y, struct fy_node *list, struct link_settings *s)
{
	struct fy_node *item;
	void *iter = NULL;
	int rc = yaml_expect_sequence(y, list, "blocking_rules");

	while (!rc && (item = fy_node_sequence_iterate(list, &iter))) {
		const char *name;
		char why[160];
		if (s->rule_count == RULE_MAX)
			return yaml_fail(y, item, "blocking_rules: at most %d rules", RULE_MAX);
		rc = yaml_check_keys(y, item, "blocking rule", rule_keys);
		if (!rc)
			rc = yaml_read_string(y, yaml_lookup(item, "name", NULL), "name", &name);
		if (!rc && !parse_rule(name, &s->rules[s->rule_count++], why, sizeof why))
			rc = yaml_fail(y, item, "blocking rule '%s': %s", name, why);
	}
	return rc;
}

static int read_mode(struct yaml_doc *y, struct fy_node *node, struct link_settings *s)
{
	static const char *const modes[] = {"dedupe", "link_only", "link_and_dedupe"};
	const char *text;
	int rc = yaml_read_string(y, node, "mode", &text);

	for (int i = 0; !rc && i < 3; i++) {
		if (strcmp(text, modes[i]) == 0) {
			s->mode = (enum link_mode)i;
			s->mode_set = true;
			return VMAP_OK;
		}
	}
	return rc ? rc : yaml_fail(y, node, "mode: '%s' is not a mode", text);
}

static int read_model(struct yaml_doc *y, struct fs_model *m, struct link_settings *s)
{
	struct fy_node *root = yaml_root(y), *list, *item;
	void *iter = NULL;
	int rc = yaml_expect_mapping(y, root, "link model");

	if (!rc)
		rc = yaml_check_keys(y, root, "link model", model_keys);
	if (!rc)
		rc = read_probability(y, yaml_lookup(root, "probability_two_random_records_match", NULL),
				      "probability_two_random_records_match", &m->prior);
	if (!rc && !s->mode_set)
		rc = read_mode(y, yaml_lookup(root, "mode", NULL), s);
	list = rc ? NULL : yaml_lookup(root, "comparisons", NULL);
	if (!rc)
		rc = yaml_expect_sequence(y, list, "comparisons");
	while (!rc && (item = fy_node_sequence_iterate(list, &iter))) {
		if (m->comparison_count == COMPARISON_MAX)
			return yaml_fail(y, item, "comparisons: at most %d comparisons",
					 COMPARISON_MAX);
		rc = yaml_expect_mapping(y, item, "comparison");
		if (!rc)
			rc = read_comparison(y, item, m);
	}
	if (!rc && !s->threshold_set && (item = yaml_lookup(root, "threshold", NULL))) {
		rc = read_probability(y, item, "threshold", &s->threshold);
		s->threshold_set = true; /* the model's own, not chosen again */
	}
	if (!rc && s->rule_count == 0)
		rc = read_rules(y, yaml_lookup(root, "blocking_rules", NULL), s);
	return rc;
}

int model_load(struct fs_model *model, struct link_settings *settings, const char *path,
	       struct vmap_diag *diag)
{
	struct yaml_doc y;
	int rc = yaml_load(&y, path, diag);

	memset(model, 0, sizeof *model);
	if (!rc)
		rc = read_model(&y, model, settings);
	if (!rc && model->comparison_count == 0)
		rc = diag_fail(diag, VMAP_INPUT, "%s: the model has no comparisons", path);
	yaml_release(&y);
	if (!rc) {
		model->use_tf = settings->term_frequency;
		fs_finish(model);
	}
	return rc;
}
