/*
 * main.c - `valuemap VERB ...`: global help and version, then the verb.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_help(FILE *to)
{
	fprintf(to, "valuemap %s: who pays and who benefits when public spending cuts across "
		    "departments\n\nusage: valuemap VERB [ARGS...]\n\nverbs:\n",
		VMAP_VERSION);
	for (const struct command *c = commands; c->name; c++)
		fprintf(to, "  %-10s %s\n", c->name, c->summary);
	fprintf(to, "  %-10s %s\n", "help", "help VERB shows a verb's options");
	fprintf(to, "\nvaluemap --version prints the version. Exit status: 0 success, 1 a run-time "
		    "failure, 2 bad usage or input.\n");
}

static int help(const char *verb)
{
	const struct command *c = verb ? find_command(verb) : NULL;

	if (!verb) {
		print_help(stdout);
		return 0;
	}
	if (!c)
		return cli_usage_error(NULL, "unknown verb '%s'", verb);
	fputs(c->usage, stdout);
	return 0;
}

static int run_verb(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		print_help(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return help(NULL);
	if (strcmp(argv[1], "--version") == 0) {
		printf("valuemap %s\n", VMAP_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0)
		return help(argc > 2 ? argv[2] : NULL);
	c = find_command(argv[1]);
	if (!c) {
		fprintf(stderr, "valuemap: unknown verb '%s'\n\n", argv[1]);
		print_help(stderr);
		return 2;
	}
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return help(c->name);
	return c->run(argc - 1, argv + 1);
}

/* issue 18: VALUEMAP_MPI_STATS's line for rank 0's table of records after a linkage. */
static void print_record_table(int fd)
{
	uint64_t bytes, records, whole;

	vmap_dist_record_table(&bytes, &records, &whole);
	if (records)
		dprintf(fd, "valuemap: MPI rank %u kept %llu bytes for the ids of %llu records "
			"(%.1f a record) and %llu records whole\n", vmap_dist_rank(),
			(unsigned long long)bytes, (unsigned long long)records,
			(double)bytes / (double)records, (unsigned long long)whole);
}

/* issue 18: under mpirun only rank 0 prints (the others' standard output and error go to
 * /dev/null); every rank ends with the exit status they agree on. VALUEMAP_MPI_STATS=1 has
 * each rank say on its own standard error how many bytes it sent and how many records a
 * linkage held there (its own, and the most of others' at once: for bench/ and the tests). */
int main(int argc, char **argv)
{
	int stats = getenv("VALUEMAP_MPI_STATS") ? dup(STDERR_FILENO) : -1;
	const char *message = "";
	int status, agreed;

	status = vmap_dist_start(&argc, &argv);
	if (status != VMAP_OK) { /* every rank fails so; rank 0 says why */
		if (vmap_dist_rank() == 0)
			fprintf(stderr, "valuemap: MPI could not start: %s\n", vmap_strerror(status));
		return vmap_exit_status(status);
	}
	if (vmap_dist_rank() != 0 && (!freopen("/dev/null", "w", stdout) ||
				       !freopen("/dev/null", "w", stderr)))
		return vmap_dist_finish(1, "cannot send its output to /dev/null", NULL);
	status = run_verb(argc, argv);
	if (stats >= 0) {
		uint64_t home, visiting;
		vmap_dist_records_held(&home, &visiting);
		dprintf(stats, "valuemap: MPI rank %u of %u sent %llu bytes, held %llu records of its "
			"own and at most %llu of others'\n", vmap_dist_rank(), vmap_dist_size(),
			(unsigned long long)vmap_dist_bytes_sent(), (unsigned long long)home,
			(unsigned long long)visiting);
		print_record_table(stats);
	}
	agreed = vmap_dist_finish(status, cli_last_error(), &message);
	if (agreed != status)
		fprintf(stderr, "valuemap: %s\n", message);
	return agreed;
}
