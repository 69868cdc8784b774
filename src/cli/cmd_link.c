/*
 * cmd_link.c - `valuemap link SPEC.yaml [SPEC.yaml ...] --out DIR`: dedupe one dataset or
 * link several, and a short account on stdout; `link --encoded A.enc B.enc ...` links the
 * files of `valuemap encode` instead.
 */
#include "cli.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SPECS_MAX 32

struct link_options {
	const char *specs[SPECS_MAX];
	size_t spec_count;
	const char *out_dir;
	const char *config;
	const char *model;
	const char *labels;
	long threads;
	bool threads_set; /* --threads given (0: one per online core) */
	bool quiet;
	bool encoded; /* the arguments are encoded files (valuemap encode) */
};

static int parse_option(int argc, char **argv, int *i, struct link_options *o)
{
	const char *arg = argv[*i];

	if (strcmp(arg, "--quiet") == 0) {
		o->quiet = true;
		return 0;
	}
	if (strcmp(arg, "--encoded") == 0) {
		o->encoded = true;
		return 0;
	}
	if (++*i >= argc)
		return cli_usage_error("link", "%s needs a value", arg);
	if (strcmp(arg, "--out") == 0) {
		o->out_dir = argv[*i];
		return 0;
	}
	if (strcmp(arg, "--config") == 0) {
		o->config = argv[*i];
		return 0;
	}
	if (strcmp(arg, "--model") == 0) {
		o->model = argv[*i];
		return 0;
	}
	if (strcmp(arg, "--labels") == 0) {
		o->labels = argv[*i];
		return 0;
	}
	if (strcmp(arg, "--threads") == 0) {
		o->threads_set = true;
		return cli_parse_threads("link", argv[*i], &o->threads);
	}
	return cli_usage_error("link", "unknown option '%s'", arg);
}

static int parse(int argc, char **argv, struct link_options *o)
{
	for (int i = 1; i < argc; i++) {
		int rc;
		if (argv[i][0] == '-' && argv[i][1]) {
			if ((rc = parse_option(argc, argv, &i, o)))
				return rc;
		} else if (o->spec_count < SPECS_MAX) {
			o->specs[o->spec_count++] = argv[i];
		} else {
			return cli_usage_error("link", "at most %d dataset specs", SPECS_MAX);
		}
	}
	if (!o->spec_count)
		return cli_usage_error("link", o->encoded ? "missing the encoded files"
							 : "missing the dataset spec (SPEC.yaml)");
	if (o->encoded && o->model)
		return cli_usage_error("link", "--model does not apply to encoded files");
	return cli_check_out("link", o->out_dir);
}

static void print_summary(const vmap_linker *l, const char *dir, bool encoded)
{
	vmap_link_stats s = vmap_linker_stats(l);
	double per_core = s.seconds_compare > 0 && s.threads > 0
				  ? (double)s.comparisons / s.seconds_compare / s.threads
				  : 0;

	printf("%zu record%s in %zu dataset%s; %llu candidate pair%s compared\n", s.records,
	       cli_s(s.records), s.datasets, cli_s(s.datasets),
	       (unsigned long long)s.comparisons, cli_s((size_t)s.comparisons));
	printf("%zu matching pair%s; %zu cluster%s (singletons included)\n", s.matched_pairs,
	       cli_s(s.matched_pairs), s.clusters, cli_s(s.clusters));
	if (s.chained_clusters)
		printf("%zu cluster%s chained unrelated records; %zu of them split\n",
		       s.chained_clusters, cli_s(s.chained_clusters), s.chains_split);
	printf("%.2f s (comparing %.2f s on %u threads, %.0f comparisons/s per thread)\n",
	       s.seconds_total, s.seconds_compare, s.threads, per_core);
	/* review.csv shows both records' values: encoded runs have none, and write none */
	cli_print_outputs(dir, encoded ? "clusters.csv pairs.csv linkmodel.json linkage-summary.json"
				       : "clusters.csv pairs.csv review.csv linkmodel.json "
					 "linkage-summary.json");
}

/* One line on stderr, rewritten in place; only when stderr is a terminal. */
static void show_progress(void *context, const char *step, size_t done, size_t total)
{
	(void)context;
	(void)done;
	(void)total;
	fprintf(stderr, "\r\033[Kvaluemap link: %s", step);
	fflush(stderr);
}

static int run_linker(vmap_linker *l, const struct link_options *o)
{
	int rc = o->config ? vmap_linker_configure(l, o->config) : VMAP_OK;

	if (!rc && o->model)
		rc = vmap_linker_load_model(l, o->model);
	if (!rc && o->labels)
		rc = vmap_linker_set_labels(l, o->labels);
	if (o->threads_set)
		vmap_linker_set_threads(l, (unsigned)o->threads);
	/* VALUEMAP_PROGRESS=1: also when stderr is a pipe (bench/mpi_scale.sh times the steps) */
	if (!o->quiet && (isatty(STDERR_FILENO) || getenv("VALUEMAP_PROGRESS")))
		vmap_linker_set_progress(l, show_progress, NULL);
	for (size_t s = 0; s < o->spec_count && !rc; s++)
		rc = o->encoded ? vmap_linker_add_encoded(l, o->specs[s])
				: vmap_linker_add_dataset(l, o->specs[s]);
	if (!rc)
		rc = vmap_linker_run(l);
	if (!o->quiet && (isatty(STDERR_FILENO) || getenv("VALUEMAP_PROGRESS")))
		fprintf(stderr, "\r\033[K");
	for (size_t w = 0; w < vmap_linker_warning_count(l); w++)
		fprintf(stderr, "valuemap: warning: %s\n", vmap_linker_warning(l, w));
	if (!rc)
		rc = vmap_linker_write(l, o->out_dir);
	return rc;
}

int cmd_link(int argc, char **argv)
{
	struct link_options o;
	vmap_linker *l;
	int rc, status;

	memset(&o, 0, sizeof o);
	status = parse(argc, argv, &o);
	if (status)
		return status;
	l = vmap_linker_new();
	if (!l)
		return cli_fail(VMAP_NOMEM, NULL);
	rc = run_linker(l, &o);
	if (rc)
		status = cli_fail(rc, vmap_linker_errmsg(l));
	else if (!o.quiet)
		print_summary(l, o.out_dir, o.encoded);
	vmap_linker_free(l);
	return status;
}
