/*
 * funding.c - pooled and siloed funded sets, in closed form or, under budgets, as 0-1
 * programmes solved with GLPK's branch and cut.
 *
 * Pooled, with budget P: maximise sum_i net_i y_i subject to sum_i C(i) y_i <= P, over the
 * items with net_i = sum_k B(i,k) - C(i) > 0. Siloed, with budgets b_k: x_ik is 1 when agency
 * k funds item i alone; only pairs with B(i,k) >= C(i) > 0 exist (an item that costs nothing
 * is nothing to fund); maximise each agency's own net
 * sum_ik (B(i,k) - C(i)) x_ik subject to sum_k x_ik <= 1 per item and sum_i C(i) x_ik <= b_k
 * per agency that has a budget. GLPK never prints here (message level off).
 */
#include "funding.h"

#include "core/alloc.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>

/* A 0-1 programme in GLPK's triplet form (1-based, as GLPK wants). */
struct programme {
	glp_prob *lp;
	int *row, *col;
	double *value;
	int entries, capacity;
};

static const double *row_of(const struct pool_game *g, size_t i)
{
	return g->benefit + i * g->players;
}

static double item_benefit(const struct pool_game *g, size_t i)
{
	double sum = 0;

	for (size_t k = 0; k < g->players; k++)
		sum += row_of(g, i)[k];
	return sum;
}

static void closed_pooled(const struct pool_game *g, struct funding *out)
{
	for (size_t i = 0; i < g->items; i++)
		out->pooled[i] = item_benefit(g, i) > g->cost[i];
}

static void closed_siloed(const struct pool_game *g, struct funding *out)
{
	for (size_t i = 0; i < g->items; i++) {
		long best = -1;
		for (size_t k = 0; k < g->players; k++)
			if (best < 0 || row_of(g, i)[k] > row_of(g, i)[best])
				best = (long)k;
		out->siloed[i] = best >= 0 && g->cost[i] > 0 && row_of(g, i)[best] >= g->cost[i];
		out->siloed_by[i] = out->siloed[i] ? best : -1;
	}
}

static int programme_init(struct programme *p, int capacity)
{
	p->lp = NULL;
	p->entries = 0;
	p->capacity = capacity;
	p->row = alloc_array((size_t)capacity + 1, sizeof *p->row);
	p->col = alloc_array((size_t)capacity + 1, sizeof *p->col);
	p->value = alloc_array((size_t)capacity + 1, sizeof *p->value);
	if (!p->row || !p->col || !p->value)
		return -1;
	p->lp = glp_create_prob();
	glp_set_obj_dir(p->lp, GLP_MAX);
	return 0;
}

static void programme_release(struct programme *p)
{
	if (p->lp)
		glp_delete_prob(p->lp);
	free(p->row);
	free(p->col);
	free(p->value);
}

static void programme_entry(struct programme *p, int row, int col, double value)
{
	p->entries++;
	p->row[p->entries] = row;
	p->col[p->entries] = col;
	p->value[p->entries] = value;
}

static int add_binary(struct programme *p, double objective)
{
	int col = glp_add_cols(p->lp, 1);

	glp_set_col_kind(p->lp, col, GLP_BV);
	glp_set_obj_coef(p->lp, col, objective);
	return col;
}

static int add_row_at_most(struct programme *p, double limit)
{
	int row = glp_add_rows(p->lp, 1);

	glp_set_row_bnds(p->lp, row, GLP_UP, 0.0, limit);
	return row;
}

static bool chosen(const struct programme *p, int col)
{
	return glp_mip_col_val(p->lp, col) > 0.5;
}

/* GLPK accepts a binary within its integrality tolerance (1e-5), so a chosen set can overspend
 * a budget by that much. Checks every row with the chosen columns at exactly 1; each row they
 * overspend gets its limit lowered by the excess. True when a row was tightened. */
static bool tighten_overspent_rows(struct programme *p)
{
	int rows = glp_get_num_rows(p->lp);
	double *activity = alloc_array((size_t)rows + 1, sizeof *activity);
	bool tightened = false;

	if (!activity)
		return false;
	for (int e = 1; e <= p->entries; e++)
		if (chosen(p, p->col[e]))
			activity[p->row[e]] += p->value[e];
	for (int r = 1; r <= rows; r++) {
		double limit = glp_get_row_ub(p->lp, r);
		if (activity[r] <= limit)
			continue;
		limit -= (activity[r] - limit) + 1e-9 * fabs(limit);
		glp_set_row_bnds(p->lp, r, GLP_UP, 0.0, limit);
		tightened = true;
	}
	free(activity);
	return tightened;
}

/* GLPK prints and aborts on a fatal error (out of memory, a bad argument) unless a hook
 * leaves by longjmp; the library must never print or exit, so the solve runs guarded. */
static jmp_buf *glpk_escape;

static void glpk_failed(void *info)
{
	(void)info;
	longjmp(*glpk_escape, 1);
}

static int guarded_intopt(struct programme *p, const glp_iocp *parm)
{
	jmp_buf escape;
	int rc;

	glpk_escape = &escape;
	if (setjmp(escape)) {
		glp_error_hook(NULL, NULL);
		p->lp = NULL; /* freed with the whole GLPK environment */
		glp_free_env();
		return -1;
	}
	glp_error_hook(glpk_failed, NULL);
	glp_term_out(GLP_OFF);
	rc = glp_intopt(p->lp, parm);
	glp_error_hook(NULL, NULL);
	return rc;
}

