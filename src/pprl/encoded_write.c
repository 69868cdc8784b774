/*
 * encoded_write.c - the bytes of an encoded file.
 *
 * Header, text lines ending in "\n", then an empty line:
 *   valuemap-encoded 1
 *   dataset <id>
 *   settings <canonical settings text>
 *   settings_sha256 <64 hex digits of SHA-256 of that text>
 *   bits <bits per encoding>
 *   records <N>
 * Then N rows: the record id's length (2 bytes little-endian) and bytes, PPRL_BLOCK_TOKENS
 * tokens (8 bytes little-endian each), the encoding (bits / 64 words of 8 bytes
 * little-endian, bit i of the CLK being bit i % 64 of word i / 64).
 * Rows are written in a keyed order: ascending hmac64(K_shuffle, input row as 8 bytes
 * little-endian), so the order of the extract (often by date of registration) does not travel.
 */
#include "pprl.h"

#include "core/alloc.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void settings_hash_hex(const char *settings, char out[65])
{
	uint8_t hash[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(hash, (const uint8_t *)settings, strlen(settings));
	sodium_bin2hex(out, 65, hash, sizeof hash);
}

static void add_u64(struct strbuf *out, uint64_t v)
{
	char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (char)(v >> (8 * i));
	strbuf_add(out, b, 8);
}

static void add_row(const struct encoded_file *f, size_t row, struct strbuf *out)
{
	size_t words = f->bits / 64, length = strlen(f->record_id[row]);
	char n[2] = {(char)(length & 0xff), (char)(length >> 8)};

	strbuf_add(out, n, 2);
	strbuf_add(out, f->record_id[row], length);
	for (size_t t = 0; t < PPRL_BLOCK_TOKENS; t++)
		add_u64(out, f->tokens[row * PPRL_BLOCK_TOKENS + t]);
	for (size_t w = 0; w < words; w++)
		add_u64(out, f->clk[row * words + w]);
}

struct keyed_row {
	uint64_t key;
	size_t row;
};

static int by_key(const void *a, const void *b)
{
	const struct keyed_row *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

void encoded_format(const struct encoded_file *f, const uint8_t shuffle_key[32],
		    struct strbuf *out)
{
	struct keyed_row *order = alloc_array(f->count ? f->count : 1, sizeof *order);

	if (!order) {
		out->failed = true;
		return;
	}
	strbuf_addf(out, "valuemap-encoded %d\ndataset %s\nsettings %s\nsettings_sha256 %s\n"
			 "bits %u\nrecords %zu\n\n",
		    PPRL_FORMAT_VERSION, f->dataset, f->settings, f->settings_hash, f->bits,
		    f->count);
	for (size_t r = 0; r < f->count; r++) {
		uint8_t le[8];
		for (int i = 0; i < 8; i++)
			le[i] = (uint8_t)((uint64_t)r >> (8 * i));
		order[r] = (struct keyed_row){hmac64(shuffle_key, le, 8), r};
	}
	qsort(order, f->count, sizeof *order, by_key);
	for (size_t r = 0; r < f->count; r++)
		add_row(f, order[r].row, out);
	free(order);
}
