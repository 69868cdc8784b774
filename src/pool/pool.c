/*
 * pool.c - the public pool handle: budgets, the savings game, fair shares and credits.
 *
 * vmap_pool_run reads B(i,k), C(i) and what each agency pays from the appraisal, finds the
 * funded sets (funding.c), then plays the savings game over every intervention, or, under
 * budgets, over those the budgeted pool funds, so that shares always split the surplus the
 * pool realises and contributions always sum to the cost of what it funds.
 */
#include "pool.h"

#include "core/alloc.h"
#include "core/suggest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

vmap_pool *vmap_pool_new(const vmap_appraisal *appraisal)
{
	const struct vmap_model *m = appraisal->model;
	vmap_pool *pool = alloc_array(1, sizeof *pool);

	if (!pool)
		return NULL;
	pool->appraisal = appraisal;
	pool->model = m;
	pool->items = m->intervention_count;
	pool->agency = alloc_array(m->agency_count + 1, sizeof *pool->agency);
	pool->budget = alloc_array(m->agency_count + 1, sizeof *pool->budget);
	if (!pool->agency || !pool->budget) {
		vmap_pool_free(pool);
		return NULL;
	}
	for (size_t k = 0; k < m->agency_count; k++)
		if (m->agencies[k].government) {
			pool->budget[pool->players] = INFINITY;
			pool->agency[pool->players++] = k;
		}
	pool->pooled_budget = INFINITY;
	return pool;
}

/* Frees what vmap_pool_run allocates, leaving NULLs, so a failed run can be retried. */
static void release_results(vmap_pool *pool)
{
	free(pool->benefit);
	free(pool->paid);
	free(pool->cost);
	free(pool->funding.pooled);
	free(pool->funding.siloed);
	free(pool->funding.siloed_by);
	free(pool->shares);
	pool->benefit = pool->paid = pool->cost = NULL;
	pool->funding.pooled = pool->funding.siloed = NULL;
	pool->funding.siloed_by = NULL;
	pool->shares = NULL;
}

const char *vmap_pool_errmsg(const vmap_pool *pool)
{
	return pool ? pool->diag.message : "";
}

void vmap_pool_free(vmap_pool *pool)
{
	if (!pool)
		return;
	free(pool->agency);
	free(pool->budget);
	release_results(pool);
	free(pool);
}

static int check_amount(vmap_pool *pool, const char *what, double amount)
{
	if (isfinite(amount) && amount >= 0)
		return VMAP_OK;
	return diag_fail(&pool->diag, VMAP_USAGE,
			 "%s: expected an amount of at least 0, not %g", what, amount);
}

/* " (expected one of: a, b, c)", the government agencies' ids, cut short to fit. */
static void list_ids(char *out, size_t size, const char *const *ids, size_t count)
{
	size_t used;

	if (count == 0) {
		snprintf(out, size, " (the model has no government agency)");
		return;
	}
	used = (size_t)snprintf(out, size, " (expected one of: ");
	for (size_t j = 0; j < count && used < size; j++)
		used += (size_t)snprintf(out + used, size - used, "%s%s", j ? ", " : "", ids[j]);
	if (used < size)
		snprintf(out + used, size - used, ")");
}

/* The player whose agency id is `id`, or an error that names the nearest one. */
static int find_player(vmap_pool *pool, const char *id, size_t *player)
{
	const struct vmap_model *m = pool->model;
	const char **ids;
	char hint[400];

	for (size_t p = 0; p < pool->players; p++)
		if (strcmp(m->agencies[pool->agency[p]].id, id) == 0) {
			*player = p;
			return VMAP_OK;
		}
	for (size_t k = 0; k < m->agency_count; k++)
		if (strcmp(m->agencies[k].id, id) == 0)
			return diag_fail(&pool->diag, VMAP_USAGE,
					 "agency '%s' is not a government agency: only government "
					 "agencies hold budgets", id);
	ids = alloc_array(pool->players + 1, sizeof *ids);
	if (!ids)
		return diag_nomem(&pool->diag, "suggesting an agency");
	for (size_t p = 0; p < pool->players; p++)
		ids[p] = m->agencies[pool->agency[p]].id;
	suggest_hint(hint, sizeof hint, id, ids, pool->players);
	if (!*hint)
		list_ids(hint, sizeof hint, ids, pool->players);
	free(ids);
	return diag_fail(&pool->diag, VMAP_USAGE, "unknown agency '%s'%s", id, hint);
}

