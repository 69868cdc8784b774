/*
 * section_journeys.c - the end-user lens, from journeys' files: each department's cost per
 * person by year around the index date (treated against the weighted comparison), the balance
 * of the cohorts before and after weighting, and the effects with their intervals against the
 * naive difference.
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

enum { YEARS_MAX = 64, GROUPS = 3, ROWS_MAX = 64 };

static const char *const groups[GROUPS] = {"treated", "weighted", "comparison"};
static const char *const group_labels[GROUPS] = {"Treated", "Comparison, weighted",
						 "Comparison, unweighted"};

/* The distinct values of a column, in order of first appearance (at most `max`). */
static size_t distinct(const struct rtable *t, size_t col, const char **out, size_t max)
{
	size_t n = 0;

	for (size_t r = 0; r < t->rows; r++) {
		const char *v = rtable_cell(t, r, col);
		size_t i = 0;
		while (i < n && strcmp(out[i], v) != 0)
			i++;
		if (i == n && n < max)
			out[n++] = v;
	}
	return n;
}

struct profile {
	double xs[YEARS_MAX], ys[GROUPS * YEARS_MAX];
	size_t years;
};

static void profile_make(struct profile *p, const struct rtable *t, const char *agency)
{
	size_t g_col = rtable_col(t, "group"), a_col = rtable_col(t, "agency");
	size_t y_col = rtable_col(t, "year"), m_col = rtable_col(t, "mean_cost");
	double lo = INFINITY, hi = -INFINITY;

	for (size_t r = 0; r < t->rows; r++)
		if (strcmp(rtable_cell(t, r, a_col), agency) == 0) {
			lo = fmin(lo, rtable_num(t, r, y_col));
			hi = fmax(hi, rtable_num(t, r, y_col));
		}
	p->years = isfinite(lo) && hi - lo < YEARS_MAX ? (size_t)(hi - lo) + 1 : 0;
	for (size_t k = 0; k < p->years; k++)
		p->xs[k] = lo + (double)k;
	for (size_t i = 0; i < GROUPS * YEARS_MAX; i++)
		p->ys[i] = NAN;
	for (size_t r = 0; r < t->rows && p->years; r++) {
		double y = rtable_num(t, r, y_col);
		if (strcmp(rtable_cell(t, r, a_col), agency) != 0 || !isfinite(y))
			continue;
		for (size_t g = 0; g < GROUPS; g++)
			if (strcmp(rtable_cell(t, r, g_col), groups[g]) == 0)
				p->ys[g * YEARS_MAX + (size_t)(y - lo)] = rtable_num(t, r, m_col);
	}
}

/* The figures of one department's chart: ys already packed as series * years. */
static void profile_table(struct strbuf *sb, const char *title, const struct profile *p)
{
	static const char *const head[] = {"Year", "Treated", "Comparison, weighted",
					   "Comparison, unweighted"};
	struct row_cells row;

	html_table_open(sb, title);
	html_table_row(sb, true, 4, head);
	for (size_t k = 0; k < p->years; k++) {
		row_reset(&row);
		row_fixed(&row, p->xs[k], 0);
		for (size_t g = 0; g < GROUPS; g++)
			row_money(&row, p->ys[g * p->years + k]);
		html_table_row(sb, false, row.count, row.ptr);
	}
	html_table_close(sb);
}

