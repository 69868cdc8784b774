/*
 * util.c - small helpers shared by the verbs: errors, money formatting, option values.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

/* The last error said, for vmap_dist_finish: under MPI only rank 0 prints, so another rank's
 * failure reaches the user through rank 0 (issue 18). */
static char last_error[512];

const char *cli_last_error(void)
{
	return last_error;
}

int cli_usage_error(const char *verb, const char *fmt, ...)
{
	va_list args;

	fprintf(stderr, "valuemap%s%s: ", verb ? " " : "", verb ? verb : "");
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	va_start(args, fmt);
	vsnprintf(last_error, sizeof last_error, fmt, args);
	va_end(args);
	if (verb)
		fprintf(stderr, "\n(see 'valuemap help %s')\n", verb);
	else
		fprintf(stderr, "\n(see 'valuemap --help' for the verbs)\n");
	return 2;
}

int cli_fail(int code, const char *message)
{
	snprintf(last_error, sizeof last_error, "%s",
		 message && *message ? message : vmap_strerror(code));
	fprintf(stderr, "valuemap: %s\n", last_error);
	return vmap_exit_status(code);
}

void cli_print_outputs(const char *dir, const char *files)
{
	printf("\noutputs in %s: %s\n", dir, files);
	printf("for a report people can read (HTML and Excel): valuemap report %s --out %s/report\n",
	       dir, dir);
}

void format_money(char *out, size_t size, double pounds)
{
	vmap_format_money(out, size, pounds);
}

const char *cli_s(size_t n)
{
	return n == 1 ? "" : "s";
}

int parse_long_option(const char *verb, const char *option, const char *text, long min,
		      long max, long *out)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (end == text || *end || errno || value < min || value > max)
		return cli_usage_error(verb, "%s: expected a whole number from %ld to %ld, not '%s'",
				       option, min, max, text);
	*out = value;
	return 0;
}

int cli_check_out(const char *verb, const char *dir)
{
	if (!dir)
		return cli_usage_error(verb, "missing --out DIR");
	if (!*dir)
		return cli_usage_error(verb, "--out: the folder name is empty; give a folder, e.g. "
					     "--out out");
	return 0;
}

int cli_parse_threads(const char *verb, const char *text, long *out)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (end == text || *end || errno || value < 0 || value > CLI_THREADS_MAX)
		return cli_usage_error(verb,
				       "--threads: expected 0 (one per online core) or 1 to %d, not "
				       "'%s'",
				       CLI_THREADS_MAX, text);
	*out = value;
	return 0;
}

/* The first few warnings on stderr; all of them are in summary.json. */
static void print_warnings(const vmap_model *model)
{
	enum { SHOWN = 10 };
	size_t count = vmap_model_warning_count(model);

	for (size_t w = 0; w < count && w < SHOWN; w++)
		fprintf(stderr, "valuemap: warning: %s\n", vmap_model_warning(model, w));
	if (count > SHOWN)
		fprintf(stderr, "valuemap: ... and %zu more warnings (all listed in summary.json)\n",
			count - SHOWN);
}

int cli_add_set(const char *verb, int argc, char **argv, int *i, const char **sets,
		size_t *count)
{
	if (++*i >= argc)
		return cli_usage_error(verb, "--set needs PATH=VALUE, e.g. "
					     "interventions.ips.participants=400");
	if (!strchr(argv[*i], '=') || argv[*i][0] == '=')
		return cli_usage_error(verb, "--set: expected PATH=VALUE, not '%s'", argv[*i]);
	if (*count == CLI_SETS_MAX)
		return cli_usage_error(verb, "--set: at most %d what-ifs", CLI_SETS_MAX);
	sets[(*count)++] = argv[*i];
	return 0;
}

int cli_load_model(const char *path, vmap_model **model)
{
	return cli_load_model_with(path, NULL, 0, model);
}

int cli_load_model_with(const char *path, const char *const *sets, size_t set_count,
			vmap_model **model)
{
	int rc = 0;

	*model = vmap_model_new();
	if (!*model)
		return cli_fail(VMAP_NOMEM, NULL);
	for (size_t n = 0; n < set_count && !rc; n++)
		rc = vmap_model_set(*model, sets[n]);
	if (!rc)
		rc = vmap_model_load(*model, path);
	if (rc)
		return cli_fail(rc, vmap_model_errmsg(*model));
	print_warnings(*model);
	return 0;
}

int cli_refuse_key_outside_file(const char *verb, int argc, char **argv)
{
	extern char **environ;

	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "--key", 5) == 0 && strcmp(argv[i], "--key-file") != 0)
			return cli_usage_error(verb, "a key is never given on the command line "
						     "(it would show in the process list and the "
						     "shell history): use --key-file FILE");
	for (char **e = environ; e && *e; e++)
		if (strncmp(*e, "VALUEMAP_KEY", 12) == 0 || strncmp(*e, "VMAP_KEY", 8) == 0) {
			int length = (int)strcspn(*e, "=");
			return cli_usage_error(verb, "%.*s is set: a key is never read from the "
						     "environment (any process of the user can read "
						     "it): unset it and use --key-file FILE",
					       length, *e);
		}
	return 0;
}

void cli_protect_secrets(void)
{
	struct rlimit none = {0, 0};

	(void)setrlimit(RLIMIT_CORE, &none);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
