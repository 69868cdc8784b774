/*
 * project_load.c - reading a project file (DESIGN.md "Projects"; docs/projects.md).
 *
 * Strict like the model file: an unknown key, a missing file and a bad value are each an error
 * as "project.yaml:line:col: what: why", with a suggestion for a misspelt key, file name or
 * agency. Every path is resolved against the project file's folder and checked to name a
 * readable file. On error the spec is released and left empty.
 */
#include "valuemap.h"

#include "project.h"

#include "core/alloc.h"
#include "core/paths.h"
#include "core/suggest.h"
#include "core/yaml.h"
#include "link/spec.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { MAX_DRAWS = 100000000 };
#define MAX_SEED 9007199254740991L /* 2^53 - 1, as appraise --seed */

static const char *const top_keys[] = {"project", "datasets", "link", "journeys", "model",
				       "appraise", "pool", "report", NULL};
static const char *const project_keys[] = {"name", "out", NULL};
static const char *const link_keys[] = {"config", "encoded", NULL};
static const char *const encoded_keys[] = {"key_file", "fields", NULL};
static const char *const appraise_keys[] = {"draws", "seed", NULL};
static const char *const pool_keys[] = {"budgets", "pooled", NULL};
static const char *const report_keys[] = {"title", NULL};

struct reader {
	struct yaml_doc y;
	struct project_spec *spec;
};

static int nomem(struct reader *r)
{
	return diag_nomem(r->y.diag, "reading a project");
}

static int read_owned_text(struct reader *r, struct fy_node *node, const char *what, char **out)
{
	return yaml_read_owned_text(&r->y, node, what, "reading a project", out);
}

