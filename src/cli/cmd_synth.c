/*
 * cmd_synth.c - `valuemap synth --people N --seed S --out DIR`: synthetic departments with
 * known truth, and a short account on stdout.
 */
#include "cli.h"

#include <stdbool.h>
#include <string.h>
#include <unistd.h>

struct synth_options {
	const char *out_dir;
	const char *departments;
	long people, seed, threads;
	bool has_people, has_seed, quiet;
};

/* --people, --seed and --threads; returns -1 when `argv[*i]` is none of them. */
static int parse_number_option(int argc, char **argv, int *i, struct synth_options *o)
{
	static const char *const names[] = {"--people", "--seed", "--threads"};
	static const long min[] = {1, 0, 0},
			  max[] = {100000000L, 9007199254740991L, CLI_THREADS_MAX};
	long *targets[] = {&o->people, &o->seed, &o->threads};
	bool *given[] = {&o->has_people, &o->has_seed, NULL};

	for (int n = 0; n < 3; n++) {
		if (strcmp(argv[*i], names[n]) != 0)
			continue;
		if (++*i >= argc)
			return cli_usage_error("synth", "%s needs a number", names[n]);
		if (given[n])
			*given[n] = true;
		if (targets[n] == &o->threads)
			return cli_parse_threads("synth", argv[*i], &o->threads);
		return parse_long_option("synth", names[n], argv[*i], min[n], max[n], targets[n]);
	}
	return -1;
}

static int parse(int argc, char **argv, struct synth_options *o)
{
	for (int i = 1; i < argc; i++) {
		int status = parse_number_option(argc, argv, &i, o);
		if (status > 0)
			return status;
		if (status == 0)
			continue;
		if (strcmp(argv[i], "--out") == 0 || strcmp(argv[i], "--departments") == 0) {
			const char **target = argv[i][2] == 'o' ? &o->out_dir : &o->departments;
			if (++i >= argc)
				return cli_usage_error("synth", "%s needs a value", argv[i - 1]);
			*target = argv[i];
		} else if (strcmp(argv[i], "--quiet") == 0) {
			o->quiet = true;
		} else {
			return cli_usage_error("synth", "unknown argument '%s'", argv[i]);
		}
	}
	if (!o->has_people)
		return cli_usage_error("synth", "missing --people N");
	if (!o->has_seed)
		return cli_usage_error("synth", "missing --seed S");
	return cli_check_out("synth", o->out_dir);
}

/* One line on stderr, rewritten in place; only when stderr is a terminal. */
static void show_progress(void *context, const char *step, size_t done, size_t total)
{
	const char **last = context;

	if (step)
		*last = step;
	if (total)
		fprintf(stderr, "\r\033[Kvaluemap synth: %s %zu%%", *last, done * 100 / total);
	else
		fprintf(stderr, "\r\033[Kvaluemap synth: %s", *last);
	fflush(stderr);
}

static void print_summary(const vmap_synth *s, const char *dir)
{
	static const char *const ids[VMAP_SYNTH_DEPARTMENTS] = {"health", "dwp", "justice"};
	vmap_synth_stats st = vmap_synth_get_stats(s);

	printf("%llu people in %.2f s\n", (unsigned long long)st.people, st.seconds);
	for (int d = 0; d < VMAP_SYNTH_DEPARTMENTS; d++)
		if (st.records[d])
			printf("  %-8s %llu records, %llu events\n", ids[d],
			       (unsigned long long)st.records[d], (unsigned long long)st.events[d]);
	printf("%llu treated (IPS_START), %llu in the comparison pool (MH_TREATMENT_START)\n",
	       (unsigned long long)st.treated, (unsigned long long)st.comparison);
	printf("outputs in %s: datasets/ truth.csv truth.json project.yaml journeys.yaml "
	       "model.yaml\n", dir);
}

static int configure(vmap_synth *s, const struct synth_options *o, const char **step)
{
	int rc = vmap_synth_set_people(s, (uint64_t)o->people);

	vmap_synth_set_seed(s, (uint64_t)o->seed);
	vmap_synth_set_threads(s, (unsigned)o->threads);
	if (!rc && o->departments)
		rc = vmap_synth_set_departments(s, o->departments);
	if (!o->quiet && isatty(STDERR_FILENO))
		vmap_synth_set_progress(s, show_progress, step);
	return rc;
}

int cmd_synth(int argc, char **argv)
{
	struct synth_options o;
	const char *step = "";
	vmap_synth *s;
	int rc, status;

	memset(&o, 0, sizeof o);
	status = parse(argc, argv, &o);
	if (status)
		return status;
	s = vmap_synth_new();
	if (!s)
		return cli_fail(VMAP_NOMEM, NULL);
	rc = configure(s, &o, &step);
	if (!rc)
		rc = vmap_synth_run(s, o.out_dir);
	if (!o.quiet && isatty(STDERR_FILENO))
		fprintf(stderr, "\r\033[K");
	if (rc)
		status = rc == VMAP_USAGE ? cli_usage_error("synth", "%s", vmap_synth_errmsg(s))
					  : cli_fail(rc, vmap_synth_errmsg(s));
	else if (!o.quiet)
		print_summary(s, o.out_dir);
	vmap_synth_free(s);
	return status;
}
