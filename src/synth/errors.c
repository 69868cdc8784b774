/*
 * errors.c - what goes wrong when a department types a name: a typo (a letter substituted,
 * dropped, doubled or two swapped), a nickname in place of the given name (from linkage's own
 * nickname groups, link/nicknames.h), and known spelling variants of the same name. Names are
 * edited in place in a buffer of SYNTH_NAME_MAX bytes and stay NUL-terminated.
 */
#include "synth/errors.h"

#include "link/nicknames.h"

#include <ctype.h>
#include <string.h>

static const char *const variants[][2] = {
	{"Catherine", "Katherine"}, {"Stephen", "Steven"},    {"Philip", "Phillip"},
	{"Sarah", "Sara"},          {"Ann", "Anne"},          {"Jeffrey", "Geoffrey"},
	{"Mohammed", "Muhammad"},   {"Lewis", "Louis"},       {"Rachael", "Rachel"},
	{"Nicola", "Nichola"},      {"Claire", "Clare"},      {"Leanne", "Lianne"},
	{"Clarke", "Clark"},        {"Davies", "Davis"},      {"Thomson", "Thompson"},
	{"Reid", "Reed"},           {"Smith", "Smyth"},       {"Macdonald", "McDonald"},
	{"Mackenzie", "McKenzie"},  {"Matthews", "Mathews"},  {"Phillips", "Philips"},
	{"Stephens", "Stevens"},    {"Harrison", "Harrisson"}, {"Allan", "Allen"},
	{"Gray", "Grey"},           {"Brown", "Browne"},      {"Whyte", "White"},
};

void name_typo(char *name, struct synth_rng *r)
{
	size_t length = strlen(name);
	size_t at = length > 1 ? 1 + rng_below(r, (uint32_t)(length - 1)) : 0;
	char letter = (char)('a' + rng_below(r, 26));

	if (length < 2)
		return;
	switch (rng_below(r, 4)) {
	case 0: /* substitution */
		name[at] = letter == name[at] ? (char)('a' + (letter - 'a' + 1) % 26) : letter;
		break;
	case 1: /* deletion */
		memmove(name + at, name + at + 1, length - at);
		break;
	case 2: /* a letter doubled */
		if (length + 1 < SYNTH_NAME_MAX) {
			memmove(name + at + 1, name + at, length - at + 1);
			name[at] = name[at + 1];
		}
		break;
	default: /* two neighbours swapped (the first letter stays) */
		if (at + 1 < length && name[at] != name[at + 1]) {
			char c = name[at];
			name[at] = name[at + 1];
			name[at + 1] = c;
		} else {
			name[at] = letter;
		}
	}
}

bool name_nickname(char *name, struct synth_rng *r)
{
	char lower[SYNTH_NAME_MAX];
	int16_t groups[2];
	const char *words, *pick = NULL;
	size_t length = strlen(name), pick_length = 0, count = 0, chosen;

	for (size_t i = 0; i <= length; i++)
		lower[i] = (char)tolower((unsigned char)name[i]);
	nickname_groups(lower, length, groups);
	words = nickname_group_names(groups[0]);
	if (!words)
		return false;
	for (const char *p = words; *p; p += strcspn(p, " "), p += *p == ' ')
		count += strcspn(p, " ") != length || strncmp(p, lower, length) != 0;
	if (count == 0)
		return false;
	chosen = rng_below(r, (uint32_t)count);
	for (const char *p = words; *p && !pick; p += strcspn(p, " "), p += *p == ' ') {
		size_t n = strcspn(p, " ");
		if ((n != length || strncmp(p, lower, length) != 0) && chosen-- == 0) {
			pick = p;
			pick_length = n < SYNTH_NAME_MAX ? n : SYNTH_NAME_MAX - 1;
		}
	}
	memcpy(name, pick, pick_length);
	name[pick_length] = '\0';
	name[0] = (char)toupper((unsigned char)name[0]);
	return true;
}

bool name_variant(char *name)
{
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++)
		for (int side = 0; side < 2; side++)
			if (strcmp(name, variants[i][side]) == 0) {
				strcpy(name, variants[i][!side]); /* both fit: SYNTH_NAME_MAX > longest */
				return true;
			}
	return false;
}
