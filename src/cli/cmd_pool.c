/*
 * cmd_pool.c - `valuemap pool MODEL --out DIR [--budget AGENCY=AMOUNT ...] [--pooled AMOUNT]`:
 * fair shares of a pooled budget, the credits between agencies and the portfolio pooling
 * unlocks, with a short summary for people on stdout.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_BUDGETS = 64 };

struct pool_options {
	const char *model_path;
	const char *out_dir;
	const char *budgets[MAX_BUDGETS]; /* "AGENCY=AMOUNT" as given */
	size_t budget_count;
	const char *pooled;
	bool quiet;
	const char *sets[CLI_SETS_MAX]; /* --set PATH=VALUE, in order */
	size_t set_count;
};

static int parse_amount(const char *option, const char *text, double *amount)
{
	char *end;

	errno = 0;
	*amount = strtod(text, &end);
	if (end == text || *end || errno || !isfinite(*amount) || *amount < 0 ||
	    strpbrk(text, "xX")) {
		char plain[64];
		if (vmap_number_hint(text, plain, sizeof plain))
			return cli_usage_error("pool", "%s: '%s' is not a plain number; write %s",
					       option, text, plain);
		return cli_usage_error("pool", "%s: expected an amount of at least 0, not '%s'",
				       option, text);
	}
	return 0;
}

static int add_budget(struct pool_options *o, const char *text)
{
	const char *eq = strchr(text, '=');

	if (!eq || eq == text)
		return cli_usage_error("pool", "--budget: expected AGENCY=AMOUNT, not '%s'", text);
	if (o->budget_count == MAX_BUDGETS)
		return cli_usage_error("pool", "--budget: at most %d budgets", MAX_BUDGETS);
	for (size_t b = 0; b < o->budget_count; b++) {
		size_t length = (size_t)(eq - text);
		if (strncmp(o->budgets[b], text, length) == 0 && o->budgets[b][length] == '=')
			return cli_usage_error("pool", "--budget: '%.*s' has a budget already",
					       (int)length, text);
	}
	o->budgets[o->budget_count++] = text;
	return 0;
}

static int parse_option(int argc, char **argv, int *i, struct pool_options *o)
{
	const char *option = argv[*i];

	if (strcmp(option, "--quiet") == 0) {
		o->quiet = true;
		return 0;
	}
	if (strcmp(option, "--set") == 0)
		return cli_add_set("pool", argc, argv, i, o->sets, &o->set_count);
	if (strcmp(option, "--out") && strcmp(option, "--budget") && strcmp(option, "--pooled"))
		return cli_usage_error("pool", "unknown option '%s'", option);
	if (++*i >= argc)
		return cli_usage_error("pool", "%s needs a value", option);
	if (strcmp(option, "--out") == 0)
		o->out_dir = argv[*i];
	else if (strcmp(option, "--pooled") == 0)
		o->pooled = argv[*i];
	else
		return add_budget(o, argv[*i]);
	return 0;
}

static int parse(int argc, char **argv, struct pool_options *o)
{
	for (int i = 1; i < argc; i++) {
		int status = 0;
		if (argv[i][0] == '-' && argv[i][1])
			status = parse_option(argc, argv, &i, o);
		else if (!o->model_path)
			o->model_path = argv[i];
		else
			status = cli_usage_error("pool", "one model at a time ('%s' is extra)",
						 argv[i]);
		if (status)
			return status;
	}
	if (!o->model_path)
		return cli_usage_error("pool", "missing the model file");
	return cli_check_out("pool", o->out_dir);
}

/* Hands the budgets to the pool; a wrong agency or amount is a usage error. */
static int set_budgets(const struct pool_options *o, vmap_pool *pool)
{
	double amount;

	for (size_t b = 0; b < o->budget_count; b++) {
		const char *eq = strchr(o->budgets[b], '=');
		char agency[128];
		snprintf(agency, sizeof agency, "%.*s", (int)(eq - o->budgets[b]), o->budgets[b]);
		if (parse_amount("--budget", eq + 1, &amount))
			return 2;
		if (vmap_pool_set_budget(pool, agency, amount))
			return cli_usage_error("pool", "--budget %s: %s", o->budgets[b],
					       vmap_pool_errmsg(pool));
	}
	if (o->pooled && parse_amount("--pooled", o->pooled, &amount))
		return 2;
	if (o->pooled && vmap_pool_set_pooled_budget(pool, amount))
		return cli_usage_error("pool", "--pooled %s: %s", o->pooled, vmap_pool_errmsg(pool));
	return 0;
}

