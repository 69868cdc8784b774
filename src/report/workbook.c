/*
 * workbook.c - valuemap.xlsx through libxlsxwriter: a sheet per table the stages wrote
 * (Summary, Agencies, Interventions, Value map, Flows, Uncertainty, Sensitivity, Pool, Portfolio,
 * Credits, Journeys, Journey profiles, Journey balance, Linkage, Blocking), each formatted by
 * workbook_sheet.c. Record-level files (clusters.csv, pairs.csv, cohort.csv) are left out: the
 * workbook is for reading results, and those hold record and person ids; so is draws.csv (the
 * Uncertainty sheet summarises it; 10,000 draws belong in the CSV, not in a sheet).
 */
#include "report.h"

#include "workbook_sheet.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const measures[] = {"npsv", "bcr", "net_fiscal"};

static void summary_row(struct sheet *s, const char *what, double number, const char *text)
{
	sheet_text(s, s->rows, 0, what);
	if (text)
		sheet_text(s, s->rows - 1, 1, text);
	else
		sheet_number(s, s->rows - 1, 1, number);
}

static int summary_sheet(lxw_workbook *wb, const struct workbook_styles *st,
			 const struct vmap_report *r)
{
	static const char *const head[] = {"item", "value"};
	static const char *const totals[] = {"pv_cost", "pv_benefit", "pv_benefit_fiscal",
		"pv_benefit_cashable", "pv_benefit_economic", "pv_benefit_social", "npsv",
		"net_fiscal", "bcr", "fiscal_roi", "payback_year"};
	const cJSON *summary = r->data.appraise.summary;
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(summary, "appraisal");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(summary, "totals");
	struct sheet s;

	if (sheet_begin(&s, wb, st, "Summary", 2, head))
		return -1;
	s.kinds[1] = CELL_GENERAL;
	if (r->title)
		summary_row(&s, "title", 0, r->title);
	summary_row(&s, "appraisal", 0, json_str(a, "name") ? json_str(a, "name") : "");
	summary_row(&s, "base_year", json_num(a, "base_year"), NULL);
	summary_row(&s, "price_base", json_num(a, "price_base"), NULL);
	summary_row(&s, "horizon", json_num(a, "horizon"), NULL);
	summary_row(&s, "discount", json_num(a, "discount"), json_str(a, "discount"));
	for (size_t i = 0; i < sizeof totals / sizeof totals[0]; i++)
		summary_row(&s, totals[i], json_num(t, totals[i]), NULL);
	return sheet_end(&s) ? -1 : 0;
}

/* The pv of payer -> beneficiary in matrix.csv (summed if repeated; 0 when absent). */
static double matrix_pv(const struct rtable *m, const char *payer, const char *beneficiary)
{
	size_t p = rtable_col(m, "payer"), b = rtable_col(m, "beneficiary"), pv = rtable_col(m, "pv");
	double sum = 0;

	for (size_t row = 0; row < m->rows; row++)
		if (!strcmp(rtable_cell(m, row, p), payer) &&
		    !strcmp(rtable_cell(m, row, b), beneficiary) && isfinite(rtable_num(m, row, pv)))
			sum += rtable_num(m, row, pv);
	return sum;
}

static int value_map_sheet(lxw_workbook *wb, const struct workbook_styles *st,
			   const struct report_data *d)
{
	const struct rtable *ag = &d->appraise.agencies, *m = &d->appraise.matrix;
	const char *head[SHEET_COLS_MAX];
	size_t n = ag->rows + 1 < SHEET_COLS_MAX ? ag->rows : SHEET_COLS_MAX - 1;
	size_t id = rtable_col(ag, "id");
	struct sheet s;

	head[0] = "payer \\ beneficiary";
	for (size_t i = 0; i < n; i++)
		head[i + 1] = rtable_cell(ag, i, id);
	if (sheet_begin(&s, wb, st, "Value map", n + 1, head))
		return -1;
	for (size_t c = 1; c <= n; c++)
		s.kinds[c] = CELL_MONEY;
	for (size_t p = 0; p < n; p++) {
		sheet_text(&s, p, 0, head[p + 1]);
		for (size_t b = 0; b < n; b++)
			sheet_number(&s, p, b + 1, matrix_pv(m, head[p + 1], head[b + 1]));
	}
	return sheet_end(&s) ? -1 : 0;
}

