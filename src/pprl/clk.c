/*
 * clk.c - record-level Bloom filters (CLKs) by keyed random hashing.
 *
 * Field f has a hash budget H_f: about bits * ln 2 insertions over all encoded fields (so about
 * half the bits end up set), shared by the field weights below (more for fields that tell
 * people apart). A record's field with n tokens sets k = ceil(H_f / n) positions per token
 * (1 to 64), so short and long values weigh the same. The positions of token t are the
 * big-endian 16-bit words, mod bits, of HMAC-SHA256(K_f, t || 0x00 || j) for j = 0, 1, ...
 * (16 positions per HMAC): random hashing, not double hashing, as double hashing's
 * arithmetic progressions can be attacked (Kroll and Steinmetzer).
 */
#include "pprl.h"

#include <math.h>
#include <sodium.h>
#include <string.h>

/* Weights in the order of FIELD_MAP (full_name is encoded as its parts). */
static const unsigned field_weight[FIELD_COUNT] = {
	[FIELD_FIRST_NAME] = 4, [FIELD_MIDDLE_NAME] = 1, [FIELD_LAST_NAME] = 4,
	[FIELD_FULL_NAME] = 0,  [FIELD_DOB] = 4,         [FIELD_SEX] = 1,
	[FIELD_POSTCODE] = 2,   [FIELD_ADDRESS] = 3,     [FIELD_TOWN] = 2,
	[FIELD_PHONE] = 3,      [FIELD_EMAIL] = 3,       [FIELD_ID_NUMBER] = 3,
};

#define K_MAX 64

unsigned field_hash_budget(const struct pprl_settings *s, enum field f)
{
	unsigned total = 0;

	if (!s->field[f])
		return 0;
	for (int g = 0; g < FIELD_COUNT; g++)
		total += s->field[g] ? field_weight[g] : 0;
	if (!total)
		return 0;
	return (unsigned)lround(s->bits * 0.69314718055994530942 * field_weight[f] / total);
}

static void set_positions(const crypto_auth_hmacsha256_state *keyed, const char *token,
			  size_t length, unsigned k, unsigned bits, uint64_t *clk)
{
	uint8_t mac[32];
	unsigned done = 0;

	for (uint8_t j = 0; done < k; j++) {
		crypto_auth_hmacsha256_state st = *keyed;
		uint8_t tail[2] = {0, j};
		crypto_auth_hmacsha256_update(&st, (const uint8_t *)token, length);
		crypto_auth_hmacsha256_update(&st, tail, 2);
		crypto_auth_hmacsha256_final(&st, mac);
		for (unsigned w = 0; w < 16 && done < k; w++, done++) {
			unsigned pos = ((unsigned)mac[2 * w] << 8 | mac[2 * w + 1]) & (bits - 1);
			clk[pos / 64] |= 1ull << (pos % 64);
		}
		sodium_memzero(&st, sizeof st);
	}
	sodium_memzero(mac, sizeof mac);
}

static void add_field(const struct pprl_settings *s, const uint8_t key[32],
		      const struct token_list *tokens, unsigned budget, uint64_t *clk)
{
	crypto_auth_hmacsha256_state keyed;
	unsigned k;

	if (!tokens->count || !budget)
		return;
	k = (unsigned)((budget + tokens->count - 1) / tokens->count);
	k = k < 1 ? 1 : k > K_MAX ? K_MAX : k;
	crypto_auth_hmacsha256_init(&keyed, key, 32);
	for (size_t t = 0; t < tokens->count; t++)
		set_positions(&keyed, tokens->text[t], tokens->length[t], k, s->bits, clk);
	sodium_memzero(&keyed, sizeof keyed);
}

void clk_build(const struct pprl_settings *s, const struct pprl_keys *keys,
	       const struct record *r, uint64_t *clk)
{
	struct token_list tokens;

	for (int f = 0; f < FIELD_COUNT; f++) {
		if (!s->field[f])
			continue;
		field_tokens((enum field)f, r, &tokens);
		add_field(s, keys->field[f], &tokens, field_hash_budget(s, (enum field)f), clk);
	}
	sodium_memzero(&tokens, sizeof tokens);
}
