/*
 * summary.c - the end summary of a run, read back from the stages' own output files
 * (OUT/appraise/summary.json, OUT/pool/pool.json), so that it shows what those files say
 * whether the stages ran now or were skipped.
 *
 * A department is a government agency of summary.json, in its order; its balance comes from
 * the pool.json agency with the same id. Problems in those files are reported with their
 * position, like any input.
 */
#include "valuemap.h"

#include "project.h"

#include "core/alloc.h"
#include "core/paths.h"
#include "core/yaml.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The output file `name` of stage `id` (caller frees). */
static char *stage_file(const struct vmap_project *p, enum stage_id id, const char *name)
{
	char *dir = project_stage_dir(p, id), *path = dir ? path_join(dir, name) : NULL;

	free(dir);
	return path;
}

static int read_number(struct yaml_doc *y, struct fy_node *mapping, const char *key,
		       double *out)
{
	struct fy_node *value = yaml_lookup(mapping, key, NULL);

	if (!value)
		return yaml_fail(y, mapping, "missing key '%s'", key);
	return yaml_read_double(y, value, key, out);
}

static int read_flag(struct yaml_doc *y, struct fy_node *mapping, const char *key, bool *out)
{
	struct fy_node *value = yaml_lookup(mapping, key, NULL);

	*out = false;
	return value ? yaml_read_bool(y, value, key, out) : VMAP_OK;
}

static int read_text(struct yaml_doc *y, struct fy_node *mapping, const char *key, char **out)
{
	const char *text;
	int rc = yaml_read_string(y, yaml_lookup(mapping, key, NULL), key, &text);

	if (rc)
		return rc;
	*out = alloc_strdup(text);
	return *out ? VMAP_OK : diag_nomem(y->diag, "reading the summary");
}

static int read_department(struct yaml_doc *y, struct fy_node *agency, struct department *d)
{
	int rc = read_text(y, agency, "id", &d->id);

	if (!rc)
		rc = read_text(y, agency, "name", &d->name);
	if (!rc)
		rc = read_number(y, agency, "pv_cost", &d->pays);
	if (!rc)
		rc = read_number(y, agency, "pv_benefit_fiscal", &d->gains);
	if (!rc)
		rc = read_number(y, agency, "net_fiscal", &d->net);
	d->balance = NAN;
	return rc;
}

/* An array member of the root, as a sequence node. */
static int root_list(struct yaml_doc *y, const char *key, struct fy_node **out)
{
	*out = yaml_lookup(yaml_root(y), key, NULL);
	if (!*out)
		return yaml_fail(y, yaml_root(y), "missing key '%s'", key);
	return yaml_expect_sequence(y, *out, key);
}

static int read_departments(struct yaml_doc *y, struct project_summary *s)
{
	struct fy_node *list, *agency;
	void *iter = NULL;
	int rc = root_list(y, "agencies", &list);
	size_t count = rc ? 0 : (size_t)fy_node_sequence_item_count(list);
	bool government;

	if (rc)
		return rc;
	s->departments = alloc_array(count ? count : 1, sizeof *s->departments);
	if (!s->departments)
		return diag_nomem(y->diag, "reading the summary");
	while (!rc && (agency = fy_node_sequence_iterate(list, &iter))) {
		rc = yaml_expect_mapping(y, agency, "agency");
		if (!rc)
			rc = read_flag(y, agency, "government", &government);
		if (!rc && government)
			rc = read_department(y, agency, &s->departments[s->department_count++]);
	}
	return rc;
}

static int read_gaps(struct yaml_doc *y, struct project_summary *s)
{
	struct fy_node *list, *item;
	void *iter = NULL;
	int rc = root_list(y, "interventions", &list);
	size_t count = rc ? 0 : (size_t)fy_node_sequence_item_count(list);
	bool gap;

	if (rc)
		return rc;
	s->gaps = alloc_array(count ? count : 1, sizeof *s->gaps);
	if (!s->gaps)
		return diag_nomem(y->diag, "reading the summary");
	while (!rc && (item = fy_node_sequence_iterate(list, &iter))) {
		rc = yaml_expect_mapping(y, item, "intervention");
		if (!rc)
			rc = read_flag(y, item, "collaboration_gap", &gap);
		if (!rc && gap)
			rc = read_text(y, item, "id", &s->gaps[s->gap_count++]);
	}
	return rc;
}

static int read_appraisal(struct yaml_doc *y, struct project_summary *s)
{
	struct fy_node *totals = yaml_lookup(yaml_root(y), "totals", NULL);
	int rc = yaml_expect_mapping(y, totals, "totals");

	if (!rc)
		rc = read_number(y, totals, "npsv", &s->npsv);
	if (!rc)
		rc = read_departments(y, s);
	return rc ? rc : read_gaps(y, s);
}

static struct department *find_department(struct project_summary *s, const char *id)
{
	for (size_t d = 0; d < s->department_count; d++)
		if (strcmp(s->departments[d].id, id) == 0)
			return &s->departments[d];
	return NULL;
}

static int read_pool(struct yaml_doc *y, struct project_summary *s)
{
	struct fy_node *portfolio = yaml_lookup(yaml_root(y), "portfolio", NULL), *list, *agency;
	void *iter = NULL;
	int rc = yaml_expect_mapping(y, portfolio, "portfolio");

	if (!rc)
		rc = read_number(y, portfolio, "unlocked", &s->unlocked);
	if (!rc)
		rc = root_list(y, "agencies", &list);
	while (!rc && (agency = fy_node_sequence_iterate(list, &iter))) {
		const char *id;
		struct department *d;
		rc = yaml_expect_mapping(y, agency, "agency");
		if (!rc)
			rc = yaml_read_string(y, yaml_lookup(agency, "id", NULL), "id", &id);
		if (!rc && (d = find_department(s, id)))
			rc = read_number(y, agency, "balance", &d->balance);
	}
	return rc;
}

/* Reads the output file `name` of stage `id` with `read`. */
static int read_output(struct vmap_project *p, enum stage_id id, const char *name,
		       int (*read)(struct yaml_doc *y, struct project_summary *s))
{
	struct yaml_doc y;
	char *path = stage_file(p, id, name);
	int rc;

	if (!path)
		return diag_nomem(&p->diag, "naming an output");
	rc = yaml_load(&y, path, &p->diag);
	if (!rc)
		rc = read(&y, &p->summary);
	yaml_release(&y);
	free(path);
	return rc;
}

int project_summary_read(struct vmap_project *p)
{
	int rc;

	project_summary_release(&p->summary);
	p->summary.unlocked = NAN;
	rc = read_output(p, STAGE_APPRAISE, "summary.json", read_appraisal);
	if (!rc && p->stages[STAGE_POOL].state != VMAP_STAGE_ABSENT)
		rc = read_output(p, STAGE_POOL, "pool.json", read_pool);
	if (!rc && p->stages[STAGE_REPORT].state != VMAP_STAGE_ABSENT) {
		p->summary.report_path = stage_file(p, STAGE_REPORT, "report.html");
		if (!p->summary.report_path)
			rc = diag_nomem(&p->diag, "naming the report");
	}
	if (rc)
		project_summary_release(&p->summary);
	return rc;
}

void project_summary_release(struct project_summary *s)
{
	for (size_t d = 0; d < s->department_count; d++) {
		free(s->departments[d].id);
		free(s->departments[d].name);
	}
	for (size_t g = 0; g < s->gap_count; g++)
		free(s->gaps[g]);
	free(s->departments);
	free(s->gaps);
	free(s->report_path);
	memset(s, 0, sizeof *s);
	s->npsv = s->unlocked = NAN;
}