static void stats_row(struct sheet *s, const char *scope, const char *measure,
		      const cJSON *stats)
{
	static const char *const fields[] = {"mean", "sd", "p05", "p50", "p95", "prob_positive"};
	size_t row = s->rows;

	if (!stats)
		return;
	sheet_text(s, row, 0, scope);
	sheet_text(s, row, 1, measure);
	for (size_t f = 0; f < 6; f++)
		sheet_number(s, row, f + 2, json_num(stats, fields[f]));
}

static int uncertainty_sheet(lxw_workbook *wb, const struct workbook_styles *st,
			     const cJSON *u)
{
	static const char *const head[] = {"scope", "measure", "mean", "sd", "p05", "p50", "p95",
					   "prob_positive"};
	const cJSON *agency;
	struct sheet s;

	if (sheet_begin(&s, wb, st, "Uncertainty", 8, head))
		return -1;
	for (size_t m = 0; m < 3; m++)
		stats_row(&s, "totals", measures[m],
			  cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(u, "totals"),
							   measures[m]));
	cJSON_ArrayForEach(agency, cJSON_GetObjectItemCaseSensitive(u, "agencies"))
		for (size_t m = 0; m < 3; m++)
			stats_row(&s, json_str(agency, "id"), measures[m],
				  cJSON_GetObjectItemCaseSensitive(agency, measures[m]));
	return sheet_end(&s) ? -1 : 0;
}

/* A sheet of the objects in a JSON array, one column per key of `head`: strings as text,
 * numbers as numbers, booleans as "true" or "false", like the stages' CSV files. */
static int sheet_from_array(lxw_workbook *wb, const struct workbook_styles *st,
			    const char *name, const cJSON *array, const char *const *head,
			    size_t cols)
{
	const cJSON *item;
	struct sheet s;

	if (sheet_begin(&s, wb, st, name, cols, head))
		return -1;
	cJSON_ArrayForEach(item, array) {
		size_t row = s.rows;
		for (size_t c = 0; c < cols; c++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, head[c]);
			if (cJSON_IsNumber(v))
				sheet_number(&s, row, c, v->valuedouble);
			else if (cJSON_IsString(v))
				sheet_text(&s, row, c, v->valuestring);
			else if (cJSON_IsBool(v))
				sheet_text(&s, row, c, cJSON_IsTrue(v) ? "true" : "false");
		}
		if (s.rows == row)
			s.rows++; /* an object with none of the keys still takes its row */
	}
	return sheet_end(&s) ? -1 : 0;
}

static int interventions_sheet(lxw_workbook *wb, const struct workbook_styles *st,
			       const cJSON *summary)
{
	static const char *const head[] = {"id", "name", "pv_cost", "pv_benefit",
		"pv_benefit_fiscal", "npsv", "net_fiscal", "bcr", "payback_year",
		"collaboration_gap"};

	return sheet_from_array(wb, st, "Interventions",
				cJSON_GetObjectItemCaseSensitive(summary, "interventions"), head, 10);
}

static int pool_sheet(lxw_workbook *wb, const struct workbook_styles *st, const cJSON *pool)
{
	static const char *const head[] = {"id", "name", "fiscal_benefit", "shapley",
		"shapley_se", "contribution", "proportional_contribution", "scrb", "spend",
		"balance", "proportional_balance", "scrb_balance"};

	return sheet_from_array(wb, st, "Pool", cJSON_GetObjectItemCaseSensitive(pool, "agencies"),
				head, 12);
}

static int linkage_sheet(lxw_workbook *wb, const struct workbook_styles *st, const cJSON *model)
{
	static const char *const head[] = {"field", "level", "m", "u", "weight"};
	const cJSON *comparison, *level;
	struct sheet s;

	if (sheet_begin(&s, wb, st, "Linkage", 5, head))
		return -1;
	cJSON_ArrayForEach(comparison, cJSON_GetObjectItemCaseSensitive(model, "comparisons"))
		cJSON_ArrayForEach(level, cJSON_GetObjectItemCaseSensitive(comparison, "levels")) {
			size_t row = s.rows;
			sheet_text(&s, row, 0, json_str(comparison, "field"));
			sheet_text(&s, row, 1, json_str(level, "level"));
			for (size_t c = 2; c < 5; c++)
				sheet_number(&s, row, c, json_num(level, head[c]));
		}
	return sheet_end(&s) ? -1 : 0;
}

