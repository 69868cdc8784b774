/*
 * write_pool.c - pool.json, portfolio.csv and credits.csv.
 *
 * pool.json holds everything (DESIGN.md's keys, plus how the Shapley value was found and the
 * budgets used); portfolio.csv has one row per intervention; credits.csv one row per sharing
 * method and agency, so the three methods can be compared side by side.
 */
#include "pool.h"

#include "core/json_out.h"

#include <math.h>

static const char *player_id(const struct vmap_pool *pool, size_t p)
{
	return pool->model->agencies[pool->agency[p]].id;
}

static double item_benefit(const struct vmap_pool *pool, size_t i)
{
	double sum = 0;

	for (size_t p = 0; p < pool->players; p++)
		sum += pool->benefit[i * pool->players + p];
	return sum;
}

static bool in_gap(const struct vmap_pool *pool, size_t i)
{
	return pool->funding.pooled[i] && !pool->funding.siloed[i];
}

static void json_agency(struct json_out *j, cJSON *list, const struct vmap_pool *pool, size_t p)
{
	const vmap_pool_share *s = &pool->shares[p];
	cJSON *a = json_add_object(j, list, NULL);

	json_add_string(j, a, "id", player_id(pool, p));
	json_add_string(j, a, "name", pool->model->agencies[pool->agency[p]].name);
	json_add_number(j, a, "fiscal_benefit", s->fiscal_benefit);
	json_add_number(j, a, "shapley", s->shapley);
	json_add_number(j, a, "shapley_se", s->shapley_se);
	json_add_number(j, a, "contribution", s->contribution);
	json_add_number(j, a, "proportional_contribution", s->proportional_contribution);
	json_add_number(j, a, "scrb", s->scrb);
	json_add_number(j, a, "spend", s->spend);
	json_add_number(j, a, "balance", s->balance);
	json_add_number(j, a, "proportional_balance", s->proportional_contribution - s->spend);
	json_add_number(j, a, "scrb_balance", s->scrb - s->spend);
}

static void json_intervention(struct json_out *j, cJSON *list, const struct vmap_pool *pool,
			      size_t i)
{
	cJSON *o = json_add_object(j, list, NULL);
	long funder = pool->funding.siloed_by[i];

	json_add_string(j, o, "id", pool->model->interventions[i].id);
	json_add_number(j, o, "cost", pool->cost[i]);
	json_add_number(j, o, "fiscal_benefit", item_benefit(pool, i));
	json_add_bool(j, o, "funded_pooled", pool->funding.pooled[i]);
	json_add_bool(j, o, "funded_siloed", pool->funding.siloed[i]);
	if (funder >= 0)
		json_add_string(j, o, "siloed_by", player_id(pool, (size_t)funder));
	else
		json_add_null(j, o, "siloed_by");
	json_add_bool(j, o, "collaboration_gap", in_gap(pool, i));
}

static void json_amount_or_null(struct json_out *j, cJSON *parent, const char *key,
				double amount)
{
	if (isfinite(amount))
		json_add_number(j, parent, key, amount);
	else
		json_add_null(j, parent, key);
}

static void json_portfolio(struct json_out *j, const struct vmap_pool *pool)
{
	vmap_pool_portfolio pf = vmap_pool_get_portfolio(pool);
	cJSON *o = json_add_object(j, j->root, "portfolio"), *budgets, *agencies;

	json_add_number(j, o, "siloed_net", pf.siloed_net);
	json_add_number(j, o, "pooled_net", pf.pooled_net);
	json_add_number(j, o, "unlocked", pf.unlocked);
	json_add_number(j, o, "siloed_cost", pf.siloed_cost);
	json_add_number(j, o, "pooled_cost", pf.pooled_cost);
	if (!pf.budgeted) {
		json_add_null(j, o, "budgets");
		return;
	}
	budgets = json_add_object(j, o, "budgets");
	json_amount_or_null(j, budgets, "pooled", pf.pooled_budget);
	agencies = json_add_object(j, budgets, "agencies");
	for (size_t p = 0; p < pool->players; p++)
		json_amount_or_null(j, agencies, player_id(pool, p), pool->budget[p]);
}

