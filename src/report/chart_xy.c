/*
 * chart_xy.c - charts on two numeric axes: lines over time and histograms.
 */
#include "charts.h"

#include "numfmt.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>

enum { MAX_TICKS = 6 };

struct xy_frame {
	struct scale x, y;
};

/* Gridlines and tick labels of the y axis (left) and x axis (bottom). */
static void draw_axes(struct strbuf *sb, const struct xy_frame *f, const double *yt, size_t ny,
		      const double *xt, size_t nx, bool money_y, bool money_x)
{
	char label[48];

	for (size_t i = 0; i < ny; i++) {
		double y = scale_at(&f->y, yt[i]);
		svg_line(sb, f->x.r0, y, f->x.r1, y, yt[i] == 0 ? SVG_INK : SVG_GRID,
			 yt[i] == 0 ? 1.2 : 0.6, false);
		axis_label(label, sizeof label, yt[i], money_y);
		svg_text(sb, f->x.r0 - 6, y + 4, "end", "tick", label);
	}
	for (size_t i = 0; i < nx; i++) {
		double x = scale_at(&f->x, xt[i]);
		axis_label(label, sizeof label, xt[i], money_x);
		svg_line(sb, x, f->y.r0, x, f->y.r0 + 4, SVG_INK, 1, false);
		svg_text(sb, x, f->y.r0 + 17, "middle", "tick", label);
	}
}

static void line_range(const struct line_chart *c, double *x0, double *x1, double *y0,
		       double *y1)
{
	*x0 = c->xs[0];
	*x1 = c->xs[c->points - 1];
	*y0 = 0;
	*y1 = 0;
	for (size_t i = 0; i < c->series * c->points; i++) {
		if (!isfinite(c->ys[i]))
			continue;
		*y0 = fmin(*y0, c->ys[i]);
		*y1 = fmax(*y1, c->ys[i]);
	}
}

/* The series' value at x (its point with that x), NaN when it has none. */
static double value_at(const struct line_chart *c, size_t s, double x)
{
	for (size_t p = 0; p < c->points; p++)
		if (c->xs[p] == x)
			return c->ys[s * c->points + p];
	return NAN;
}

static const char *series_color(const struct line_chart *c, size_t s)
{
	return c->colors && c->colors[s] ? c->colors[s] : svg_color(s);
}

static void draw_series(struct strbuf *sb, const struct line_chart *c, const struct xy_frame *f,
			size_t s, double *px, double *py)
{
	size_t n = 0;
	char tip[256], value[48];

	for (size_t p = 0; p < c->points; p++) {
		double v = c->ys[s * c->points + p];
		if (!isfinite(v))
			continue;
		px[n] = scale_at(&f->x, c->xs[p]);
		py[n++] = scale_at(&f->y, v);
	}
	svg_polyline(sb, px, py, n, series_color(c, s), 2.2, c->dashed && c->dashed[s]);
	if (c->marks && isfinite(c->marks[s]) && isfinite(value_at(c, s, c->marks[s]))) {
		double x = scale_at(&f->x, c->marks[s]);
		double y = scale_at(&f->y, value_at(c, s, c->marks[s]));
		fmt_fixed(value, sizeof value, c->marks[s], 0);
		snprintf(tip, sizeof tip, "%s: %s %s", c->series_labels[s], c->mark_label, value);
		svg_circle(sb, x, y, 7, "#ffffff", NULL);
		svg_circle(sb, x, y, 4.5, series_color(c, s), tip);
	}
}

void chart_lines(struct strbuf *sb, const struct line_chart *c)
{
	double x0, x1, y0, y1, yt[MAX_TICKS + 2], xt[64], px[512], py[512];
	const char *colors[16];
	size_t ny, nx = 0;
	struct xy_frame f;

	if (!c->points || c->points > 512)
		return;
	line_range(c, &x0, &x1, &y0, &y1);
	ny = nice_ticks(&y0, &y1, yt, MAX_TICKS);
	f.x = (struct scale){x0, x1, 80, 700};
	f.y = (struct scale){y0, y1, 290, 40};
	for (size_t p = 0; p < c->points && nx < 64; p += 1 + c->points / 12)
		xt[nx++] = c->xs[p];
	svg_open(sb, c->text.id, 720, 330, c->text.title, c->text.desc);
	for (size_t s = 0; s < c->series && s < 16; s++)
		colors[s] = series_color(c, s);
	svg_legend(sb, 80, 16, c->series < 16 ? c->series : 16, c->series_labels, colors);
	draw_axes(sb, &f, yt, ny, xt, nx, c->money, false);
	if (c->x_label)
		svg_text(sb, 390, 326, "middle", "tick", c->x_label);
	for (size_t s = 0; s < c->series; s++)
		draw_series(sb, c, &f, s, px, py);
	svg_close(sb);
}

