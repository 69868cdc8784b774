/*
 * html_page.c - report.html: one self-contained page (inline CSS and SVG; no script, font or
 * image from anywhere) with a section for each stage found, in the order a reader needs them:
 * the headline, the value map, the lenses, time, uncertainty, the pooled deal, then the
 * evidence behind it (journeys, linkage).
 */
#include "report.h"

#include "html.h"
#include "sections.h"

#include <stdio.h>

static const char css[] =
	":root{--ink:#1f2328;--muted:#59636e;--rule:#d0d7de;--accent:#0072B2;--neg:#b3400a;"
	"--pos:#00704f}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;color:var(--ink);background:#fff;font:16px/1.5 system-ui,-apple-system,"
	"'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\n"
	"header.top{background:#0b3c5d;color:#fff;padding:28px 32px 20px}\n"
	"header.top h1{margin:0 0 4px;font-size:1.9rem;line-height:1.2}\n"
	"header.top p{margin:0;color:#d6e4ee}\n"
	"main{max-width:1040px;margin:0 auto;padding:8px 32px 40px}\n"
	"nav.toc{margin:16px 0 0;font-size:.95rem}\nnav.toc ol{margin:0;padding-left:1.2em;"
	"columns:2}\nnav.toc a{color:var(--accent)}\n"
	"section{border-top:1px solid var(--rule);padding:18px 0 10px;margin-top:18px}\n"
	"h2{font-size:1.45rem;margin:0 0 6px}\nh3{font-size:1.1rem;margin:18px 0 6px}\n"
	".lede{font-size:1.08rem;color:#333;max-width:52em}\n"
	".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;"
	"margin:14px 0}\n"
	".card{border:1px solid var(--rule);border-left:5px solid var(--accent);border-radius:6px;"
	"padding:10px 12px;background:#f6f8fa}\n"
	".card-label{font-size:.85rem;color:var(--muted);text-transform:uppercase;"
	"letter-spacing:.03em}\n.card-value{font-size:1.55rem;font-weight:700}\n"
	".card-note{font-size:.85rem;color:var(--muted)}\n"
	"ul.who{padding-left:1.2em}\n.neg{color:var(--neg);font-weight:600}\n"
	".pos{color:var(--pos);font-weight:600}\n"
	".gap{background:#fff8e6;border-left:5px solid #E69F00;padding:10px 14px}\n"
	"figure{margin:10px 0}\nfigcaption{font-weight:600;font-size:.95rem}\nsvg.chart{max-width:100%;height:auto;font-size:12px}\n"
	"svg .tick{fill:#444;font-size:11px}\nsvg .label{fill:#1f2328;font-size:12px}\n"
	"svg .legend{fill:#1f2328;font-size:12px}\n"
	".grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:6px 18px}\n"
	".tbl{overflow-x:auto;margin:8px 0 4px}\n"
	"table{border-collapse:collapse;font-size:.9rem;min-width:50%}\n"
	"caption{text-align:left;font-weight:600;padding:4px 0;color:#333}\n"
	"th,td{padding:4px 10px;border-bottom:1px solid var(--rule);text-align:left;"
	"vertical-align:top}\n"
	"th{background:#f0f3f6}\n.num{text-align:right;font-variant-numeric:tabular-nums;"
	"white-space:nowrap}\nth.num{white-space:normal}\n"
	".note{font-size:.85rem;color:var(--muted)}\n"
	"ul.deal li{margin:2px 0}\n"
	"footer{color:var(--muted);font-size:.85rem;border-top:1px solid var(--rule);"
	"margin-top:28px;padding-top:10px}\n"
	"@media print{@page{size:A4;margin:14mm}body{font-size:10.5pt}"
	"header.top{background:none;color:#000;padding:0 0 8px;border-bottom:2px solid #000}"
	"header.top p{color:#333}main{max-width:none;padding:0}nav.toc{display:none}"
	"section{break-inside:auto}figure,table,.cards{break-inside:avoid}"
	"h2,h3{break-after:avoid}.tbl{overflow:visible}a{color:inherit;text-decoration:none}}\n";

static const struct {
	int stage;
	const char *id, *title;
	void (*write)(struct strbuf *, const struct report_data *);
} sections[] = {
	{STAGE_APPRAISE, "headline", "The headline", section_headline},
	{STAGE_APPRAISE, "value-map", "The value map", section_value_map},
	{STAGE_APPRAISE, "lenses", "Each department's lens and the whole picture",
	 section_lenses},
	{STAGE_APPRAISE, "over-time", "Who is ahead, year by year", section_over_time},
	{STAGE_APPRAISE, "uncertainty", "How sure we are", section_uncertainty},
	{STAGE_POOL, "pool", "The pooled-budget deal", section_pool},
	{STAGE_JOURNEYS, "journeys", "What the records show: journeys", section_journeys},
	{STAGE_LINK, "linkage", "How the records were linked", section_linkage},
};

static bool shown(const struct report_data *d, size_t i)
{
	if (sections[i].write == section_uncertainty)
		return d->appraise.has_draws;
	return d->found[sections[i].stage];
}

static const char *title_of(const struct vmap_report *r)
{
	const char *name = json_str(cJSON_GetObjectItemCaseSensitive(r->data.appraise.summary,
								     "appraisal"), "name");

	if (r->title && *r->title)
		return r->title;
	return name ? name : "valuemap report";
}

static void header(struct strbuf *sb, const struct vmap_report *r)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(r->data.appraise.summary, "appraisal");
	double base = json_num(a, "base_year"), horizon = json_num(a, "horizon");
	double prices = json_num(a, "price_base");

	strbuf_adds(sb, "<header class=\"top\"><h1>");
	html_escape(sb, title_of(r));
	strbuf_adds(sb, "</h1>\n<p>");
	if (r->data.found[STAGE_APPRAISE])
		strbuf_addf(sb, "Appraised over %.0f years from %.0f, in %.0f prices; amounts are "
				"present values (discounted to %.0f).",
			    horizon, base, prices, base);
	else
		strbuf_adds(sb, "A report of valuemap's outputs.");
	strbuf_adds(sb, "</p></header>\n<main>\n");
}

static void contents(struct strbuf *sb, const struct report_data *d)
{
	strbuf_adds(sb, "<nav class=\"toc\" aria-label=\"Contents\"><ol>\n");
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		if (shown(d, i))
			strbuf_addf(sb, "<li><a href=\"#%s\">%s</a></li>\n", sections[i].id,
				    sections[i].title);
	strbuf_adds(sb, "</ol></nav>\n");
}

int report_html(const struct vmap_report *r, struct strbuf *sb)
{
	strbuf_adds(sb, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			"<meta name=\"generator\" content=\"valuemap " VMAP_VERSION "\">\n<title>");
	html_escape(sb, title_of(r));
	strbuf_addf(sb, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	header(sb, r);
	contents(sb, &r->data);
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		if (shown(&r->data, i))
			sections[i].write(sb, &r->data);
	strbuf_adds(sb, "<footer>Made by valuemap " VMAP_VERSION " from the files the stages "
			"wrote; every figure is also in valuemap.xlsx. Charts have tables of the "
			"same figures beside them.</footer>\n</main>\n</body>\n</html>\n");
	return sb->failed ? VMAP_NOMEM : VMAP_OK;
}
