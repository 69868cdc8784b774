/*
 * model_load.c - reads a model file: the top level, the appraisal settings, the deflator and
 * the optimism-bias table, then hands each section to its reader.
 *
 * On any error the model is cleared, so a failed load never leaves a half-read model.
 */
#include "reader.h"

#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const top_keys[] = {"appraisal",	  "deflator",	  "optimism_bias",
				       "parameters",	  "correlations", "agencies",
				       "outcomes",	  "interventions", "ucd_agencies", "options", NULL};
static const char *const appraisal_keys[] = {"name",    "base_year", "price_base",
					     "horizon", "discount",  NULL};
/* valuemap's illustrative uplifts by confidence grade 1..6 (DESIGN.md), not HM Treasury
 * figures. For comparison, the upper bounds of HM Treasury's "Green Book supplementary
 * guidance: optimism bias" (from Mott MacDonald, "Review of large public procurement in the
 * UK", 2002; ../shared/data/appraisal/optimism_bias_upper_bounds.csv), capital expenditure:
 * standard buildings 24%, non-standard buildings 51%, standard civil engineering 44%,
 * non-standard civil engineering 66%, equipment and development 200%, outsourcing 41%.
 * A model states its own (`optimism_bias:`) where it can justify them (docs/model-format.md). */
static const double default_optimism_bias[GRADE_COUNT] = {0.0, 0.05, 0.10, 0.15, 0.25, 0.40};

static int read_year(struct reader *r, struct fy_node *map, const char *key, bool required,
		     long fallback, long *out)
{
	struct fy_node *node = yaml_lookup(map, key, NULL);
	char what[64];

	*out = fallback;
	if (!node && required)
		return yaml_fail(&r->y, map, "appraisal: missing '%s'", key);
	if (!node)
		return VMAP_OK;
	snprintf(what, sizeof what, "appraisal: %s", key);
	return yaml_read_int(&r->y, node, what, 1800, 2500, out);
}

static int read_appraisal(struct reader *r, struct fy_node *node)
{
	struct vmap_model *m = r->model;
	struct fy_node *discount;
	long base_year, price_base, horizon = 0;
	int rc = yaml_expect_mapping(&r->y, node, "appraisal");

	if (!rc)
		rc = yaml_check_keys(&r->y, node, "appraisal", appraisal_keys);
	if (!rc)
		rc = read_name(r, node, "appraisal", "Unnamed appraisal", &m->name);
	if (!rc)
		rc = read_year(r, node, "base_year", true, 0, &base_year);
	if (!rc)
		rc = read_year(r, node, "price_base", false, base_year, &price_base);
	if (!rc && !yaml_lookup(node, "horizon", NULL))
		rc = yaml_fail(&r->y, node, "appraisal: missing 'horizon' (years appraised)");
	if (!rc)
		rc = yaml_read_int(&r->y, yaml_lookup(node, "horizon", NULL), "appraisal: horizon", 1,
				   1000, &horizon);
	if (rc)
		return rc;
	m->base_year = (int)base_year;
	m->price_base = (int)price_base;
	m->horizon = (int)horizon;
	m->discount = (vmap_discount){VMAP_SCHEDULE_STPR, 0};
	discount = yaml_lookup(node, "discount", NULL);
	return discount ? read_discount(r, discount, "appraisal", &m->discount) : VMAP_OK;
}

static int read_optimism_bias(struct reader *r, struct fy_node *node)
{
	struct vmap_model *m = r->model;
	int rc = yaml_expect_sequence(&r->y, node, "optimism_bias");

	if (rc)
		return rc;
	if (fy_node_sequence_item_count(node) != GRADE_COUNT)
		return yaml_fail(&r->y, node,
				 "optimism_bias: expected %d values, one per confidence grade 1..%d",
				 GRADE_COUNT, GRADE_COUNT);
	for (int g = 0; g < GRADE_COUNT; g++) {
		struct fy_node *item = fy_node_sequence_get_by_index(node, g);
		rc = yaml_read_double(&r->y, item, "optimism_bias", &m->optimism_bias[g]);
		if (rc)
			return rc;
		if (m->optimism_bias[g] < 0 || m->optimism_bias[g] > 1)
			return yaml_fail(&r->y, item,
					 "optimism_bias: grade %d: %g is out of range; expected 0 to 1",
					 g + 1, m->optimism_bias[g]);
	}
	return VMAP_OK;
}

static int read_sections(struct reader *r)
{
	struct fy_node *root = yaml_root(&r->y);
	struct fy_node *node;
	int rc = yaml_expect_mapping(&r->y, root, "the model");

	if (!rc)
		rc = yaml_check_keys(&r->y, root, "the model", top_keys);
	if (rc)
		return rc;
	if (!(node = yaml_lookup(root, "appraisal", NULL)))
		return yaml_fail(&r->y, root, "the model: missing 'appraisal'");
	rc = read_appraisal(r, node);
	if (!rc)
		rc = read_deflator(r, yaml_lookup(root, "deflator", NULL));
	memcpy(r->model->optimism_bias, default_optimism_bias, sizeof default_optimism_bias);
	if (!rc && (node = yaml_lookup(root, "optimism_bias", NULL)))
		rc = read_optimism_bias(r, node);
	if (!rc && (node = yaml_lookup(root, "parameters", NULL)))
		rc = read_parameters(r, node);
	if (!rc && (node = yaml_lookup(root, "correlations", NULL)))
		rc = read_correlations(r, node);
	if (!rc && !(node = yaml_lookup(root, "agencies", NULL)))
		rc = yaml_fail(&r->y, root, "the model: missing 'agencies'");
	if (!rc)
		rc = read_agencies(r, node);
	if (!rc && (node = yaml_lookup(root, "ucd_agencies", NULL)))
		rc = read_ucd_agencies(r, node);
	if (!rc && (node = yaml_lookup(root, "outcomes", NULL)))
		rc = read_outcomes(r, node);
	if (!rc && !(node = yaml_lookup(root, "interventions", NULL)))
		rc = yaml_fail(&r->y, root, "the model: missing 'interventions'");
	if (!rc)
		rc = read_interventions(r, node);
	if (!rc && (node = yaml_lookup(root, "options", NULL)))
		rc = read_options(r, node);
	return rc;
}

int vmap_model_load(vmap_model *model, const char *path)
{
	struct reader r = {.model = model};
	int rc;

	model_clear(model);
	diag_clear(&model->diag);
	model->path = alloc_strdup(path);
	if (!model->path)
		return diag_nomem(&model->diag, "reading the model");
	rc = yaml_load(&r.y, path, &model->diag);
	if (!rc)
		rc = apply_overrides(&r);
	if (!rc)
		rc = read_sections(&r);
	yaml_release(&r.y);
	if (rc) {
		struct vmap_diag kept = model->diag;
		model_clear(model);
		diag_copy(&model->diag, &kept);
	}
	return rc;
}