int vmap_pool_set_budget(vmap_pool *pool, const char *agency_id, double amount)
{
	size_t player;
	int rc;

	diag_clear(&pool->diag);
	rc = find_player(pool, agency_id, &player);
	if (!rc)
		rc = check_amount(pool, agency_id, amount);
	if (rc)
		return rc;
	if (!pool->has_budgets)
		for (size_t p = 0; p < pool->players; p++)
			pool->budget[p] = 0;
	pool->has_budgets = true;
	pool->budget[player] = amount;
	return VMAP_OK;
}

int vmap_pool_set_pooled_budget(vmap_pool *pool, double amount)
{
	int rc;

	diag_clear(&pool->diag);
	rc = check_amount(pool, "pooled budget", amount);
	if (rc)
		return rc;
	pool->has_pooled = true;
	pool->pooled_budget = amount;
	return VMAP_OK;
}

static int allocate_results(vmap_pool *pool)
{
	size_t n = pool->players, items = pool->items;

	if (pool->benefit)
		return VMAP_OK;
	pool->benefit = alloc_array(items * n + 1, sizeof *pool->benefit);
	pool->paid = alloc_array(items * n + 1, sizeof *pool->paid);
	pool->cost = alloc_array(items + 1, sizeof *pool->cost);
	pool->funding.pooled = alloc_array(items + 1, sizeof *pool->funding.pooled);
	pool->funding.siloed = alloc_array(items + 1, sizeof *pool->funding.siloed);
	pool->funding.siloed_by = alloc_array(items + 1, sizeof *pool->funding.siloed_by);
	pool->shares = alloc_array(n + 1, sizeof *pool->shares);
	if (!pool->benefit || !pool->paid || !pool->cost || !pool->funding.pooled ||
	    !pool->funding.siloed || !pool->funding.siloed_by || !pool->shares) {
		release_results(pool);
		return diag_nomem(&pool->diag, "the pool");
	}
	return VMAP_OK;
}

static void read_appraisal(vmap_pool *pool)
{
	const struct valuation *v = &pool->appraisal->value;

	for (size_t i = 0; i < pool->items; i++) {
		pool->cost[i] = valuation_intervention(v, i).pv_cost;
		for (size_t p = 0; p < pool->players; p++) {
			size_t k = pool->agency[p];
			pool->benefit[i * pool->players + p] = valuation_fiscal(v, i, k);
			pool->paid[i * pool->players + p] = valuation_paid(v, i, k);
		}
	}
}

static struct pool_game game_of(const vmap_pool *pool)
{
	struct pool_game g = {pool->players, pool->items, pool->benefit, pool->cost, NULL};

	if (pool->has_budgets || pool->has_pooled)
		g.counted = pool->funding.pooled;
	return g;
}

static int solve_funding(vmap_pool *pool)
{
	struct pool_game g = {pool->players, pool->items, pool->benefit, pool->cost, NULL};
	struct funding_limits limits = {NULL, pool->pooled_budget};

	if (pool->has_budgets) {
		limits.agency = pool->budget;
		if (!pool->has_pooled) {
			limits.pooled = 0;
			for (size_t p = 0; p < pool->players; p++)
				limits.pooled += pool->budget[p];
			pool->pooled_budget = limits.pooled;
		}
	}
	return funding_solve(&g, &limits, &pool->funding, &pool->diag);
}

/* What SCRB needs of the game besides v(all): v({k}) and v(all but k), per player. */
struct side_values {
	double *alone, *without;
};

/* The arrays of one play, each [players]: the Shapley value and its standard error, the side
 * values, and SCRB's cost game (alone, without and the resulting share). */
struct play_arrays {
	double *phi, *se;
	struct side_values side;
	double *scrb_alone, *scrb_without, *scrb_share;
};