/* The settling-up, and why nothing is funded, in the words stdout uses too. */
static void json_words(struct json_out *j, const struct vmap_pool *pool)
{
	char text[4096];

	vmap_pool_transfers(pool, text, sizeof text);
	json_add_string(j, j->root, "transfers", text);
	vmap_pool_why_nothing(pool, text, sizeof text);
	if (*text)
		json_add_string(j, j->root, "funds_nothing", text);
	else
		json_add_null(j, j->root, "funds_nothing");
}

int write_pool_json(struct vmap_pool *pool, struct outset *out)
{
	struct json_out j;
	struct strbuf sb;
	cJSON *shapley, *list;
	int rc = VMAP_OK;

	json_out_init(&j);
	strbuf_init(&sb);
	json_add_number(&j, j.root, "surplus", pool->surplus);
	json_add_number(&j, j.root, "funded_cost", pool->funding.pooled_cost);
	shapley = json_add_object(&j, j.root, "shapley");
	json_add_string(&j, shapley, "method", pool->exact ? "exact" : "sampled");
	json_add_number(&j, shapley, "permutations", pool->exact ? 0 : POOL_PERMUTATIONS);
	json_add_number(&j, shapley, "sampled_interventions", (double)pool->sampled_items);
	list = json_add_array(&j, j.root, "agencies");
	for (size_t p = 0; p < pool->players; p++)
		json_agency(&j, list, pool, p);
	list = json_add_array(&j, j.root, "interventions");
	for (size_t i = 0; i < pool->items; i++)
		json_intervention(&j, list, pool, i);
	json_portfolio(&j, pool);
	json_words(&j, pool);
	if (!json_out_render(&j, &sb))
		rc = diag_nomem(&pool->diag, "writing pool.json");
	else
		rc = outset_write_buf(out, "pool.json", &sb);
	json_out_release(&j);
	strbuf_release(&sb);
	return rc;
}

int write_portfolio_csv(struct vmap_pool *pool, struct outset *out)
{
	struct strbuf sb;
	int rc;

	strbuf_init(&sb);
	strbuf_adds(&sb, "intervention,cost,fiscal_benefit,net,funded_pooled,funded_siloed,"
			 "siloed_by,collaboration_gap\n");
	for (size_t i = 0; i < pool->items; i++) {
		long funder = pool->funding.siloed_by[i];
		double benefit = item_benefit(pool, i);
		strbuf_add_csv_field(&sb, pool->model->interventions[i].id);
		strbuf_adds(&sb, ",");
		strbuf_add_double(&sb, pool->cost[i]);
		strbuf_adds(&sb, ",");
		strbuf_add_double(&sb, benefit);
		strbuf_adds(&sb, ",");
		strbuf_add_double(&sb, benefit - pool->cost[i]);
		strbuf_addf(&sb, ",%s,%s,", pool->funding.pooled[i] ? "true" : "false",
			    pool->funding.siloed[i] ? "true" : "false");
		if (funder >= 0)
			strbuf_add_csv_field(&sb, player_id(pool, (size_t)funder));
		strbuf_addf(&sb, ",%s\n", in_gap(pool, i) ? "true" : "false");
	}
	rc = outset_write_buf(out, "portfolio.csv", &sb);
	strbuf_release(&sb);
	return rc;
}

static void credit_row(struct strbuf *sb, const char *method, const char *agency,
		       double contribution, double spend)
{
	strbuf_adds(sb, method);
	strbuf_adds(sb, ",");
	strbuf_add_csv_field(sb, agency);
	strbuf_adds(sb, ",");
	strbuf_add_double(sb, contribution);
	strbuf_adds(sb, ",");
	strbuf_add_double(sb, spend);
	strbuf_adds(sb, ",");
	strbuf_add_double(sb, contribution - spend);
	strbuf_adds(sb, "\n");
}

int write_credits_csv(struct vmap_pool *pool, struct outset *out)
{
	struct strbuf sb;
	int rc;

	strbuf_init(&sb);
	strbuf_adds(&sb, "method,agency,contribution,spend,balance\n");
	for (size_t p = 0; p < pool->players; p++) {
		const vmap_pool_share *s = &pool->shares[p];
		credit_row(&sb, "shapley", player_id(pool, p), s->contribution, s->spend);
		credit_row(&sb, "proportional", player_id(pool, p), s->proportional_contribution,
			   s->spend);
		credit_row(&sb, "scrb", player_id(pool, p), s->scrb, s->spend);
	}
	rc = outset_write_buf(out, "credits.csv", &sb);
	strbuf_release(&sb);
	return rc;
}
