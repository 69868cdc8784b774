/*
 * config.c - reading a journeys file (DESIGN.md "Journeys"): the datasets, prices, cohorts,
 * window, matching and estimate. Unknown keys, missing keys and values out of range are
 * errors as "file:line:col: what: why"; on error the config is released and left empty.
 */
#include "journeys.h"

#include "core/alloc.h"
#include "core/paths.h"
#include "core/yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const top_keys[] = {"journeys", "cohorts", "window", "match", "estimate",
				       NULL};
static const char *const journeys_keys[] = {"name", "clusters", "datasets", "price_base",
					    "deflator", NULL};
static const char *const cohort_keys[] = {"treated", "comparison", NULL};
static const char *const rule_keys[] = {"dataset", "type", NULL};
static const char *const window_keys[] = {"observed", "pre", "post", NULL};
static const char *const observed_keys[] = {"from", "to", NULL};
static const char *const match_keys[] = {"method", "covariates", NULL};
static const char *const estimate_keys[] = {"method", "bootstrap", "level", "seed", NULL};
static const char *const match_names[] = {"weighting", "exact", "none", NULL};
static const char *const estimate_names[] = {"did", "post", NULL};
static const char *const covariate_names[] = {"age", "sex", "index_year", "pre_cost",
					      "pre_events", NULL};

/* The value of `key` in `map`, which must be there. */
static int required(struct yaml_doc *y, struct fy_node *map, const char *context,
		    const char *key, struct fy_node **out)
{
	*out = yaml_lookup(map, key, NULL);
	return *out ? VMAP_OK : yaml_fail(y, map, "%s: missing '%s'", context, key);
}

static int section(struct yaml_doc *y, struct fy_node *map, const char *key,
		   const char *const *keys, struct fy_node **out)
{
	int rc = required(y, map, "the journeys file", key, out);

	if (!rc)
		rc = yaml_expect_mapping(y, *out, key);
	return rc ? rc : yaml_check_keys(y, *out, key, keys);
}

static int owned_text(struct yaml_doc *y, struct fy_node *node, const char *what, char **out)
{
	return yaml_read_owned_text(y, node, what, "reading the journeys file", out);
}

static int owned_path(struct yaml_doc *y, struct fy_node *node, const char *what, char **out)
{
	char *raw = NULL;
	int rc = owned_text(y, node, what, &raw);

	if (!rc && !(*out = path_beside(y->path, raw)))
		rc = diag_nomem(y->diag, "reading the journeys file");
	free(raw);
	return rc;
}

/* A keyword from `names` (NULL-terminated); `*index` gets its position. */
static int keyword(struct yaml_doc *y, struct fy_node *node, const char *what,
		   const char *const *names, int *index)
{
	char expected[160] = "";
	const char *text;
	int rc = yaml_read_string(y, node, what, &text);

	if (rc)
		return rc;
	for (*index = 0; names[*index]; (*index)++)
		if (strcmp(names[*index], text) == 0)
			return VMAP_OK;
	for (int i = 0; names[i]; i++) {
		size_t used = strlen(expected);
		snprintf(expected + used, sizeof expected - used, "%s%s",
			 i == 0 ? "" : names[i + 1] ? ", " : " or ", names[i]);
	}
	return yaml_fail(y, node, "%s: unknown value '%s'; expected %s", what, text, expected);
}

static int read_datasets(struct yaml_doc *y, struct fy_node *list, struct journeys_config *c)
{
	int rc = yaml_expect_sequence(y, list, "journeys.datasets");
	size_t n = rc ? 0 : (size_t)fy_node_sequence_item_count(list);

	if (rc)
		return rc;
	if (n == 0)
		return yaml_fail(y, list, "journeys.datasets: list at least one dataset spec");
	c->dataset_paths = alloc_array(n, sizeof *c->dataset_paths);
	if (!c->dataset_paths)
		return diag_nomem(y->diag, "reading the journeys file");
	for (size_t i = 0; i < n && !rc; i++, c->dataset_count++)
		rc = owned_path(y, fy_node_sequence_get_by_index(list, (int)i), "journeys.datasets",
				&c->dataset_paths[i]);
	return rc;
}

static int read_deflator(struct yaml_doc *y, struct fy_node *map, struct journeys_config *c)
{
	struct fy_node_pair *pair;
	void *iter = NULL;
	int rc = yaml_expect_mapping(y, map, "journeys.deflator");
	size_t n = rc ? 0 : (size_t)fy_node_mapping_item_count(map);

	if (rc)
		return rc;
	c->deflator_years = alloc_array(n + 1, sizeof *c->deflator_years);
	c->deflator_index = alloc_array(n + 1, sizeof *c->deflator_index);
	if (!c->deflator_years || !c->deflator_index)
		return diag_nomem(y->diag, "reading the journeys file");
	while (!rc && (pair = fy_node_mapping_iterate(map, &iter))) {
		long year;
		double index = 0;
		rc = yaml_read_int_key(y, fy_node_pair_key(pair), "journeys.deflator: year", 1800,
				       2500, &year);
		if (!rc)
			rc = yaml_read_double(y, fy_node_pair_value(pair), "journeys.deflator", &index);
		if (!rc && !(index > 0))
			rc = yaml_fail(y, fy_node_pair_value(pair),
				       "journeys.deflator: the index for %ld must be positive", year);
		c->deflator_years[c->deflator_count] = (int)year;
		c->deflator_index[c->deflator_count++] = index;
	}
	return rc;
}

