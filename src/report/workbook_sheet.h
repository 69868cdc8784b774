/*
 * workbook_sheet.h - one formatted worksheet of valuemap.xlsx: a styled, frozen header row,
 * number formats by column (pounds, ratios, shares), column widths from the content and an
 * autofilter over the table.
 *
 * Text cells are always written as strings (never formulas), and text that a spreadsheet would
 * run as a formula if retyped or exported (starting with = + - @, a tab or a carriage return)
 * is stored with a leading apostrophe, as spreadsheets themselves mark text.
 */
#ifndef VMAP_REPORT_WORKBOOK_SHEET_H
#define VMAP_REPORT_WORKBOOK_SHEET_H

#include "report.h"

#include <xlsxwriter.h>

enum cell_kind { CELL_GENERAL, CELL_MONEY, CELL_RATIO, CELL_SHARE, CELL_WHOLE };

struct workbook_styles {
	lxw_format *header, *money, *ratio, *share, *whole;
};

#define SHEET_COLS_MAX 64

struct sheet {
	lxw_worksheet *ws;
	const struct workbook_styles *styles;
	size_t cols, rows; /* rows written below the header */
	double width[SHEET_COLS_MAX];
	enum cell_kind kinds[SHEET_COLS_MAX];
	lxw_error error;
};

void workbook_styles_make(lxw_workbook *wb, struct workbook_styles *styles);

/* Adds a sheet named `name` with a header row; kinds[c] picks column c's number format. */
int sheet_begin(struct sheet *s, lxw_workbook *wb, const struct workbook_styles *styles,
		const char *name, size_t cols, const char *const *headers);
void sheet_number(struct sheet *s, size_t row, size_t col, double value);
void sheet_text(struct sheet *s, size_t row, size_t col, const char *text);
/* Sets widths, the frozen header and the autofilter; returns the first error met, if any. */
lxw_error sheet_end(struct sheet *s);

/* True when a spreadsheet would read `text` as a formula (see above). */
bool text_is_formula_like(const char *text);

/* The number format a column of a stage's CSV deserves, from its name. */
enum cell_kind column_kind(const char *name);

/* A whole sheet from a table: numbers as numbers, text as safe text. */
int sheet_from_table(lxw_workbook *wb, const struct workbook_styles *styles, const char *name,
		     const struct rtable *t);

#endif
