/*
 * commands.c - the table of verbs. Add a verb here and in its own cmd_<verb>.c.
 */
#include "cli.h"

#include <string.h>

const struct command commands[] = {
	{"appraise", "appraise a model into a value map (who pays, who benefits)",
	 "usage: valuemap appraise MODEL.yaml --out DIR\n"
	 "\n"
	 "Appraises MODEL.yaml (YAML or JSON; see docs/model-format.md) under Green Book rules\n"
	 "and writes into DIR:\n"
	 "  summary.json  totals, interventions, agencies (with net_fiscal) and the value map\n"
	 "  flows.csv     every cost and benefit by intervention, year, agency and kind\n"
	 "  agencies.csv  each agency's pays, receives and net\n"
	 "  matrix.csv    present value each payer's spending brings each beneficiary\n"
	 "\n"
	 "options:\n"
	 "  --out DIR     the output folder (made if missing; files are replaced atomically)\n"
	 "  --quiet       print nothing on success\n",
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
