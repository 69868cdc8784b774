/*
 * chart_rows.c - charts made of labelled horizontal rows on one value axis: grouped bars, the
 * tornado and intervals. They share the layout: labels on the left, the axis along the bottom,
 * a legend on top.
 */
#include "charts.h"

#include "numfmt.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { WIDTH = 720, LABEL_W = 200, RIGHT_PAD = 20, TOP = 34, AXIS_H = 28, MAX_TICKS = 7 };

struct rows_frame {
	struct scale x;
	double top, bottom;
};

static void widen(double *lo, double *hi, double v)
{
	if (!isfinite(v))
		return;
	if (v < *lo)
		*lo = v;
	if (v > *hi)
		*hi = v;
}

/* A label cut to fit the label column, with an ellipsis. */
static void fit_label(char *out, size_t size, const char *label, size_t max_chars)
{
	size_t n = strlen(label), cut = 0, chars = 0;

	while (cut < n && chars < max_chars) {
		cut++;
		while (cut < n && ((unsigned char)label[cut] & 0xC0) == 0x80)
			cut++;
		chars++;
	}
	if (cut >= n)
		snprintf(out, size, "%s", label);
	else
		snprintf(out, size, "%.*s\xe2\x80\xa6", (int)cut, label);
}

/* Sets up the value axis over [lo, hi] (with 0) and draws gridlines and tick labels. */
static void frame_open(struct strbuf *sb, struct rows_frame *f, double lo, double hi,
		       double height, bool money)
{
	double ticks[MAX_TICKS + 2];
	size_t n;
	char label[48];

	n = nice_ticks(&lo, &hi, ticks, MAX_TICKS);
	f->x = (struct scale){lo, hi, LABEL_W + 10, WIDTH - RIGHT_PAD};
	f->top = TOP;
	f->bottom = height - AXIS_H;
	for (size_t i = 0; i < n; i++) {
		double x = scale_at(&f->x, ticks[i]);
		svg_line(sb, x, f->top - 4, x, f->bottom, ticks[i] == 0 ? SVG_INK : SVG_GRID,
			 ticks[i] == 0 ? 1.2 : 0.6, false);
		axis_label(label, sizeof label, ticks[i], money);
		svg_text(sb, x, f->bottom + 16, "middle", "tick", label);
	}
}

static void row_label(struct strbuf *sb, double y, const char *label)
{
	char fitted[160];

	fit_label(fitted, sizeof fitted, label, 30);
	svg_text(sb, LABEL_W, y + 4, "end", "label", fitted);
}

static void value_tip(char *out, size_t size, const char *row, const char *what, double v,
		      bool money)
{
	char value[48];

	if (money)
		fmt_money_full(value, sizeof value, v);
	else
		fmt_fixed(value, sizeof value, v, 2);
	snprintf(out, size, "%s, %s: %s", row, what, value);
}

/* The bar's figure just beyond its end, outside the bar, in the chart's small type. */
static void bar_value(struct strbuf *sb, const struct rows_frame *f, double v, double y,
		      bool money)
{
	char text[48];
	double x = scale_at(&f->x, v);

	if (money)
		fmt_money(text, sizeof text, v);
	else
		snprintf(text, sizeof text, "%.0f", v);
	svg_text(sb, v < 0 ? x - 3 : x + 3, y + 9, v < 0 ? "end" : "start", "tick", text);
}

void chart_bars(struct strbuf *sb, const struct bar_chart *c)
{
	double group = (double)c->series * 13 + 12, lo = 0, hi = 0;
	double height = TOP + group * (double)c->cats + AXIS_H + 6;
	struct rows_frame f;
	char tip[512];

	for (size_t i = 0; i < c->cats * c->series; i++)
		widen(&lo, &hi, c->values[i]); /* lo and hi start at 0: bars start at 0 */
	lo -= (hi - lo) * (lo < 0 ? 0.12 : 0); /* room for the figures beyond the bars */
	hi += (hi - lo) * (hi > 0 ? 0.12 : 0);
	svg_open(sb, c->text.id, WIDTH, height, c->text.title, c->text.desc);
	svg_legend(sb, LABEL_W + 10, 16, c->series, c->series_labels, NULL);
	frame_open(sb, &f, lo, hi, height, c->money);
	for (size_t k = 0; k < c->cats; k++) {
		double y = f.top + group * (double)k + 4;
		row_label(sb, y + group / 2 - 8, c->cat_labels[k]);
		for (size_t s = 0; s < c->series; s++) {
			double v = c->values[k * c->series + s];
			if (!isfinite(v))
				continue;
			value_tip(tip, sizeof tip, c->cat_labels[k], c->series_labels[s], v, c->money);
			svg_rect(sb, scale_at(&f.x, 0), y + 13 * (double)s,
				 scale_at(&f.x, v) - scale_at(&f.x, 0), 11, svg_color(s), tip);
			bar_value(sb, &f, v, y + 13 * (double)s, c->money);
		}
	}
	svg_close(sb);
}