static int blocking_sheet(lxw_workbook *wb, const struct workbook_styles *st,
			  const cJSON *summary)
{
	static const char *const head[] = {"rule", "blocks", "pairs_in_blocks", "new_pairs",
					   "blocks_skipped_as_too_large", "pairs_skipped"};

	return sheet_from_array(wb, st, "Blocking",
				cJSON_GetObjectItemCaseSensitive(summary, "blocking_rules"), head, 6);
}

static int appraise_sheets(lxw_workbook *wb, const struct workbook_styles *st,
			   const struct vmap_report *r)
{
	const struct appraise_files *a = &r->data.appraise;
	int rc = summary_sheet(wb, st, r);

	rc = rc ? rc : sheet_from_table(wb, st, "Agencies", &a->agencies);
	rc = rc ? rc : interventions_sheet(wb, st, a->summary);
	rc = rc ? rc : value_map_sheet(wb, st, &r->data);
	rc = rc ? rc : sheet_from_table(wb, st, "Flows", &a->flows);
	if (a->has_draws) {
		rc = rc ? rc : uncertainty_sheet(wb, st,
			cJSON_GetObjectItemCaseSensitive(a->summary, "uncertainty"));
		rc = rc ? rc : sheet_from_table(wb, st, "Sensitivity", &a->sensitivity);
	}
	return rc;
}

static int other_sheets(lxw_workbook *wb, const struct workbook_styles *st,
			const struct report_data *d)
{
	int rc = 0;

	if (d->found[STAGE_POOL]) {
		rc = rc ? rc : pool_sheet(wb, st, d->pool.pool);
		rc = rc ? rc : sheet_from_table(wb, st, "Portfolio", &d->pool.portfolio);
		rc = rc ? rc : sheet_from_table(wb, st, "Credits", &d->pool.credits);
	}
	if (d->found[STAGE_JOURNEYS]) {
		rc = rc ? rc : sheet_from_table(wb, st, "Journeys", &d->journeys.effects);
		rc = rc ? rc : sheet_from_table(wb, st, "Journey profiles", &d->journeys.profiles);
		rc = rc ? rc : sheet_from_table(wb, st, "Journey balance", &d->journeys.balance);
	}
	if (d->found[STAGE_LINK]) {
		rc = rc ? rc : linkage_sheet(wb, st, d->link.model);
		rc = rc ? rc : blocking_sheet(wb, st, d->link.summary);
	}
	return rc;
}

/* 1980-01-01T00:00:00Z */
#define WORKBOOK_CREATED ((time_t)315532800)

int report_workbook(const struct vmap_report *r, const char *path, struct vmap_diag *diag)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_doc_properties properties = {0};
	struct workbook_styles styles;
	lxw_error closed;
	int rc = 0;

	if (!wb)
		return diag_fail(diag, VMAP_IO, "%s: cannot start the workbook", path);
	/* The same inputs give the same bytes: the workbook's creation date is fixed (the date
	 * libxlsxwriter gives every file in the zip), never the clock's. */
	properties.created = WORKBOOK_CREATED;
	if (workbook_set_properties(wb, &properties) != LXW_NO_ERROR) {
		workbook_close(wb);
		return diag_fail(diag, VMAP_NOMEM, "writing the workbook: out of memory");
	}
	workbook_styles_make(wb, &styles);
	if (r->data.found[STAGE_APPRAISE])
		rc = appraise_sheets(wb, &styles, r);
	if (!rc)
		rc = other_sheets(wb, &styles, &r->data);
	closed = workbook_close(wb);
	if (rc)
		return diag_fail(diag, VMAP_NOMEM, "writing the workbook: out of memory");
	if (closed)
		return diag_fail(diag, VMAP_IO, "%s: cannot write the workbook: %s", path,
				 lxw_strerror(closed));
	return VMAP_OK;
}
