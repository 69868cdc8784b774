/*
 * cmd_report.c - `valuemap report DIR --out DIR [--title T] [--quiet]`: report.html and
 * valuemap.xlsx from a run's output folder or one stage's.
 */
#include "cli.h"

#include <stdbool.h>
#include <string.h>

struct report_options {
	const char *in_dir, *out_dir, *title;
	bool quiet;
};

static int parse_option(int argc, char **argv, int *i, struct report_options *o)
{
	const char *option = argv[*i];

	if (strcmp(option, "--quiet") == 0) {
		o->quiet = true;
		return 0;
	}
	if (strcmp(option, "--out") && strcmp(option, "--title"))
		return cli_usage_error("report", "unknown option '%s'", option);
	if (++*i >= argc)
		return cli_usage_error("report", "%s needs a value", option);
	if (strcmp(option, "--out") == 0)
		o->out_dir = argv[*i];
	else
		o->title = argv[*i];
	return 0;
}

static int parse(int argc, char **argv, struct report_options *o)
{
	for (int i = 1; i < argc; i++) {
		int status = 0;
		if (argv[i][0] == '-' && argv[i][1])
			status = parse_option(argc, argv, &i, o);
		else if (!o->in_dir)
			o->in_dir = argv[i];
		else
			status = cli_usage_error("report", "one folder at a time ('%s' is extra)",
						 argv[i]);
		if (status)
			return status;
	}
	if (!o->in_dir)
		return cli_usage_error("report", "missing the folder to report (DIR)");
	if (!o->out_dir)
		return cli_usage_error("report", "missing --out DIR");
	return 0;
}

static void print_done(const struct report_options *o, const vmap_report *report)
{
	static const char *const stages[] = {"link", "journeys", "appraise", "pool"};
	const char *sep = "";

	printf("report of");
	for (size_t s = 0; s < sizeof stages / sizeof stages[0]; s++)
		if (vmap_report_has_stage(report, stages[s])) {
			printf("%s %s", sep, stages[s]);
			sep = ",";
		}
	printf(" in %s: %s/report.html (open it in a browser) and %s/valuemap.xlsx\n",
	       o->in_dir, o->out_dir, o->out_dir);
}

int cmd_report(int argc, char **argv)
{
	struct report_options o = {0};
	vmap_report *report = NULL;
	int status = parse(argc, argv, &o), rc = VMAP_OK;

	if (status)
		return status;
	report = vmap_report_new();
	if (!report)
		return cli_fail(VMAP_NOMEM, NULL);
	if (o.title)
		rc = vmap_report_set_title(report, o.title);
	if (!rc)
		rc = vmap_report_read(report, o.in_dir);
	if (!rc)
		rc = vmap_report_write(report, o.out_dir);
	for (size_t i = 0; i < vmap_report_warning_count(report); i++)
		fprintf(stderr, "valuemap: warning: %s\n", vmap_report_warning(report, i));
	if (rc)
		status = cli_fail(rc, vmap_report_errmsg(report));
	else if (!o.quiet)
		print_done(&o, report);
	vmap_report_free(report);
	return status;
}
