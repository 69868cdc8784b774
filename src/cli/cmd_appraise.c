/*
 * cmd_appraise.c - `valuemap appraise MODEL --out DIR`: the value map, and a short summary
 * for people on stdout.
 */
#include "cli.h"

#include <stdbool.h>
#include <string.h>

struct appraise_options {
	const char *model_path;
	const char *out_dir;
	bool quiet;
};

static int parse(int argc, char **argv, struct appraise_options *o)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--out") == 0) {
			if (++i >= argc)
				return cli_usage_error("appraise", "--out needs a folder");
			o->out_dir = argv[i];
		} else if (strcmp(argv[i], "--quiet") == 0) {
			o->quiet = true;
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
	if (!o->out_dir)
		return cli_usage_error("appraise", "missing --out DIR");
	return 0;
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

int cmd_appraise(int argc, char **argv)
{
	struct appraise_options o = {0};
	vmap_model *model = NULL;
	vmap_appraisal *appraisal = NULL;
	int rc, status = parse(argc, argv, &o);

	if (status)
		return status;
	status = cli_load_model(o.model_path, &model);
	if (status)
		goto cleanup;
	appraisal = vmap_appraisal_new(model);
	if (!appraisal) {
		status = cli_fail(VMAP_NOMEM, NULL);
		goto cleanup;
	}
	rc = vmap_appraisal_run(appraisal);
	if (!rc)
		rc = vmap_appraisal_write(appraisal, o.out_dir);
	if (rc) {
		status = cli_fail(rc, appraisal);
		goto cleanup;
	}
	if (!o.quiet)
		print_summary(model, appraisal);
cleanup:
	vmap_appraisal_free(appraisal);
	vmap_model_free(model);
	return status;
}
