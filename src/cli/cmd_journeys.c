/*
 * cmd_journeys.c - `valuemap journeys JOURNEYS.yaml --out DIR [--clusters FILE] [--threads T]
 * [--quiet]`: person journeys across departments, weighted cohorts and the effect on each
 * department's costs, with a summary a person can read on stdout.
 */
#include "cli.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

struct journeys_options {
	const char *path;
	const char *out_dir;
	const char *clusters;
	long threads;
	bool quiet;
};

static int parse_option(int argc, char **argv, int *i, struct journeys_options *o)
{
	const char *arg = argv[*i];

	if (strcmp(arg, "--quiet") == 0) {
		o->quiet = true;
		return 0;
	}
	if (strcmp(arg, "--out") && strcmp(arg, "--clusters") && strcmp(arg, "--threads"))
		return cli_usage_error("journeys", "unknown option '%s'", arg);
	if (++*i >= argc)
		return cli_usage_error("journeys", "%s needs a value", arg);
	if (strcmp(arg, "--out") == 0)
		o->out_dir = argv[*i];
	else if (strcmp(arg, "--clusters") == 0)
		o->clusters = argv[*i];
	else
		return cli_parse_threads("journeys", argv[*i], &o->threads);
	return 0;
}

static int parse(int argc, char **argv, struct journeys_options *o)
{
	for (int i = 1; i < argc; i++) {
		int status = 0;
		if (argv[i][0] == '-' && argv[i][1])
			status = parse_option(argc, argv, &i, o);
		else if (!o->path)
			o->path = argv[i];
		else
			status = cli_usage_error("journeys", "one journeys file at a time ('%s' is "
					         "extra)", argv[i]);
		if (status)
			return status;
	}
	if (!o->path)
		return cli_usage_error("journeys", "missing the journeys file (JOURNEYS.yaml)");
	if (cli_check_out("journeys", o->out_dir))
		return 2;
	return 0;
}

static void show_progress(void *context, const char *step, size_t done, size_t total)
{
	(void)context;
	if (step)
		fprintf(stderr, "\r\033[Kvaluemap journeys: %s", step);
	else if (total)
		fprintf(stderr, "\r\033[Kvaluemap journeys: bootstrap %zu/%zu", done, total);
	fflush(stderr);
}

static void print_counts(const vmap_journeys *j)
{
	vmap_journeys_counts n = vmap_journeys_get_counts(j);

	printf("%s\n", vmap_journeys_name(j));
	printf("%zu records of %zu persons; %zu of %zu events joined (%zu not in clusters.csv, "
	       "%zu outside the observed span)\n",
	       n.records, n.persons, n.events_joined - n.events_outside, n.events,
	       n.events_unjoined, n.events_outside);
	printf("treated:     %zu used of %zu found (dropped: %zu not fully observed, %zu missing "
	       "a covariate, %zu unmatched)\n",
	       n.treated, n.treated_found, n.treated_unobserved, n.treated_missing_covariate,
	       n.treated_unmatched);
	printf("comparisons: %zu used of %zu found (dropped: %zu not fully observed, %zu missing "
	       "a covariate, %zu with no weight); %zu more were treated before their window ended\n",
	       n.comparisons, n.comparison_found, n.comparison_unobserved,
	       n.comparison_missing_covariate, n.comparison_unmatched,
	       n.comparison_treated_in_window);
}

static void print_balance(const vmap_journeys *j)
{
	const char *before_name, *after_name;
	double before = vmap_journeys_worst_smd(j, false, &before_name);
	double after = vmap_journeys_worst_smd(j, true, &after_name);

	printf("balance: worst |SMD| %.3f (%s) before weighting, %.3f (%s) after%s\n", before,
	       before_name ? before_name : "-", after, after_name ? after_name : "-",
	       after > 0.1 ? "  -- above 0.1: the cohorts still differ" : "");
}

static void print_effects(const vmap_journeys *j)
{
	char effect[48], low[48], high[48], naive[48];
	int level = (int)lround(vmap_journeys_level(j) * 100);

	printf("\nchange in cost per treated person (negative is a saving), %d%% intervals:\n",
	       level);
	printf("  %-12s %4s %14s %30s %14s\n", "department", "year", "effect", "interval",
	       "naive");
	for (size_t a = 0; a < vmap_journeys_agency_count(j); a++) {
		for (int k = 0; k < vmap_journeys_post_years(j); k++) {
			vmap_journeys_effect e = vmap_journeys_get_effect(j, a, k);
			format_money(effect, sizeof effect, e.effect);
			format_money(low, sizeof low, e.ci_low);
			format_money(high, sizeof high, e.ci_high);
			format_money(naive, sizeof naive, e.naive);
			printf("  %-12s %4d %15s %14s to %-14s %15s\n", vmap_journeys_agency_id(j, a), k,
			       effect, low, high, naive);
		}
	}
	printf("naive: the plain difference of post-year means, all treated against all "
	       "comparisons\n");
}

static void print_summary(const vmap_journeys *j, const char *dir)
{
	vmap_journeys_counts n = vmap_journeys_get_counts(j);

	print_counts(j);
	print_balance(j);
	print_effects(j);
	if (n.bootstrap_failed)
		printf("%zu of %zu bootstrap replicates could not be weighted and are left out\n",
		       n.bootstrap_failed, n.bootstrap);
	cli_print_outputs(dir, "cohort.csv balance.csv profiles.csv effects.csv effects.yaml "
			       "journeys-summary.json");
}

static int run_journeys(vmap_journeys *j, const struct journeys_options *o)
{
	bool progress = !o->quiet && isatty(STDERR_FILENO);
	int rc = vmap_journeys_load(j, o->path);

	if (!rc && o->clusters)
		rc = vmap_journeys_set_clusters(j, o->clusters);
	vmap_journeys_set_threads(j, (unsigned)o->threads);
	if (progress)
		vmap_journeys_set_progress(j, show_progress, NULL);
	if (!rc)
		rc = vmap_journeys_run(j);
	if (progress)
		fprintf(stderr, "\r\033[K");
	for (size_t w = 0; w < vmap_journeys_warning_count(j); w++)
		fprintf(stderr, "valuemap: warning: %s\n", vmap_journeys_warning(j, w));
	if (!rc)
		rc = vmap_journeys_write(j, o->out_dir);
	return rc;
}

int cmd_journeys(int argc, char **argv)
{
	struct journeys_options o = {0};
	vmap_journeys *j;
	int rc, status = parse(argc, argv, &o);

	if (status)
		return status;
	j = vmap_journeys_new();
	if (!j)
		return cli_fail(VMAP_NOMEM, NULL);
	rc = run_journeys(j, &o);
	if (rc)
		status = cli_fail(rc, vmap_journeys_errmsg(j));
	else if (!o.quiet)
		print_summary(j, o.out_dir);
	vmap_journeys_free(j);
	return status;
}