static int is_visible(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* " (did you mean 'dir/name'?)" for the entry of `resolved`'s folder nearest its name. The
 * entries are read sorted (scandir), so that of two at the same distance the same one is named
 * whatever order the file system lists them in. */
static void file_hint(char *out, size_t size, const char *written, const char *resolved)
{
	char *folder = path_folder(resolved);
	const char *base = strrchr(resolved, '/'), *written_base = strrchr(written, '/');
	struct dirent **entries = NULL;
	int count = folder ? scandir(folder, &entries, is_visible, by_name) : -1;
	const char **names = count > 0 ? alloc_array((size_t)count, sizeof *names) : NULL;
	const char *nearest = NULL;

	out[0] = '\0';
	base = base ? base + 1 : resolved;
	for (int i = 0; names && i < count; i++)
		names[i] = entries[i]->d_name;
	if (names)
		nearest = suggest_nearest(base, names, (size_t)count);
	if (nearest)
		snprintf(out, size, " (did you mean '%.*s%s'?)",
			 written_base ? (int)(written_base - written + 1) : 0, written, nearest);
	for (int i = 0; i < count; i++)
		free(entries[i]);
	free(entries);
	free(names);
	free(folder);
}

/* A file named relative to the project file, which must exist and be a regular file. */
static int read_path(struct reader *r, struct fy_node *node, const char *what, char **out)
{
	char *written = NULL, hint[300];
	struct stat st;
	int rc = read_owned_text(r, node, what, &written);

	if (rc)
		return rc;
	*out = path_beside(r->spec->path, written);
	if (!*out)
		rc = nomem(r);
	else if (stat(*out, &st) != 0) {
		file_hint(hint, sizeof hint, written, *out);
		rc = yaml_fail(&r->y, node, "%s: no file '%s'%s", what, written, hint);
	} else if (!S_ISREG(st.st_mode)) {
		rc = yaml_fail(&r->y, node, "%s: '%s' is a folder; expected a file", what, written);
	}
	free(written);
	return rc;
}

static int expect_keys(struct reader *r, struct fy_node *node, const char *what,
		       const char *const *allowed)
{
	int rc = yaml_expect_mapping(&r->y, node, what);

	return rc ? rc : yaml_check_keys(&r->y, node, what, allowed);
}

static int read_project_block(struct reader *r, struct fy_node *node)
{
	struct fy_node *name = yaml_lookup(node, "name", NULL), *out;
	char *written = NULL;
	int rc = expect_keys(r, node, "project", project_keys);

	if (rc)
		return rc;
	if (!name)
		return yaml_fail(&r->y, node, "project: missing key 'name'");
	rc = read_owned_text(r, name, "project.name", &r->spec->name);
	out = yaml_lookup(node, "out", NULL);
	if (!rc && out)
		rc = read_owned_text(r, out, "project.out", &written);
	if (rc)
		return rc;
	r->spec->out = path_beside(r->spec->path, written ? written : "out");
	free(written);
	return r->spec->out ? VMAP_OK : nomem(r);
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

static int add_dataset(struct reader *r, struct fy_node *item)
{
	struct project_spec *s = r->spec;
	char *path = NULL;
	int rc = read_path(r, item, "datasets", &path);

	for (size_t d = 0; !rc && d < s->dataset_count; d++)
		if (same_file(s->datasets[d], path))
			rc = yaml_fail(&r->y, item, "datasets: '%s' is listed twice",
				       yaml_text(item));
	if (rc) {
		free(path);
		return rc;
	}
	s->datasets[s->dataset_count++] = path;
	return VMAP_OK;
}

/* `key` gives the position for an empty list, which libfyaml leaves without one. */
static int read_datasets(struct reader *r, struct fy_node *key, struct fy_node *node)
{
	struct fy_node *item;
	void *iter = NULL;
	int rc = yaml_expect_sequence(&r->y, node, "datasets");
	size_t count = rc ? 0 : (size_t)fy_node_sequence_item_count(node);

	if (rc)
		return rc;
	if (count == 0)
		return yaml_fail(&r->y, key, "datasets: the list is empty; name at least one "
					      "dataset spec, or leave 'datasets' out");
	r->spec->datasets = alloc_array(count, sizeof *r->spec->datasets);
	if (!r->spec->datasets)
		return nomem(r);
	while (!rc && (item = fy_node_sequence_iterate(node, &iter)))
		rc = add_dataset(r, item);
	return rc;
}

/* One canonical field of `link.encoded.fields`, appended to the comma list in `sb`. */
static int add_encoded_field(struct reader *r, struct fy_node *item, struct strbuf *sb)
{
	const char *name;
	char hint[96];
	int rc = yaml_read_string(&r->y, item, "link.encoded.fields", &name);

	if (rc)
		return rc;
	for (int f = 0; f < FIELD_COUNT; f++)
		if (strcmp(field_names[f], name) == 0) {
			strbuf_addf(sb, "%s%s", sb->length ? "," : "", name);
			return VMAP_OK;
		}
	suggest_hint(hint, sizeof hint, name, field_names, FIELD_COUNT);
	return yaml_fail(&r->y, item, "link.encoded.fields: unknown canonical field '%s'%s", name,
			 hint);
}

/* The fields every department encodes (they must agree), as "a,b,c". */
static int read_encoded_fields(struct reader *r, struct fy_node *list)
{
	struct fy_node *item;
	struct strbuf sb;
	void *iter = NULL;
	int rc = yaml_expect_sequence(&r->y, list, "link.encoded.fields");

	strbuf_init(&sb);
	while (!rc && (item = fy_node_sequence_iterate(list, &iter)))
		rc = add_encoded_field(r, item, &sb);
	if (!rc && sb.length == 0)
		rc = yaml_fail(&r->y, list, "link.encoded.fields: the list is empty");
	if (!rc && sb.failed)
		rc = nomem(r);
	if (!rc && !(r->spec->encode_fields = alloc_strdup(sb.data)))
		rc = nomem(r);
	strbuf_release(&sb);
	return rc;
}

static int read_link(struct reader *r, struct fy_node *node)
{
	struct fy_node *config, *encoded, *encoded_key, *key_file, *fields;
	int rc = expect_keys(r, node, "link", link_keys);

	if (rc)
		return rc;
	config = yaml_lookup(node, "config", NULL);
	encoded = yaml_lookup(node, "encoded", &encoded_key);
	if (config && encoded)
		return yaml_fail(&r->y, encoded, "link: give 'config' or 'encoded', not both");
	if (config)
		return read_path(r, config, "link.config", &r->spec->link_config);
	if (!encoded)
		return VMAP_OK;
	rc = expect_keys(r, encoded, "link.encoded", encoded_keys);
	key_file = rc ? NULL : yaml_lookup(encoded, "key_file", NULL);
	if (!rc && !key_file)
		rc = yaml_fail(&r->y, encoded_key, "link.encoded: missing key 'key_file'");
	if (!rc)
		rc = read_path(r, key_file, "link.encoded.key_file", &r->spec->key_file);
	if (!rc && (fields = yaml_lookup(encoded, "fields", NULL)))
		rc = read_encoded_fields(r, fields);
	return rc;
}

static int read_appraise(struct reader *r, struct fy_node *node)
{
	struct fy_node *draws, *seed;
	int rc = expect_keys(r, node, "appraise", appraise_keys);

	if (rc)
		return rc;
	draws = yaml_lookup(node, "draws", NULL);
	seed = yaml_lookup(node, "seed", NULL);
	if (draws)
		rc = yaml_read_int(&r->y, draws, "appraise.draws", 0, MAX_DRAWS, &r->spec->draws);
	if (!rc && seed)
		rc = yaml_read_int(&r->y, seed, "appraise.seed", 0, MAX_SEED, &r->spec->seed);
	return rc;
}

static int read_amount(struct reader *r, struct fy_node *node, const char *what, double *out)
{
	int rc = yaml_read_double(&r->y, node, what, out);

	if (!rc && !(isfinite(*out) && *out >= 0))
		rc = yaml_fail(&r->y, node, "%s: expected an amount of at least 0", what);
	return rc;
}

static struct spec_mark mark_of(struct fy_node *node)
{
	struct yaml_mark m = yaml_node_mark(node);

	return (struct spec_mark){m.line, m.column};
}

/* The model's government agencies, read lightly to check the budgets' agencies early: the
 * appraise stage reads the model in full, and a model this cannot read leaves the check to the
 * pool stage. */
struct model_agencies {
	struct yaml_doc y;
	struct vmap_diag diag;
	const char *ids[256];
	size_t count;
	bool known;
};

static bool is_government(struct fy_node *agency)
{
	struct fy_node *flag = yaml_lookup(agency, "government", NULL);
	const char *text = flag ? yaml_text(flag) : NULL;

	return !text || strcmp(text, "false") != 0;
}

static void model_agencies_read(struct model_agencies *a, const char *model_path)
{
	struct fy_node *list, *item, *id;
	void *iter = NULL;

	memset(a, 0, sizeof *a);
	if (yaml_load(&a->y, model_path, &a->diag))
		return;
	list = yaml_lookup(yaml_root(&a->y), "agencies", NULL);
	if (!yaml_is_sequence(list))
		return;
	while ((item = fy_node_sequence_iterate(list, &iter)) && a->count < 256)
		if ((id = yaml_lookup(item, "id", NULL)) && yaml_text(id) && is_government(item))
			a->ids[a->count++] = yaml_text(id);
	a->known = a->count > 0;
}

static int check_agency(struct reader *r, const struct model_agencies *a, struct fy_node *key,
			const char *agency)
{
	char hint[160];

	if (!a->known)
		return VMAP_OK;
	for (size_t i = 0; i < a->count; i++)
		if (strcmp(a->ids[i], agency) == 0)
			return VMAP_OK;
	suggest_hint(hint, sizeof hint, agency, a->ids, a->count);
	return yaml_fail(&r->y, key, "pool.budgets: '%s' is not a government agency of the "
				     "model%s", agency, hint);
}

static int read_budgets(struct reader *r, struct fy_node *node)
{
	struct model_agencies agencies;
	struct project_spec *s = r->spec;
	struct fy_node_pair *pair;
	void *iter = NULL;
	int rc = yaml_expect_mapping(&r->y, node, "pool.budgets");
	size_t count = rc ? 0 : (size_t)fy_node_mapping_item_count(node);

	if (rc)
		return rc;
	s->budgets = alloc_array(count ? count : 1, sizeof *s->budgets);
	if (!s->budgets)
		return nomem(r);
	model_agencies_read(&agencies, s->model);
	while (!rc && (pair = fy_node_mapping_iterate(node, &iter))) {
		struct budget *b = &s->budgets[s->budget_count];
		struct fy_node *key = fy_node_pair_key(pair);
		rc = read_owned_text(r, key, "pool.budgets", &b->agency);
		if (!rc)
			s->budget_count++;
		b->mark = mark_of(key);
		if (!rc)
			rc = check_agency(r, &agencies, key, b->agency);
		if (!rc)
			rc = read_amount(r, fy_node_pair_value(pair), "pool.budgets", &b->amount);
	}
	yaml_release(&agencies.y);
	return rc;
}

static int read_pool(struct reader *r, struct fy_node *node)
{
	struct fy_node *budgets, *pooled;
	int rc = expect_keys(r, node, "pool", pool_keys);

	if (rc)
		return rc;
	r->spec->pool_mark = mark_of(node);
	budgets = yaml_lookup(node, "budgets", NULL);
	pooled = yaml_lookup(node, "pooled", NULL);
	if (budgets)
		rc = read_budgets(r, budgets);
	if (!rc && pooled) {
		r->spec->has_pooled = true;
		rc = read_amount(r, pooled, "pool.pooled", &r->spec->pooled);
	}
	return rc;
}

static int read_report(struct reader *r, struct fy_node *node)
{
	struct fy_node *title;
	int rc = expect_keys(r, node, "report", report_keys);

	if (rc)
		return rc;
	title = yaml_lookup(node, "title", NULL);
	return title ? read_owned_text(r, title, "report.title", &r->spec->title) : VMAP_OK;
}

/* The blocks other than `project`, each read when present. */
static int read_blocks(struct reader *r, struct fy_node *root)
{
	struct fy_node *n, *key;
	int rc = VMAP_OK;

	if ((n = yaml_lookup(root, "datasets", &key)))
		rc = read_datasets(r, key, n);
	if (!rc && (n = yaml_lookup(root, "link", NULL))) {
		rc = read_link(r, n);
		if (!rc && !r->spec->dataset_count)
			rc = yaml_fail(&r->y, n, "link: there are no 'datasets' to link");
	}
	if (!rc && (n = yaml_lookup(root, "journeys", NULL)))
		rc = read_path(r, n, "journeys", &r->spec->journeys);
	if (!rc)
		rc = read_path(r, yaml_lookup(root, "model", NULL), "model", &r->spec->model);
	if (!rc && (n = yaml_lookup(root, "appraise", NULL)))
		rc = read_appraise(r, n);
	if (!rc && (n = yaml_lookup(root, "pool", NULL)))
		rc = read_pool(r, n);
	if (!rc && (n = yaml_lookup(root, "report", NULL)))
		rc = read_report(r, n);
	return rc;
}

static int read_project(struct reader *r)
{
	struct fy_node *root = yaml_root(&r->y), *project;
	int rc = expect_keys(r, root, "project file", top_keys);

	if (rc)
		return rc;
	project = yaml_lookup(root, "project", NULL);
	if (!project)
		return yaml_fail(&r->y, root, "project file: missing key 'project' (its name and "
					      "output folder)");
	if (!yaml_lookup(root, "model", NULL))
		return yaml_fail(&r->y, root, "project file: missing key 'model' (the model file "
					      "to appraise)");
	rc = read_project_block(r, project);
	return rc ? rc : read_blocks(r, root);
}

int project_spec_load(struct project_spec *spec, const char *path, struct vmap_diag *diag)
{
	struct reader r = {.spec = spec};
	int rc;

	memset(spec, 0, sizeof *spec);
	spec->path = alloc_strdup(path);
	if (!spec->path)
		return diag_nomem(diag, "reading a project");
	rc = yaml_load(&r.y, path, diag);
	if (!rc)
		rc = read_project(&r);
	yaml_release(&r.y);
	if (rc)
		project_spec_release(spec);
	return rc;
}

void project_spec_release(struct project_spec *spec)
{
	for (size_t d = 0; d < spec->dataset_count; d++)
		free(spec->datasets[d]);
	for (size_t b = 0; b < spec->budget_count; b++)
		free(spec->budgets[b].agency);
	free(spec->datasets);
	free(spec->budgets);
	free(spec->path);
	free(spec->name);
	free(spec->out);
	free(spec->link_config);
	free(spec->key_file);
	free(spec->encode_fields);
	free(spec->journeys);
	free(spec->model);
	free(spec->title);
	memset(spec, 0, sizeof *spec);
}
