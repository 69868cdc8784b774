/*
 * places.c - addresses with UK-style postcodes: real postcode areas (one or two letters)
 * with a district number, then the inward code: a sector digit and two letters from the 20
 * that inward codes use (never C, I, K, M, O or V). Every postcode written has the form
 * `^[A-Z]{1,2}[0-9]{1,2} [0-9][ABD-HJLNP-UW-Z]{2}$`. Also National Insurance numbers in
 * their published form (two prefix letters, six digits, a suffix A to D).
 */
#include "synth/places.h"

#include <string.h>

static const struct {
	const char *code;
	int districts;
} areas[] = {
	{"B", 98},  {"BD", 24}, {"BL", 9},  {"BN", 45}, {"BS", 49}, {"CB", 25}, {"CF", 83},
	{"CV", 47}, {"DE", 75}, {"DN", 41}, {"E", 20},  {"EX", 39}, {"G", 84},  {"GL", 56},
	{"HU", 20}, {"L", 75},  {"LE", 67}, {"LS", 29}, {"M", 90},  {"N", 22},  {"NE", 71},
	{"NG", 34}, {"NR", 35}, {"NW", 11}, {"OX", 49}, {"PL", 35}, {"PO", 41}, {"RG", 45},
	{"S", 99},  {"SE", 28}, {"SO", 53}, {"SR", 8},  {"ST", 21}, {"SW", 20}, {"TS", 29},
	{"W", 14},  {"WF", 17}, {"WV", 16}, {"YO", 62}, {"EH", 55},
};
#define AREA_COUNT (sizeof areas / sizeof areas[0])

static const char *const street_names[] = {
	"Church",  "Station", "Victoria", "Park",     "Mill",     "Queens",  "Kings",
	"Manor",   "Grange",  "Albert",   "Highfield", "Springfield", "Windsor", "York",
	"Chapel",  "Green",   "Orchard",  "Meadow",   "Beech",    "Oak",     "Elm",
	"Willow",  "Ash",     "Cedar",    "Holly",    "Rose",     "School",  "Mount",
	"Castle",  "Bridge",  "Water",    "North",    "South",    "West",    "New",
	"Hill",    "Forest",  "Brook",    "Stanley",  "Clarence",
};
static const char *const street_types[] = {"Road", "Street", "Lane", "Avenue",
					   "Close", "Drive", "Way", "Crescent"};
#define STREET_NAMES (sizeof street_names / sizeof street_names[0])
#define STREET_TYPES (sizeof street_types / sizeof street_types[0])

static const char inward_letters[] = "ABDEFGHJLNPQRSTUWXYZ";

void address_draw(struct address *a, struct synth_rng *r)
{
	a->area = (uint8_t)rng_below(r, AREA_COUNT);
	a->district = (uint8_t)(1 + rng_below(r, (uint32_t)areas[a->area].districts));
	a->sector = (uint8_t)rng_below(r, 10);
	a->unit[0] = inward_letters[rng_below(r, 20)];
	a->unit[1] = inward_letters[rng_below(r, 20)];
	a->house = (uint16_t)(1 + rng_below(r, 180));
	a->street = (uint16_t)rng_below(r, STREET_NAMES * STREET_TYPES);
}

void add_postcode(struct strbuf *sb, const struct address *a)
{
	char inward[4] = {(char)('0' + a->sector), a->unit[0], a->unit[1], '\0'};

	strbuf_adds(sb, areas[a->area].code);
	add_uint(sb, a->district, 1);
	strbuf_add(sb, " ", 1);
	strbuf_add(sb, inward, 3);
}

void add_street_address(struct strbuf *sb, const struct address *a)
{
	add_uint(sb, a->house, 1);
	strbuf_add(sb, " ", 1);
	strbuf_adds(sb, street_names[a->street / STREET_TYPES]);
	strbuf_add(sb, " ", 1);
	strbuf_adds(sb, street_types[a->street % STREET_TYPES]);
}

/* Prefixes HMRC never issues: first letters D F I Q U V, second D F I O Q U V, and the pairs
 * BG GB KN NK NT TN ZZ. */
static bool nino_prefix_valid(char a, char b)
{
	static const char *const banned[] = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"};

	if (strchr("DFIQUV", a) || strchr("DFIOQUV", b))
		return false;
	for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
		if (banned[i][0] == a && banned[i][1] == b)
			return false;
	return true;
}

void nino_draw(char out[10], struct synth_rng *r)
{
	do {
		out[0] = (char)('A' + rng_below(r, 26));
		out[1] = (char)('A' + rng_below(r, 26));
	} while (!nino_prefix_valid(out[0], out[1]));
	for (int i = 2; i < 8; i++)
		out[i] = (char)('0' + rng_below(r, 10));
	out[8] = (char)('A' + rng_below(r, 4));
	out[9] = '\0';
}
