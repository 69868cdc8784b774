/*
 * commands.c - the table of verbs. Add a verb here and in its own cmd_<verb>.c.
 */
#include "cli.h"

#include <string.h>

const struct command commands[] = {
	{"appraise", "appraise a model into a value map (who pays, who benefits)",
	 "usage: valuemap appraise MODEL.yaml --out DIR [--draws N] [--seed S] [--threads T]\n"
	 "                         [--save-inputs] [--set PATH=VALUE ...]\n"
	 "\n"
	 "Appraises MODEL.yaml (YAML or JSON; see docs/model-format.md) under Green Book rules\n"
	 "and writes into DIR:\n"
	 "  summary.json  totals, interventions, agencies (with net_fiscal) and the value map\n"
	 "  flows.csv     every cost and benefit by intervention, year, agency and kind\n"
	 "  agencies.csv  each agency's pays, receives and net\n"
	 "  matrix.csv    present value each payer's spending brings each beneficiary\n"
	 "and with --draws N > 0 (Monte Carlo; see docs/uncertainty.md):\n"
	 "  draws.csv        each draw's headline results: npsv, bcr, each agency's net_fiscal\n"
	 "  sensitivity.csv  one-way sensitivity at P10/P90 and switching values\n"
	 "  inputs.csv       each draw's sampled inputs, only with --save-inputs\n"
	 "  summary.json     gains `uncertainty`: mean, sd, p05, p50, p95, prob_positive\n"
	 "                   (and prob_bcr_above_1 for bcr), evpi\n"
	 "\n"
	 "options:\n"
	 "  --out DIR     the output folder (made if missing; files are replaced atomically)\n"
	 "  --quiet       print nothing on success\n"
	 "  --draws N     Monte Carlo draws (default 0: the deterministic value map only)\n"
	 "  --seed S      the random seed, 0 to 2^53-1 (default 0); a seed gives the same\n"
	 "                outputs, byte for byte, whatever the number of threads\n"
	 "  --threads T   threads to use: 0 (the default) one per online core, or 1 to 1024\n"
	 "  --save-inputs write inputs.csv, the sampled inputs of each draw (with --draws)\n"
	 "  --set PATH=VALUE  a what-if (repeatable): one value of the model replaced before\n"
	 "                it is read, and checked like the file; PATH names keys, list items\n"
	 "                by id, and [N] positions from 0, e.g.\n"
	 "                --set interventions.ips.participants=400\n"
	 "                --set 'interventions.ips.costs[0].amount=500'\n",
	 cmd_appraise},
	{"pool", "fair shares of a pooled budget, credits, and what pooling unlocks",
	 "usage: valuemap pool MODEL.yaml --out DIR [--budget AGENCY=AMOUNT ...] [--pooled AMOUNT]\n"
	 "                     [--set PATH=VALUE ...]\n"
	 "\n"
	 "Plays the savings game of MODEL.yaml's government agencies (see\n"
	 "docs/pooled-budgets.md) and writes into DIR:\n"
	 "  pool.json      surplus, each agency's Shapley share, contributions (Shapley,\n"
	 "                 proportional, SCRB), spend and balance, funded sets, portfolio\n"
	 "  portfolio.csv  each intervention: cost, fiscal benefit, funded pooled or siloed\n"
	 "  credits.csv    each sharing method and agency: contribution, spend, balance\n"
	 "On stdout: each agency's fiscal benefit, Shapley share, contribution and balance, the\n"
	 "transfers in words (as pool.json's `transfers`) and, when the pool funds nothing, why.\n"
	 "\n"
	 "options:\n"
	 "  --out DIR                the output folder (made if missing; files replaced atomically)\n"
	 "  --budget AGENCY=AMOUNT   an agency's budget (repeatable); agencies not given one have\n"
	 "                           none, and the pool's budget is their sum\n"
	 "  --pooled AMOUNT          the pool's budget (instead of the sum)\n"
	 "  --set PATH=VALUE         a what-if on the model (repeatable; see help appraise)\n"
	 "  --quiet                  print nothing on success\n",
	 cmd_pool},
	{"link", "find the records that belong to one person, in one dataset or across several",
	 "usage: valuemap link SPEC.yaml [SPEC.yaml ...] --out DIR [--config LINK.yaml]\n"
	 "                     [--model linkmodel.json] [--labels FILE] [--threads N]\n"
	 "       valuemap link --encoded A.enc B.enc ... --out DIR [--config LINK.yaml]\n"
	 "\n"
	 "Deduplicates the dataset of one spec, or links the datasets of several (and finds\n"
	 "duplicates inside each), with no other configuration (see docs/linkage.md).\n"
	 "Writes into DIR:\n"
	 "  clusters.csv          dataset,record_id,cluster_id for every record\n"
	 "  pairs.csv             scored pairs with each comparison's level and weight\n"
	 "  review.csv            pairs near the threshold, both records' values side by side\n"
	 "                        (not with --encoded: encodings hold no values to review)\n"
	 "  linkmodel.json        the trained Fellegi-Sunter model\n"
	 "  linkage-summary.json  counts per blocking rule, m and u, weights, cluster sizes,\n"
	 "                        expected precision and recall (and measured, with --labels)\n"
	 "\n"
	 "options:\n"
	 "  --out DIR      the output folder (made if missing; files are replaced atomically)\n"
	 "  --config FILE  tune mode, thresholds, blocking, compared fields, one-to-one\n"
	 "  --model FILE   reuse a trained linkmodel.json instead of training again\n"
	 "  --labels FILE  known truth (dataset,record_id,entity): score precision, recall, F1\n"
	 "  --threads N    threads for comparing pairs: 0 (the default) one per online core,\n"
	 "                 or 1 to 1024\n"
	 "  --encoded      the arguments are files of `valuemap encode`: linked by Dice\n"
	 "                 similarity, one link per record and dataset (linkmodel.json\n"
	 "                 then holds no comparisons and cannot be reused with --model)\n"
	 "                 (see docs/privacy.md)\n"
	 "  --quiet        print nothing on success\n",
	 cmd_link},
	{"keygen", "a new secret key for a privacy-preserving linkage project",
	 "usage: valuemap keygen KEYFILE\n"
	 "\n"
	 "Writes 256 random bits (the OS's secure source) as 64 hex digits to KEYFILE with\n"
	 "mode 0600, and never replaces an existing file. Give the key to the departments that\n"
	 "encode, never to the linkage agent (see docs/privacy.md).\n",
	 cmd_keygen},
	{"encode", "keyed Bloom-filter encodings of one dataset, for linkage without names",
	 "usage: valuemap encode SPEC.yaml --key-file KEY --out FILE [--fields LIST]\n"
	 "                       [--hardening H] [--bits N] [--threads N]\n"
	 "\n"
	 "Reads the dataset spec and its CSV, standardises every record as `link` does, and\n"
	 "writes FILE: for each record its record id, a 1024-bit keyed encoding (CLK) and keyed\n"
	 "blocking tokens, rows in a keyed order; no name, date, postcode or other value.\n"
	 "Link the files of several departments with `valuemap link --encoded`.\n"
	 "\n"
	 "options:\n"
	 "  --key-file KEY   the project key (valuemap keygen); refused when group or others\n"
	 "                   can read it. A key is never taken from the command line or the\n"
	 "                   environment.\n"
	 "  --out FILE       the encoded file (written atomically)\n"
	 "  --fields LIST    encode only these fields, e.g. first_name,last_name,dob,postcode:\n"
	 "                   departments must encode the same fields (default: all mapped)\n"
	 "  --hardening H    diffusion (default), none, xor-fold or blip (docs/privacy.md)\n"
	 "  --bits N         encoding length before hardening: 256 to 4096, a power of two\n"
	 "                   (default 1024); every department of a project must use the same\n"
	 "  --threads N      threads (default 0: one per online core); the file is the same\n"
	 "                   byte for byte whatever the number\n"
	 "  --quiet          print nothing on success\n",
	 cmd_encode},
	{"report", "an HTML report and an Excel workbook from the stages' outputs",
	 "usage: valuemap report DIR --out DIR [--title TITLE] [--quiet]\n"
	 "\n"
	 "Reads what the stages wrote in DIR (a run's output folder with link/, journeys/,\n"
	 "appraise/ and pool/ inside, or one stage's own folder) and writes into --out DIR:\n"
	 "  report.html    one self-contained page for people: the headline, the value map,\n"
	 "                 each department's lens, time, uncertainty, the pooled-budget deal,\n"
	 "                 journeys and linkage (a section for each stage found); opens from\n"
	 "                 disk, needs no network, prints on A4\n"
	 "  valuemap.xlsx  a sheet per table, formatted; text that a spreadsheet would run as\n"
	 "                 a formula is stored as plain text\n"
	 "(see docs/report.md)\n"
	 "\n"
	 "options:\n"
	 "  --out DIR      the output folder (made if missing; both files replaced together)\n"
	 "  --title TITLE  the report's title (default: the appraisal's name)\n"
	 "  --quiet        print nothing on success\n",
	 cmd_report},
	{"journeys", "person journeys across departments: the effect on each department's costs",
	 "usage: valuemap journeys JOURNEYS.yaml --out DIR [--clusters FILE] [--threads T]\n"
	 "\n"
	 "Joins each department's events (the events blocks of the dataset specs) to persons\n"
	 "through clusters.csv, compares a treated cohort with a weighted comparison cohort, and\n"
	 "measures the change in each department's costs per treated person, year by year after\n"
	 "the index date, with bootstrap intervals (see docs/journeys.md). Writes into DIR:\n"
	 "  cohort.csv             cluster_id,group,index_date,weight of everyone analysed\n"
	 "  balance.csv            covariate means and standardised differences, before and after\n"
	 "  profiles.csv           mean cost per person by group, department and relative year\n"
	 "  effects.csv            agency,year,effect,se,ci_low,ci_high,naive\n"
	 "  journeys-summary.json  counts at every step, weights and overlap, balance, effects\n"
	 "  effects.yaml           a model fragment: use it with `effects_from:` in a model\n"
	 "\n"
	 "options:\n"
	 "  --out DIR        the output folder (made if missing; files are replaced atomically)\n"
	 "  --clusters FILE  clusters.csv to use instead of the file's journeys.clusters\n"
	 "  --threads T      threads for the bootstrap (default 0: one per online core); the\n"
	 "                   outputs are the same, byte for byte, whatever the number\n"
	 "  --quiet          print nothing on success\n",
	 cmd_journeys},
	{"synth", "synthetic departments with known truth, to exercise every stage",
	 "usage: valuemap synth --people N --seed S --out DIR [--departments LIST]\n"
	 "                      [--threads T]\n"
	 "\n"
	 "Simulates N people and the records three departments hold about them, with their\n"
	 "errors, events and costs over 2015-2024, and the true effect of an intervention\n"
	 "(see docs/synth.md). Writes into DIR:\n"
	 "  datasets/<id>.csv         each department's extract (health, dwp, justice)\n"
	 "  datasets/<id>.yaml        its dataset spec, with an events block\n"
	 "  datasets/<id>_events.csv  its events with their costs\n"
	 "  truth.csv                 dataset,record_id,person_id for every record\n"
	 "  truth.json                the true effect per agency and year after the index\n"
	 "  project.yaml, journeys.yaml, model.yaml   a runnable project over them\n"
	 "\n"
	 "options:\n"
	 "  --people N         people to simulate, 1 to 100000000\n"
	 "  --seed S           the random seed, 0 to 2^53-1; a seed gives the same files,\n"
	 "                     byte for byte, whatever the number of threads\n"
	 "  --out DIR          the output folder (made if missing; files replaced atomically)\n"
	 "  --departments L    which to write, e.g. health,dwp (default: health,dwp,justice)\n"
	 "  --threads T        threads to use: 0 (the default) one per online core, or 1 to\n"
	 "                     1024\n"
	 "  --quiet            print nothing on success\n",
	 cmd_synth},
	{"ucd", "search the GMCA Unit Cost Database shipped with valuemap",
	 "usage: valuemap ucd search WORDS...\n"
	 "\n"
	 "Lists the unit costs of the GMCA Unit Cost Database v1.4 (compiled into valuemap; see\n"
	 "data/unit-costs/README.md) whose code, category, description, unit or agency holds\n"
	 "every one of WORDS (ignoring case): code, value, price year (the calendar year assumed\n"
	 "for the financial year published), agency, description and unit. No words lists all.\n"
	 "A model uses an entry as `value: {ucd: CODE}` (see docs/model-format.md).\n",
	 cmd_ucd},
	{"run", "every stage of a project in order, skipping those whose inputs are unchanged",
	 "usage: valuemap run PROJECT.yaml [--force] [--threads N] [--quiet]\n"
	 "\n"
	 "Runs the stages of PROJECT.yaml (see docs/projects.md) in order, each into\n"
	 "OUT/<stage>/ (OUT is the project's `out`, relative to the project file):\n"
	 "  link      the project's datasets -> clusters.csv, pairs.csv, linkmodel.json\n"
	 "  journeys  its journeys file, on the link's clusters -> effects.yaml and more\n"
	 "  appraise  its model (with draws) -> summary.json, flows.csv, matrix.csv\n"
	 "  pool      its model and budgets -> pool.json, portfolio.csv, credits.csv\n"
	 "  report    every output above -> report.html, valuemap.xlsx\n"
	 "A stage is skipped when the SHA-256 of its inputs (the contents of every file it\n"
	 "reads, its options and the valuemap version) equals the one stamped by its last\n"
	 "successful run. One line per stage on stderr; the deal in short on stdout: each\n"
	 "department's pays, gains and net, the collaboration gap, the value pooling unlocks.\n"
	 "A failure names the stage; the stages before keep their outputs.\n"
	 "\n"
	 "options:\n"
	 "  --force       run every stage, changed or not\n"
	 "  --threads N   threads for each stage (default 0: one per online core)\n"
	 "  --quiet       print nothing on success\n",
	 cmd_run},
	{NULL, NULL, NULL, NULL},
};

const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