void histogram_count(const double *values, size_t n, size_t stride, size_t bins, double *edges,
		     double *counts)
{
	double lo = INFINITY, hi = -INFINITY;

	for (size_t i = 0; i < n; i++) {
		double v = values[i * stride];
		if (isfinite(v)) {
			lo = fmin(lo, v);
			hi = fmax(hi, v);
		}
	}
	if (!isfinite(lo)) {
		lo = 0;
		hi = 1;
	}
	if (hi <= lo) {
		double pad = lo == 0 ? 1 : fabs(lo) * 0.01;
		lo -= pad;
		hi += pad;
	}
	for (size_t b = 0; b <= bins; b++)
		edges[b] = lo + (hi - lo) * (double)b / (double)bins;
	for (size_t b = 0; b < bins; b++)
		counts[b] = 0;
	for (size_t i = 0; i < n; i++) {
		double v = values[i * stride];
		size_t b;
		if (!isfinite(v))
			continue;
		b = (size_t)((v - lo) / (hi - lo) * (double)bins);
		counts[b < bins ? b : bins - 1]++;
	}
}

static void histogram_bar(struct strbuf *sb, const struct histogram_chart *c,
			  const struct xy_frame *f, size_t b)
{
	char tip[160], a[48], z[48];
	bool loss = isfinite(c->split) && c->edges[b + 1] <= c->split;

	axis_label(a, sizeof a, c->edges[b], c->money);
	axis_label(z, sizeof z, c->edges[b + 1], c->money);
	snprintf(tip, sizeof tip, "%s to %s: %.0f", a, z, c->counts[b]);
	svg_rect(sb, scale_at(&f->x, c->edges[b]) + 0.5, scale_at(&f->y, c->counts[b]),
		 scale_at(&f->x, c->edges[b + 1]) - scale_at(&f->x, c->edges[b]) - 1,
		 scale_at(&f->y, 0) - scale_at(&f->y, c->counts[b]), svg_color(loss ? 3 : 0), tip);
}

void chart_histogram(struct strbuf *sb, const struct histogram_chart *c)
{
	double top = 0, y0 = 0, x0 = c->edges[0], x1 = c->edges[c->bins];
	double yt[MAX_TICKS + 2], xt[MAX_TICKS + 2], w = c->width, h = c->height;
	size_t ny, nx;
	struct xy_frame f;

	for (size_t b = 0; b < c->bins; b++)
		top = fmax(top, c->counts[b]);
	ny = nice_ticks(&y0, &top, yt, 4);
	nx = nice_ticks(&x0, &x1, xt, w < 400 ? 4 : MAX_TICKS);
	f.x = (struct scale){x0, x1, 60, w - 30};
	f.y = (struct scale){0, top, h - 30, 14};
	svg_open(sb, c->text.id, w, h, c->text.title, c->text.desc);
	draw_axes(sb, &f, yt, ny, xt, nx, false, c->money);
	for (size_t b = 0; b < c->bins; b++)
		histogram_bar(sb, c, &f, b);
	if (isfinite(c->split) && c->split > x0 && c->split < x1) {
		double x = scale_at(&f.x, c->split);
		svg_line(sb, x, 10, x, h - 30, SVG_INK, 1.5, true);
		if (c->split_label)
			svg_text(sb, x + 4, 22, "start", "tick", c->split_label);
	}
	if (c->x_label)
		svg_text(sb, (f.x.r0 + f.x.r1) / 2, h - 2, "middle", "tick", c->x_label);
	svg_close(sb);
}
