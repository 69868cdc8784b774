/*
 * settings.c - the settings of an encoding and their canonical text.
 *
 * The text ("format=1 bits=1024 hardening=diffusion taps=3 fields=first_name,...") is written
 * in the header of every encoded file with its SHA-256; files whose texts differ refuse to
 * link. It holds no key and nothing derived from one.
 */
#include "pprl.h"

#include <string.h>

static const char *const hardening_names[] = {"diffusion", "none", "xor-fold", "blip"};

void pprl_settings_default(struct pprl_settings *s)
{
	memset(s, 0, sizeof *s);
	s->bits = PPRL_BITS_DEFAULT;
	s->hardening = VMAP_HARDEN_DIFFUSION;
	s->taps = PPRL_DIFFUSION_TAPS;
	s->expand = PPRL_DIFFUSION_EXPAND;
	s->blip_flip = PPRL_BLIP_FLIP;
}

unsigned pprl_output_bits(const struct pprl_settings *s)
{
	if (s->hardening == VMAP_HARDEN_XOR_FOLD)
		return s->bits / 2;
	return s->hardening == VMAP_HARDEN_DIFFUSION ? s->bits * s->expand : s->bits;
}

const char *pprl_hardening_name(enum vmap_hardening h)
{
	return (unsigned)h < 4 ? hardening_names[h] : "?";
}

bool vmap_hardening_parse(const char *name, enum vmap_hardening *out)
{
	for (unsigned h = 0; h < 4; h++)
		if (strcmp(name, hardening_names[h]) == 0) {
			*out = (enum vmap_hardening)h;
			return true;
		}
	return false;
}

void pprl_settings_text(const struct pprl_settings *s, struct strbuf *out)
{
	const char *sep = "";

	strbuf_addf(out, "format=%d bits=%u hardening=%s", PPRL_FORMAT_VERSION, s->bits,
		    pprl_hardening_name(s->hardening));
	if (s->hardening == VMAP_HARDEN_DIFFUSION)
		strbuf_addf(out, " taps=%u expand=%u", s->taps, s->expand);
	if (s->hardening == VMAP_HARDEN_BLIP)
		strbuf_addf(out, " flip=%.4f", s->blip_flip);
	strbuf_addf(out, " block_tokens=%d fields=", PPRL_BLOCK_TOKENS);
	for (int f = 0; f < FIELD_COUNT; f++)
		if (s->field[f]) {
			strbuf_addf(out, "%s%s", sep, field_names[f]);
			sep = ",";
		}
}
