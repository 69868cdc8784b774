/*
 * fuzz_cli.c - libFuzzer harness for the command line: the input, split at newlines, is the
 * argument list after "valuemap" (so "appraise\nmodel.yaml\n--out\no" is `valuemap appraise
 * model.yaml --out o`), run through the real CLI (src/cli, built here with its main renamed
 * valuemap_cli_main) inside a private folder that holds the files of fuzz_copy_project_files
 * (a model, dataset specs and CSVs, a link config, a journeys file) and a key file (fuzz.key, a
 * test key), made afresh for every input. Any argument list must end with an exit status of
 * 0, 1 or 2, never a crash, hang or leak.
 *
 * Side effects stay in the folder: arguments that are absolute paths or contain ".." are
 * skipped, stdin is /dev/null and stdout is thrown away. Inputs that would only make the run
 * long (--people or --draws above 2000, more than 8 threads) are skipped too.
 */
#include "fuzz_tree.h"

#include <fcntl.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int valuemap_cli_main(int argc, char **argv);

enum { ARGS_MAX = 32 };

static char work[128];

static void make_fixture(void)
{
	static const char key[] = "0123456789abcdef0123456789abcdef"
				  "0123456789abcdef0123456789abcdef\n"; /* a test key */
	int fd;

	fuzz_empty_dir(work);
	fuzz_copy_project_files(work);
	fd = open("fuzz.key", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, key, sizeof key - 1) != (ssize_t)(sizeof key - 1))
		abort();
	close(fd);
}

static void setup(void)
{
	int null = open("/dev/null", O_RDWR);

	snprintf(work, sizeof work, "%s", fuzz_temp_dir());
	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0)
		abort();
	close(null);
}

/* Runs the CLI in the folder, then comes back: libFuzzer opens its corpus by relative paths. */
static int run_in_work(int argc, char **argv)
{
	int here = open(".", O_RDONLY | O_DIRECTORY), status;

	if (here < 0 || chdir(work) != 0)
		abort();
	make_fixture();
	status = valuemap_cli_main(argc, argv);
	fflush(stdout);
	if (fchdir(here) != 0)
		abort();
	close(here);
	return status;
}

/* Whether the argument list stays inside the folder and runs briefly (see the top). */
static bool acceptable(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (argv[i][0] == '/' || strstr(argv[i], ".."))
			return false;
		if (i > 0 && (strcmp(argv[i - 1], "--people") == 0 ||
			      strcmp(argv[i - 1], "--draws") == 0 ||
			      strcmp(argv[i - 1], "--threads") == 0)) {
			long limit = strcmp(argv[i - 1], "--threads") == 0 ? 8 : 2000;
			char *end;
			long value = strtol(argv[i], &end, 10);
			if (value > limit || value < 0)
				return false;
		}
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *argv[ARGS_MAX + 2];
	int argc = 1, status;

	if (!copy)
		abort();
	if (memchr(data, '\0', size)) { /* an argument never holds a NUL */
		free(copy);
		return 0;
	}
	if (!work[0])
		setup();
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = "valuemap";
	for (char *p = copy; argc <= ARGS_MAX;) {
		char *newline = strchr(p, '\n');
		argv[argc++] = p;
		if (!newline)
			break;
		*newline = '\0';
		p = newline + 1;
	}
	argv[argc] = NULL;
	if (acceptable(argc, argv)) {
		status = run_in_work(argc, argv);
		if (status < 0 || status > 2)
			abort();
	}
	free(copy);
	return 0;
}
