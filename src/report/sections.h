/*
 * sections.h - the sections of report.html, one function per section, each writing a <section>
 * with its heading, a plain-English lede, its charts and the tables behind them.
 *
 * A section is written only for a stage whose files were found; sections read nothing but the
 * parsed files in `struct report_data`.
 */
#ifndef VMAP_REPORT_SECTIONS_H
#define VMAP_REPORT_SECTIONS_H

#include "report.h"

#define AGENCIES_MAX REPORT_AGENCIES_MAX

/* The agencies of agencies.csv, in file order, with display labels. */
struct agency_list {
	size_t count;
	const char *ids[AGENCIES_MAX];
	char labels[AGENCIES_MAX][64];
	bool government[AGENCIES_MAX];
	size_t rows[AGENCIES_MAX];
};
void agency_list_make(struct agency_list *list, const struct report_data *d);
/* The index of `id` in the list, or SIZE_MAX. */
size_t agency_list_find(const struct agency_list *list, const char *id);

/* A row of table cells held in fixed buffers. */
#define ROW_CELLS (AGENCIES_MAX + 2) /* a value-map row: payer, beneficiaries, not recovered */
struct row_cells {
	char text[ROW_CELLS][160];
	const char *ptr[ROW_CELLS];
	size_t count;
};
void row_reset(struct row_cells *row);
void row_text(struct row_cells *row, const char *text);
void row_money(struct row_cells *row, double pounds);
void row_fixed(struct row_cells *row, double value, int decimals);
void row_percent(struct row_cells *row, double share);
/* Four significant figures ("0.1087", "2016"), for inputs of any scale. */
void row_significant(struct row_cells *row, double value);

void section_headline(struct strbuf *sb, const struct report_data *d);
void section_value_map(struct strbuf *sb, const struct report_data *d);
void section_lenses(struct strbuf *sb, const struct report_data *d);
void section_over_time(struct strbuf *sb, const struct report_data *d);
void section_uncertainty(struct strbuf *sb, const struct report_data *d);
void section_sensitivity(struct strbuf *sb, const struct report_data *d);
void section_pool(struct strbuf *sb, const struct report_data *d);
void section_journeys(struct strbuf *sb, const struct report_data *d);
void section_linkage(struct strbuf *sb, const struct report_data *d);

#endif
