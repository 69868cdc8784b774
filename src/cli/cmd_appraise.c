/*
 * cmd_appraise.c - `valuemap appraise MODEL --out DIR [--draws N --seed S --threads T]`: the
 * value map, Monte Carlo when N > 0, and a short summary for people on stdout.
 */
#include "cli.h"

#include <stdbool.h>
#include <string.h>
#include <unistd.h>

struct appraise_options {
	const char *model_path;
	const char *out_dir;
	bool quiet, save_inputs;
	long draws, seed, threads;
	const char *sets[CLI_SETS_MAX]; /* --set PATH=VALUE, in order */
	size_t set_count;
};

/* --draws, --seed and --threads; returns -1 when `argv[*i]` is none of them. */
static int parse_simulation_option(int argc, char **argv, int *i, struct appraise_options *o)
{
	static const char *const names[] = {"--draws", "--seed", "--threads"};
	static const long max[] = {100000000L, 9007199254740991L, CLI_THREADS_MAX};
	long *targets[] = {&o->draws, &o->seed, &o->threads};

	for (int n = 0; n < 3; n++) {
		if (strcmp(argv[*i], names[n]) != 0)
			continue;
		if (++*i >= argc)
			return cli_usage_error("appraise", "%s needs a number", names[n]);
		if (targets[n] == &o->threads)
			return cli_parse_threads("appraise", argv[*i], &o->threads);
		return parse_long_option("appraise", names[n], argv[*i], 0, max[n], targets[n]);
	}
	return -1;
}

static int parse(int argc, char **argv, struct appraise_options *o)
{
	for (int i = 1; i < argc; i++) {
		int status = parse_simulation_option(argc, argv, &i, o);
		if (status >= 0) {
			if (status)
				return status;
		} else if (strcmp(argv[i], "--out") == 0) {
			if (++i >= argc)
				return cli_usage_error("appraise", "--out needs a folder");
			o->out_dir = argv[i];
		} else if (strcmp(argv[i], "--quiet") == 0) {
			o->quiet = true;
		} else if (strcmp(argv[i], "--save-inputs") == 0) {
			o->save_inputs = true;
		} else if (strcmp(argv[i], "--set") == 0) {
			status = cli_add_set("appraise", argc, argv, &i, o->sets, &o->set_count);
			if (status)
				return status;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("appraise", "unknown option '%s'", argv[i]);
		} else if (!o->model_path) {
			o->model_path = argv[i];
		} else {
			return cli_usage_error("appraise", "one model at a time ('%s' is extra)",
					       argv[i]);
		}
	}
	if (!o->model_path)
		return cli_usage_error("appraise", "missing the model file");
	return cli_check_out("appraise", o->out_dir);
}

/* One agency (or the total): what it pays, what it receives of every kind, its net, and
 * its own fiscal lens (fiscal benefit less cost). Money strings carry a 2-byte "£". */
static void print_row(const char *label, const vmap_totals *t)
{
	const double values[] = {t->pv_cost, t->pv_benefit, t->npsv, t->net_fiscal};
	char text[48];

	printf("  %-16s", label);
	for (size_t i = 0; i < 4; i++) {
		format_money(text, sizeof text, values[i]);
		printf(" %16s", text);
	}
	printf("\n");
}

static void print_summary(const vmap_model *m, const vmap_appraisal *a)
{
	vmap_totals t = vmap_appraisal_totals(a);
	size_t gaps = 0;
	char npsv[48];

	printf("%s\n", vmap_model_name(m));
	printf("%d years from %d, in %d prices; present values\n\n", vmap_model_horizon(m),
	       vmap_model_base_year(m), vmap_model_price_base(m));
	printf("  %-16s %15s %15s %15s %15s\n", "agency", "pays", "receives", "net",
	       "net fiscal");
	for (size_t k = 0; k < vmap_model_agency_count(m); k++) {
		vmap_totals at = vmap_appraisal_agency(a, k);
		print_row(vmap_model_agency_id(m, k), &at);
	}
	print_row("total", &t);
	format_money(npsv, sizeof npsv, t.npsv);
	printf("\nnet present social value %s", npsv);
	if (t.has_ratios)
		printf(", benefit-cost ratio %.2f, fiscal return %.2f per \xc2\xa3 spent", t.bcr,
		       t.fiscal_roi);
	if (t.payback_year >= 0)
		printf(", fiscal payback in year %d", t.payback_year);
	printf("\n");
	for (size_t i = 0; i < vmap_model_intervention_count(m); i++) {
		if (!vmap_appraisal_collaboration_gap(a, i))
			continue;
		if (gaps++ == 0)
			printf("collaboration gap (worth it for government, for no single "
			       "department):");
		printf(" %s", vmap_model_intervention_id(m, i));
	}
	if (gaps)
		printf("\n");
}