static void profiles(struct strbuf *sb, const struct report_data *d)
{
	const struct rtable *t = &d->journeys.profiles;
	const char *agencies[ROWS_MAX];
	size_t n = distinct(t, rtable_col(t, "agency"), agencies, ROWS_MAX);
	struct profile p;
	char id[64], title[200], label[64];

	strbuf_adds(sb, "<h3>Cost per person, year by year</h3>\n");
	html_para(sb, NULL, "Year 0 is the year from the index date (the start of the "
		  "intervention, or of the comparison's treatment); negative years are before it.");
	for (size_t a = 0; a < n; a++) {
		struct line_chart c = {{id, title, "Mean cost per person to the department in each "
				       "year relative to the index date, for the treated cohort "
				       "and the comparison cohort with and without weighting."},
				       GROUPS, 0, p.xs, NULL, NULL, NULL, group_labels, NULL,
				       "years from the index date", NULL, true};
		bool dashed[GROUPS] = {false, false, true};
		profile_make(&p, t, agencies[a]);
		agency_label(label, sizeof label, d, agencies[a]);
		snprintf(id, sizeof id, "profile-%zu", a);
		snprintf(title, sizeof title, "%s: cost per person", label);
		c.points = p.years;
		c.dashed = dashed;
		/* the chart reads ys as series * points: pack the rows */
		for (size_t g = 1; g < GROUPS; g++)
			memmove(p.ys + g * p.years, p.ys + g * YEARS_MAX, p.years * sizeof *p.ys);
		c.ys = p.ys;
		strbuf_adds(sb, "<figure><figcaption>");
		html_escape(sb, title);
		strbuf_adds(sb, "</figcaption>");
		chart_lines(sb, &c);
		strbuf_adds(sb, "</figure>\n");
		profile_table(sb, title, &p);
	}
}

static void balance_table(struct strbuf *sb, const struct rtable *t)
{
	static const char *const head[] = {"Covariate", "Mean, treated", "Mean, comparison",
					   "SMD before", "Mean, weighted comparison", "SMD after"};
	static const char *const cols[] = {"mean_treated", "mean_comparison", "smd_before",
					   "mean_weighted", "smd_after"};
	struct row_cells row;

	html_table_open(sb, "Balance of the cohorts: standardised mean differences (SMD) before "
			    "and after weighting");
	html_table_row(sb, true, 6, head);
	for (size_t r = 0; r < t->rows; r++) {
		row_reset(&row);
		row_text(&row, rtable_cell(t, r, rtable_col(t, "covariate")));
		for (int c = 0; c < 5; c++)
			row_fixed(&row, rtable_num(t, r, rtable_col(t, cols[c])), c == 2 || c == 4 ? 3 : 2);
		html_table_row(sb, false, row.count, row.ptr);
	}
	html_table_close(sb);
}

static void balance(struct strbuf *sb, const struct report_data *d)
{
	const struct rtable *t = &d->journeys.balance;
	size_t n = t->rows < ROWS_MAX ? t->rows : ROWS_MAX;
	const char *labels[ROWS_MAX];
	double after[ROWS_MAX], before[ROWS_MAX];
	struct interval_chart c = {{"balance", "Balance before and after weighting",
				    "For each covariate, the standardised mean difference between "
				    "the treated and the comparison cohort before weighting "
				    "(square) and after (dot); within 0.1 of zero (dashed lines) is "
				    "usually taken as balanced."},
				   n, labels, after, NULL, NULL, before, "After weighting",
				   "Before weighting", 0.1, false};

	for (size_t r = 0; r < n; r++) {
		labels[r] = rtable_cell(t, r, rtable_col(t, "covariate"));
		after[r] = rtable_num(t, r, rtable_col(t, "smd_after"));
		before[r] = rtable_num(t, r, rtable_col(t, "smd_before"));
	}
	strbuf_adds(sb, "<h3>Are the cohorts alike?</h3>\n");
	html_para(sb, NULL, "Weighting makes the comparison cohort resemble the treated one on "
		  "what was measured before the index date. It cannot balance what was not "
		  "measured.");
	strbuf_adds(sb, "<figure>");
	chart_intervals(sb, &c);
	strbuf_adds(sb, "</figure>\n");
	balance_table(sb, t);
}

static void effects_table(struct strbuf *sb, const struct report_data *d)
{
	static const char *const head[] = {"Department", "Year", "Effect per person",
					   "Standard error", "Interval, low", "Interval, high",
					   "Naive difference"};
	static const char *const cols[] = {"effect", "se", "ci_low", "ci_high", "naive"};
	const struct rtable *t = &d->journeys.effects;
	struct row_cells row;
	char label[64];

	html_table_open(sb, "Effect on each department's cost per treated person, by year after "
			    "the index date (negative: a saving)");
	html_table_row(sb, true, 7, head);
	for (size_t r = 0; r < t->rows; r++) {
		row_reset(&row);
		agency_label(label, sizeof label, d, rtable_cell(t, r, rtable_col(t, "agency")));
		row_text(&row, label);
		row_text(&row, rtable_cell(t, r, rtable_col(t, "year")));
		for (int c = 0; c < 5; c++)
			row_money(&row, rtable_num(t, r, rtable_col(t, cols[c])));
		html_table_row(sb, false, row.count, row.ptr);
	}
	html_table_close(sb);
}