/* Solves the programme; false when GLPK finds no optimal integer solution that keeps every
 * limit exactly. */
static bool programme_solve(struct programme *p)
{
	glp_iocp parm;

	if (glp_get_num_cols(p->lp) == 0)
		return true;
	glp_load_matrix(p->lp, p->entries, p->row, p->col, p->value);
	glp_init_iocp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_ON;
	for (int attempt = 0; attempt < 8; attempt++) {
		if (guarded_intopt(p, &parm) != 0 || glp_mip_status(p->lp) != GLP_OPT)
			return false;
		if (!tighten_overspent_rows(p))
			return true;
	}
	return false;
}

static int budget_pooled(const struct pool_game *g, double limit, struct funding *out,
			 struct vmap_diag *diag)
{
	struct programme p = {0};
	int row, *col = alloc_array(g->items, sizeof *col);
	int rc = VMAP_OK;

	if (!col || programme_init(&p, (int)g->items) != 0) {
		free(col);
		programme_release(&p);
		return diag_nomem(diag, "the pooled budget programme");
	}
	row = add_row_at_most(&p, limit);
	for (size_t i = 0; i < g->items; i++) {
		double net = item_benefit(g, i) - g->cost[i];
		col[i] = net > 0 ? add_binary(&p, net) : 0;
		if (col[i])
			programme_entry(&p, row, col[i], g->cost[i]);
	}
	if (!programme_solve(&p))
		rc = diag_fail(diag, VMAP_NUMERIC, "the pooled budget programme has no solution");
	for (size_t i = 0; !rc && i < g->items; i++)
		out->pooled[i] = col[i] && chosen(&p, col[i]);
	programme_release(&p);
	free(col);
	return rc;
}

/* Adds x_ik for each eligible pair and each item's "at most one funder" row. */
static void siloed_columns(struct programme *p, const struct pool_game *g, int *col)
{
	for (size_t i = 0; i < g->items; i++) {
		int one_funder = 0;
		for (size_t k = 0; k < g->players; k++) {
			double own = row_of(g, i)[k] - g->cost[i];
			col[i * g->players + k] = own >= 0 && g->cost[i] > 0 ? add_binary(p, own) : 0;
		}
		for (size_t k = 0; k < g->players; k++) {
			if (!col[i * g->players + k])
				continue;
			if (!one_funder)
				one_funder = add_row_at_most(p, 1.0);
			programme_entry(p, one_funder, col[i * g->players + k], 1.0);
		}
	}
}

static void siloed_budget_rows(struct programme *p, const struct pool_game *g,
			       const double *budget, const int *col)
{
	for (size_t k = 0; k < g->players; k++) {
		int row;
		if (isinf(budget[k]))
			continue;
		row = add_row_at_most(p, budget[k]);
		for (size_t i = 0; i < g->items; i++)
			if (col[i * g->players + k])
				programme_entry(p, row, col[i * g->players + k], g->cost[i]);
	}
}

static void read_siloed(const struct programme *p, const struct pool_game *g, const int *col,
			struct funding *out)
{
	for (size_t i = 0; i < g->items; i++) {
		out->siloed[i] = false;
		out->siloed_by[i] = -1;
		for (size_t k = 0; k < g->players; k++) {
			int c = col[i * g->players + k];
			if (c && chosen(p, c)) {
				out->siloed[i] = true;
				out->siloed_by[i] = (long)k;
			}
		}
	}
}

static int budget_siloed(const struct pool_game *g, const double *budget, struct funding *out,
			 struct vmap_diag *diag)
{
	struct programme p = {0};
	size_t pairs = g->items * g->players;
	int *col = alloc_array(pairs, sizeof *col);
	int rc = VMAP_OK;

	if (!col || pairs > (size_t)(INT32_MAX / 4) || programme_init(&p, 2 * (int)pairs) != 0) {
		free(col);
		programme_release(&p);
		return diag_nomem(diag, "the siloed budgets programme");
	}
	siloed_columns(&p, g, col);
	siloed_budget_rows(&p, g, budget, col);
	if (!programme_solve(&p))
		rc = diag_fail(diag, VMAP_NUMERIC, "the siloed budgets programme has no solution");
	else
		read_siloed(&p, g, col, out);
	programme_release(&p);
	free(col);
	return rc;
}

static void add_up(const struct pool_game *g, struct funding *out)
{
	out->pooled_net = out->siloed_net = out->pooled_cost = out->siloed_cost = 0;
	for (size_t i = 0; i < g->items; i++) {
		double net = item_benefit(g, i) - g->cost[i];
		if (out->pooled[i]) {
			out->pooled_net += net;
			out->pooled_cost += g->cost[i];
		}
		if (out->siloed[i]) {
			out->siloed_net += net;
			out->siloed_cost += g->cost[i];
		}
	}
}

int funding_solve(const struct pool_game *g, const struct funding_limits *limits,
		  struct funding *out, struct vmap_diag *diag)
{
	int rc = VMAP_OK;

	if (isinf(limits->pooled))
		closed_pooled(g, out);
	else
		rc = budget_pooled(g, limits->pooled, out, diag);
	if (!rc && !limits->agency)
		closed_siloed(g, out);
	else if (!rc)
		rc = budget_siloed(g, limits->agency, out, diag);
	if (!rc)
		add_up(g, out);
	return rc;
}
