/*
 * cmd_encode.c - `valuemap encode SPEC.yaml --key-file KEY --out FILE`: one department's
 * extract into keyed Bloom-filter encodings, run inside the department.
 *
 * Arguments are never echoed back (one could be a key typed in the wrong place).
 */
#include "cli.h"

#include <stdbool.h>
#include <string.h>
#include <unistd.h>

struct encode_options {
	const char *spec, *key_file, *out, *fields;
	long bits, threads;
	enum vmap_hardening hardening;
	bool quiet;
};

static int parse_option(int argc, char **argv, int *i, struct encode_options *o)
{
	const char *arg = argv[*i];

	if (strcmp(arg, "--quiet") == 0) {
		o->quiet = true;
		return 0;
	}
	if (++*i >= argc)
		return cli_usage_error("encode", "%s needs a value", arg);
	if (strcmp(arg, "--key-file") == 0)
		o->key_file = argv[*i];
	else if (strcmp(arg, "--out") == 0)
		o->out = argv[*i];
	else if (strcmp(arg, "--fields") == 0)
		o->fields = argv[*i];
	else if (strcmp(arg, "--bits") == 0)
		return parse_long_option("encode", "--bits", argv[*i], 256, 4096, &o->bits);
	else if (strcmp(arg, "--threads") == 0)
		return parse_long_option("encode", "--threads", argv[*i], 0, 4096, &o->threads);
	else if (strcmp(arg, "--hardening") != 0)
		return cli_usage_error("encode", "unknown option (see the options below)");
	else if (!vmap_hardening_parse(argv[*i], &o->hardening))
		return cli_usage_error("encode", "--hardening: expected diffusion, none, xor-fold "
						 "or blip");
	return 0;
}

static int parse(int argc, char **argv, struct encode_options *o)
{
	int rc = cli_refuse_key_outside_file("encode", argc, argv);

	for (int i = 1; i < argc && !rc; i++) {
		if (argv[i][0] == '-' && argv[i][1])
			rc = parse_option(argc, argv, &i, o);
		else if (!o->spec)
			o->spec = argv[i];
		else
			rc = cli_usage_error("encode", "one dataset spec only (encode each "
						       "dataset on its own)");
	}
	if (!rc && !o->spec)
		rc = cli_usage_error("encode", "missing the dataset spec (SPEC.yaml)");
	if (!rc && !o->key_file)
		rc = cli_usage_error("encode", "missing --key-file KEY (made by `valuemap keygen`)");
	if (!rc && !o->out)
		rc = cli_usage_error("encode", "missing --out FILE");
	return rc;
}

static void show_progress(void *context, const char *step, size_t done, size_t total)
{
	(void)context;
	(void)step;
	fprintf(stderr, "\r\033[Kvaluemap encode: %zu of %zu records", done, total);
	fflush(stderr);
}

static int encode(vmap_encoder *e, const struct encode_options *o)
{
	int rc = o->bits ? vmap_encoder_set_bits(e, (unsigned)o->bits) : VMAP_OK;

	if (!rc)
		rc = vmap_encoder_set_hardening(e, o->hardening);
	if (!rc && o->fields)
		rc = vmap_encoder_set_fields(e, o->fields);
	if (o->threads)
		vmap_encoder_set_threads(e, (unsigned)o->threads);
	if (!o->quiet && isatty(STDERR_FILENO))
		vmap_encoder_set_progress(e, show_progress, NULL);
	if (!rc)
		rc = vmap_encoder_encode(e, o->spec, o->out);
	if (!o->quiet && isatty(STDERR_FILENO))
		fprintf(stderr, "\r\033[K");
	for (size_t w = 0; w < vmap_encoder_warning_count(e); w++)
		fprintf(stderr, "valuemap: warning: %s\n", vmap_encoder_warning(e, w));
	return rc;
}

int cmd_encode(int argc, char **argv)
{
	struct encode_options o = {NULL, NULL, NULL, NULL, 0, 0, VMAP_HARDEN_DIFFUSION, false};
	vmap_key *key;
	vmap_encoder *e = NULL;
	int rc, status = parse(argc, argv, &o);

	if (status)
		return status;
	cli_protect_secrets();
	key = vmap_key_new();
	if (!key)
		return cli_fail(VMAP_NOMEM, NULL);
	rc = vmap_key_load(key, o.key_file);
	if (rc) {
		status = cli_fail(rc, vmap_key_errmsg(key));
	} else if (!(e = vmap_encoder_new(key))) {
		status = cli_fail(VMAP_NOMEM, NULL);
	} else if ((rc = encode(e, &o))) {
		status = cli_fail(rc, vmap_encoder_errmsg(e));
	} else if (!o.quiet) {
		printf("%zu records encoded into %s (%.1f%% of bits set)\n",
		       vmap_encoder_records(e), o.out, 100 * vmap_encoder_fill(e));
	}
	vmap_encoder_free(e);
	vmap_key_free(key);
	return status;
}
