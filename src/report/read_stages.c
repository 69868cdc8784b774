/*
 * read_stages.c - finds which stages a folder holds and reads each one's files.
 *
 * A folder is a stage's own output folder when it holds that stage's marker file
 * (summary.json, pool.json, linkage-summary.json, journeys-summary.json), or a run's folder when
 * its subfolders appraise/, pool/, link/, journeys/ do. Once a stage is found by its marker,
 * every other file it always writes must be there and well-formed: a half-copied folder is an
 * error, never a report with a silent hole.
 */
#include "report.h"

#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const stage_dirs[STAGE_COUNT] = {"link", "journeys", "appraise", "pool"};
static const char *const stage_markers[STAGE_COUNT] = {
	"linkage-summary.json", "journeys-summary.json", "summary.json", "pool.json"};

static bool has_file(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

static char *join(const char *dir, const char *name)
{
	size_t length = strlen(dir) + strlen(name) + 2;
	char *path = alloc_array(length, 1);

	if (path)
		snprintf(path, length, "%s/%s", dir, name);
	return path;
}

static int find_stages(struct report_data *d, const char *dir, struct vmap_diag *diag)
{
	size_t found = 0;

	for (int s = 0; s < STAGE_COUNT; s++) {
		char *sub = join(dir, stage_dirs[s]);
		if (!sub)
			return diag_nomem(diag, "finding the stages");
		if (has_file(dir, stage_markers[s])) {
			free(sub);
			d->dirs[s] = alloc_strdup(dir);
		} else if (has_file(sub, stage_markers[s])) {
			d->dirs[s] = sub;
		} else {
			free(sub);
			continue;
		}
		if (!d->dirs[s])
			return diag_nomem(diag, "finding the stages");
		d->found[s] = true;
		found++;
	}
	if (!found)
		return diag_fail(diag, VMAP_INPUT,
				 "%s: no stage outputs found (expected summary.json, pool.json, "
				 "linkage-summary.json or journeys-summary.json, here or in "
				 "appraise/, pool/, link/ or journeys/)",
				 dir);
	return VMAP_OK;
}

static bool keep_headline(const char *column)
{
	return strcmp(column, "npsv") == 0 || strcmp(column, "bcr") == 0 ||
	       strncmp(column, "net_fiscal", 10) == 0;
}

static bool keep_weights(const char *column)
{
	return strcmp(column, "match_weight") == 0 || strcmp(column, "match_probability") == 0;
}

static int read_appraise(struct appraise_files *a, const char *dir, struct vmap_diag *diag)
{
	static const char *const agencies[] = {"id", "name", "government", "pv_cost", "pv_benefit",
		"pv_benefit_fiscal", "npsv", "net_fiscal", "bcr", "payback_year", NULL};
	static const char *const flows[] = {"intervention", "year", "calendar_year", "agency",
		"role", "kind", "real", "pv", NULL};
	static const char *const matrix[] = {"payer", "beneficiary", "pv", NULL};
	static const char *const draws[] = {"draw", "npsv", NULL};
	static const char *const sens[] = {"parameter", "output", "agency", "input_p10",
		"input_p90", "base", "at_p10", "at_p90", "swing", "switching_value", NULL};
	const struct rtable_spec agencies_spec = {agencies, agencies + 3, NULL};
	const struct rtable_spec flows_spec = {flows, flows + 6, NULL};
	const struct rtable_spec matrix_spec = {matrix, matrix + 2, NULL};
	const struct rtable_spec draws_spec = {draws, draws, keep_headline};
	const struct rtable_spec sens_spec = {sens, sens + 3, NULL};
	int rc = json_load(&a->summary, dir, "summary.json", diag);

	if (!rc)
		rc = rtable_load(&a->agencies, dir, "agencies.csv", &agencies_spec, diag);
	if (!rc)
		rc = rtable_load(&a->flows, dir, "flows.csv", &flows_spec, diag);
	if (!rc)
		rc = rtable_load(&a->matrix, dir, "matrix.csv", &matrix_spec, diag);
	a->has_draws = cJSON_GetObjectItemCaseSensitive(a->summary, "uncertainty") != NULL;
	if (!rc && a->has_draws)
		rc = rtable_load(&a->draws, dir, "draws.csv", &draws_spec, diag);
	if (!rc && a->has_draws)
		rc = rtable_load(&a->sensitivity, dir, "sensitivity.csv", &sens_spec, diag);
	return rc;
}

static int read_pool(struct pool_files *p, const char *dir, struct vmap_diag *diag)
{
	static const char *const portfolio[] = {"intervention", "funded_pooled", "funded_siloed",
		"collaboration_gap", "cost", "fiscal_benefit", "net", NULL};
	static const char *const credits[] = {"method", "agency", "contribution", "spend",
		"balance", NULL};
	const struct rtable_spec portfolio_spec = {portfolio, portfolio + 4, NULL};
	const struct rtable_spec credits_spec = {credits, credits + 2, NULL};
	int rc = json_load(&p->pool, dir, "pool.json", diag);

	if (!rc)
		rc = rtable_load(&p->portfolio, dir, "portfolio.csv", &portfolio_spec, diag);
	if (!rc)
		rc = rtable_load(&p->credits, dir, "credits.csv", &credits_spec, diag);
	return rc;
}

static int read_link(struct link_files *l, const char *dir, struct vmap_diag *diag)
{
	static const char *const pairs[] = {"match_weight", "match_probability", NULL};
	const struct rtable_spec pairs_spec = {pairs, pairs, keep_weights};
	int rc = json_load(&l->summary, dir, "linkage-summary.json", diag);

	if (!rc)
		rc = json_load(&l->model, dir, "linkmodel.json", diag);
	if (!rc)
		rc = rtable_load(&l->pairs, dir, "pairs.csv", &pairs_spec, diag);
	return rc;
}

static int read_journeys(struct journeys_files *j, const char *dir, struct vmap_diag *diag)
{
	static const char *const cohort[] = {"group", "weight", NULL};
	static const char *const balance[] = {"covariate", "mean_treated", "mean_comparison",
		"smd_before", "mean_weighted", "smd_after", NULL};
	static const char *const profiles[] = {"group", "agency", "year", "persons", "mean_cost",
		"ci_low", "ci_high", NULL};
	static const char *const effects[] = {"agency", "year", "effect", "se", "ci_low",
		"ci_high", "naive", NULL};
	const struct rtable_spec cohort_spec = {cohort, cohort + 1, NULL};
	const struct rtable_spec balance_spec = {balance, balance + 1, NULL};
	const struct rtable_spec profiles_spec = {profiles, profiles + 2, NULL};
	const struct rtable_spec effects_spec = {effects, effects + 1, NULL};
	int rc = json_load(&j->summary, dir, "journeys-summary.json", diag);

	if (!rc)
		rc = rtable_load(&j->cohort, dir, "cohort.csv", &cohort_spec, diag);
	if (!rc)
		rc = rtable_load(&j->balance, dir, "balance.csv", &balance_spec, diag);
	if (!rc)
		rc = rtable_load(&j->profiles, dir, "profiles.csv", &profiles_spec, diag);
	if (!rc)
		rc = rtable_load(&j->effects, dir, "effects.csv", &effects_spec, diag);
	return rc;
}

int report_data_read(struct report_data *d, const char *dir, struct vmap_diag *diag)
{
	int rc = find_stages(d, dir, diag);

	if (!rc && d->found[STAGE_LINK])
		rc = read_link(&d->link, d->dirs[STAGE_LINK], diag);
	if (!rc && d->found[STAGE_JOURNEYS])
		rc = read_journeys(&d->journeys, d->dirs[STAGE_JOURNEYS], diag);
	if (!rc && d->found[STAGE_APPRAISE])
		rc = read_appraise(&d->appraise, d->dirs[STAGE_APPRAISE], diag);
	if (!rc && d->found[STAGE_POOL])
		rc = read_pool(&d->pool, d->dirs[STAGE_POOL], diag);
	return rc;
}

void report_data_free(struct report_data *d)
{
	cJSON_Delete(d->appraise.summary);
	rtable_free(&d->appraise.agencies);
	rtable_free(&d->appraise.flows);
	rtable_free(&d->appraise.matrix);
	rtable_free(&d->appraise.draws);
	rtable_free(&d->appraise.sensitivity);
	cJSON_Delete(d->pool.pool);
	rtable_free(&d->pool.portfolio);
	rtable_free(&d->pool.credits);
	cJSON_Delete(d->link.summary);
	cJSON_Delete(d->link.model);
	rtable_free(&d->link.pairs);
	cJSON_Delete(d->journeys.summary);
	rtable_free(&d->journeys.cohort);
	rtable_free(&d->journeys.balance);
	rtable_free(&d->journeys.profiles);
	rtable_free(&d->journeys.effects);
	for (int s = 0; s < STAGE_COUNT; s++)
		free(d->dirs[s]);
	memset(d, 0, sizeof *d);
}