struct effect_rows {
	char labels[ROWS_MAX][96];
	const char *label_ptr[ROWS_MAX];
	double est[ROWS_MAX], lo[ROWS_MAX], hi[ROWS_MAX], naive[ROWS_MAX];
};

static void effects(struct strbuf *sb, const struct report_data *d)
{
	const struct rtable *t = &d->journeys.effects;
	size_t n = t->rows < ROWS_MAX ? t->rows : ROWS_MAX;
	struct effect_rows *e = alloc_array(1, sizeof *e);
	struct interval_chart c = {{"effects", "Measured effects against the naive difference",
				    "For each department and year after the index date: the "
				    "effect on cost per treated person (dot) with its interval "
				    "(line), and the naive difference between the cohorts "
				    "(square); below zero is a saving."},
				   n, NULL, NULL, NULL, NULL, NULL, "Effect, with interval",
				   "Naive difference", 0, true};
	char label[64];

	if (!e) {
		sb->failed = true;
		return;
	}
	for (size_t r = 0; r < n; r++) {
		agency_label(label, sizeof label, d, rtable_cell(t, r, rtable_col(t, "agency")));
		snprintf(e->labels[r], sizeof e->labels[r], "%s, year %s", label,
			 rtable_cell(t, r, rtable_col(t, "year")));
		e->label_ptr[r] = e->labels[r];
		e->est[r] = rtable_num(t, r, rtable_col(t, "effect"));
		e->lo[r] = rtable_num(t, r, rtable_col(t, "ci_low"));
		e->hi[r] = rtable_num(t, r, rtable_col(t, "ci_high"));
		e->naive[r] = rtable_num(t, r, rtable_col(t, "naive"));
	}
	c.labels = e->label_ptr;
	c.estimate = e->est;
	c.lo = e->lo;
	c.hi = e->hi;
	c.other = e->naive;
	strbuf_adds(sb, "<h3>The measured effects</h3>\n");
	html_para(sb, NULL, "The effect is the change in each department's cost per treated "
		  "person; a negative effect is a saving. The naive difference compares the "
		  "cohorts without weighting and is shown for contrast.");
	strbuf_adds(sb, "<figure>");
	chart_intervals(sb, &c);
	strbuf_adds(sb, "</figure>\n");
	effects_table(sb, d);
	free(e);
}

/* Counts by group and the weighted comparison's effective sample size (Kish). */
static void cohort_sentence(struct strbuf *sb, const struct report_data *d)
{
	const struct rtable *t = &d->journeys.cohort;
	size_t group = rtable_col(t, "group"), weight = rtable_col(t, "weight");
	double treated = 0, comparison = 0, sum = 0, sum2 = 0;
	char a[32], b[32], ess[32];

	for (size_t r = 0; r < t->rows; r++) {
		double w = rtable_num(t, r, weight);
		if (strcmp(rtable_cell(t, r, group), "treated") == 0) {
			treated++;
			continue;
		}
		comparison++;
		if (isfinite(w)) {
			sum += w;
			sum2 += w * w;
		}
	}
	fmt_count(a, sizeof a, treated);
	fmt_count(b, sizeof b, comparison);
	fmt_count(ess, sizeof ess, sum2 > 0 ? sum * sum / sum2 : NAN);
	html_para(sb, "lede", "Linked records follow people through every department's services. "
		  "<strong>%s</strong> people who had the intervention are compared with %s "
		  "people who did not; after weighting, the comparison counts as much as %s "
		  "people would (its effective size).", a, b, ess);
}

void section_journeys(struct strbuf *sb, const struct report_data *d)
{
	html_section_open(sb, "journeys", "What the records show: journeys");
	cohort_sentence(sb, d);
	profiles(sb, d);
	balance(sb, d);
	effects(sb, d);
	html_section_close(sb);
}