void chart_tornado(struct strbuf *sb, const struct tornado_chart *c)
{
	double lo = c->base, hi = c->base, height = TOP + 22 * (double)c->rows + AXIS_H + 6;
	double pad;
	const char *legend[2] = {c->low_label, c->high_label};
	struct rows_frame f;
	char tip[512];

	for (size_t i = 0; i < c->rows; i++) {
		widen(&lo, &hi, c->low[i]);
		widen(&lo, &hi, c->high[i]);
	}
	pad = (hi - lo) * 0.05; /* around the base, not from 0: swings are small beside it */
	svg_open(sb, c->text.id, WIDTH, height, c->text.title, c->text.desc);
	svg_legend(sb, LABEL_W + 10, 16, 2, legend, NULL);
	lo -= pad;
	hi += pad;
	frame_open(sb, &f, lo, hi, height, c->money);
	for (size_t i = 0; i < c->rows; i++) {
		double y = f.top + 22 * (double)i + 4, base = scale_at(&f.x, c->base);
		row_label(sb, y + 7, c->labels[i]);
		value_tip(tip, sizeof tip, c->labels[i], c->low_label, c->low[i], c->money);
		if (isfinite(c->low[i]))
			svg_rect(sb, base, y, scale_at(&f.x, c->low[i]) - base, 16, svg_color(0), tip);
		value_tip(tip, sizeof tip, c->labels[i], c->high_label, c->high[i], c->money);
		if (isfinite(c->high[i]))
			svg_rect(sb, base, y, scale_at(&f.x, c->high[i]) - base, 16, svg_color(1),
				 tip);
	}
	svg_line(sb, scale_at(&f.x, c->base), f.top - 4, scale_at(&f.x, c->base), f.bottom,
		 SVG_INK, 1.5, true);
	svg_close(sb);
}

static void interval_row(struct strbuf *sb, const struct interval_chart *c,
			 const struct rows_frame *f, size_t i, double y)
{
	char tip[512];

	row_label(sb, y, c->labels[i]);
	if (c->lo && c->hi && isfinite(c->lo[i]) && isfinite(c->hi[i]))
		svg_line(sb, scale_at(&f->x, c->lo[i]), y, scale_at(&f->x, c->hi[i]), y,
			 svg_color(0), 2, false);
	if (c->other && isfinite(c->other[i])) {
		value_tip(tip, sizeof tip, c->labels[i], c->other_label, c->other[i], c->money);
		svg_rect(sb, scale_at(&f->x, c->other[i]) - 4, y - 4, 8, 8, svg_color(1), tip);
	}
	if (isfinite(c->estimate[i])) {
		value_tip(tip, sizeof tip, c->labels[i], c->estimate_label, c->estimate[i],
			  c->money);
		svg_circle(sb, scale_at(&f->x, c->estimate[i]), y, 5, svg_color(0), tip);
	}
}

void chart_intervals(struct strbuf *sb, const struct interval_chart *c)
{
	double lo = 0, hi = 0, height = TOP + 20 * (double)c->rows + AXIS_H + 8;
	const char *legend[2] = {c->estimate_label, c->other_label};
	struct rows_frame f;

	for (size_t i = 0; i < c->rows; i++) {
		widen(&lo, &hi, c->estimate[i]);
		if (c->lo)
			widen(&lo, &hi, c->lo[i]);
		if (c->hi)
			widen(&lo, &hi, c->hi[i]);
		if (c->other)
			widen(&lo, &hi, c->other[i]);
	}
	if (c->guide > 0) {
		widen(&lo, &hi, -c->guide);
		widen(&lo, &hi, c->guide);
	}
	svg_open(sb, c->text.id, WIDTH, height, c->text.title, c->text.desc);
	svg_legend(sb, LABEL_W + 10, 16, c->other ? 2 : 1, legend, NULL);
	frame_open(sb, &f, lo, hi, height, c->money);
	for (int side = -1; c->guide > 0 && side <= 1; side += 2)
		svg_line(sb, scale_at(&f.x, side * c->guide), f.top - 4,
			 scale_at(&f.x, side * c->guide), f.bottom, SVG_MUTED, 1, true);
	for (size_t i = 0; i < c->rows; i++)
		interval_row(sb, c, &f, i, f.top + 20 * (double)i + 10);
	svg_close(sb);
}
