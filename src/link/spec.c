/*
 * spec.c - reading a dataset spec (DESIGN.md "Dataset spec"): which file, which column holds
 * the record id, and which column feeds each canonical field, with its format or code map.
 *
 * Every mistake is reported as "spec.yaml:line:col: what: why" with a suggestion for a
 * misspelt key or field. On error the spec is released and left empty.
 */
#include "spec.h"

#include "core/alloc.h"
#include "core/paths.h"
#include "core/suggest.h"
#include "core/yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const field_names[FIELD_COUNT + 1] = {
#define FIELD_NAME(name, text) text,
	FIELD_MAP(FIELD_NAME)
#undef FIELD_NAME
	NULL,
};

/* `events` belongs to journeys (DESIGN.md "Events"), which reads it; linkage ignores it. */
static const char *const top_keys[] = {"dataset", "fields", "events", NULL};
static const char *const dataset_keys[] = {"id",     "path",     "record_id",
					   "delimiter", "unique", "encoding", NULL};
static const char *const field_keys[] = {"column", "columns", "format", "values", NULL};

/* A mapping with only the `allowed` keys. */
static int expect_keys(struct yaml_doc *y, struct fy_node *node, const char *what,
		       const char *const *allowed)
{
	int rc = yaml_expect_mapping(y, node, what);

	return rc ? rc : yaml_check_keys(y, node, what, allowed);
}

static int field_index(const char *name)
{
	for (int f = 0; f < FIELD_COUNT; f++)
		if (strcmp(field_names[f], name) == 0)
			return f;
	return -1;
}

static int read_owned_string(struct yaml_doc *y, struct fy_node *node, const char *what,
			     char **out)
{
	return yaml_read_owned_text(y, node, what, "reading a dataset spec", out);
}

static int read_delimiter(struct yaml_doc *y, struct fy_node *node, char *out)
{
	const char *text;
	int rc = yaml_read_string(y, node, "dataset.delimiter", &text);

	if (rc)
		return rc;
	if (strcmp(text, "\\t") == 0 || strcmp(text, "tab") == 0)
		text = "\t";
	if (strlen(text) != 1 || text[0] == '"' || text[0] == '\n' || text[0] == '\r')
		return yaml_fail(y, node, "dataset.delimiter: expected one character such as \",\" "
					  "or \";\" or \"\\t\"");
	*out = text[0];
	return VMAP_OK;
}

static int read_encoding(struct yaml_doc *y, struct fy_node *node, enum csv_encoding *out)
{
	const char *text;
	int rc = yaml_read_string(y, node, "dataset.encoding", &text);

	if (rc)
		return rc;
	if (!csv_encoding_named(text, out))
		return yaml_fail(y, node, "dataset.encoding: unknown encoding '%s'; expected utf-8 "
					  "(the default), windows-1252 (Excel on Windows) or latin-1",
				 text);
	return VMAP_OK;
}

static int read_dataset(struct yaml_doc *y, struct fy_node *node, struct dataset_spec *s)
{
	struct fy_node *id, *path, *rid, *delim, *unique;
	char *raw_path = NULL;
	int rc = expect_keys(y, node, "dataset", dataset_keys);

	if (rc)
		return rc;
	id = yaml_lookup(node, "id", NULL);
	path = yaml_lookup(node, "path", NULL);
	rid = yaml_lookup(node, "record_id", NULL);
	delim = yaml_lookup(node, "delimiter", NULL);
	unique = yaml_lookup(node, "unique", NULL);
	if (!id || !path || !rid)
		return yaml_fail(y, node, "dataset: missing key '%s'",
				 !id ? "id" : !path ? "path" : "record_id");
	rc = read_owned_string(y, id, "dataset.id", &s->id);
	if (!rc)
		rc = read_owned_string(y, path, "dataset.path", &raw_path);
	if (!rc)
		rc = read_owned_string(y, rid, "dataset.record_id", &s->record_id);
	if (!rc && delim)
		rc = read_delimiter(y, delim, &s->delimiter);
	if (!rc && yaml_lookup(node, "encoding", NULL))
		rc = read_encoding(y, yaml_lookup(node, "encoding", NULL), &s->encoding);
	if (!rc && unique)
		rc = yaml_read_bool(y, unique, "dataset.unique", &s->unique);
	if (!rc) {
		struct yaml_mark mark = yaml_node_mark(rid);
		s->record_id_line = mark.line;
		s->record_id_column = mark.column;
		s->data_path = path_beside(s->spec_path, raw_path);
		if (!s->data_path)
			rc = diag_nomem(y->diag, "reading a dataset spec");
	}
	free(raw_path);
	return rc;
}

static int add_column(struct yaml_doc *y, struct fy_node *node, const char *what,
		      struct field_spec *f)
{
	void *columns = f->columns;
	size_t capacity = f->column_count;

	if (grow_array(&columns, &capacity, f->column_count + 1, sizeof(char *)))
		return diag_nomem(y->diag, "reading a dataset spec");
	f->columns = columns;
	f->columns[f->column_count] = NULL; /* released on failure */
	return read_owned_string(y, node, what, &f->columns[f->column_count++]);
}

static int read_columns(struct yaml_doc *y, struct fy_node *list, const char *what,
			struct field_spec *f)
{
	struct fy_node *item;
	void *iter = NULL;
	int rc = yaml_expect_sequence(y, list, what);

