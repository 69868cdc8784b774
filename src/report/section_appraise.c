/*
 * section_appraise.c - the value map (Sankey), each department's own lens against the whole
 * government's, and cumulative net by department over time, from appraise's files.
 */
#include "sections.h"

#include "charts.h"
#include "html.h"
#include "numfmt.h"
#include "svg.h"

#include "core/alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The payer x beneficiary matrix of matrix.csv, plus a last column "not recovered": what a
 * payer spent beyond the benefits its spending brings. */
struct value_map {
	struct agency_list list;
	double flows[AGENCIES_MAX * (AGENCIES_MAX + 1)];
	double cost[AGENCIES_MAX];
};

static void value_map_make(struct value_map *m, const struct report_data *d)
{
	const struct rtable *t = &d->appraise.matrix, *a = &d->appraise.agencies;
	size_t payer = rtable_col(t, "payer"), ben = rtable_col(t, "beneficiary");
	size_t pv = rtable_col(t, "pv"), cost = rtable_col(a, "pv_cost"), n;

	agency_list_make(&m->list, d);
	n = m->list.count;
	memset(m->flows, 0, sizeof m->flows);
	for (size_t r = 0; r < t->rows; r++) {
		size_t p = agency_list_find(&m->list, rtable_cell(t, r, payer));
		size_t b = agency_list_find(&m->list, rtable_cell(t, r, ben));
		double v = rtable_num(t, r, pv);
		if (p != SIZE_MAX && b != SIZE_MAX && isfinite(v) && v > 0)
			m->flows[p * (n + 1) + b] += v;
	}
	for (size_t p = 0; p < n; p++) {
		double back = 0;
		m->cost[p] = rtable_num(a, m->list.rows[p], cost);
		for (size_t b = 0; b < n; b++)
			back += m->flows[p * (n + 1) + b];
		m->flows[p * (n + 1) + n] = isfinite(m->cost[p]) && m->cost[p] > back
						    ? m->cost[p] - back : 0;
	}
}

static void value_map_table(struct strbuf *sb, const struct value_map *m)
{
	size_t n = m->list.count, cols = n + 2 < ROW_CELLS ? n + 2 : ROW_CELLS;
	struct row_cells row;

	html_table_open(sb, "Present value each payer's spending brings each beneficiary "
			    "(rows: who pays; columns: who benefits)");
	row_reset(&row);
	row_text(&row, "Payer");
	for (size_t b = 0; b + 2 < cols; b++)
		row_text(&row, m->list.labels[b]);
	row_text(&row, "Not recovered");
	html_table_row(sb, true, row.count, row.ptr);
	for (size_t p = 0; p < n; p++) {
		if (!(m->cost[p] > 0))
			continue;
		row_reset(&row);
		row_text(&row, m->list.labels[p]);
		for (size_t b = 0; b + 2 < cols; b++)
			row_money(&row, m->flows[p * (n + 1) + b]);
		row_money(&row, m->flows[p * (n + 1) + n]);
		html_table_row(sb, false, row.count, row.ptr);
	}
	html_table_close(sb);
}

void section_value_map(struct strbuf *sb, const struct report_data *d)
{
	struct value_map *m = alloc_array(1, sizeof *m);
	const char *left[AGENCIES_MAX], *right[AGENCIES_MAX + 1], *colors[AGENCIES_MAX + 1] = {0};
	struct sankey_chart c = {{"valuemap", "The value map: who pays and who benefits",
				  "Flows of present value from each paying department (left) to "
				  "each beneficiary (right); bands are as wide as the value they "
				  "carry. The table below gives the same figures."},
				 0, 0, left, right, colors, NULL};

	if (!m) {
		sb->failed = true;
		return;
	}
	c.flows = m->flows;
	value_map_make(m, d);
	for (size_t i = 0; i < m->list.count; i++)
		left[i] = right[i] = m->list.labels[i];
	right[m->list.count] = "Not recovered";
	colors[m->list.count] = "#bbbbbb";
	c.left = m->list.count;
	c.right = m->list.count + 1;
	html_section_open(sb, "value-map", "The value map");
	html_para(sb, "lede", "Each band follows one department's spending (left) to whoever "
		  "benefits from it (right), in present value: a department's bar on the left is "
		  "as tall as the benefits its spending brings, and spending that no benefit repays "
		  "ends in <em>Not recovered</em>.");
	strbuf_adds(sb, "<figure>");
	chart_sankey(sb, &c);
	strbuf_adds(sb, "</figure>\n");
	value_map_table(sb, m);
	html_section_close(sb);
	free(m);
}

