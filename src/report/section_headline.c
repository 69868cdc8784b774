/*
 * section_headline.c - the first thing a reader sees: what is spent, what comes back and to
 * whom, the headline measures, and the collaboration gap in one sentence.
 */
#include "sections.h"

#include "html.h"
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void card(struct strbuf *sb, const char *label, const char *value, const char *note)
{
	strbuf_adds(sb, "<div class=\"card\"><div class=\"card-label\">");
	html_escape(sb, label);
	strbuf_adds(sb, "</div><div class=\"card-value\">");
	html_escape(sb, value);
	strbuf_adds(sb, "</div><div class=\"card-note\">");
	html_escape(sb, note);
	strbuf_adds(sb, "</div></div>\n");
}

static void payback_text(char *out, size_t size, const cJSON *summary, double payback)
{
	const cJSON *appraisal = cJSON_GetObjectItemCaseSensitive(summary, "appraisal");
	double base = json_num(appraisal, "base_year"), horizon = json_num(appraisal, "horizon");

	if (isfinite(payback) && isfinite(base))
		snprintf(out, size, "%.0f", base + payback);
	else if (isfinite(horizon))
		snprintf(out, size, "not within %.0f years", horizon);
	else
		snprintf(out, size, "never");
}

static void cards(struct strbuf *sb, const cJSON *summary)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(summary, "totals");
	char cost[48], benefit[48], npsv[48], bcr[48], payback[64], fiscal[48], note[96];

	fmt_money(cost, sizeof cost, json_num(t, "pv_cost"));
	fmt_money(benefit, sizeof benefit, json_num(t, "pv_benefit"));
	fmt_money(npsv, sizeof npsv, json_num(t, "npsv"));
	fmt_fixed(bcr, sizeof bcr, json_num(t, "bcr"), 2);
	payback_text(payback, sizeof payback, summary, json_num(t, "payback_year"));
	strbuf_adds(sb, "<div class=\"cards\">\n");
	card(sb, "Spent", cost, "present value of all costs");
	fmt_money(fiscal, sizeof fiscal, json_num(t, "pv_benefit_fiscal"));
	snprintf(note, sizeof note, "of which %s to public budgets", fiscal);
	card(sb, "Comes back", benefit, note);
	card(sb, "Net present social value", npsv, "benefits less costs, to society");
	card(sb, "Benefit-cost ratio", bcr, "pounds back per pound spent");
	card(sb, "Fiscal payback", payback, "when savings to government cover the cost");
	strbuf_adds(sb, "</div>\n");
}

/* "DHSC pays £4.4m and gets back £400,398" for each government agency. */
static void who_pays(struct strbuf *sb, const struct report_data *d)
{
	const struct rtable *t = &d->appraise.agencies;
	size_t cost = rtable_col(t, "pv_cost"), fiscal = rtable_col(t, "pv_benefit_fiscal");
	size_t net = rtable_col(t, "net_fiscal");
	struct agency_list list;
	char label[200], pays[48], gets[48], nets[48];

	agency_list_make(&list, d);
	strbuf_adds(sb, "<ul class=\"who\">\n");
	for (size_t i = 0; i < list.count; i++) {
		size_t r = list.rows[i];
		if (!list.government[i])
			continue;
		html_escape_to(label, sizeof label, list.labels[i]);
		fmt_money(pays, sizeof pays, rtable_num(t, r, cost));
		fmt_money(gets, sizeof gets, rtable_num(t, r, fiscal));
		fmt_money(nets, sizeof nets, rtable_num(t, r, net));
		if (rtable_num(t, r, cost) > 0)
			strbuf_addf(sb, "<li><strong>%s</strong> pays %s and gets back %s: "
					"<span class=\"%s\">net %s</span>.</li>\n",
				    label, pays, gets, rtable_num(t, r, net) < 0 ? "neg" : "pos",
				    nets);
		else
			strbuf_addf(sb, "<li><strong>%s</strong> pays nothing and gains %s.</li>\n",
				    label, gets);
	}
	strbuf_adds(sb, "</ul>\n");
}

static void gap_names(char *names, size_t size, const cJSON *items, size_t *gaps,
		      size_t *total, size_t *worth)
{
	const cJSON *item;
	char name[200];

	*gaps = *total = *worth = 0;
	names[0] = '\0';
	cJSON_ArrayForEach(item, items) {
		++*total;
		*worth += json_num(item, "pv_benefit_fiscal") >= json_num(item, "pv_cost");
		if (!json_bool(item, "collaboration_gap") || ++*gaps > 5)
			continue;
		html_escape_to(name, sizeof name, json_str(item, "name") ? json_str(item, "name")
									 : json_str(item, "id"));
		snprintf(names + strlen(names), size - strlen(names), "%s%s", *gaps > 1 ? "; " : "",
			 name);
	}
}

static void gap_sentence(struct strbuf *sb, const struct report_data *d)
{
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(d->appraise.summary, "interventions");
	size_t gaps, total, worth;
	char names[1024], unlocked[48];

	gap_names(names, sizeof names, items, &gaps, &total, &worth);
	if (gaps)
		html_para(sb, "gap", "<strong>The collaboration gap:</strong> %zu of %zu "
			  "intervention%s pay%s back for government as a whole but for no single "
			  "department (%s%s), so no department would fund %s alone.",
			  gaps, total, total == 1 ? "" : "s", gaps == 1 ? "s" : "", names,
			  gaps > 5 ? "; ..." : "", gaps == 1 ? "it" : "them");
	else if (!worth)
		html_para(sb, "gap", "<strong>The collaboration gap:</strong> none. No intervention "
			  "pays back in fiscal terms even for government as a whole, so pooling "
			  "budgets would not change what is worth funding.");
	else
		html_para(sb, "gap", "<strong>The collaboration gap:</strong> none. Every "
			  "intervention that pays back for government as a whole also pays back for "
			  "one department alone.");
	if (d->found[STAGE_POOL]) {
		const cJSON *pf = cJSON_GetObjectItemCaseSensitive(d->pool.pool, "portfolio");
		fmt_money(unlocked, sizeof unlocked, json_num(pf, "unlocked"));
		html_para(sb, NULL, "A pooled budget would unlock %s of net fiscal value that "
			  "departments funding alone leave on the table (see <a href=\"#pool\">the "
			  "pooled-budget deal</a>).", unlocked);
	}
}

void section_headline(struct strbuf *sb, const struct report_data *d)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(d->appraise.summary, "totals");
	char cost[48], benefit[48];

	html_section_open(sb, "headline", "The headline");
	fmt_money(cost, sizeof cost, json_num(t, "pv_cost"));
	fmt_money(benefit, sizeof benefit, json_num(t, "pv_benefit"));
	html_para(sb, "lede", "The interventions cost %s in today's money and bring back %s in "
		  "benefits. Who pays is not who gains:", cost, benefit);
	who_pays(sb, d);
	cards(sb, d->appraise.summary);
	gap_sentence(sb, d);
	html_section_close(sb);
}
