/*
 * svg.h - a small SVG writer: the primitives every chart of the report is drawn with.
 *
 * Charts are inline <svg> elements in the HTML, drawn in C so the report needs no script and
 * no network (docs/report.md says why). Each chart opens with role="img", a <title> and a
 * <desc> (its text alternative) and is followed in the page by a table of the same figures.
 * Every text passed in is escaped here. Coordinates are written with one decimal.
 *
 * Colours are the Okabe-Ito palette, safe for the common colour-vision deficiencies.
 */
#ifndef VMAP_REPORT_SVG_H
#define VMAP_REPORT_SVG_H

#include "core/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

#define SVG_INK "#222222"
#define SVG_GRID "#d9d9d9"
#define SVG_MUTED "#666666"

/* The i-th colour of the palette (cycling), starting with blue, orange, bluish green. */
const char *svg_color(size_t i);

/* Opens an <svg> of `width` x `height` with role="img", aria-labelledby and <title>/<desc>;
 * `id` must be unique in the page and plain (letters, digits, dashes). */
void svg_open(struct strbuf *sb, const char *id, double width, double height, const char *title,
	      const char *desc);
void svg_close(struct strbuf *sb);

/* A rectangle (negative sizes are normalised); `tip`, when given, becomes its <title>. */
void svg_rect(struct strbuf *sb, double x, double y, double w, double h, const char *fill,
	      const char *tip);
void svg_line(struct strbuf *sb, double x1, double y1, double x2, double y2, const char *stroke,
	      double width, bool dashed);
/* Text at (x, y); `anchor` is "start", "middle" or "end"; `cls` a CSS class or NULL. */
void svg_text(struct strbuf *sb, double x, double y, const char *anchor, const char *cls,
	      const char *text);
void svg_polyline(struct strbuf *sb, const double *xs, const double *ys, size_t count,
		  const char *stroke, double width, bool dashed);
void svg_circle(struct strbuf *sb, double x, double y, double r, const char *fill,
		const char *tip);
/* A filled path with the given `d` and opacity. */
void svg_path(struct strbuf *sb, const char *d, const char *fill, double opacity,
	      const char *tip);

/* A linear map from [d0, d1] to [r0, r1]. */
struct scale {
	double d0, d1, r0, r1;
};
double scale_at(const struct scale *s, double value);

/* Up to `max` round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart);
 * widens lo and hi to the outer ticks. Returns the number of ticks. */
size_t nice_ticks(double *lo, double *hi, double *ticks, size_t max);

/* An axis label: compact pounds when `money`, else a short number. */
void axis_label(char *out, size_t size, double value, bool money);

/* A legend row of coloured keys at (x, y). */
void svg_legend(struct strbuf *sb, double x, double y, size_t count, const char *const *labels,
		const char *const *colors);

#endif
