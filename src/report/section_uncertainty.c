/*
 * section_uncertainty.c - how sure the results are, from appraise's Monte Carlo files: the
 * spread of NPSV and of each department's net (draws.csv), each department's chance of gaining
 * (summary.json), and the tornado of one-way swings with switching values (sensitivity.csv).
 */
#include "sections.h"

#include "charts.h"
#include "html.h"
#include "numfmt.h"

#include "core/alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BINS = 40, SMALL_BINS = 24, TORNADO_ROWS = 12 };

static void draw_histogram(struct strbuf *sb, const struct rtable *draws, size_t col,
			   const struct chart_text *text, size_t bins, double w, double h)
{
	double edges[BINS + 1], counts[BINS];
	struct histogram_chart c = {*text, bins, edges, counts, 0, "break-even", NULL, w, h,
				    true};

	histogram_count(draws->nums + col, draws->rows, draws->cols, bins, edges, counts);
	chart_histogram(sb, &c);
}

static void npsv_spread(struct strbuf *sb, const struct report_data *d, const cJSON *u)
{
	const cJSON *npsv = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(u, "totals"), "npsv");
	const struct rtable *draws = &d->appraise.draws;
	struct chart_text text = {"npsv-spread", "Spread of the net present social value",
				  "A histogram of the net present social value over the Monte "
				  "Carlo draws; bars left of break-even are draws where costs "
				  "exceed benefits."};
	char chance[16], p05[48], p95[48], mean[48];

	fmt_percent(chance, sizeof chance, json_num(npsv, "prob_positive"));
	fmt_money(p05, sizeof p05, json_num(npsv, "p05"));
	fmt_money(p95, sizeof p95, json_num(npsv, "p95"));
	fmt_money(mean, sizeof mean, json_num(npsv, "mean"));
	html_para(sb, "lede", "Many inputs are estimates, so the appraisal was run %.0f times "
		  "with each estimate drawn from its range. Society comes out ahead in "
		  "<strong>%s</strong> of the runs; on average by %s, and in nine runs out of ten "
		  "between %s and %s.", json_num(u, "draws"), chance, mean, p05, p95);
	strbuf_adds(sb, "<figure>");
	draw_histogram(sb, draws, rtable_col(draws, "npsv"), &text, BINS, 720, 260);
	strbuf_adds(sb, "</figure>\n");
}

/* Small histograms of each department's net, from draws.csv's net_fiscal.<agency> columns. */
static void agency_spreads(struct strbuf *sb, const struct report_data *d,
			   const struct agency_list *list)
{
	const struct rtable *draws = &d->appraise.draws;
	char column[160], id[64], title[200];

	strbuf_adds(sb, "<h3>Each department's net, run by run</h3>\n<div class=\"grid2\">\n");
	for (size_t i = 0; i < list->count; i++) {
		size_t col;
		snprintf(column, sizeof column, "net_fiscal.%s", list->ids[i]);
		col = rtable_col(draws, column);
		if (col == SIZE_MAX || !list->government[i])
			continue;
		snprintf(id, sizeof id, "net-spread-%zu", i);
		snprintf(title, sizeof title, "%s: net to its budget", list->labels[i]);
		strbuf_adds(sb, "<figure><figcaption>");
		html_escape(sb, title);
		strbuf_adds(sb, "</figcaption>");
		draw_histogram(sb, draws, col,
			       &(struct chart_text){id, title,
						    "A histogram of the department's net fiscal "
						    "result over the draws; its figures are in the "
						    "table below."},
			       SMALL_BINS, 340, 180);
		strbuf_adds(sb, "</figure>\n");
	}
	strbuf_adds(sb, "</div>\n");
}

static const cJSON *agency_stats(const cJSON *u, const char *id)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(u, "agencies")) {
		const char *this_id = json_str(item, "id");
		if (this_id && strcmp(this_id, id) == 0)
			return cJSON_GetObjectItemCaseSensitive(item, "net_fiscal");
	}
	return NULL;
}

static void chances_table(struct strbuf *sb, const struct agency_list *list, const cJSON *u,
			  const double *chance, const size_t *index, size_t rows)
{
	static const char *const head[] = {"Department", "Mean net", "5th percentile",
					   "95th percentile", "Chance of gaining"};
	struct row_cells row;

	html_table_open(sb, "Each department's net to its budget over the draws");
	html_table_row(sb, true, 5, head);
	for (size_t k = 0; k < rows; k++) {
		const cJSON *s = agency_stats(u, list->ids[index[k]]);
		row_reset(&row);
		row_text(&row, list->labels[index[k]]);
		row_money(&row, json_num(s, "mean"));
		row_money(&row, json_num(s, "p05"));
		row_money(&row, json_num(s, "p95"));
		row_percent(&row, chance[k] / 100);
		html_table_row(sb, false, row.count, row.ptr);
	}
	html_table_close(sb);
}

static void chances(struct strbuf *sb, const struct agency_list *list, const cJSON *u)
{
	static const char *const series[] = {"Chance of gaining (%)"};
	const char *labels[AGENCIES_MAX];
	double chance[AGENCIES_MAX];
	size_t index[AGENCIES_MAX], rows = 0;
	struct bar_chart c = {{"chances", "Each department's chance of gaining",
			       "For each department, the share of draws in which its budget comes "
			       "out ahead, in per cent."},
			      0, 1, labels, series, chance, false};

	for (size_t i = 0; i < list->count; i++) {
		const cJSON *s = agency_stats(u, list->ids[i]);
		if (!s || !list->government[i])
			continue;
		labels[rows] = list->labels[i];
		index[rows] = i;
		chance[rows++] = 100 * json_num(s, "prob_positive");
	}
	c.cats = rows;
	strbuf_adds(sb, "<h3>Each department's chance of gaining</h3>\n<figure>");
	chart_bars(sb, &c);
	strbuf_adds(sb, "</figure>\n");
	chances_table(sb, list, u, chance, index, rows);
}

void section_uncertainty(struct strbuf *sb, const struct report_data *d)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(d->appraise.summary, "uncertainty");
	struct agency_list list;

	agency_list_make(&list, d);
	html_section_open(sb, "uncertainty", "How sure we are");
	npsv_spread(sb, d, u);
	agency_spreads(sb, d, &list);
	chances(sb, &list, u);
	section_sensitivity(sb, d);
	html_section_close(sb);
}
