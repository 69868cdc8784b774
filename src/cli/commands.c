/*
 * commands.c - the table of verbs. Add a verb here and in its own cmd_<verb>.c.
 */
#include "cli.h"

#include <string.h>

const struct command commands[] = {
	{"appraise", "appraise a model into a value map (who pays, who benefits)",
	 "usage: valuemap appraise MODEL.yaml --out DIR [--draws N] [--seed S] [--threads T]\n"
	 "\n"
	 "Appraises MODEL.yaml (YAML or JSON; see docs/model-format.md) under Green Book rules\n"
	 "and writes into DIR:\n"
	 "  summary.json  totals, interventions, agencies (with net_fiscal) and the value map\n"
	 "  flows.csv     every cost and benefit by intervention, year, agency and kind\n"
	 "  agencies.csv  each agency's pays, receives and net\n"
	 "  matrix.csv    present value each payer's spending brings each beneficiary\n"
	 "and with --draws N > 0 (Monte Carlo; see docs/uncertainty.md):\n"
	 "  draws.csv        each draw's sampled inputs and headline results\n"
	 "  sensitivity.csv  one-way sensitivity at P10/P90 and switching values\n"
	 "  summary.json     gains `uncertainty`: mean, sd, p05, p50, p95, prob_positive, evpi\n"
	 "\n"
	 "options:\n"
	 "  --out DIR     the output folder (made if missing; files are replaced atomically)\n"
	 "  --quiet       print nothing on success\n"
	 "  --draws N     Monte Carlo draws (default 0: the deterministic value map only)\n"
	 "  --seed S      the random seed, 0 to 2^53-1 (default 0); a seed gives the same\n"
	 "                outputs, byte for byte, whatever the number of threads\n"
	 "  --threads T   threads to use (default 0: one per online core)\n",
	 cmd_appraise},
	{NULL, NULL, NULL, NULL},
};

const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
