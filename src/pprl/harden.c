/*
 * harden.c - hardening of CLKs against the pattern-mining attacks (docs/privacy.md).
 *
 *   diffusion (default)  expand * bits output bits; output bit j = XOR of input bits
 *                        p(j,0..t-1), the positions being the big-endian 16-bit words, mod
 *                        bits, of HMAC-SHA256(K_diffusion, j as 4 bytes big-endian); after
 *                        Armknecht et al. (2023). A bit of the output no longer belongs to one
 *                        token, so frequent bit patterns no longer map back to frequent
 *                        bigrams. Twice as many output bits as input bits halve the variance
 *                        of Dice, which buys back most of the accuracy XOR costs.
 *   xor-fold             the two halves XORed (Schnell et al. 2016): half as many bits.
 *   blip                 each bit flipped when the next 16-bit word of HMAC-SHA256(K_blip,
 *                        row as 8 bytes little-endian || block as 4 bytes little-endian) is
 *                        below flip * 65536 (Schnell and Borgs 2016, keyed so runs repeat).
 * The tap table is computed once per encoding (harden_prepare).
 */
#include "pprl.h"

#include "core/alloc.h"

#include <math.h>
#include <sodium.h>
#include <string.h>

uint16_t *harden_prepare(const struct pprl_settings *s, const struct pprl_keys *keys)
{
	uint16_t *taps;
	uint8_t mac[32], j_be[4];

	if (s->hardening != VMAP_HARDEN_DIFFUSION)
		return NULL;
	taps = alloc_array((size_t)pprl_output_bits(s) * s->taps, sizeof *taps);
	if (!taps)
		return NULL;
	for (unsigned j = 0; j < pprl_output_bits(s); j++) {
		j_be[0] = (uint8_t)(j >> 24);
		j_be[1] = (uint8_t)(j >> 16);
		j_be[2] = (uint8_t)(j >> 8);
		j_be[3] = (uint8_t)j;
		crypto_auth_hmacsha256(mac, j_be, 4, keys->diffusion);
		for (unsigned t = 0; t < s->taps; t++)
			taps[(size_t)j * s->taps + t] =
				(uint16_t)(((unsigned)mac[2 * t] << 8 | mac[2 * t + 1]) & (s->bits - 1));
	}
	sodium_memzero(mac, sizeof mac);
	return taps;
}

static unsigned get_bit(const uint64_t *v, unsigned i)
{
	return (unsigned)(v[i / 64] >> (i % 64)) & 1u;
}

static void diffuse(const struct pprl_settings *s, const uint16_t *taps, const uint64_t *clk,
		    uint64_t *out)
{
	memset(out, 0, pprl_output_bits(s) / 8);
	for (unsigned j = 0; j < pprl_output_bits(s); j++) {
		unsigned bit = 0;
		for (unsigned t = 0; t < s->taps; t++)
			bit ^= get_bit(clk, taps[(size_t)j * s->taps + t]);
		out[j / 64] |= (uint64_t)bit << (j % 64);
	}
}

static void blip(const struct pprl_settings *s, const struct pprl_keys *keys,
		 const uint64_t *clk, uint64_t row, uint64_t *out)
{
	unsigned below = (unsigned)lround(s->blip_flip * 65536.0);
	uint8_t input[12], mac[32];

	memcpy(out, clk, s->bits / 8);
	for (int b = 0; b < 8; b++)
		input[b] = (uint8_t)(row >> (8 * b));
	for (unsigned block = 0; block * 16 < s->bits; block++) {
		for (int b = 0; b < 4; b++)
			input[8 + b] = (uint8_t)(block >> (8 * b));
		crypto_auth_hmacsha256(mac, input, sizeof input, keys->blip);
		for (unsigned w = 0; w < 16; w++) {
			unsigned i = block * 16 + w;
			if (((unsigned)mac[2 * w] << 8 | mac[2 * w + 1]) < below)
				out[i / 64] ^= 1ull << (i % 64);
		}
	}
	sodium_memzero(mac, sizeof mac);
}

void harden(const struct pprl_settings *s, const struct pprl_keys *keys, const uint16_t *taps,
	    const uint64_t *clk, uint64_t row, uint64_t *out)
{
	size_t words = s->bits / 64;

	switch (s->hardening) {
	case VMAP_HARDEN_DIFFUSION:
		diffuse(s, taps, clk, out);
		break;
	case VMAP_HARDEN_XOR_FOLD:
		for (size_t w = 0; w < words / 2; w++)
			out[w] = clk[w] ^ clk[w + words / 2];
		break;
	case VMAP_HARDEN_BLIP:
		blip(s, keys, clk, row, out);
		break;
	default:
		memcpy(out, clk, words * 8);
		break;
	}
}
