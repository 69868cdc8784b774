/*
 * ucd.c - looking up the reference data compiled in from data/ (reference.h): unit costs by
 * code, by words, and the HM Treasury deflator by year. Every table is read-only.
 */
#include "reference.h"

#include "core/suggest.h"

#include <ctype.h>
#include <strings.h>
#include <string.h>

size_t vmap_ucd_count(void)
{
	return ucd_entry_count;
}

const vmap_ucd_entry *vmap_ucd_get(size_t index)
{
	return index < ucd_entry_count ? &ucd_entries[index] : NULL;
}

const vmap_ucd_entry *vmap_ucd_find(const char *code)
{
	for (size_t i = 0; code && i < ucd_entry_count; i++)
		if (strcmp(ucd_entries[i].code, code) == 0)
			return &ucd_entries[i];
	return NULL;
}

const char *vmap_ucd_suggest(const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < ucd_entry_count; i++) /* the right code in the wrong case */
		if (strcasecmp(ucd_entries[i].code, code) == 0)
			return ucd_entries[i].code;
	return suggest_nearest(code, ucd_codes, ucd_entry_count);
}

/* The next letter or digit of `s` at or after `*i` (lowercase), or 0 at the end: matching
 * looks at letters and digits only, so "jobseeker" finds "Job Seeker's". */
static int next_alnum(const char *s, size_t *i)
{
	while (s[*i] && !isalnum((unsigned char)s[*i]))
		(*i)++;
	return s[*i] ? tolower((unsigned char)s[*i]) : 0;
}

/* True when the letters and digits of `word` occur in a row in `text`, ignoring case. */
static bool contains(const char *text, const char *word)
{
	size_t w0 = 0;

	if (!next_alnum(word, &w0))
		return true;
	for (size_t t = 0; text[t]; t++) {
		size_t i = t, w = w0;
		if (!isalnum((unsigned char)text[t]))
			continue;
		while (next_alnum(word, &w) && next_alnum(text, &i) == tolower((unsigned char)word[w])) {
			i++;
			w++;
		}
		if (!next_alnum(word, &w))
			return true;
	}
	return false;
}

bool vmap_ucd_matches(const vmap_ucd_entry *e, const char *const *words, size_t count)
{
	if (!e)
		return false;
	for (size_t w = 0; w < count; w++) {
		const char *fields[] = {e->code, e->category, e->detail, e->description, e->unit,
					e->agency, e->agency_detail};
		bool found = false;
		for (size_t f = 0; !found && f < sizeof fields / sizeof fields[0]; f++)
			found = contains(fields[f], words[w]);
		if (!found)
			return false;
	}
	return true;
}

bool vmap_hmt_deflator(int year, double *index, int *first, int *last)
{
	if (first)
		*first = hmt_deflator[0].year;
	if (last)
		*last = hmt_deflator[hmt_deflator_count - 1].year;
	for (size_t i = 0; i < hmt_deflator_count; i++) {
		if (hmt_deflator[i].year == year) {
			if (index)
				*index = hmt_deflator[i].index;
			return true;
		}
	}
	return false;
}
