/*
 * cmd_ucd.c - `valuemap ucd search WORDS...`: the unit costs of the GMCA Unit Cost Database
 * compiled into the library, found by words, so nobody has to open the spreadsheet.
 */
#include "cli.h"

#include <string.h>

static void print_entry(const vmap_ucd_entry *e)
{
	char money[64];

	if (e->cost == (double)(long long)e->cost) /* "£" is two bytes and one column */
		format_money(money, sizeof money, e->cost);
	else /* pence shown: the value a model gets is exactly this */
		snprintf(money, sizeof money, "\xc2\xa3%.2f", e->cost);
	printf("%-10s %11s  %d (%s)  %s%s%s%s\n", e->code, money, e->price_year, e->source_year,
	       e->agency, *e->agency_detail ? " (" : "", e->agency_detail,
	       *e->agency_detail ? ")" : "");
	printf("           %s; %s\n", e->description, e->unit);
}

static int search(int argc, char **argv)
{
	size_t shown = 0;

	for (size_t i = 0; i < vmap_ucd_count(); i++) {
		const vmap_ucd_entry *e = vmap_ucd_get(i);
		if (!vmap_ucd_matches(e, (const char *const *)argv, (size_t)argc))
			continue;
		if (shown++ == 0)
			printf("%-10s %10s  %-16s %s\n", "code", "value", "price year", "agency");
		print_entry(e);
	}
	if (shown == 0) {
		printf("no unit cost matches");
		for (int w = 0; w < argc; w++)
			printf(" '%s'", argv[w]);
		printf("; try fewer or shorter words\n");
		return 0;
	}
	printf("%zu %s of the GMCA Unit Cost Database v1.4; use one in a model as "
	       "value: {ucd: %s}\n",
	       shown, shown == 1 ? "entry" : "entries", "CODE");
	return 0;
}

int cmd_ucd(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("ucd", "expected 'search WORDS...'");
	if (strcmp(argv[1], "search") != 0)
		return cli_usage_error("ucd", "unknown action '%s'; expected search", argv[1]);
	for (int i = 2; i < argc; i++)
		if (argv[i][0] == '-')
			return cli_usage_error("ucd", "unknown option '%s'", argv[i]);
	return search(argc - 2, argv + 2);
}
