/*
 * tokens.c - the tokens each standardised field puts into a CLK, and Soundex.
 *
 *   names, address, town, email   padded bigrams of the value: "_ann_" -> _a an nn n_; a first
 *                                 name also gets its nickname groups from link's table
 *                                 ("g0" for bill and william), so nicknames share tokens
 *   dob                           y<yyyy> m<mm> d<dd>, s<day and month in order> (shared by a
 *                                 date with day and month swapped), and one token per digit
 *                                 position of yyyymmdd ("4:0"), so one wrong digit keeps most
 *   sex                           the value ("m" or "f")
 *   postcode                      the whole code ("=SW1A1AA"), each character with its
 *                                 position ("0:S"), and for UK codes the district ("o=SW1A")
 *                                 and sector ("s=SW1A1")
 *   phone, id_number              the whole value ("=" + value, up to 20 characters) and each
 *                                 character with its position (the first 32)
 * Tokens are bytes (standardisation has already folded case and accents) and each appears
 * once per field. At most TOKENS_MAX tokens per field are kept.
 */
#include "pprl.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static void add_token(struct token_list *t, const char *text, size_t length)
{
	if (t->count >= TOKENS_MAX || length == 0 || length >= TOKEN_BYTES)
		return;
	for (size_t i = 0; i < t->count; i++)
		if (t->length[i] == length && memcmp(t->text[i], text, length) == 0)
			return;
	memcpy(t->text[t->count], text, length);
	t->length[t->count] = (uint8_t)length;
	t->count++;
}

static void add_tokenf(struct token_list *t, const char *fmt, const char *a, int n)
{
	char text[TOKEN_BYTES + 8];
	int length = a ? snprintf(text, sizeof text, fmt, a) : snprintf(text, sizeof text, fmt, n);

	if (length > 0)
		add_token(t, text, (size_t)length);
}

static void bigrams(const char *v, size_t length, struct token_list *t)
{
	char pair[2];

	for (size_t i = 0; i <= length; i++) {
		pair[0] = i == 0 ? '_' : v[i - 1];
		pair[1] = i == length ? '_' : v[i];
		add_token(t, pair, 2);
	}
}

static void positional(const char *v, size_t length, struct token_list *t)
{
	char text[8];

	for (size_t i = 0; i < length && i < 32; i++) {
		int n = snprintf(text, sizeof text, "%zu:%c", i, v[i]);
		add_token(t, text, (size_t)n);
	}
}

static void whole(const char *v, size_t length, struct token_list *t)
{
	char text[TOKEN_BYTES];

	if (length + 1 >= TOKEN_BYTES - 3)
		return;
	text[0] = '=';
	memcpy(text + 1, v, length);
	add_token(t, text, length + 1);
}

static void dob_tokens(int32_t dob, struct token_list *t)
{
	char digits[16];
	int month = dob / 100 % 100, day = dob % 100;

	snprintf(digits, sizeof digits, "%08d", (int)dob);
	add_tokenf(t, "y%d", NULL, dob / 10000);
	add_tokenf(t, "m%02d", NULL, month);
	add_tokenf(t, "d%02d", NULL, day);
	add_tokenf(t, "s%04d", NULL, month < day ? month * 100 + day : day * 100 + month);
	positional(digits, 8, t);
}

static void postcode_tokens(const char *v, size_t length, struct token_list *t)
{
	char compact[32], part[16];
	size_t n = 0;
	const char *space = memchr(v, ' ', length);

	for (size_t i = 0; i < length && n + 1 < sizeof compact; i++)
		if (v[i] != ' ')
			compact[n++] = v[i];
	whole(compact, n, t);
	positional(compact, n, t);
	if (space && (size_t)(space - v) + 2 < sizeof part - 2 && space + 1 < v + length) {
		size_t out = (size_t)(space - v);
		snprintf(part, sizeof part, "o=%.*s", (int)out, v);
		add_token(t, part, strlen(part));
		snprintf(part, sizeof part, "s=%.*s%c", (int)out, v, space[1]);
		add_token(t, part, strlen(part));
	}
}

void field_tokens(enum field f, const struct record *r, struct token_list *out)
{
	const char *v = r->value[f];
	size_t length = r->length[f];

	out->count = 0;
	if (f == FIELD_DOB) {
		if (r->dob != DOB_MISSING)
			dob_tokens(r->dob, out);
		return;
	}
	if (!v || !length)
		return;
	switch (f) {
	case FIELD_SEX:
		add_token(out, v, length);
		break;
	case FIELD_POSTCODE:
		postcode_tokens(v, length, out);
		break;
	case FIELD_PHONE:
	case FIELD_ID_NUMBER:
		whole(v, length, out);
		positional(v, length, out);
		break;
	default:
		bigrams(v, length, out);
		break;
	}
	if (f == FIELD_FIRST_NAME)
		for (int g = 0; g < 2; g++)
			if (r->nickname[g] >= 0)
				add_tokenf(out, "g%d", NULL, r->nickname[g]);
}