static void play_arrays_release(struct play_arrays *a)
{
	free(a->phi);
	free(a->se);
	free(a->side.alone);
	free(a->side.without);
	free(a->scrb_alone);
	free(a->scrb_without);
	free(a->scrb_share);
}

static bool play_arrays_init(struct play_arrays *a, size_t n)
{
	a->phi = alloc_array(n + 1, sizeof *a->phi);
	a->se = alloc_array(n + 1, sizeof *a->se);
	a->side.alone = alloc_array(n + 1, sizeof *a->side.alone);
	a->side.without = alloc_array(n + 1, sizeof *a->side.without);
	a->scrb_alone = alloc_array(n + 1, sizeof *a->scrb_alone);
	a->scrb_without = alloc_array(n + 1, sizeof *a->scrb_without);
	a->scrb_share = alloc_array(n + 1, sizeof *a->scrb_share);
	if (a->phi && a->se && a->side.alone && a->side.without && a->scrb_alone &&
	    a->scrb_without && a->scrb_share)
		return true;
	play_arrays_release(a);
	return false;
}

static int play_exact(vmap_pool *pool, const struct pool_game *g, double *phi,
		      struct side_values *side)
{
	size_t n = pool->players, full = ((size_t)1 << n) - 1;
	double *table = alloc_array(full + 1, sizeof *table);

	if (!table || game_table(g, table) != 0) {
		free(table);
		return diag_nomem(&pool->diag, "the table of coalition values");
	}
	shapley_exact(table, n, phi);
	pool->surplus = table[full];
	for (size_t p = 0; p < n; p++) {
		side->alone[p] = table[(size_t)1 << p];
		side->without[p] = table[full ^ ((size_t)1 << p)];
	}
	free(table);
	return VMAP_OK;
}

static int play_by_item(vmap_pool *pool, const struct pool_game *g, double *phi, double *se,
			struct side_values *side)
{
	size_t n = pool->players;
	bool *member = alloc_array(n, sizeof *member);

	if (!member || shapley_by_item(g, POOL_PERMUTATIONS, POOL_SEED, phi, se,
				       &pool->sampled_items) != 0) {
		free(member);
		return diag_nomem(&pool->diag, "the Shapley value");
	}
	for (size_t p = 0; p < n; p++)
		member[p] = true;
	pool->surplus = game_value(g, member);
	for (size_t p = 0; p < n; p++) {
		member[p] = false;
		side->without[p] = game_value(g, member);
		member[p] = true;
	}
	for (size_t p = 0; p < n; p++) {
		for (size_t q = 0; q < n; q++)
			member[q] = q == p;
		side->alone[p] = game_value(g, member);
	}
	free(member);
	return VMAP_OK;
}

/* Fiscal benefit and spend of each player over the interventions the pool funds. */
static void add_funded(vmap_pool *pool, double *funded_cost, double *benefit_total)
{
	*funded_cost = *benefit_total = 0;
	for (size_t p = 0; p < pool->players; p++)
		pool->shares[p].fiscal_benefit = pool->shares[p].spend = 0;
	for (size_t i = 0; i < pool->items; i++) {
		if (!pool->funding.pooled[i])
			continue;
		*funded_cost += pool->cost[i];
		for (size_t p = 0; p < pool->players; p++) {
			pool->shares[p].fiscal_benefit += pool->benefit[i * pool->players + p];
			pool->shares[p].spend += pool->paid[i * pool->players + p];
		}
	}
	for (size_t p = 0; p < pool->players; p++)
		*benefit_total += pool->shares[p].fiscal_benefit;
}

/* SCRB in the cost game c(S) = sum over k in S of fiscal_benefit_k - v(S), whose c(all) is the
 * funded cost and whose Shapley value is the contribution. */
static void share_scrb(vmap_pool *pool, double benefit_total, struct play_arrays *a)
{
	size_t n = pool->players;

	for (size_t p = 0; p < n; p++) {
		double fb = pool->shares[p].fiscal_benefit;
		a->scrb_alone[p] = fb - a->side.alone[p];
		a->scrb_without[p] = benefit_total - fb - a->side.without[p];
	}
	scrb_allocate(n, benefit_total - pool->surplus, a->scrb_alone, a->scrb_without,
		      a->scrb_share);
	for (size_t p = 0; p < n; p++)
		pool->shares[p].scrb = a->scrb_share[p];
}

