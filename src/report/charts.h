/*
 * charts.h - the report's charts, drawn with the SVG writer: grouped bars, a tornado, intervals
 * (estimate with its interval against another estimate), lines over time, a histogram and a
 * Sankey diagram of flows from payers to beneficiaries.
 *
 * Each chart takes its figures in a plain struct the caller fills and owns; NaN figures are
 * skipped. Every chart carries a title and a text alternative (`desc`); the page puts a table
 * of the same figures beside it. `money` formats the axis in pounds.
 */
#ifndef VMAP_REPORT_CHARTS_H
#define VMAP_REPORT_CHARTS_H

#include "core/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

struct chart_text {
	const char *id, *title, *desc;
};

/* Horizontal grouped bars: `cats` rows of `series` bars; values[cat * series + s]. */
struct bar_chart {
	struct chart_text text;
	size_t cats, series;
	const char *const *cat_labels, *const *series_labels;
	const double *values;
	bool money;
};
void chart_bars(struct strbuf *sb, const struct bar_chart *c);

/* One-way sensitivity: a bar from `base` to low[i] and to high[i] for each row, widest first
 * as given. */
struct tornado_chart {
	struct chart_text text;
	size_t rows;
	const char *const *labels;
	const double *low, *high;
	double base;
	const char *low_label, *high_label;
	bool money;
};
void chart_tornado(struct strbuf *sb, const struct tornado_chart *c);

/* Per row: `estimate` with the interval [lo, hi] (NULL arrays: no interval) and a second
 * marker `other` (NULL: none); reference lines at 0 and at +-guide when guide > 0. */
struct interval_chart {
	struct chart_text text;
	size_t rows;
	const char *const *labels;
	const double *estimate, *lo, *hi, *other;
	const char *estimate_label, *other_label;
	double guide;
	bool money;
};
void chart_intervals(struct strbuf *sb, const struct interval_chart *c);

/* Lines over x: ys[s * points + p]; marks[s] is an x at which series s gets a ringed marker
 * (NaN: none), with `mark_label` in the legend; dashed[s] draws series s dashed (NULL: none). */
struct line_chart {
	struct chart_text text;
	size_t series, points;
	const double *xs, *ys, *marks;
	const bool *dashed;
	const char *const *series_labels;
	const char *const *colors; /* NULL: the palette; a NULL entry: the palette's colour */
	const char *x_label, *mark_label;
	bool money;
};
void chart_lines(struct strbuf *sb, const struct line_chart *c);

/* A histogram of pre-counted bins: edges[bins + 1], counts[bins]; bins below `split` are drawn
 * in the second colour (losses), a line marks `split` when it lies inside (NaN: no split). */
struct histogram_chart {
	struct chart_text text;
	size_t bins;
	const double *edges, *counts;
	double split;
	const char *split_label, *x_label;
	double width, height;
	bool money;
};
void chart_histogram(struct strbuf *sb, const struct histogram_chart *c);

/* Counts `n` values (every `stride`-th double from `values`; NaN skipped) into `bins` equal
 * bins over their range: edges[bins + 1], counts[bins]. */
void histogram_count(const double *values, size_t n, size_t stride, size_t bins, double *edges,
		     double *counts);

/* Flows from `left` nodes to `right` nodes: flows[l * right + r] >= 0; a right node whose
 * colour is given in right_colors (non-NULL entry) is drawn in it, others in the payer's. */
struct sankey_chart {
	struct chart_text text;
	size_t left, right;
	const char *const *left_labels, *const *right_labels;
	const char *const *right_colors;
	const double *flows;
};
void chart_sankey(struct strbuf *sb, const struct sankey_chart *c);

#endif
