/*
 * block_tokens.c - keyed blocking tokens: which encoded records are worth comparing.
 *
 * Token s is the first 8 bytes (little-endian) of HMAC-SHA256(K_block, text), 0 when the
 * record lacks a value the text needs (a token of 0 never blocks; a real 0 becomes 1):
 *   0  "sl:" Soundex(last_name) "|" year of birth
 *   1  "sfl:" Soundex(first_name) "|" Soundex(last_name)
 *   2  "pc:" postcode district (UK: the outward code; elsewhere the whole code) "|" first
 *      letter of last_name
 *   3  "dob:" yyyymmdd
 * Only fields the encoding includes are used, so the tokens say nothing the CLK does not.
 */
#include "pprl.h"
#include "link/compare_strings.h"

#include <stdio.h>
#include <string.h>

static uint64_t token_of(const struct pprl_keys *keys, const char *text, int length)
{
	uint64_t v;

	if (length <= 0)
		return 0;
	v = hmac64(keys->block, text, (size_t)length);
	return v ? v : 1;
}

static size_t district_length(const struct record *r)
{
	const char *space = memchr(r->value[FIELD_POSTCODE], ' ', r->length[FIELD_POSTCODE]);

	return space ? (size_t)(space - r->value[FIELD_POSTCODE]) : r->length[FIELD_POSTCODE];
}

void block_tokens(const struct pprl_keys *keys, const struct record *r,
		  uint64_t tokens[PPRL_BLOCK_TOKENS])
{
	char text[96], first[5] = "", last[5] = "";
	bool has_dob = r->dob != DOB_MISSING;

	memset(tokens, 0, PPRL_BLOCK_TOKENS * sizeof *tokens);
	if (r->value[FIELD_FIRST_NAME])
		soundex(r->value[FIELD_FIRST_NAME], strlen(r->value[FIELD_FIRST_NAME]), first);
	if (r->value[FIELD_LAST_NAME])
		soundex(r->value[FIELD_LAST_NAME], strlen(r->value[FIELD_LAST_NAME]), last);
	if (*last && has_dob)
		tokens[0] = token_of(keys, text, snprintf(text, sizeof text, "sl:%s|%d", last,
							  (int)(r->dob / 10000)));
	if (*first && *last)
		tokens[1] = token_of(keys, text, snprintf(text, sizeof text, "sfl:%s|%s", first,
							  last));
	if (r->value[FIELD_POSTCODE] && *last)
		tokens[2] = token_of(keys, text,
				     snprintf(text, sizeof text, "pc:%.*s|%c",
					      (int)district_length(r), r->value[FIELD_POSTCODE],
					      last[0]));
	if (has_dob)
		tokens[3] = token_of(keys, text, snprintf(text, sizeof text, "dob:%08d", (int)r->dob));
	memset(text, 0, sizeof text);
}
