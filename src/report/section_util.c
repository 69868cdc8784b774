/*
 * section_util.c - what every section shares: the agency list and rows of table cells.
 */
#include "sections.h"

#include "numfmt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void agency_list_make(struct agency_list *list, const struct report_data *d)
{
	const struct rtable *t = &d->appraise.agencies;
	size_t id = rtable_col(t, "id"), gov = rtable_col(t, "government");

	memset(list, 0, sizeof *list);
	if (!d->found[STAGE_APPRAISE])
		return;
	for (size_t r = 0; r < t->rows && list->count < AGENCIES_MAX; r++) {
		size_t i = list->count++;
		list->ids[i] = rtable_cell(t, r, id);
		list->government[i] = strcmp(rtable_cell(t, r, gov), "false") != 0;
		list->rows[i] = r;
		agency_label(list->labels[i], sizeof list->labels[i], d, list->ids[i]);
	}
}

size_t agency_list_find(const struct agency_list *list, const char *id)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->ids[i], id) == 0)
			return i;
	return SIZE_MAX;
}

void row_reset(struct row_cells *row)
{
	row->count = 0;
}

static char *next_cell(struct row_cells *row)
{
	size_t i = row->count < ROW_CELLS ? row->count++ : ROW_CELLS - 1;

	row->ptr[i] = row->text[i];
	return row->text[i];
}

void row_text(struct row_cells *row, const char *text)
{
	snprintf(next_cell(row), sizeof row->text[0], "%s", text ? text : "");
}

void row_money(struct row_cells *row, double pounds)
{
	fmt_money_full(next_cell(row), sizeof row->text[0], pounds);
}

void row_fixed(struct row_cells *row, double value, int decimals)
{
	fmt_fixed(next_cell(row), sizeof row->text[0], value, decimals);
}

void row_significant(struct row_cells *row, double value)
{
	char *out = next_cell(row);

	if (isfinite(value))
		snprintf(out, sizeof row->text[0], "%.4g", value);
	else
		snprintf(out, sizeof row->text[0], "n/a");
}

void row_percent(struct row_cells *row, double share)
{
	fmt_percent(next_cell(row), sizeof row->text[0], share);
}

static const char *name_in(const cJSON *root, const char *id)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root, "agencies")) {
		const char *this_id = json_str(item, "id");
		if (this_id && strcmp(this_id, id) == 0)
			return json_str(item, "name");
	}
	return NULL;
}

const char *agency_name(const struct report_data *d, const char *id)
{
	const char *name = name_in(d->appraise.summary, id);

	if (!name)
		name = name_in(d->pool.pool, id);
	return name ? name : id;
}

static bool is_short_code(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > 5)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z') ||
		      (id[i] >= '0' && id[i] <= '9')))
			return false;
	return true;
}

void agency_label(char *out, size_t size, const struct report_data *d, const char *id)
{
	const char *name = agency_name(d, id);
	size_t n = 0;

	if (is_short_code(id) || strlen(name) > 40) {
		for (; id[n] && n + 1 < size; n++)
			out[n] = (id[n] >= 'a' && id[n] <= 'z') ? (char)(id[n] - 'a' + 'A') : id[n];
		if (size)
			out[n] = '\0';
		if (!is_short_code(id))
			snprintf(out, size, "%s", id);
		return;
	}
	snprintf(out, size, "%s", name);
}