	while (!rc && (item = fy_node_sequence_iterate(list, &iter)))
		rc = add_column(y, item, what, f);
	if (!rc && f->column_count == 0)
		rc = yaml_fail(y, list, "%s: the list of columns is empty", what);
	return rc;
}

static int read_codes(struct yaml_doc *y, struct fy_node *map, const char *what,
		      struct field_spec *f)
{
	struct fy_node_pair *pair;
	void *iter = NULL;
	int rc = yaml_expect_mapping(y, map, what);
	size_t n = rc ? 0 : (size_t)fy_node_mapping_item_count(map);

	if (rc)
		return rc;
	f->codes = alloc_array(n ? n : 1, sizeof *f->codes);
	if (!f->codes)
		return diag_nomem(y->diag, "reading a dataset spec");
	while (!rc && (pair = fy_node_mapping_iterate(map, &iter))) {
		struct code_map *c = &f->codes[f->code_count++];
		rc = read_owned_string(y, fy_node_pair_key(pair), what, &c->from);
		if (!rc)
			rc = read_owned_string(y, fy_node_pair_value(pair), what, &c->to);
	}
	return rc;
}

static int read_field_mapping(struct yaml_doc *y, struct fy_node *node, const char *what,
			      int field, struct field_spec *f)
{
	struct fy_node *column = yaml_lookup(node, "column", NULL);
	struct fy_node *columns = yaml_lookup(node, "columns", NULL);
	struct fy_node *format = yaml_lookup(node, "format", NULL);
	struct fy_node *values = yaml_lookup(node, "values", NULL);
	int rc = yaml_check_keys(y, node, what, field_keys);

	if (rc)
		return rc;
	if (!column == !columns)
		return yaml_fail(y, node, "%s: give either 'column' or 'columns'", what);
	rc = column ? add_column(y, column, what, f) : read_columns(y, columns, what, f);
	if (!rc && format && field != FIELD_DOB)
		return yaml_fail(y, format, "%s: 'format' applies only to dob", what);
	if (!rc && format)
		rc = read_owned_string(y, format, what, &f->format);
	if (!rc && values)
		rc = read_codes(y, values, what, f);
	return rc;
}

static int read_field(struct yaml_doc *y, struct fy_node *key, struct fy_node *value,
		      struct dataset_spec *s)
{
	const char *name = yaml_text(key);
	int field = name ? field_index(name) : -1;
	struct yaml_mark mark = yaml_node_mark(key);
	char what[64], hint[96];

	if (field < 0) {
		suggest_hint(hint, sizeof hint, name ? name : "", field_names, FIELD_COUNT);
		return yaml_fail(y, key, "fields: unknown canonical field '%s'%s", name ? name : "",
				 hint);
	}
	snprintf(what, sizeof what, "field '%s'", name);
	s->fields[field].present = true;
	s->fields[field].line = mark.line;
	s->fields[field].column = mark.column;
	if (yaml_is_mapping(value))
		return read_field_mapping(y, value, what, field, &s->fields[field]);
	return add_column(y, value, what, &s->fields[field]);
}

static int read_fields(struct yaml_doc *y, struct fy_node *node, struct dataset_spec *s)
{
	struct fy_node_pair *pair;
	void *iter = NULL;
	int rc = yaml_expect_mapping(y, node, "fields");

	if (!rc && fy_node_mapping_item_count(node) == 0)
		rc = yaml_fail(y, node, "fields: map at least one canonical field to a column");
	while (!rc && (pair = fy_node_mapping_iterate(node, &iter)))
		rc = read_field(y, fy_node_pair_key(pair), fy_node_pair_value(pair), s);
	return rc;
}

static int read_spec(struct yaml_doc *y, void *context)
{
	struct dataset_spec *s = context;
	struct fy_node *root = yaml_root(y), *dataset, *fields;
	int rc = expect_keys(y, root, "dataset spec", top_keys);

	if (rc)
		return rc;
	dataset = yaml_lookup(root, "dataset", NULL);
	fields = yaml_lookup(root, "fields", NULL);
	if (!dataset || !fields)
		return yaml_fail(y, root, "dataset spec: missing key '%s'",
				 !dataset ? "dataset" : "fields");
	rc = read_dataset(y, dataset, s);
	return rc ? rc : read_fields(y, fields, s);
}

int spec_load(struct dataset_spec *spec, const char *path, struct vmap_diag *diag)
{
	int rc;

	memset(spec, 0, sizeof *spec);
	spec->delimiter = ',';
	spec->spec_path = alloc_strdup(path);
	if (!spec->spec_path)
		return diag_nomem(diag, "reading a dataset spec");
	rc = yaml_read_file(path, read_spec, spec, diag);
	if (rc)
		spec_release(spec);
	return rc;
}

static void field_spec_release(struct field_spec *f)
{
	for (size_t i = 0; i < f->column_count; i++)
		free(f->columns[i]);
	for (size_t i = 0; i < f->code_count; i++) {
		free(f->codes[i].from);
		free(f->codes[i].to);
	}
	free(f->columns);
	free(f->column_index);
	free(f->format);
	free(f->codes);
}

void spec_release(struct dataset_spec *spec)
{
	for (int f = 0; f < FIELD_COUNT; f++)
		field_spec_release(&spec->fields[f]);
	free(spec->spec_path);
	free(spec->id);
	free(spec->data_path);
	free(spec->record_id);
	memset(spec, 0, sizeof *spec);
}
