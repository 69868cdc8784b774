/*
 * workbook_sheet.c - formatted worksheets (see workbook_sheet.h).
 */
#include "workbook_sheet.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void workbook_styles_make(lxw_workbook *wb, struct workbook_styles *styles)
{
	styles->header = workbook_add_format(wb);
	format_set_bold(styles->header);
	format_set_bg_color(styles->header, 0xDCE6F0);
	format_set_bottom(styles->header, LXW_BORDER_THIN);
	format_set_text_wrap(styles->header);
	format_set_align(styles->header, LXW_ALIGN_VERTICAL_TOP);
	styles->money = workbook_add_format(wb);
	format_set_num_format(styles->money, "\"\xc2\xa3\"#,##0;[Red]-\"\xc2\xa3\"#,##0");
	styles->ratio = workbook_add_format(wb);
	format_set_num_format(styles->ratio, "0.00");
	styles->share = workbook_add_format(wb);
	format_set_num_format(styles->share, "0.0%");
	styles->whole = workbook_add_format(wb);
	format_set_num_format(styles->whole, "0");
}

bool text_is_formula_like(const char *text)
{
	return text[0] && strchr("=+-@\t\r", text[0]) != NULL;
}

static bool has_prefix(const char *name, const char *prefix)
{
	return strncmp(name, prefix, strlen(prefix)) == 0;
}

enum cell_kind column_kind(const char *name)
{
	static const char *const money[] = {"pv", "real", "npsv", "cost", "fiscal_benefit", "net",
		"contribution", "spend", "balance", "base", "at_p10", "at_p90", "swing",
		"mean_cost", "ci_low", "ci_high", "effect", "se", "naive", "shapley", "scrb",
		"shapley_se", "proportional_contribution", "proportional_balance", "scrb_balance",
		"mean", "sd", "p05", "p50", "p95", "surplus", NULL};
	static const char *const whole[] = {"year", "calendar_year", "payback_year", "draw",
		"persons", NULL};

	if (has_prefix(name, "pv_") || has_prefix(name, "net_fiscal") || has_prefix(name, "npsv"))
		return CELL_MONEY;
	for (const char *const *m = money; *m; m++)
		if (strcmp(name, *m) == 0)
			return CELL_MONEY;
	for (const char *const *w = whole; *w; w++)
		if (strcmp(name, *w) == 0)
			return CELL_WHOLE;
	if (strcmp(name, "bcr") == 0 || strcmp(name, "fiscal_roi") == 0 || has_prefix(name, "smd"))
		return CELL_RATIO;
	if (strcmp(name, "prob_positive") == 0)
		return CELL_SHARE;
	return CELL_GENERAL;
}

static lxw_format *format_of(const struct sheet *s, size_t col)
{
	switch (s->kinds[col]) {
	case CELL_MONEY: return s->styles->money;
	case CELL_RATIO: return s->styles->ratio;
	case CELL_SHARE: return s->styles->share;
	case CELL_WHOLE: return s->styles->whole;
	default: return NULL;
	}
}

static void note_width(struct sheet *s, size_t col, double chars)
{
	if (col < SHEET_COLS_MAX && chars > s->width[col])
		s->width[col] = chars;
}

static void keep_error(struct sheet *s, lxw_error error)
{
	if (error && !s->error)
		s->error = error;
}

int sheet_begin(struct sheet *s, lxw_workbook *wb, const struct workbook_styles *styles,
		const char *name, size_t cols, const char *const *headers)
{
	memset(s, 0, sizeof *s);
	s->styles = styles;
	s->cols = cols < SHEET_COLS_MAX ? cols : SHEET_COLS_MAX;
	s->ws = workbook_add_worksheet(wb, name);
	if (!s->ws)
		return -1;
	for (size_t c = 0; c < s->cols; c++) {
		s->kinds[c] = column_kind(headers[c]);
		note_width(s, c, (double)strlen(headers[c]) + 2);
		sheet_text(s, (size_t)-1, c, headers[c]);
	}
	return 0;
}

void sheet_number(struct sheet *s, size_t row, size_t col, double value)
{
	char text[48];

	if (col >= s->cols || !isfinite(value))
		return;
	keep_error(s, worksheet_write_number(s->ws, (lxw_row_t)(row + 1), (lxw_col_t)col, value,
					     format_of(s, col)));
	snprintf(text, sizeof text, s->kinds[col] == CELL_MONEY ? "%.0f" : "%.6g", value);
	note_width(s, col, (double)strlen(text) * 4 / 3 + 3); /* separators and the £ */
	if (row + 1 > s->rows)
		s->rows = row + 1;
}

void sheet_text(struct sheet *s, size_t row, size_t col, const char *text)
{
	size_t r = row + 1; /* row -1 is the header */
	char safe[1024];

	if (col >= s->cols || !text || !*text)
		return;
	if (text_is_formula_like(text)) {
		snprintf(safe, sizeof safe, "'%s", text);
		text = safe;
	}
	keep_error(s, worksheet_write_string(s->ws, (lxw_row_t)r, (lxw_col_t)col, text,
					     r == 0 ? s->styles->header : NULL));
	if (r > 0)
		note_width(s, col, (double)strlen(text) + 2);
	if (r > s->rows)
		s->rows = r;
}

lxw_error sheet_end(struct sheet *s)
{
	if (!s->ws)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	for (size_t c = 0; c < s->cols; c++)
		keep_error(s, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c,
						   s->width[c] > 60 ? 60 : s->width[c], NULL));
	worksheet_freeze_panes(s->ws, 1, 0);
	if (s->cols)
		keep_error(s, worksheet_autofilter(s->ws, 0, 0, (lxw_row_t)s->rows,
						   (lxw_col_t)(s->cols - 1)));
	return s->error;
}

int sheet_from_table(lxw_workbook *wb, const struct workbook_styles *styles, const char *name,
		     const struct rtable *t)
{
	struct sheet s;

	if (sheet_begin(&s, wb, styles, name, t->cols, (const char *const *)t->names))
		return -1;
	for (size_t r = 0; r < t->rows; r++)
		for (size_t c = 0; c < s.cols; c++) {
			double v = rtable_num(t, r, c);
			if (isfinite(v))
				sheet_number(&s, r, c, v);
			else
				sheet_text(&s, r, c, rtable_cell(t, r, c));
		}
	return sheet_end(&s) ? -1 : 0;
}
