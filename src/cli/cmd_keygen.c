/*
 * cmd_keygen.c - `valuemap keygen KEYFILE`: a new 256-bit linkage-project key, mode 0600.
 */
#include "cli.h"

#include <string.h>

int cmd_keygen(int argc, char **argv)
{
	const char *path = NULL;
	vmap_key *key;
	int status = cli_refuse_key_outside_file("keygen", argc, argv);

	if (status)
		return status;
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("keygen", "unknown option (keygen takes only KEYFILE)");
		if (path)
			return cli_usage_error("keygen", "one KEYFILE only");
		path = argv[i];
	}
	if (!path)
		return cli_usage_error("keygen", "missing the key file to write (KEYFILE)");
	cli_protect_secrets();
	key = vmap_key_new();
	if (!key)
		return cli_fail(VMAP_NOMEM, NULL);
	status = vmap_key_generate(key, path);
	if (status)
		status = cli_fail(status, vmap_key_errmsg(key));
	else
		fprintf(stderr, "valuemap: wrote a new key to %s (mode 0600); give it only to the "
				"departments of this linkage project, never to the linkage agent\n",
			path);
	vmap_key_free(key);
	return status;
}
