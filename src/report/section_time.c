/*
 * section_time.c - cumulative net by department over time, from flows.csv: each department's
 * discounted fiscal benefits less its costs, added up year by year, with its payback year
 * (from agencies.csv) marked on its line.
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

enum { YEARS_MAX = 200, LINES_MAX = 9 };

struct over_time {
	size_t years, series;
	double xs[YEARS_MAX];
	double ys[LINES_MAX * YEARS_MAX];
	double marks[LINES_MAX];
	bool dashed[LINES_MAX];
	const char *labels[LINES_MAX];
	const char *colors[LINES_MAX];
	size_t agency_of[LINES_MAX]; /* index in the agency list; SIZE_MAX for the total */
};

static size_t horizon_of(const struct report_data *d)
{
	const struct rtable *f = &d->appraise.flows;
	double h = json_num(cJSON_GetObjectItemCaseSensitive(d->appraise.summary, "appraisal"),
			    "horizon");
	size_t year = rtable_col(f, "year");

	if (!isfinite(h)) {
		h = 0;
		for (size_t r = 0; r < f->rows; r++)
			h = fmax(h, rtable_num(f, r, year) + 1);
	}
	return h < 1 ? 1 : h > YEARS_MAX ? YEARS_MAX : (size_t)h;
}

/* Adds each flow's signed pv to its agency's year, then to the total line. */
static void add_flows(struct over_time *o, const struct agency_list *list,
		      const struct report_data *d)
{
	const struct rtable *f = &d->appraise.flows;
	size_t year = rtable_col(f, "year"), agency = rtable_col(f, "agency");
	size_t kind = rtable_col(f, "kind"), pv = rtable_col(f, "pv");
	size_t total = o->series - 1;

	for (size_t r = 0; r < f->rows; r++) {
		const char *k = rtable_cell(f, r, kind);
		double t = rtable_num(f, r, year), v = rtable_num(f, r, pv);
		size_t a = agency_list_find(list, rtable_cell(f, r, agency)), s;
		bool cost = strcmp(k, "cost") == 0;
		if (!cost && strcmp(k, "fiscal") != 0)
			continue;
		if (!isfinite(t) || t < 0 || t >= (double)o->years || !isfinite(v))
			continue;
		for (s = 0; s < total && o->agency_of[s] != a; s++)
			;
		if (s < total)
			o->ys[s * o->years + (size_t)t] += cost ? -v : v;
		o->ys[total * o->years + (size_t)t] += cost ? -v : v;
	}
	for (size_t s = 0; s < o->series; s++)
		for (size_t t = 1; t < o->years; t++)
			o->ys[s * o->years + t] += o->ys[s * o->years + t - 1];
}

/* One line per government agency that pays or gains (at most LINES_MAX - 1), then the total. */
static void over_time_make(struct over_time *o, struct agency_list *list,
			   const struct report_data *d)
{
	const struct rtable *a = &d->appraise.agencies;
	const cJSON *appraisal = cJSON_GetObjectItemCaseSensitive(d->appraise.summary, "appraisal");
	const cJSON *totals = cJSON_GetObjectItemCaseSensitive(d->appraise.summary, "totals");
	double base = json_num(appraisal, "base_year");
	size_t payback = rtable_col(a, "payback_year");

	agency_list_make(list, d);
	o->years = horizon_of(d);
	o->series = 0;
	for (size_t i = 0; i < list->count && o->series < LINES_MAX - 1; i++) {
		if (!list->government[i])
			continue;
		o->agency_of[o->series] = i;
		o->labels[o->series] = list->labels[i];
		o->marks[o->series++] = rtable_num(a, list->rows[i], payback);
	}
	o->agency_of[o->series] = SIZE_MAX;
	o->labels[o->series] = "Whole government";
	o->dashed[o->series] = true;
	o->colors[o->series] = SVG_INK;
	o->marks[o->series++] = json_num(totals, "payback_year");
	if (!isfinite(base))
		base = 0;
	for (size_t t = 0; t < o->years; t++)
		o->xs[t] = base + (double)t;
	for (size_t s = 0; s < o->series; s++)
		o->marks[s] += base;
	add_flows(o, list, d);
}

static void over_time_table(struct strbuf *sb, const struct over_time *o)
{
	size_t cols = o->series + 1 < ROW_CELLS ? o->series + 1 : ROW_CELLS;
	struct row_cells row;

	html_table_open(sb, "Cumulative net to each budget by year (present values)");
	row_reset(&row);
	row_text(&row, "Year");
	for (size_t s = 0; s + 1 < cols; s++)
		row_text(&row, o->labels[s]);
	html_table_row(sb, true, row.count, row.ptr);
	for (size_t t = 0; t < o->years; t++) {
		row_reset(&row);
		row_fixed(&row, o->xs[t], 0);
		for (size_t s = 0; s + 1 < cols; s++)
			row_money(&row, o->ys[s * o->years + t]);
		html_table_row(sb, false, row.count, row.ptr);
	}
	html_table_close(sb);
}

void section_over_time(struct strbuf *sb, const struct report_data *d)
{
	struct over_time *o = alloc_array(1, sizeof *o);
	struct agency_list list;
	struct line_chart c = {{"over-time", "Cumulative net by department over time",
				"Each department's cumulative discounted fiscal benefits less its "
				"costs, year by year; a ringed dot marks the year it pays back. "
				"Government as a whole is the dashed line."},
			       0, 0, NULL, NULL, NULL, NULL, NULL, NULL, "year", "pays back in", true};

	if (!o) {
		sb->failed = true;
		return;
	}
	over_time_make(o, &list, d);
	c.series = o->series;
	c.points = o->years;
	c.xs = o->xs;
	c.ys = o->ys;
	c.marks = o->marks;
	c.dashed = o->dashed;
	c.series_labels = o->labels;
	c.colors = o->colors;
	html_section_open(sb, "over-time", "Who is ahead, year by year");
	html_para(sb, "lede", "Costs usually come first and savings later. Each line adds up "
		  "one department's savings less its spending over the years; where a line "
		  "crosses zero, that budget has paid back (ringed).");
	strbuf_adds(sb, "<figure>");
	chart_lines(sb, &c);
	strbuf_adds(sb, "</figure>\n");
	over_time_table(sb, o);
	html_section_close(sb);
	free(o);
}
