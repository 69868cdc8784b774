/*
 * section_pool.c - the pooled-budget deal, from pool's files: each department's share under
 * three rules side by side (Shapley, proportional, SCRB), the balances in words ("DWP pays the
 * pool £41,955"), and the portfolio a pooled budget funds against separate budgets.
 */
#include "sections.h"

#include "charts.h"
#include "html.h"
#include "numfmt.h"

#include "core/alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PORTFOLIO_ROWS = 30 };

static const char *const methods[] = {"shapley", "proportional", "scrb"};

struct deal {
	size_t count;
	const char *ids[AGENCIES_MAX];
	char labels[AGENCIES_MAX][64];
	double contribution[AGENCIES_MAX * 3], balance[AGENCIES_MAX * 3], spend[AGENCIES_MAX];
};

static size_t deal_agency(struct deal *deal, const struct report_data *d, const char *id)
{
	for (size_t i = 0; i < deal->count; i++)
		if (strcmp(deal->ids[i], id) == 0)
			return i;
	if (deal->count == AGENCIES_MAX)
		return SIZE_MAX;
	deal->ids[deal->count] = id;
	agency_label(deal->labels[deal->count], sizeof deal->labels[0], d, id);
	for (int m = 0; m < 3; m++)
		deal->contribution[deal->count * 3 + (size_t)m] =
			deal->balance[deal->count * 3 + (size_t)m] = NAN;
	return deal->count++;
}

static void deal_make(struct deal *deal, const struct report_data *d)
{
	const struct rtable *t = &d->pool.credits;
	size_t method = rtable_col(t, "method"), agency = rtable_col(t, "agency");
	size_t contribution = rtable_col(t, "contribution"), spend = rtable_col(t, "spend");
	size_t balance = rtable_col(t, "balance");

	deal->count = 0;
	for (size_t r = 0; r < t->rows; r++) {
		size_t a = deal_agency(deal, d, rtable_cell(t, r, agency));
		for (size_t m = 0; m < 3 && a != SIZE_MAX; m++) {
			if (strcmp(rtable_cell(t, r, method), methods[m]) != 0)
				continue;
			deal->contribution[a * 3 + m] = rtable_num(t, r, contribution);
			deal->balance[a * 3 + m] = rtable_num(t, r, balance);
			deal->spend[a] = rtable_num(t, r, spend);
		}
	}
}

static void deal_in_words(struct strbuf *sb, const struct deal *deal)
{
	char label[200], money[48];

	strbuf_adds(sb, "<ul class=\"deal\">\n");
	for (size_t a = 0; a < deal->count; a++) {
		double b = deal->balance[a * 3];
		html_escape_to(label, sizeof label, deal->labels[a]);
		fmt_money(money, sizeof money, fabs(b));
		if (!isfinite(b))
			continue;
		if (round(b) > 0)
			strbuf_addf(sb, "<li><strong>%s pays the pool %s</strong></li>\n", label,
				    money);
		else if (round(b) < 0)
			strbuf_addf(sb, "<li><strong>%s receives %s from the pool</strong></li>\n",
				    label, money);
		else
			strbuf_addf(sb, "<li>%s neither pays the pool nor receives from it</li>\n",
				    label);
	}
	strbuf_adds(sb, "</ul>\n");
}

static void deal_table(struct strbuf *sb, const struct deal *deal)
{
	static const char *const head[] = {"Department", "Spends on funded work", "Shapley",
					   "Proportional", "SCRB"};
	struct row_cells row;

	for (int table = 0; table < 2; table++) {
		const double *values = table ? deal->balance : deal->contribution;
		html_table_open(sb, table ? "Each department's balance with the pool (positive: "
					    "pays the pool; negative: receives from it)"
					  : "Each department's share of the cost of what the pool "
					    "funds, under three rules");
		html_table_row(sb, true, 5, head);
		for (size_t a = 0; a < deal->count; a++) {
			row_reset(&row);
			row_text(&row, deal->labels[a]);
			row_money(&row, deal->spend[a]);
			for (int m = 0; m < 3; m++)
				row_money(&row, values[a * 3 + (size_t)m]);
			html_table_row(sb, false, row.count, row.ptr);
		}
		html_table_close(sb);
	}
}

static void shares(struct strbuf *sb, const struct report_data *d)
{
	static const char *const series[] = {"Shapley", "Proportional", "SCRB"};
	struct deal *deal = alloc_array(1, sizeof *deal);
	const char *labels[AGENCIES_MAX];
	struct bar_chart c = {{"pool-shares", "Each department's share under three rules",
			       "For each department, its contribution to the cost of what the pool "
			       "funds under the Shapley value, in proportion to its gains, and by "
			       "separable costs remaining benefits (SCRB)."},
			      0, 3, labels, series, NULL, true};

	if (!deal) {
		sb->failed = true;
		return;
	}
	deal_make(deal, d);
	for (size_t a = 0; a < deal->count; a++)
		labels[a] = deal->labels[a];
	c.cats = deal->count;
	c.values = deal->contribution;
	strbuf_adds(sb, "<h3>The deal, in words (Shapley shares)</h3>\n");
	html_para(sb, NULL, "Each department pays for the funded work it is down to pay for; the "
		  "balance settles the difference between that and its fair share:");
	deal_in_words(sb, deal);
	strbuf_adds(sb, "<h3>Three ways to share</h3>\n<figure>");
	chart_bars(sb, &c);
	strbuf_adds(sb, "</figure>\n");
	deal_table(sb, deal);
	free(deal);
}