static void share_credits(vmap_pool *pool, struct play_arrays *a)
{
	double funded_cost, benefit_total;

	add_funded(pool, &funded_cost, &benefit_total);
	for (size_t p = 0; p < pool->players; p++) {
		vmap_pool_share *s = &pool->shares[p];
		s->shapley = a->phi[p];
		s->shapley_se = a->se[p];
		s->contribution = s->fiscal_benefit - s->shapley;
		s->proportional_contribution =
			benefit_total != 0 ? funded_cost * s->fiscal_benefit / benefit_total : 0;
		s->balance = s->contribution - s->spend;
	}
	share_scrb(pool, benefit_total, a);
}

int pool_play(vmap_pool *pool)
{
	size_t n = pool->players;
	struct pool_game g = game_of(pool);
	struct play_arrays a;
	int rc;

	if (!play_arrays_init(&a, n))
		return diag_nomem(&pool->diag, "the shares");
	pool->sampled_items = 0;
	if (n <= POOL_EXACT_MAX && table_work(&g) <= by_item_work(&g))
		rc = play_exact(pool, &g, a.phi, &a.side);
	else
		rc = play_by_item(pool, &g, a.phi, a.se, &a.side);
	pool->exact = pool->sampled_items == 0;
	if (!rc)
		share_credits(pool, &a);
	play_arrays_release(&a);
	return rc;
}

int vmap_pool_run(vmap_pool *pool)
{
	int rc;

	diag_clear(&pool->diag);
	if (!pool->appraisal->done)
		return diag_fail(&pool->diag, VMAP_USAGE, "run the appraisal before the pool");
	rc = allocate_results(pool);
	if (rc)
		return rc;
	read_appraisal(pool);
	rc = solve_funding(pool);
	if (!rc)
		rc = pool_play(pool);
	pool->done = !rc;
	return rc;
}

size_t vmap_pool_agency_count(const vmap_pool *pool)
{
	return pool->players;
}

size_t vmap_pool_agency(const vmap_pool *pool, size_t index)
{
	return index < pool->players ? pool->agency[index] : SIZE_MAX;
}

vmap_pool_share vmap_pool_agency_share(const vmap_pool *pool, size_t index)
{
	static const vmap_pool_share none = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};

	return pool->done && index < pool->players ? pool->shares[index] : none;
}

double vmap_pool_surplus(const vmap_pool *pool)
{
	return pool->surplus;
}

bool vmap_pool_shapley_is_exact(const vmap_pool *pool)
{
	return pool->exact;
}

bool vmap_pool_funded_pooled(const vmap_pool *pool, size_t intervention)
{
	return pool->done && intervention < pool->items && pool->funding.pooled[intervention];
}

bool vmap_pool_funded_siloed(const vmap_pool *pool, size_t intervention)
{
	return pool->done && intervention < pool->items && pool->funding.siloed[intervention];
}

vmap_pool_portfolio vmap_pool_get_portfolio(const vmap_pool *pool)
{
	const struct funding *f = &pool->funding;
	vmap_pool_portfolio p = {f->siloed_net, f->pooled_net, f->pooled_net - f->siloed_net,
				 f->siloed_cost, f->pooled_cost, pool->has_budgets || pool->has_pooled,
				 pool->pooled_budget};
	return p;
}

static void protect_model(void *context, struct outset *out)
{
	const vmap_pool *pool = context;

	outset_protect(out, pool->model->path);
}

static int write_outputs(void *context, struct outset *out)
{
	vmap_pool *pool = context;
	int rc = write_pool_json(pool, out);

	if (!rc)
		rc = write_portfolio_csv(pool, out);
	if (!rc)
		rc = write_credits_csv(pool, out);
	return rc;
}

int vmap_pool_write(vmap_pool *pool, const char *dir)
{
	struct outset_job job = {pool, protect_model, write_outputs};

	if (!pool->done)
		return diag_fail(&pool->diag, VMAP_USAGE, "nothing to write: run the pool first");
	diag_clear(&pool->diag);
	return outset_run(dir, &pool->diag, &job);
}
