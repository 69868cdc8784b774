/*
 * events_spec.c - the `events:` block of a dataset spec (DESIGN.md "Events"): which file,
 * which columns hold the record id, the date (with its format), the type and the cost, the
 * price year of the costs and the agency that bears them. Link's spec reader accepts the key
 * and leaves it to this reader. On error the block is released and left empty.
 */
#include "journeys.h"

#include "core/alloc.h"
#include "core/paths.h"
#include "core/yaml.h"

#include <stdlib.h>
#include <string.h>

static const char *const event_keys[] = {"path", "record_id", "date", "type", "cost",
					 "price_year", "agency", "delimiter", NULL};
static const char *const date_keys[] = {"column", "format", NULL};

/* Where a column is named, for messages about that column. */
static void mark(struct fy_node *map, const char *key, struct events_spec *e, int slot)
{
	struct fy_node *node = yaml_lookup(map, key, NULL);
	struct yaml_mark m = node ? yaml_node_mark(node) : (struct yaml_mark){e->line, e->column};

	e->at[slot].line = m.line;
	e->at[slot].column = m.column;
}

static int text_of(struct yaml_doc *y, struct fy_node *map, const char *key, bool needed,
		   char **out)
{
	struct fy_node *node = yaml_lookup(map, key, NULL);
	char what[64];

	snprintf(what, sizeof what, "events.%s", key);
	if (!node)
		return needed ? yaml_fail(y, map, "events: missing '%s'", key) : VMAP_OK;
	return yaml_read_owned_text(y, node, what, "reading an events block", out);
}

static int read_date(struct yaml_doc *y, struct fy_node *map, struct events_spec *e)
{
	struct fy_node *node = yaml_lookup(map, "date", NULL);
	int rc;

	if (!node)
		return yaml_fail(y, map, "events: missing 'date' (a column, or {column, format})");
	if (!yaml_is_mapping(node)) {
		mark(map, "date", e, 1);
		return text_of(y, map, "date", true, &e->date);
	}
	mark(node, "column", e, 1);
	rc = yaml_check_keys(y, node, "events.date", date_keys);
	if (!rc)
		rc = text_of(y, node, "column", true, &e->date);
	if (!rc)
		rc = text_of(y, node, "format", false, &e->date_format);
	if (!rc && e->date_format && !strchr(e->date_format, '%'))
		rc = yaml_fail(y, yaml_lookup(node, "format", NULL),
			       "events.date.format: expected a format such as \"%%d/%%m/%%Y\"");
	return rc;
}

static int read_price_year(struct yaml_doc *y, struct fy_node *map, struct events_spec *e)
{
	struct fy_node *node = yaml_lookup(map, "price_year", NULL);
	const char *text = node ? yaml_text(node) : NULL;
	long year;
	int rc;

	if (!node && e->cost)
		return yaml_fail(y, map, "events: missing 'price_year' (a year, or `event` when "
					 "each cost is in its own year's prices)");
	if (!node)
		return VMAP_OK;
	if (text && strcmp(text, "event") == 0) {
		e->nominal = true;
		return VMAP_OK;
	}
	rc = yaml_read_int(y, node, "events.price_year (a year or `event`)", 1800, 2500, &year);
	e->price_year = (int)year;
	return rc;
}

static int read_delimiter(struct yaml_doc *y, struct fy_node *map, struct events_spec *e)
{
	struct fy_node *node = yaml_lookup(map, "delimiter", NULL);
	const char *text;
	int rc;

	e->delimiter = ',';
	if (!node)
		return VMAP_OK;
	rc = yaml_read_string(y, node, "events.delimiter", &text);
	if (!rc && (strcmp(text, "\\t") == 0 || strcmp(text, "tab") == 0))
		text = "\t";
	if (!rc && (strlen(text) != 1 || strchr("\"\r\n", text[0])))
		rc = yaml_fail(y, node, "events.delimiter: expected one character such as \",\"");
	if (!rc)
		e->delimiter = text[0];
	return rc;
}

static int read_events(struct yaml_doc *y, struct events_spec *e)
{
	struct fy_node *root = yaml_root(y), *map;
	char *raw = NULL;
	int rc = yaml_expect_mapping(y, root, "dataset spec");

	if (rc)
		return rc;
	map = yaml_lookup(root, "events", NULL);
	if (!map)
		return yaml_fail(y, root, "dataset spec: no 'events' block, which journeys needs");
	rc = yaml_expect_mapping(y, map, "events");
	if (!rc)
		rc = yaml_check_keys(y, map, "events", event_keys);
	if (rc)
		return rc;
	e->line = yaml_node_mark(map).line;
	e->column = yaml_node_mark(map).column;
	mark(map, "record_id", e, 0);
	mark(map, "type", e, 2);
	mark(map, "cost", e, 3);
	rc = text_of(y, map, "path", true, &raw);
	if (!rc && !(e->path = path_beside(y->path, raw)))
		rc = diag_nomem(y->diag, "reading an events block");
	free(raw);
	if (!rc)
		rc = text_of(y, map, "record_id", true, &e->record_id);
	if (!rc)
		rc = read_date(y, map, e);
	if (!rc)
		rc = text_of(y, map, "type", false, &e->type);
	if (!rc)
		rc = text_of(y, map, "cost", false, &e->cost);
	if (!rc)
		rc = read_price_year(y, map, e);
	if (!rc)
		rc = text_of(y, map, "agency", true, &e->agency);
	return rc ? rc : read_delimiter(y, map, e);
}

int events_spec_load(struct events_spec *e, const char *spec_path, struct vmap_diag *diag)
{
	struct yaml_doc y;
	int rc;

	memset(e, 0, sizeof *e);
	rc = yaml_load(&y, spec_path, diag);
	if (!rc)
		rc = read_events(&y, e);
	yaml_release(&y);
	if (rc)
		events_spec_release(e);
	return rc;
}

void events_spec_release(struct events_spec *e)
{
	free(e->path);
	free(e->record_id);
	free(e->date);
	free(e->date_format);
	free(e->type);
	free(e->cost);
	free(e->agency);
	memset(e, 0, sizeof *e);
}
