/*
 * cmd_run.c - `valuemap run PROJECT.yaml [--force] [--threads N] [--quiet]`: every stage of a
 * project in order, one line per stage on stderr (with a bar while a long stage works, when
 * stderr is a terminal), and the deal in short on stdout.
 */
#define _XOPEN_SOURCE 700 /* realpath, for paths printed as people read them */

#include "cli.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct run_options {
	const char *project_path;
	bool force, quiet;
	long threads;
};

/* What the progress display knows between calls. */
struct display {
	const vmap_project *project;
	bool terminal;
	int last_percent;
};

static int parse(int argc, char **argv, struct run_options *o)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0) {
			o->force = true;
		} else if (strcmp(argv[i], "--quiet") == 0) {
			o->quiet = true;
		} else if (strcmp(argv[i], "--threads") == 0) {
			if (++i >= argc)
				return cli_usage_error("run", "--threads needs a number");
			if (parse_long_option("run", "--threads", argv[i], 0, 4096, &o->threads))
				return 2;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("run", "unknown option '%s'", argv[i]);
		} else if (!o->project_path) {
			o->project_path = argv[i];
		} else {
			return cli_usage_error("run", "one project at a time ('%s' is extra)", argv[i]);
		}
	}
	if (!o->project_path)
		return cli_usage_error("run", "missing the project file");
	return 0;
}

static size_t stage_index(const vmap_project *p, const char *name)
{
	size_t s = 0;

	while (s < vmap_project_stage_count(p) && strcmp(vmap_project_stage_name(p, s), name))
		s++;
	return s;
}

/* The line a stage ends with: "link ... done in 1.2 s". */
static void print_stage_end(const struct display *d, const char *name)
{
	size_t s = stage_index(d->project, name);
	double seconds = vmap_project_stage_seconds(d->project, s);

	if (d->terminal)
		fprintf(stderr, "\r\033[K");
	switch (vmap_project_stage_state(d->project, s)) {
	case VMAP_STAGE_SKIPPED:
		fprintf(stderr, "%-9s ... skipped (inputs unchanged)\n", name);
		break;
	case VMAP_STAGE_RAN:
		fprintf(stderr, "%-9s ... done in %.1f s\n", name, seconds);
		break;
	default:
		fprintf(stderr, "%-9s ... failed after %.1f s\n", name, seconds);
	}
}

/* A stage's own step, rewritten in place: its text, and a bar when it counts. */
static void print_step(struct display *d, const char *step, size_t done, size_t total)
{
	const char *colon = strstr(step, ": ");
	int percent = total ? (int)(100.0 * (double)done / (double)total) : -1;
	char bar[21];

	if (percent >= 0 && percent == d->last_percent)
		return;
	d->last_percent = percent;
	fprintf(stderr, "\r\033[K%-9.*s ... %s", colon ? (int)(colon - step) : 0, step,
		colon ? colon + 2 : step);
	if (percent >= 0) {
		memset(bar, ' ', 20);
		memset(bar, '#', (size_t)percent / 5);
		bar[20] = '\0';
		fprintf(stderr, " [%s] %3d%%", bar, percent);
	}
	fflush(stderr);
}

static void show_progress(void *context, const char *step, size_t done, size_t total)
{
	struct display *d = context;

	if (!step)
		return;
	if (strstr(step, ": ")) {
		if (d->terminal)
			print_step(d, step, done, total);
		return;
	}
	d->last_percent = -1;
	if (done == 0 && d->terminal) {
		fprintf(stderr, "%-9s ...", step);
		fflush(stderr);
	} else if (done == 1) {
		print_stage_end(d, step);
	}
}

static void print_department(const vmap_project_department *d)
{
	const double values[] = {d->pays, d->gains, d->net, d->balance};
	char text[48];

	printf("  %-12s", d->id);
	for (size_t i = 0; i < 4; i++) {
		if (i == 3 && isnan(values[i]))
			break;
		format_money(text, sizeof text, values[i]);
		printf(" %16s", text);
	}
	printf("\n");
}

static void print_gap(const vmap_project *p)
{
	size_t count = vmap_project_gap_count(p);

	if (count == 0) {
		printf("collaboration gap: none (every intervention worth funding is worth it to "
		       "one department alone, or to none)\n");
		return;
	}
	printf("collaboration gap (worth it for government, for no single department):");
	for (size_t g = 0; g < count; g++)
		printf(" %s", vmap_project_gap(p, g));
	printf("\n");
}

/* `path` as people read it: relative to the working folder when it lies inside it
 * ("out/demo/out/report/report.html", not "x/../../out/..."), else as given. */
static const char *readable_path(const char *path, char *out, size_t size)
{
	char cwd[PATH_MAX], *real = realpath(path, NULL);
	size_t length;

	snprintf(out, size, "%s", path);
	if (real && getcwd(cwd, sizeof cwd)) {
		length = strlen(cwd);
		if (strncmp(real, cwd, length) == 0 && real[length] == '/')
			snprintf(out, size, "%s", real + length + 1);
	}
	free(real);
	return out;
}

static void print_summary(const vmap_project *p)
{
	size_t count = vmap_project_department_count(p);
	bool pooled = !isnan(vmap_project_unlocked(p));
	char money[48], path[PATH_MAX];

	printf("%s\npresent values; each department's own lens (fiscal gains less what it "
	       "pays)\n\n",
	       vmap_project_name(p));
	printf("  %-12s %15s %15s %15s%s\n", "department", "pays", "gains", "net",
	       pooled ? "    pool balance" : "");
	for (size_t d = 0; d < count; d++) {
		vmap_project_department dep = vmap_project_department_at(p, d);
		print_department(&dep);
	}
	format_money(money, sizeof money, vmap_project_npsv(p));
	printf("\nwhole government: net present social value %s\n", money);
	print_gap(p);
	if (pooled) {
		format_money(money, sizeof money, vmap_project_unlocked(p));
		printf("pooling unlocks %s of net fiscal value (pool balance: positive owes the "
		       "pool, negative is owed)\n", money);
	}
	if (vmap_project_report_path(p))
		printf("report: %s\n", readable_path(vmap_project_report_path(p), path, sizeof path));
	printf("outputs: %s/\n", readable_path(vmap_project_out(p), path, sizeof path));
}

static void print_warnings(const vmap_project *p)
{
	for (size_t w = 0; w < vmap_project_warning_count(p); w++)
		fprintf(stderr, "valuemap: warning: %s\n", vmap_project_warning(p, w));
}

static int run_project(vmap_project *p, const struct run_options *o)
{
	struct display display = {p, !o->quiet && isatty(STDERR_FILENO), -1};
	int rc = vmap_project_load(p, o->project_path);

	if (rc)
		return cli_fail(rc, vmap_project_errmsg(p));
	vmap_project_set_force(p, o->force);
	vmap_project_set_threads(p, (unsigned)o->threads);
	if (!o->quiet)
		vmap_project_set_progress(p, show_progress, &display);
	rc = vmap_project_run(p);
	print_warnings(p);
	if (rc)
		return cli_fail(rc, vmap_project_errmsg(p));
	if (!o->quiet) {
		fprintf(stderr, "\n");
		print_summary(p);
	}
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct run_options o = {0};
	vmap_project *p;
	int status = parse(argc, argv, &o);

	if (status)
		return status;
	p = vmap_project_new();
	if (!p)
		return cli_fail(VMAP_NOMEM, NULL);
	status = run_project(p, &o);
	vmap_project_free(p);
	return status;
}