struct lens {
	const char *labels[AGENCIES_MAX + 1];
	double values[(AGENCIES_MAX + 1) * 3];
	double payback[AGENCIES_MAX + 1];
	size_t count;
};

static void lens_make(struct lens *l, struct agency_list *list, const struct report_data *d)
{
	const struct rtable *t = &d->appraise.agencies;
	const cJSON *tot = cJSON_GetObjectItemCaseSensitive(d->appraise.summary, "totals");
	size_t cols[4] = {rtable_col(t, "pv_cost"), rtable_col(t, "pv_benefit_fiscal"),
			  rtable_col(t, "net_fiscal"), rtable_col(t, "payback_year")};

	agency_list_make(list, d);
	l->count = 0;
	for (size_t i = 0; i < list->count; i++) {
		size_t k = l->count;
		if (!list->government[i])
			continue;
		l->labels[k] = list->labels[i];
		for (int s = 0; s < 3; s++)
			l->values[k * 3 + (size_t)s] = rtable_num(t, list->rows[i], cols[s]);
		l->payback[k] = rtable_num(t, list->rows[i], cols[3]);
		l->count++;
	}
	l->labels[l->count] = "Whole government";
	l->values[l->count * 3] = json_num(tot, "pv_cost");
	l->values[l->count * 3 + 1] = json_num(tot, "pv_benefit_fiscal");
	l->values[l->count * 3 + 2] = json_num(tot, "net_fiscal");
	l->payback[l->count] = json_num(tot, "payback_year");
	l->count++;
}

static void lens_table(struct strbuf *sb, const struct lens *l, const cJSON *summary)
{
	double base = json_num(cJSON_GetObjectItemCaseSensitive(summary, "appraisal"), "base_year");
	static const char *const head[] = {"Department", "Pays", "Receives (fiscal)",
					   "Net to its own budget", "Pays back in"};
	struct row_cells row;

	html_table_open(sb, "Each department's own lens and the whole government's (present "
			    "values)");
	html_table_row(sb, true, 5, head);
	for (size_t k = 0; k < l->count; k++) {
		row_reset(&row);
		row_text(&row, l->labels[k]);
		for (int s = 0; s < 3; s++)
			row_money(&row, l->values[k * 3 + (size_t)s]);
		if (isfinite(l->payback[k]) && isfinite(base))
			row_fixed(&row, base + l->payback[k], 0);
		else if (!(l->values[k * 3] > 0))
			row_text(&row, "pays nothing");
		else
			row_text(&row, "not within the horizon");
		html_table_row(sb, false, row.count, row.ptr);
	}
	html_table_close(sb);
}

void section_lenses(struct strbuf *sb, const struct report_data *d)
{
	static const char *const series[] = {"Pays", "Receives", "Net"};
	struct lens *l = alloc_array(1, sizeof *l);
	struct agency_list list;
	struct bar_chart c = {{"lenses", "Each department's lens against the whole government's",
			       "For each department and for government as a whole: what it pays, "
			       "the fiscal benefits it receives, and the net to its budget, in "
			       "present value."},
			      0, 3, NULL, series, NULL, true};

	if (!l) {
		sb->failed = true;
		return;
	}
	lens_make(l, &list, d);
	c.cat_labels = l->labels;
	c.values = l->values;
	c.cats = l->count;
	html_section_open(sb, "lenses", "Each department's lens and the whole picture");
	html_para(sb, "lede", "A department that looks only at its own budget sees what it pays "
		  "and what comes back to it. Government as a whole sees every department's "
		  "savings together.");
	strbuf_adds(sb, "<figure>");
	chart_bars(sb, &c);
	strbuf_adds(sb, "</figure>\n");
	lens_table(sb, l, d->appraise.summary);
	html_section_close(sb);
	free(l);
}