static void print_shares(const vmap_model *m, const vmap_pool *pool)
{
	char a[48], b[48], c[48], d[48];

	printf("  %-20s %16s %16s %16s %16s\n", "agency", "fiscal benefit", "shapley",
	       "contribution", "balance");
	for (size_t p = 0; p < vmap_pool_agency_count(pool); p++) {
		vmap_pool_share s = vmap_pool_agency_share(pool, p);
		format_money(a, sizeof a, s.fiscal_benefit);
		format_money(b, sizeof b, s.shapley);
		format_money(c, sizeof c, s.contribution);
		format_money(d, sizeof d, s.balance);
		printf("  %-20s %17s %17s %17s %17s\n",
		       vmap_model_agency_id(m, vmap_pool_agency(pool, p)), a, b, c, d);
	}
}

static void print_gap(const vmap_model *m, const vmap_pool *pool)
{
	size_t gaps = 0;

	for (size_t i = 0; i < vmap_model_intervention_count(m); i++) {
		if (!vmap_pool_funded_pooled(pool, i) || vmap_pool_funded_siloed(pool, i))
			continue;
		if (gaps++ == 0)
			printf("funded only by pooling (the collaboration gap):");
		printf(" %s", vmap_model_intervention_id(m, i));
	}
	if (gaps)
		printf("\n");
}

static void print_summary(const vmap_model *m, const vmap_pool *pool)
{
	vmap_pool_portfolio pf = vmap_pool_get_portfolio(pool);
	size_t pooled = 0, siloed = 0;
	char unlocked[48], pooled_net[48], siloed_net[48], text[4096];

	for (size_t i = 0; i < vmap_model_intervention_count(m); i++) {
		pooled += vmap_pool_funded_pooled(pool, i);
		siloed += vmap_pool_funded_siloed(pool, i);
	}
	format_money(unlocked, sizeof unlocked, pf.unlocked);
	format_money(pooled_net, sizeof pooled_net, pf.pooled_net);
	format_money(siloed_net, sizeof siloed_net, pf.siloed_net);
	printf("Pooling unlocks %s of net fiscal value: the pool%s funds %zu "
	       "intervention%s (net %s) where siloed budgets fund %zu (net %s).\n\n",
	       unlocked, pf.budgeted ? ", within its budget," : "", pooled, pooled == 1 ? "" : "s",
	       pooled_net, siloed, siloed_net);
	print_shares(m, pool);
	printf("\nbalance = contribution - spend: positive pays the pool, negative receives; "
	       "shares %s\n",
	       vmap_pool_shapley_is_exact(pool) ? "exact"
					       : "estimated from sampled orders (see pool.json)");
	vmap_pool_transfers(pool, text, sizeof text);
	printf("transfers: %s\n", text);
	vmap_pool_why_nothing(pool, text, sizeof text);
	if (*text)
		printf("%s\n", text);
	print_gap(m, pool);
}

static int run_pool(const struct pool_options *o, const vmap_model *model,
		    vmap_appraisal *appraisal)
{
	vmap_pool *pool = NULL;
	int rc = vmap_appraisal_run(appraisal), status = 0;

	if (rc)
		return cli_fail(rc, vmap_appraisal_errmsg(appraisal));
	pool = vmap_pool_new(appraisal);
	if (!pool)
		return cli_fail(VMAP_NOMEM, NULL);
	status = set_budgets(o, pool);
	if (!status) {
		rc = vmap_pool_run(pool);
		if (!rc)
			rc = vmap_pool_write(pool, o->out_dir);
		if (rc)
			status = cli_fail(rc, vmap_pool_errmsg(pool));
	}
	if (!status && !o->quiet) {
		print_summary(model, pool);
		cli_print_outputs(o->out_dir, "pool.json portfolio.csv credits.csv");
	}
	vmap_pool_free(pool);
	return status;
}

int cmd_pool(int argc, char **argv)
{
	struct pool_options o = {0};
	vmap_model *model = NULL;
	vmap_appraisal *appraisal = NULL;
	int status = parse(argc, argv, &o);

	if (!status)
		status = cli_load_model_with(o.model_path, o.sets, o.set_count, &model);
	if (!status) {
		appraisal = vmap_appraisal_new(model);
		status = appraisal ? run_pool(&o, model, appraisal) : cli_fail(VMAP_NOMEM, NULL);
	}
	vmap_appraisal_free(appraisal);
	vmap_model_free(model);
	return status;
}
