/*
 * keys.c - the keys of an encoding, derived from the project key with HKDF-SHA256
 * (RFC 5869; libsodium 1.0.18 has HMAC-SHA256 but not HKDF, so HKDF is written here on it).
 *
 * salt = "valuemap-pprl-v1"; info = "field:<name>", "block", "diffusion", "blip", "shuffle".
 * Each purpose has its own key, so no output computed with one says anything about another.
 */
#include "pprl.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define HKDF_SALT "valuemap-pprl-v1"

void hkdf_sha256(const uint8_t *ikm, size_t ikm_len, const char *salt, const char *info,
		 uint8_t *out, size_t out_len)
{
	uint8_t prk[32], block[32];
	crypto_auth_hmacsha256_state st;
	size_t done = 0;

	crypto_auth_hmacsha256_init(&st, (const uint8_t *)salt, strlen(salt));
	crypto_auth_hmacsha256_update(&st, ikm, ikm_len);
	crypto_auth_hmacsha256_final(&st, prk);
	for (uint8_t counter = 1; done < out_len; counter++) {
		size_t take = out_len - done < 32 ? out_len - done : 32;
		crypto_auth_hmacsha256_init(&st, prk, sizeof prk);
		if (counter > 1)
			crypto_auth_hmacsha256_update(&st, block, sizeof block);
		crypto_auth_hmacsha256_update(&st, (const uint8_t *)info, strlen(info));
		crypto_auth_hmacsha256_update(&st, &counter, 1);
		crypto_auth_hmacsha256_final(&st, block);
		memcpy(out + done, block, take);
		done += take;
	}
	sodium_memzero(prk, sizeof prk);
	sodium_memzero(block, sizeof block);
	sodium_memzero(&st, sizeof st);
}

void pprl_derive_keys(const uint8_t project_key[PPRL_KEY_BYTES], struct pprl_keys *keys)
{
	char info[64];

	for (int f = 0; f < FIELD_COUNT; f++) {
		snprintf(info, sizeof info, "field:%s", field_names[f]);
		hkdf_sha256(project_key, PPRL_KEY_BYTES, HKDF_SALT, info, keys->field[f], 32);
	}
	hkdf_sha256(project_key, PPRL_KEY_BYTES, HKDF_SALT, "block", keys->block, 32);
	hkdf_sha256(project_key, PPRL_KEY_BYTES, HKDF_SALT, "diffusion", keys->diffusion, 32);
	hkdf_sha256(project_key, PPRL_KEY_BYTES, HKDF_SALT, "blip", keys->blip, 32);
	hkdf_sha256(project_key, PPRL_KEY_BYTES, HKDF_SALT, "shuffle", keys->shuffle, 32);
}

void pprl_wipe_keys(struct pprl_keys *keys)
{
	sodium_memzero(keys, sizeof *keys);
}

uint64_t hmac64(const uint8_t key[32], const void *data, size_t length)
{
	uint8_t mac[32];
	uint64_t v = 0;

	crypto_auth_hmacsha256(mac, data, length, key);
	for (int i = 7; i >= 0; i--)
		v = v << 8 | mac[i];
	return v;
}
