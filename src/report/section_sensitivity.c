/*
 * section_sensitivity.c - which inputs matter most: the tornado of one-way swings in NPSV as
 * each input moves from its 10th to its 90th percentile, and the switching values (the value
 * of an input at which NPSV would change sign), from sensitivity.csv.
 */
#include "sections.h"

#include "charts.h"
#include "html.h"
#include "numfmt.h"

#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TORNADO_ROWS = 12 };


/* The rows of sensitivity.csv about NPSV, widest swing first (ties in file order). */
static size_t npsv_rows(const struct rtable *t, size_t *rows)
{
	size_t output = rtable_col(t, "output"), swing = rtable_col(t, "swing"), n = 0;

	for (size_t r = 0; r < t->rows; r++)
		if (strcmp(rtable_cell(t, r, output), "npsv") == 0)
			rows[n++] = r;
	for (size_t i = 1; i < n; i++) { /* insertion sort: stable, and n is small */
		size_t row = rows[i], j = i;
		double s = fabs(rtable_num(t, row, swing));
		for (; j > 0 && fabs(rtable_num(t, rows[j - 1], swing)) < s; j--)
			rows[j] = rows[j - 1];
		rows[j] = row;
	}
	return n;
}

/* "interventions.ips.effects[0].change" reads "ips effect 1 change" on the chart; the table
 * keeps the exact name. */
static void readable_parameter(char *out, size_t size, const char *name)
{
	static const char *const prefixes[] = {"interventions.", "outcomes.", "parameters."};
	size_t o = 0;

	for (size_t i = 0; i < 3; i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			name += strlen(prefixes[i]);
	while (*name && o + 8 < size) {
		const char *bracket = *name == '[' ? strchr(name, ']') : NULL;
		if (bracket && bracket - name < 8) {
			o += (size_t)snprintf(out + o, size - o, " %ld", strtol(name + 1, NULL, 10) + 1);
			name = bracket + 1;
			continue;
		}
		out[o++] = *name == '.' || *name == '_' ? ' ' : *name;
		if (*name == 's' && name[1] == '[')
			o--; /* "effects[0]" reads "effect 1" */
		name++;
	}
	out[o] = '\0';
}

static void sensitivity_table(struct strbuf *sb, const struct rtable *t, const size_t *rows,
			      size_t n)
{
	static const char *const head[] = {"Input", "At its P10", "At its P90", "NPSV at P10",
					   "NPSV at P90", "Swing", "Switching value"};
	static const char *const cols[] = {"input_p10", "input_p90", "at_p10", "at_p90", "swing"};
	size_t param = rtable_col(t, "parameter"), sw = rtable_col(t, "switching_value");
	struct row_cells row;

	html_table_open(sb, "One-way sensitivity of the net present social value");
	html_table_row(sb, true, 7, head);
	for (size_t k = 0; k < n && k < 3 * TORNADO_ROWS; k++) {
		row_reset(&row);
		row_text(&row, rtable_cell(t, rows[k], param));
		for (int c = 0; c < 5; c++) {
			double v = rtable_num(t, rows[k], rtable_col(t, cols[c]));
			if (c < 2)
				row_significant(&row, v);
			else
				row_money(&row, v);
		}
		if (isfinite(rtable_num(t, rows[k], sw)))
			row_significant(&row, rtable_num(t, rows[k], sw));
		else
			row_text(&row, "none");
		html_table_row(sb, false, row.count, row.ptr);
	}
	html_table_close(sb);
	html_table_more(sb, n < 3 * TORNADO_ROWS ? n : 3 * TORNADO_ROWS, n);
}

static void tornado(struct strbuf *sb, const struct report_data *d, const size_t *rows,
		    size_t n)
{
	const struct rtable *t = &d->appraise.sensitivity;
	size_t param = rtable_col(t, "parameter"), shown = n < TORNADO_ROWS ? n : TORNADO_ROWS;
	const char *labels[TORNADO_ROWS];
	char readable[TORNADO_ROWS][96];
	double low[TORNADO_ROWS], high[TORNADO_ROWS];
	struct tornado_chart c = {{"tornado", "Which inputs move the result most",
				   "A tornado chart: for each input, the net present social value "
				   "when the input is at its 10th and at its 90th percentile, the "
				   "others at their central values; widest first."},
				  shown, labels, low, high, 0, "Input at its P10", "Input at its P90",
				  true};

	for (size_t k = 0; k < shown; k++) {
		readable_parameter(readable[k], sizeof readable[k], rtable_cell(t, rows[k], param));
		labels[k] = readable[k];
		low[k] = rtable_num(t, rows[k], rtable_col(t, "at_p10"));
		high[k] = rtable_num(t, rows[k], rtable_col(t, "at_p90"));
	}
	c.base = n ? rtable_num(t, rows[0], rtable_col(t, "base")) : 0;
	strbuf_adds(sb, "<figure>");
	chart_tornado(sb, &c);
	strbuf_adds(sb, "</figure>\n");
}

void section_sensitivity(struct strbuf *sb, const struct report_data *d)
{
	const struct rtable *t = &d->appraise.sensitivity;
	size_t *rows = alloc_array(t->rows + 1, sizeof *rows), n, switching = 0;

	if (!rows) {
		sb->failed = true;
		return;
	}
	n = npsv_rows(t, rows);
	for (size_t k = 0; k < n; k++)
		switching += isfinite(rtable_num(t, rows[k], rtable_col(t, "switching_value")));
	strbuf_adds(sb, "<h3>Which inputs matter most</h3>\n");
	html_para(sb, NULL, "Each bar shows how far the net present social value moves when one "
		  "input goes from a low (10th percentile) to a high (90th percentile) value. "
		  "%zu of %zu input%s could change the sign of the result within %s range "
		  "(a <em>switching value</em>).", switching, n, n == 1 ? "" : "s",
		  n == 1 ? "its" : "their");
	if (n)
		tornado(sb, d, rows, n);
	sensitivity_table(sb, t, rows, n);
	free(rows);
}