static int read_journeys(struct yaml_doc *y, struct fy_node *root, struct journeys_config *c)
{
	struct fy_node *map, *node;
	long year;
	int rc = section(y, root, "journeys", journeys_keys, &map);

	if (!rc && (node = yaml_lookup(map, "name", NULL)))
		rc = owned_text(y, node, "journeys.name", &c->name);
	if (!rc && (node = yaml_lookup(map, "clusters", NULL)))
		rc = owned_path(y, node, "journeys.clusters", &c->clusters_path);
	if (!rc)
		rc = required(y, map, "journeys", "datasets", &node);
	if (!rc)
		rc = read_datasets(y, node, c);
	if (!rc)
		rc = required(y, map, "journeys", "price_base", &node);
	if (!rc)
		rc = yaml_read_int(y, node, "journeys.price_base", 1800, 2500, &year);
	if (!rc)
		c->price_base = (int)year;
	if (!rc && (node = yaml_lookup(map, "deflator", NULL)))
		rc = read_deflator(y, node, c);
	if (!rc && !c->name && !(c->name = alloc_strdup("Journeys")))
		rc = diag_nomem(y->diag, "reading the journeys file");
	return rc;
}

static int read_rule(struct yaml_doc *y, struct fy_node *map, const char *key, char **dataset,
		     struct cohort_rule *rule)
{
	char what[64];
	struct fy_node *group, *node;
	int rc = required(y, map, "cohorts", key, &group);

	snprintf(what, sizeof what, "cohorts.%s", key);
	if (!rc)
		rc = yaml_expect_mapping(y, group, what);
	if (!rc)
		rc = yaml_check_keys(y, group, what, rule_keys);
	if (!rc)
		rc = required(y, group, what, "dataset", &node);
	if (!rc)
		rc = owned_text(y, node, what, dataset);
	if (!rc)
		rc = required(y, group, what, "type", &node);
	return rc ? rc : owned_text(y, node, what, &rule->type);
}

static int read_date(struct yaml_doc *y, struct fy_node *map, const char *key, int32_t *out)
{
	struct fy_node *node;
	const char *text;
	int rc = required(y, map, "window.observed", key, &node);

	if (!rc)
		rc = yaml_read_string(y, node, "window.observed", &text);
	if (!rc && !std_date(text, "%Y-%m-%d", out))
		rc = yaml_fail(y, node, "window.observed.%s: expected a date as YYYY-MM-DD", key);
	return rc;
}

static int read_window(struct yaml_doc *y, struct fy_node *root, struct journeys_config *c)
{
	struct fy_node *map, *observed, *node;
	long pre = 0, post = 0;
	int rc = section(y, root, "window", window_keys, &map);

	if (!rc)
		rc = required(y, map, "window", "observed", &observed);
	if (!rc)
		rc = yaml_expect_mapping(y, observed, "window.observed");
	if (!rc)
		rc = yaml_check_keys(y, observed, "window.observed", observed_keys);
	if (!rc)
		rc = read_date(y, observed, "from", &c->observed_from);
	if (!rc)
		rc = read_date(y, observed, "to", &c->observed_to);
	if (!rc && c->observed_to < c->observed_from)
		rc = yaml_fail(y, observed, "window.observed: 'to' comes before 'from'");
	if (!rc)
		rc = required(y, map, "window", "pre", &node);
	if (!rc)
		rc = yaml_read_int(y, node, "window.pre", 1, 50, &pre);
	if (!rc)
		rc = required(y, map, "window", "post", &node);
	if (!rc)
		rc = yaml_read_int(y, node, "window.post", 1, 50, &post);
	c->pre = (int)pre;
	c->post = (int)post;
	return rc;
}

static int read_covariates(struct yaml_doc *y, struct fy_node *list, struct journeys_config *c)
{
	struct fy_node *item;
	void *iter = NULL;
	int rc = yaml_expect_sequence(y, list, "match.covariates"), kind;

	c->covariate_count = 0;
	while (!rc && (item = fy_node_sequence_iterate(list, &iter))) {
		rc = keyword(y, item, "match.covariates", covariate_names, &kind);
		for (size_t i = 0; !rc && i < c->covariate_count; i++)
			if (c->covariates[i] == (enum covariate_kind)kind)
				rc = yaml_fail(y, item, "match.covariates: '%s' is listed twice",
					       covariate_names[kind]);
		if (!rc)
			c->covariates[c->covariate_count++] = (enum covariate_kind)kind;
	}
	if (!rc && c->covariate_count == 0)
		rc = yaml_fail(y, list, "match.covariates: list at least one covariate");
	return rc;
}

