/*
 * sankey.c - the value map as a flow diagram: payers on the left, beneficiaries on the right,
 * each band as wide as the present value it carries.
 *
 * Node heights are proportional to their totals on one scale for both sides, with a fixed gap
 * between nodes; bands leave a payer in beneficiary order and reach a beneficiary in payer
 * order, so they never cross inside a node.
 */
#include "charts.h"

#include "numfmt.h"
#include "svg.h"

#include <stdio.h>

enum { WIDTH = 720, NODE_W = 14, LEFT_X = 190, RIGHT_X = WIDTH - 190 - NODE_W, GAP = 24 };

static double side_total(const struct sankey_chart *c, bool left, size_t i)
{
	double total = 0;
	size_t n = left ? c->right : c->left;

	for (size_t j = 0; j < n; j++)
		total += left ? c->flows[i * c->right + j] : c->flows[j * c->right + i];
	return total;
}

static double max_side(const struct sankey_chart *c, size_t *shown_l, size_t *shown_r)
{
	double l = 0, r = 0;

	*shown_l = *shown_r = 0;
	for (size_t i = 0; i < c->left; i++) {
		double t = side_total(c, true, i);
		l += t;
		*shown_l += t > 0;
	}
	for (size_t i = 0; i < c->right; i++) {
		double t = side_total(c, false, i);
		r += t;
		*shown_r += t > 0;
	}
	return l > r ? l : r;
}

static const char *right_color(const struct sankey_chart *c, size_t r, size_t payer)
{
	return c->right_colors && c->right_colors[r] ? c->right_colors[r] : svg_color(payer);
}

static void node(struct strbuf *sb, double x, double y, double h, const char *color,
		 const char *label, double total, bool left)
{
	char text[200], money[48];

	double tx = left ? x - 6 : x + NODE_W + 6, ty = y + h / 2 - 2;
	const char *anchor = left ? "end" : "start";

	fmt_money(money, sizeof money, total);
	snprintf(text, sizeof text, "%s: %s", label, money);
	svg_rect(sb, x, y, NODE_W, h, color, text);
	svg_text(sb, tx, ty, anchor, "label", label);
	svg_text(sb, tx, ty + 13, anchor, "tick", money);
}

static void band(struct strbuf *sb, double y_left, double y_right, double h, const char *color,
		 const char *tip)
{
	char d[256];
	double x0 = LEFT_X + NODE_W, x1 = RIGHT_X, mid = (x0 + x1) / 2;

	snprintf(d, sizeof d,
		 "M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f L%.1f,%.1f C%.1f,%.1f %.1f,%.1f "
		 "%.1f,%.1f Z",
		 x0, y_left, mid, y_left, mid, y_right, x1, y_right, x1, y_right + h, mid,
		 y_right + h, mid, y_left + h, x0, y_left + h);
	svg_path(sb, d, color, 0.45, tip);
}

/* The top of each right node, and (in `offset`) where the next band enters it. */
static void place_right(const struct sankey_chart *c, double unit, double *top, double *offset)
{
	double y = 20;

	for (size_t r = 0; r < c->right; r++) {
		double t = side_total(c, false, r);
		top[r] = offset[r] = y;
		if (t > 0)
			y += t * unit + GAP;
	}
}

void chart_sankey(struct strbuf *sb, const struct sankey_chart *c)
{
	size_t shown_l, shown_r;
	double total = max_side(c, &shown_l, &shown_r), height = 360, y = 20;
	size_t most = shown_l > shown_r ? shown_l : shown_r;
	double unit, top[128], offset[128];
	char tip[400], money[48];

	if (c->right > 128 || total <= 0)
		return;
	unit = (height - 40 - GAP * (double)(most ? most - 1 : 0)) / total;
	place_right(c, unit, top, offset);
	svg_open(sb, c->text.id, WIDTH, height, c->text.title, c->text.desc);
	for (size_t l = 0; l < c->left; l++) {
		double t = side_total(c, true, l), at = y;
		if (t <= 0)
			continue;
		for (size_t r = 0; r < c->right; r++) {
			double v = c->flows[l * c->right + r], h = v * unit;
			if (v <= 0)
				continue;
			fmt_money(money, sizeof money, v);
			snprintf(tip, sizeof tip, "%s to %s: %s", c->left_labels[l],
				 c->right_labels[r], money);
			band(sb, at, offset[r], h, right_color(c, r, l), tip);
			at += h;
			offset[r] += h;
		}
		node(sb, LEFT_X, y, t * unit, svg_color(l), c->left_labels[l], t, true);
		y += t * unit + GAP;
	}
	for (size_t r = 0; r < c->right; r++) {
		double t = side_total(c, false, r);
		if (t > 0)
			node(sb, RIGHT_X, top[r], t * unit, c->right_colors && c->right_colors[r]
				 ? c->right_colors[r] : SVG_MUTED, c->right_labels[r], t, false);
	}
	svg_close(sb);
}
