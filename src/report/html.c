/*
 * html.c - escaping and tables for the HTML report (see html.h).
 */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *entity(char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

void html_escape(struct strbuf *sb, const char *text)
{
	const char *run = text;

	if (!text)
		return;
	for (const char *p = text; *p; p++) {
		const char *e = entity(*p);
		if (!e)
			continue;
		strbuf_add(sb, run, (size_t)(p - run));
		strbuf_adds(sb, e);
		run = p + 1;
	}
	strbuf_adds(sb, run);
}

void html_escape_to(char *out, size_t size, const char *text)
{
	size_t o = 0, char_start = 0;

	if (!size)
		return;
	for (const char *p = text ? text : ""; *p; p++) {
		const char *e = entity(*p);
		size_t n = e ? strlen(e) : 1;
		if (((unsigned char)*p & 0xC0) != 0x80)
			char_start = o;
		if (o + n + 1 > size) {
			o = char_start; /* never end inside a UTF-8 sequence */
			break;
		}
		if (e)
			memcpy(out + o, e, n);
		else
			out[o] = *p;
		o += n;
	}
	out[o] = '\0';
}

static bool looks_numeric(const char *cell)
{
	if (strncmp(cell, "\xc2\xa3", 2) == 0 || strncmp(cell, "-\xc2\xa3", 3) == 0)
		return true;
	return (*cell >= '0' && *cell <= '9') || ((*cell == '-' || *cell == '<' || *cell == '>') &&
						  cell[1] >= '0' && cell[1] <= '9') ||
	       strcmp(cell, "n/a") == 0;
}

void html_table_open(struct strbuf *sb, const char *caption)
{
	strbuf_adds(sb, "<div class=\"tbl\"><table>");
	if (caption) {
		strbuf_adds(sb, "<caption>");
		html_escape(sb, caption);
		strbuf_adds(sb, "</caption>");
	}
	strbuf_adds(sb, "\n");
}

void html_table_row(struct strbuf *sb, bool header, size_t count, const char *const *cells)
{
	strbuf_adds(sb, "<tr>");
	for (size_t i = 0; i < count; i++) {
		const char *cell = cells[i] ? cells[i] : "";
		if (header)
			strbuf_adds(sb, looks_numeric(cell) || i > 0 ? "<th scope=\"col\" class=\"num\">"
								       : "<th scope=\"col\">");
		else
			strbuf_adds(sb, looks_numeric(cell) ? "<td class=\"num\">" : "<td>");
		html_escape(sb, cell);
		strbuf_adds(sb, header ? "</th>" : "</td>");
	}
	strbuf_adds(sb, "</tr>\n");
}

void html_table_close(struct strbuf *sb)
{
	strbuf_adds(sb, "</table></div>\n");
}

void html_table_more(struct strbuf *sb, size_t shown, size_t total)
{
	if (shown < total)
		strbuf_addf(sb, "<p class=\"note\">The first %zu of %zu rows; all of them are in "
				"valuemap.xlsx.</p>\n", shown, total);
}

void html_section_open(struct strbuf *sb, const char *id, const char *heading)
{
	strbuf_addf(sb, "<section id=\"%s\" aria-labelledby=\"h-%s\">\n<h2 id=\"h-%s\">", id, id,
		    id);
	html_escape(sb, heading);
	strbuf_adds(sb, "</h2>\n");
}

void html_section_close(struct strbuf *sb)
{
	strbuf_adds(sb, "</section>\n");
}

void html_para(struct strbuf *sb, const char *cls, const char *fmt, ...)
{
	char text[4096];
	va_list args;

	va_start(args, fmt);
	vsnprintf(text, sizeof text, fmt, args);
	va_end(args);
	if (cls)
		strbuf_addf(sb, "<p class=\"%s\">%s</p>\n", cls, text);
	else
		strbuf_addf(sb, "<p>%s</p>\n", text);
}
