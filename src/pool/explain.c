/*
 * explain.c - the pool's results in words, the same on stdout and in pool.json: who pays the
 * pool and who receives from it, and why a pool funds nothing when it does.
 */
#include "pool.h"

#include "core/number.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Balances below half a penny are settled: no transfer. */
static const double SETTLED = 0.005;

/* Text written straight into the caller's buffer, snprintf's way (truncated to fit, the
 * whole length counted): no allocation, so the words can never silently go missing. */
struct words {
	char *out;
	size_t size, length;
};

static void words_start(struct words *w, char *out, size_t size)
{
	*w = (struct words){out, size, 0};
	if (size)
		out[0] = '\0';
}

__attribute__((format(printf, 2, 3))) static void words_add(struct words *w, const char *fmt, ...)
{
	size_t at = w->length < w->size ? w->length : w->size;
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(w->out ? w->out + at : NULL, w->size - at, fmt, args);
	va_end(args);
	if (n > 0)
		w->length += (size_t)n;
}

size_t vmap_pool_transfers(const vmap_pool *pool, char *out, size_t size)
{
	struct words sb;
	size_t said = 0;

	words_start(&sb, out, size);
	for (int paying = 1; pool->done && paying >= 0; paying--) {
		for (size_t p = 0; p < pool->players; p++) {
			double balance = pool->shares[p].balance;
			char money[64];
			if (paying ? !(balance >= SETTLED) : !(balance <= -SETTLED))
				continue;
			money_text(money, sizeof money, fabs(balance));
			words_add(&sb, "%s%s %s %s", said++ ? "; " : "",
				    pool->model->agencies[pool->agency[p]].id,
				    paying ? "pays the pool" : "receives", money);
		}
	}
	if (pool->done && said == 0)
		words_add(&sb, "%s", "none: each agency's contribution equals what it spends");
	return sb.length;
}

size_t vmap_pool_why_nothing(const vmap_pool *pool, char *out, size_t size)
{
	struct words sb;
	double cheapest = INFINITY;
	size_t which = 0, funded = 0;

	words_start(&sb, out, size);
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
			words_add(&sb, "%s", "the pool funds nothing: no intervention's fiscal benefit to "
					       "government covers its cost");
		} else {
			money_text(budget, sizeof budget, pool->pooled_budget);
			money_text(cost, sizeof cost, cheapest);
			words_add(&sb,
				    "the pool funds nothing: its budget of %s is below %s, the cost "
				    "of '%s', the cheapest intervention whose fiscal benefit covers "
				    "its cost",
				    budget, cost, pool->model->interventions[which].id);
		}
	}
	return sb.length;
}
