/*
 * standardise_text.c - the cleaning every text field starts from: Unicode NFKC with case
 * folding and accents removed (utf8proc), then punctuation to spaces and spaces collapsed.
 *
 * Apostrophes and full stops are dropped rather than spaced ("O'Brien" -> "obrien",
 * "St. James" -> "st james"), so both spellings meet. Output longer than the buffer is cut
 * at a character boundary. ASCII input skips utf8proc, which matters at a million records.
 */
#include "standardise.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static bool utf8_is_complete_tail(const char *s, size_t length)
{
	size_t start = length, need;
	unsigned char lead;

	while (start > 0 && ((unsigned char)s[start - 1] & 0xc0) == 0x80)
		start--;
	if (start == 0)
		return false;
	lead = (unsigned char)s[start - 1];
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
	return length - (start - 1) == need;
}

/* Appends `c` unless it would double a space or start with one. */
static void put(struct std_buffer *out, char c)
{
	if (c == ' ' && (out->length == 0 || out->text[out->length - 1] == ' '))
		return;
	if (out->length + 1 >= sizeof out->text)
		return;
	out->text[out->length++] = c;
}

static void finish(struct std_buffer *out)
{
	while (out->length > 0 && out->text[out->length - 1] == ' ')
		out->length--;
	/* never end inside a multi-byte character */
	while (out->length > 0 && ((unsigned char)out->text[out->length - 1] & 0xc0) == 0x80 &&
	       !utf8_is_complete_tail(out->text, out->length))
		out->length--;
	out->text[out->length] = '\0';
}

static void clean_bytes(const char *s, struct std_buffer *out)
{
	out->length = 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z')
			put(out, (char)(c - 'A' + 'a'));
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
			put(out, (char)c);
		else if (c == '\'' || c == '.' || c == '`')
			continue;
		else
			put(out, ' ');
	}
	finish(out);
}

/* Letters and digits of any script are kept; other characters become spaces. */
static void clean_codepoints(const utf8proc_uint8_t *s, struct std_buffer *out)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	out->length = 0;
	while (*s && (n = utf8proc_iterate(s, -1, &cp)) > 0) {
		utf8proc_category_t cat = utf8proc_category(cp);
		if (cp < 0x80) {
			char c = (char)cp;
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				put(out, c);
			else if (c != '\'' && c != '.' && c != '`')
				put(out, ' ');
		} else if ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) || (cat >= UTF8PROC_CATEGORY_ND &&
							      cat <= UTF8PROC_CATEGORY_NO)) {
			for (utf8proc_ssize_t i = 0; i < n; i++)
				put(out, (char)s[i]);
		} else if (cp != 0x2019 && cp != 0x2018) {
			put(out, ' ');
		}
		s += n;
	}
	finish(out);
}

bool std_text(const char *raw, struct std_buffer *out)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n;

	if (is_ascii(raw)) {
		clean_bytes(raw, out);
		return true;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)raw, 0, &folded,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
				 UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
	if (n < 0) {
		out->length = 0;
		out->text[0] = '\0';
		return false;
	}
	clean_codepoints(folded, out);
	free(folded);
	return true;
}