static int read_match(struct yaml_doc *y, struct fy_node *root, struct journeys_config *c)
{
	struct fy_node *map = yaml_lookup(root, "match", NULL), *node;
	int rc = VMAP_OK, method = 0;

	c->match = MATCH_WEIGHTING;
	c->covariates[0] = COV_AGE;
	c->covariates[1] = COV_SEX;
	c->covariates[2] = COV_INDEX_YEAR;
	c->covariate_count = 3;
	if (!map)
		return VMAP_OK;
	rc = section(y, root, "match", match_keys, &map);
	if (!rc && (node = yaml_lookup(map, "method", NULL)) &&
	    !(rc = keyword(y, node, "match.method", match_names, &method)))
		c->match = (enum match_method)method;
	if (!rc && (node = yaml_lookup(map, "covariates", NULL)))
		rc = read_covariates(y, node, c);
	return rc;
}

static int read_estimate(struct yaml_doc *y, struct fy_node *root, struct journeys_config *c)
{
	struct fy_node *map = yaml_lookup(root, "estimate", NULL), *node;
	long number;
	int rc = VMAP_OK, method = 0;

	c->estimate = ESTIMATE_DID;
	c->bootstrap = 1000;
	c->level = 0.95;
	c->seed = 0;
	if (!map)
		return VMAP_OK;
	rc = section(y, root, "estimate", estimate_keys, &map);
	if (!rc && (node = yaml_lookup(map, "method", NULL)) &&
	    !(rc = keyword(y, node, "estimate.method", estimate_names, &method)))
		c->estimate = (enum estimate_method)method;
	if (!rc && (node = yaml_lookup(map, "bootstrap", NULL)) &&
	    !(rc = yaml_read_int(y, node, "estimate.bootstrap", 0, 1000000, &number)))
		c->bootstrap = (size_t)number;
	if (!rc && (node = yaml_lookup(map, "level", NULL)) &&
	    !(rc = yaml_read_double(y, node, "estimate.level", &c->level)) &&
	    !(c->level > 0.5 && c->level < 1))
		rc = yaml_fail(y, node, "estimate.level: expected a number above 0.5 and below 1, "
					"such as 0.95");
	if (!rc && (node = yaml_lookup(map, "seed", NULL)) &&
	    !(rc = yaml_read_int(y, node, "estimate.seed", 0, 9007199254740991L, &number)))
		c->seed = (uint64_t)number;
	return rc;
}

static int read_config(struct yaml_doc *y, void *context)
{
	struct journeys_config *c = context;
	struct fy_node *root = yaml_root(y), *cohorts;
	int rc = yaml_expect_mapping(y, root, "the journeys file");

	if (!rc)
		rc = yaml_check_keys(y, root, "the journeys file", top_keys);
	if (!rc)
		rc = read_journeys(y, root, c);
	if (!rc)
		rc = section(y, root, "cohorts", cohort_keys, &cohorts);
	if (!rc)
		rc = read_rule(y, cohorts, "treated", &c->treated_dataset, &c->treated);
	if (!rc)
		rc = read_rule(y, cohorts, "comparison", &c->comparison_dataset, &c->comparison);
	if (!rc)
		rc = read_window(y, root, c);
	if (!rc)
		rc = read_match(y, root, c);
	return rc ? rc : read_estimate(y, root, c);
}

int journeys_config_load(struct journeys_config *c, const char *path, struct vmap_diag *diag)
{
	int rc;

	memset(c, 0, sizeof *c);
	c->path = alloc_strdup(path);
	if (!c->path)
		return diag_nomem(diag, "reading the journeys file");
	rc = yaml_read_file(path, read_config, c, diag);
	if (rc)
		journeys_config_release(c);
	return rc;
}

bool journeys_config_deflator(const struct journeys_config *c, int year, double *index)
{
	for (size_t i = 0; i < c->deflator_count; i++) {
		if (c->deflator_years[i] == year) {
			*index = c->deflator_index[i];
			return true;
		}
	}
	return false;
}

void journeys_config_release(struct journeys_config *c)
{
	for (size_t i = 0; i < c->dataset_count; i++)
		free(c->dataset_paths[i]);
	free(c->dataset_paths);
	free(c->path);
	free(c->name);
	free(c->clusters_path);
	free(c->deflator_years);
	free(c->deflator_index);
	free(c->treated_dataset);
	free(c->comparison_dataset);
	free(c->treated.type);
	free(c->comparison.type);
	memset(c, 0, sizeof *c);
}