static const char *intervention_name(const struct report_data *d, const char *id)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(d->appraise.summary,
								  "interventions")) {
		const char *this_id = json_str(item, "id");
		if (this_id && strcmp(this_id, id) == 0 && json_str(item, "name"))
			return json_str(item, "name");
	}
	return id;
}

static const char *yes_no(const char *flag)
{
	return strcmp(flag, "true") == 0 ? "yes" : "no";
}

static void portfolio_table(struct strbuf *sb, const struct report_data *d)
{
	static const char *const head[] = {"Intervention", "Cost", "Fiscal benefit", "Net",
					   "Funded by the pool", "Funded alone",
					   "Collaboration gap"};
	static const char *const money_cols[] = {"cost", "fiscal_benefit", "net"};
	static const char *const flag_cols[] = {"funded_pooled", "funded_siloed",
						"collaboration_gap"};
	const struct rtable *t = &d->pool.portfolio;
	size_t id = rtable_col(t, "intervention");
	struct row_cells row;

	html_table_open(sb, "The portfolio: each intervention, pooled and separate budgets");
	html_table_row(sb, true, 7, head);
	for (size_t r = 0; r < t->rows && r < PORTFOLIO_ROWS; r++) {
		row_reset(&row);
		row_text(&row, intervention_name(d, rtable_cell(t, r, id)));
		for (int c = 0; c < 3; c++)
			row_money(&row, rtable_num(t, r, rtable_col(t, money_cols[c])));
		for (int c = 0; c < 3; c++)
			row_text(&row, yes_no(rtable_cell(t, r, rtable_col(t, flag_cols[c]))));
		html_table_row(sb, false, row.count, row.ptr);
	}
	html_table_close(sb);
	html_table_more(sb, t->rows < PORTFOLIO_ROWS ? t->rows : PORTFOLIO_ROWS, t->rows);
}

static void portfolio(struct strbuf *sb, const struct report_data *d, const cJSON *pf)
{
	static const char *const cats[] = {"Separate budgets", "Pooled budget"};
	static const char *const series[] = {"Cost of what is funded", "Net fiscal value"};
	double values[4] = {json_num(pf, "siloed_cost"), json_num(pf, "siloed_net"),
			    json_num(pf, "pooled_cost"), json_num(pf, "pooled_net")};
	struct bar_chart c = {{"portfolio", "What separate and pooled budgets fund",
			       "The cost of the interventions funded, and their net fiscal value, "
			       "under separate departmental budgets and under a pooled budget."},
			      2, 2, cats, series, values, true};

	strbuf_adds(sb, "<h3>Separate budgets against a pooled budget</h3>\n<figure>");
	chart_bars(sb, &c);
	strbuf_adds(sb, "</figure>\n");
	portfolio_table(sb, d);
}

void section_pool(struct strbuf *sb, const struct report_data *d)
{
	const cJSON *pf = cJSON_GetObjectItemCaseSensitive(d->pool.pool, "portfolio");
	const struct rtable *t = &d->pool.portfolio;
	size_t pooled = 0, siloed = 0;
	char unlocked[48], surplus[48];

	for (size_t r = 0; r < t->rows; r++) {
		pooled += strcmp(rtable_cell(t, r, rtable_col(t, "funded_pooled")), "true") == 0;
		siloed += strcmp(rtable_cell(t, r, rtable_col(t, "funded_siloed")), "true") == 0;
	}
	fmt_money(unlocked, sizeof unlocked, json_num(pf, "unlocked"));
	fmt_money(surplus, sizeof surplus, json_num(d->pool.pool, "surplus"));
	html_section_open(sb, "pool", "The pooled-budget deal");
	html_para(sb, "lede", "If departments pool their budgets and fund whatever pays back for "
		  "government as a whole, the pool funds %zu intervention%s where separate "
		  "budgets fund %zu. Pooling unlocks <strong>%s</strong> of net fiscal value; the "
		  "savings it makes (%s) are shared so that every department is better off in the "
		  "pool than alone.", pooled, pooled == 1 ? "" : "s", siloed, unlocked, surplus);
	if (pooled == 0) { /* nothing to share: no charts of zeros */
		html_para(sb, NULL, "No intervention pays back for government as a whole, so the "
			  "pool funds nothing and there is nothing to share.");
		portfolio_table(sb, d);
	} else {
		shares(sb, d);
		portfolio(sb, d, pf);
	}
	html_section_close(sb);
}
