/*
 * svg.c - the SVG primitives (see svg.h).
 */
#include "svg.h"

#include "html.h"
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const okabe_ito[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
					"#56B4E9", "#CC79A7", "#F0E442", "#000000"};

const char *svg_color(size_t i)
{
	return okabe_ito[i % (sizeof okabe_ito / sizeof okabe_ito[0])];
}

void svg_open(struct strbuf *sb, const char *id, double width, double height, const char *title,
	      const char *desc)
{
	strbuf_addf(sb, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
			"height=\"%.0f\" role=\"img\" aria-labelledby=\"%s-t %s-d\">\n"
			"<title id=\"%s-t\">",
		    width, height, width, height, id, id, id);
	html_escape(sb, title);
	strbuf_addf(sb, "</title>\n<desc id=\"%s-d\">", id);
	html_escape(sb, desc);
	strbuf_adds(sb, "</desc>\n");
}

void svg_close(struct strbuf *sb)
{
	strbuf_adds(sb, "</svg>\n");
}

static void add_tip(struct strbuf *sb, const char *tip)
{
	if (!tip) {
		strbuf_adds(sb, "/>\n");
		return;
	}
	strbuf_adds(sb, "><title>");
	html_escape(sb, tip);
	strbuf_adds(sb, "</title></");
}

void svg_rect(struct strbuf *sb, double x, double y, double w, double h, const char *fill,
	      const char *tip)
{
	if (w < 0) {
		x += w;
		w = -w;
	}
	if (h < 0) {
		y += h;
		h = -h;
	}
	strbuf_addf(sb, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"", x,
		    y, w, h, fill);
	add_tip(sb, tip);
	if (tip)
		strbuf_adds(sb, "rect>\n");
}

void svg_line(struct strbuf *sb, double x1, double y1, double x2, double y2, const char *stroke,
	      double width, bool dashed)
{
	strbuf_addf(sb, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
			"stroke-width=\"%.1f\"%s/>\n",
		    x1, y1, x2, y2, stroke, width, dashed ? " stroke-dasharray=\"4 3\"" : "");
}

void svg_text(struct strbuf *sb, double x, double y, const char *anchor, const char *cls,
	      const char *text)
{
	strbuf_addf(sb, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"", x, y, anchor);
	if (cls)
		strbuf_addf(sb, " class=\"%s\"", cls);
	strbuf_adds(sb, ">");
	html_escape(sb, text);
	strbuf_adds(sb, "</text>\n");
}

void svg_polyline(struct strbuf *sb, const double *xs, const double *ys, size_t count,
		  const char *stroke, double width, bool dashed)
{
	strbuf_adds(sb, "<polyline fill=\"none\" points=\"");
	for (size_t i = 0; i < count; i++)
		strbuf_addf(sb, "%s%.1f,%.1f", i ? " " : "", xs[i], ys[i]);
	strbuf_addf(sb, "\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>\n", stroke, width,
		    dashed ? " stroke-dasharray=\"5 3\"" : "");
}

void svg_circle(struct strbuf *sb, double x, double y, double r, const char *fill,
		const char *tip)
{
	strbuf_addf(sb, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"", x, y, r, fill);
	add_tip(sb, tip);
	if (tip)
		strbuf_adds(sb, "circle>\n");
}

void svg_path(struct strbuf *sb, const char *d, const char *fill, double opacity,
	      const char *tip)
{
	strbuf_addf(sb, "<path d=\"%s\" fill=\"%s\" fill-opacity=\"%.2f\"", d, fill, opacity);
	add_tip(sb, tip);
	if (tip)
		strbuf_adds(sb, "path>\n");
}

double scale_at(const struct scale *s, double value)
{
	if (s->d1 == s->d0)
		return (s->r0 + s->r1) / 2;
	return s->r0 + (value - s->d0) * (s->r1 - s->r0) / (s->d1 - s->d0);
}

static double nice_step(double range, size_t max)
{
	double raw = range / (double)(max > 1 ? max - 1 : 1);
	double power = pow(10, floor(log10(raw)));
	double f = raw / power;

	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

size_t nice_ticks(double *lo, double *hi, double *ticks, size_t max)
{
	double step;
	size_t n = 0;

	if (!isfinite(*lo) || !isfinite(*hi)) {
		*lo = 0;
		*hi = 1;
	}
	if (*hi - *lo <= 0) {
		double pad = *lo == 0 ? 1 : fabs(*lo) * 0.1;
		*lo -= pad;
		*hi += pad;
	}
	step = nice_step(*hi - *lo, max);
	*lo = floor(*lo / step) * step;
	*hi = ceil(*hi / step) * step;
	for (double t = *lo; t <= *hi + step / 2 && n < max + 2; t += step)
		ticks[n++] = fabs(t) < step / 1e6 ? 0 : t;
	return n;
}

void axis_label(char *out, size_t size, double value, bool money)
{
	if (money)
		fmt_money(out, size, value);
	else
		snprintf(out, size, "%g", value);
}

void svg_legend(struct strbuf *sb, double x, double y, size_t count, const char *const *labels,
		const char *const *colors)
{
	for (size_t i = 0; i < count; i++) {
		svg_rect(sb, x, y - 9, 10, 10, colors ? colors[i] : svg_color(i), NULL);
		svg_text(sb, x + 14, y, "start", "legend", labels[i]);
		x += 30 + 7.2 * (double)strlen(labels[i]);
	}
}
