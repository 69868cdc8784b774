/*
 * html.h - the small pieces of HTML the report is made of: escaping and tables.
 *
 * Every string that comes from an input file goes through html_escape (names of agencies,
 * interventions and parameters are the model author's free text). Tables right-align cells
 * that hold numbers, so columns of figures line up.
 */
#ifndef VMAP_REPORT_HTML_H
#define VMAP_REPORT_HTML_H

#include "core/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

/* Appends `text` with & < > " ' escaped, so it is safe in element content and attributes.
 * A NULL text appends nothing. */
void html_escape(struct strbuf *sb, const char *text);

/* <table> with an escaped caption; close with html_table_close. */
void html_table_open(struct strbuf *sb, const char *caption);
/* One row of `count` escaped cells; header cells as <th scope=col>. */
void html_table_row(struct strbuf *sb, bool header, size_t count, const char *const *cells);
void html_table_close(struct strbuf *sb);

/* A table's note that it shows only the first `shown` of `total` rows. */
void html_table_more(struct strbuf *sb, size_t shown, size_t total);

/* Opens <section id=ID> with an <h2>; html_section_close ends it. */
void html_section_open(struct strbuf *sb, const char *id, const char *heading);
void html_section_close(struct strbuf *sb);

/* A paragraph of already-safe HTML built by the caller (printf-style). Arguments that come
 * from inputs must have been escaped first (see html_escape_to). */
void html_para(struct strbuf *sb, const char *cls, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Escapes `text` into `out` (of `size` bytes, truncated at a character boundary). */
void html_escape_to(char *out, size_t size, const char *text);

#endif
