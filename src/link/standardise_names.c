/*
 * standardise_names.c - names: the text cleaning, then titles and suffixes removed, and full
 * names split into first, middle and last in either order ("SURNAME, Forename",
 * "SMITH John", "Forename Middle Surname"); a name of one word is taken as the surname.
 */
#include "standardise.h"

#include <ctype.h>
#include <string.h>

static const char *const titles[] = {
	"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "lord", "lady",
	"master", "fr", NULL,
};
static const char *const suffixes[] = {"jr", "jnr", "sr", "snr", "ii", "iii", "iv", NULL};

static bool in_list(const char *word, size_t length, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == length && memcmp(list[i], word, length) == 0)
			return true;
	return false;
}

/* Removes listed words wherever they stand, keeping at least one word. */
static void drop_words(struct std_buffer *b, const char *const *list)
{
	char copy[sizeof b->text];
	size_t n = 0, kept = 0, i = 0;

	memcpy(copy, b->text, b->length + 1);
	while (i < b->length) {
		size_t start = i;
		while (i < b->length && copy[i] != ' ')
			i++;
		if (!in_list(copy + start, i - start, list) || (i >= b->length && kept == 0)) {
			if (n)
				b->text[n++] = ' ';
			memcpy(b->text + n, copy + start, i - start);
			n += i - start;
			kept++;
		}
		i++;
	}
	b->length = n;
	b->text[n] = '\0';
}

bool std_name(const char *raw, struct std_buffer *out)
{
	bool ok = std_text(raw, out);

	drop_words(out, titles);
	drop_words(out, suffixes);
	return ok;
}

static void set_words(struct std_buffer *to, const char *words, size_t length)
{
	if (length >= sizeof to->text)
		length = sizeof to->text - 1;
	memcpy(to->text, words, length);
	to->text[length] = '\0';
	to->length = length;
}

/* "SMITH John": the first word in capitals and a later one not. */
static bool surname_first(const char *raw)
{
	const char *p = raw, *word2;
	size_t upper = 0;

	while (*p == ' ')
		p++;
	for (; *p && *p != ' '; p++) {
		if (islower((unsigned char)*p))
			return false;
		upper += isupper((unsigned char)*p) != 0;
	}
	word2 = p;
	if (upper < 2)
		return false;
	for (; *word2; word2++)
		if (islower((unsigned char)*word2))
			return true;
	return false;
}

static void split_words(const struct std_buffer *name, bool last_first, struct std_buffer *first,
			struct std_buffer *middle, struct std_buffer *last)
{
	const char *s = name->text;
	const char *sp1 = strchr(s, ' '), *sp2 = strrchr(s, ' ');

	if (!sp1) { /* one word: extracts that lose a part lose the forename far more often */
		set_words(last, s, name->length);
		return;
	}
	if (last_first) {
		set_words(last, s, (size_t)(sp1 - s));
		s = sp1 + 1;
		sp1 = strchr(s, ' ');
		set_words(first, s, sp1 ? (size_t)(sp1 - s) : strlen(s));
		if (sp1)
			set_words(middle, sp1 + 1, strlen(sp1 + 1));
		return;
	}
	set_words(first, s, (size_t)(sp1 - s));
	set_words(last, sp2 + 1, strlen(sp2 + 1));
	if (sp2 > sp1)
		set_words(middle, sp1 + 1, (size_t)(sp2 - sp1 - 1));
}

void std_split_full_name(const char *raw, struct std_buffer *first, struct std_buffer *middle,
			 struct std_buffer *last)
{
	const char *comma = strchr(raw, ',');
	struct std_buffer name;

	first->length = middle->length = last->length = 0;
	first->text[0] = middle->text[0] = last->text[0] = '\0';
	if (comma) {
		char head[sizeof name.text];
		size_t length = (size_t)(comma - raw);
		const char *space;
		if (length >= sizeof head)
			length = sizeof head - 1;
		memcpy(head, raw, length);
		head[length] = '\0';
		std_name(head, last);
		std_name(comma + 1, &name);
		space = strchr(name.text, ' ');
		set_words(first, name.text, space ? (size_t)(space - name.text) : name.length);
		if (space)
			set_words(middle, space + 1, strlen(space + 1));
		return;
	}
	std_name(raw, &name);
	split_words(&name, surname_first(raw), first, middle, last);
}
