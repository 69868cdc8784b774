/*
 * explain.c - the pool's results in words, the same on stdout and in pool.json: who pays the
 * pool and who receives from it, and why a pool funds nothing when it does.
 */
#include "pool.h"

#include "core/number.h"
#include "core/strbuf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Balances below half a penny are settled: no transfer. */
static const double SETTLED = 0.005;

static size_t copy_out(struct strbuf *sb, char *out, size_t size)
{
	size_t length = sb->failed ? 0 : sb->length;

	if (size)
		snprintf(out, size, "%s", sb->failed || !sb->data ? "" : sb->data);
	strbuf_release(sb);
	return length;
}

size_t vmap_pool_transfers(const vmap_pool *pool, char *out, size_t size)
{
	struct strbuf sb;
	size_t said = 0;

	strbuf_init(&sb);
	for (int paying = 1; pool->done && paying >= 0; paying--) {
		for (size_t p = 0; p < pool->players; p++) {
			double balance = pool->shares[p].balance;
			char money[64];
			if (paying ? !(balance >= SETTLED) : !(balance <= -SETTLED))
				continue;
			money_text(money, sizeof money, fabs(balance));
			strbuf_addf(&sb, "%s%s %s %s", said++ ? "; " : "",
				    pool->model->agencies[pool->agency[p]].id,
				    paying ? "pays the pool" : "receives", money);
		}
	}
	if (pool->done && said == 0)
		strbuf_adds(&sb, "none: each agency's contribution equals what it spends");
	return copy_out(&sb, out, size);
}

size_t vmap_pool_why_nothing(const vmap_pool *pool, char *out, size_t size)
{
	struct strbuf sb;
	double cheapest = INFINITY;
	size_t which = 0, funded = 0;

	strbuf_init(&sb);
	for (size_t i = 0; pool->done && i < pool->items; i++) {
		double benefit = 0;
		funded += pool->funding.pooled[i];
		for (size_t p = 0; p < pool->players; p++)
			benefit += pool->benefit[i * pool->players + p];
		if (benefit > pool->cost[i] && pool->cost[i] < cheapest) {
			cheapest = pool->cost[i];
			which = i;
		}
	}
	if (pool->done && funded == 0) {
		char budget[64], cost[64];
		if (isinf(cheapest)) {
			strbuf_adds(&sb, "the pool funds nothing: no intervention's fiscal benefit to "
					 "government covers its cost");
		} else {
			money_text(budget, sizeof budget, pool->pooled_budget);
			money_text(cost, sizeof cost, cheapest);
			strbuf_addf(&sb,
				    "the pool funds nothing: its budget of %s is below %s, the cost "
				    "of '%s', the cheapest intervention whose fiscal benefit covers "
				    "its cost",
				    budget, cost, pool->model->interventions[which].id);
		}
	}
	return copy_out(&sb, out, size);
}
