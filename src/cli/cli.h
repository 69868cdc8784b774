/*
 * cli.h - the valuemap command line: the verb table and helpers shared by the verbs.
 *
 * The CLI uses only the public header. Each verb lives in its own cmd_<verb>.c and is listed
 * once in commands.c. A verb returns the process exit status.
 */
#ifndef VMAP_CLI_H
#define VMAP_CLI_H

#include "valuemap.h"

#include <stddef.h>
#include <stdio.h>

struct command {
	const char *name;
	const char *summary; /* one line for `valuemap --help` */
	const char *usage;   /* the full text for `valuemap help VERB` */
	int (*run)(int argc, char **argv);
};

extern const struct command commands[];
const struct command *find_command(const char *name);

/* "valuemap: <message>" on stderr; returns 2 (bad usage). */
int cli_usage_error(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reports a library failure with the handle's message (vmap_X_errmsg; NULL or "" for the
 * code's own text) and returns the exit status for `code`. */
int cli_fail(int code, const char *message);
/* issue 18: the message of the last cli_fail or cli_usage_error ("" when none). */
const char *cli_last_error(void);

/* Formats an amount of pounds for people: "£1,234,567", "-£12,300", "£0" (the library's
 * vmap_format_money, which pool.json's words use too). */
void format_money(char *out, size_t size, double pounds);

/* "s" unless `n` is 1: "%zu record%s", n, cli_s(n). */
const char *cli_s(size_t n);


/* Parses a whole number option value in [min, max]; false with a message when it is not. */
int parse_long_option(const char *verb, const char *option, const char *text, long min,
		      long max, long *out);

/* `--out DIR`: refused when missing or empty; returns 0 or the exit status. */
int cli_check_out(const char *verb, const char *dir);

/* `--threads T` means the same in every verb: 0 (or absent) one per online core, else 1 to
 * CLI_THREADS_MAX. */
enum { CLI_THREADS_MAX = 1024 };
int cli_parse_threads(const char *verb, const char *text, long *out);

/* Makes and loads the model at `path` into `*model` (which the caller frees, even on failure),
 * printing its warnings on stderr; returns 0 or the exit status after reporting the error. */
int cli_load_model(const char *path, vmap_model **model);

/* The same with what-ifs (`--set PATH=VALUE`, vmap_model_set) applied to the file. */
int cli_load_model_with(const char *path, const char *const *sets, size_t set_count,
			vmap_model **model);

/* `--set PATH=VALUE` at argv[*i]: keeps the assignment (at most CLI_SETS_MAX). */
enum { CLI_SETS_MAX = 256 };
int cli_add_set(const char *verb, int argc, char **argv, int *i, const char **sets,
		size_t *count);

/* Refuses (exit 2) a key given as an option (--key, --key=...) or in the environment
 * (VALUEMAP_KEY...), without ever echoing the value. */
int cli_refuse_key_outside_file(const char *verb, int argc, char **argv);
/* No core dumps and no ptrace by other processes of the user: a key or a name in memory
 * never lands on disk in a core file. */
void cli_protect_secrets(void);
/* The last lines of a stage's account: where its files are, and how to read them as a report
 * ("valuemap report DIR --out DIR/report"). `files` lists them, separated by spaces. */
void cli_print_outputs(const char *dir, const char *files);

int cmd_appraise(int argc, char **argv);
int cmd_pool(int argc, char **argv);
int cmd_link(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_encode(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_journeys(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_synth(int argc, char **argv);
int cmd_ucd(int argc, char **argv);

#endif