/* One row of the options table: a label, then one cell per column (do-minimum first). */
static void print_option_cells(const char *label, const char *const *cells, size_t count)
{
	printf("  %-18s", label);
	for (size_t c = 0; c < count; c++)
		printf(" %*s", 16 + (strstr(cells[c], "\xc2\xa3") ? 1 : 0), cells[c]);
	printf("\n");
}

enum { OPTION_COLUMNS_MAX = 64, CELL = 48 };

/* A money row: column 0 is the do-minimum (0), column c the option c - 1. */
static void print_option_money(const vmap_appraisal *a, const char *label, size_t columns,
			       double (*field)(const vmap_appraisal *, size_t))
{
	char text[OPTION_COLUMNS_MAX][CELL];
	const char *cells[OPTION_COLUMNS_MAX] = {0};

	for (size_t c = 0; c < columns; c++) {
		format_money(text[c], CELL, c ? field(a, c - 1) : 0);
		cells[c] = text[c];
	}
	print_option_cells(label, cells, columns);
}

static double option_cost(const vmap_appraisal *a, size_t o)
{
	return vmap_appraisal_option(a, o).pv_cost;
}

static double option_benefit(const vmap_appraisal *a, size_t o)
{
	return vmap_appraisal_option(a, o).pv_benefit;
}

static double option_npsv(const vmap_appraisal *a, size_t o)
{
	return vmap_appraisal_option(a, o).npsv;
}

/* The shortlist side by side: the do-minimum and each option (at most OPTION_COLUMNS_MAX - 1
 * shown; all are in summary.json). */
static void print_options(const vmap_model *m, const vmap_appraisal *a)
{
	size_t count = vmap_model_option_count(m);
	size_t columns = count + 1 < OPTION_COLUMNS_MAX ? count + 1 : OPTION_COLUMNS_MAX;
	char text[OPTION_COLUMNS_MAX][CELL];
	const char *cells[OPTION_COLUMNS_MAX];

	if (count == 0)
		return;
	printf("\noptions side by side (present values; rank 1 is best)\n\n");
	cells[0] = "do_minimum";
	for (size_t c = 1; c < columns; c++)
		cells[c] = vmap_model_option_id(m, c - 1);
	print_option_cells("", cells, columns);
	print_option_money(a, "cost", columns, option_cost);
	print_option_money(a, "benefit", columns, option_benefit);
	print_option_money(a, "npsv", columns, option_npsv);
	for (size_t c = 0; c < columns; c++) {
		vmap_totals t = vmap_appraisal_option(a, c - 1);
		if (c && t.has_ratios)
			snprintf(text[c], CELL, "%.2f", t.bcr);
		else
			snprintf(text[c], CELL, "-");
		cells[c] = text[c];
	}
	print_option_cells("bcr", cells, columns);
	for (int by = 0; by < 2; by++) {
		for (size_t c = 0; c < columns; c++) {
			size_t rank = c ? vmap_appraisal_option_rank(a, c - 1, (vmap_rank_by)by)
					: (by == VMAP_RANK_NPSV ? vmap_appraisal_do_minimum_rank(a) : 0);
			if (rank)
				snprintf(text[c], CELL, "%zu", rank);
			else
				snprintf(text[c], CELL, "-");
			cells[c] = text[c];
		}
		print_option_cells(by == VMAP_RANK_NPSV ? "rank by npsv" : "rank by bcr", cells,
				   columns);
	}
	for (size_t k = 0; k < vmap_model_agency_count(m); k++) {
		char label[CELL];
		for (size_t c = 0; c < columns; c++) {
			vmap_totals t = c ? vmap_appraisal_option_agency(a, c - 1, k) : (vmap_totals){0};
			format_money(text[c], CELL, t.pv_benefit - t.pv_cost);
			cells[c] = text[c];
		}
		snprintf(label, sizeof label, "net to %s", vmap_model_agency_id(m, k));
		print_option_cells(label, cells, columns);
	}
	if (count + 1 > columns)
		printf("  (%zu more options in summary.json)\n", count + 1 - columns);
}

static void print_stats_row(const char *label, vmap_stats s)
{
	char mean[48], p05[48], p95[48];

	format_money(mean, sizeof mean, s.mean);
	format_money(p05, sizeof p05, s.p05);
	format_money(p95, sizeof p95, s.p95);
	printf("  %-24s %17s %17s %17s %9.0f%%\n", label, mean, p05, p95, 100 * s.prob_positive);
}

static void print_uncertainty(const vmap_model *m, const vmap_appraisal *a, long draws)
{
	char evpi[48];

	printf("\nMonte Carlo, %ld draws: net present social value, and each agency's net fiscal\n\n",
	       draws);
	printf("  %-24s %16s %16s %16s %10s\n", "", "mean", "p05", "p95", "P(>0)");
	print_stats_row("npsv", vmap_simulation_stats(a, VMAP_TOTALS, VMAP_MEASURE_NPSV));
	for (size_t k = 0; k < vmap_model_agency_count(m); k++)
		print_stats_row(vmap_model_agency_id(m, k),
				vmap_simulation_stats(a, k, VMAP_MEASURE_NET_FISCAL));
	format_money(evpi, sizeof evpi, vmap_simulation_evpi(a, VMAP_TOTALS));
	printf("\nexpected value of perfect information %s\n", evpi);
}

/* The progress line on a terminal: rewritten in place, ended when the work is done. */
static void show_progress(void *context, const char *step, size_t done, size_t total)
{
	int *last = context;
	(void)step;
	int percent = total ? (int)(100 * done / total) : 100;

	if (percent == *last)
		return;
	*last = percent;
	fprintf(stderr, "\rvaluemap: simulating %3d%% (%zu of %zu draws)", percent, done, total);
	if (done == total)
		fprintf(stderr, "\n");
}

static int simulate(vmap_appraisal *appraisal, const struct appraise_options *o)
{
	int last = -1;
	vmap_simulation_options options = {(uint64_t)o->draws, (uint64_t)o->seed,
					   (unsigned)o->threads, NULL, &last, o->save_inputs};
	int rc;

	if (o->draws == 0)
		return VMAP_OK;
	if (isatty(STDERR_FILENO))
		options.progress = show_progress;
	rc = vmap_appraisal_simulate(appraisal, &options);
	for (size_t w = 0; w < vmap_appraisal_warning_count(appraisal); w++)
		fprintf(stderr, "valuemap: warning: %s\n", vmap_appraisal_warning(appraisal, w));
	return rc;
}

int cmd_appraise(int argc, char **argv)
{
	struct appraise_options o = {0};
	vmap_model *model = NULL;
	vmap_appraisal *appraisal = NULL;
	int rc, status = parse(argc, argv, &o);

	if (status)
		return status;
	status = cli_load_model_with(o.model_path, o.sets, o.set_count, &model);
	if (status)
		goto cleanup;
	appraisal = vmap_appraisal_new(model);
	if (!appraisal) {
		status = cli_fail(VMAP_NOMEM, NULL);
		goto cleanup;
	}
	rc = vmap_appraisal_run(appraisal);
	if (!rc)
		rc = simulate(appraisal, &o);
	if (!rc)
		rc = vmap_appraisal_write(appraisal, o.out_dir);
	if (rc) {
		status = cli_fail(rc, vmap_appraisal_errmsg(appraisal));
		goto cleanup;
	}
	if (!o.quiet)
		print_summary(model, appraisal);
	if (!o.quiet)
		print_options(model, appraisal);
	if (!o.quiet && o.draws > 0)
		print_uncertainty(model, appraisal, o.draws);
	if (!o.quiet)
		cli_print_outputs(o.out_dir, o.draws > 0 ? "summary.json flows.csv agencies.csv "
						   "matrix.csv draws.csv sensitivity.csv"
						 : "summary.json flows.csv agencies.csv matrix.csv");
cleanup:
	vmap_appraisal_free(appraisal);
	vmap_model_free(model);
	return status;
}
