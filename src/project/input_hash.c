/*
 * input_hash.c - SHA-256 (libsodium) over a stage's options and input files; the stamp file.
 *
 * Every item is fed as: a tag byte, the label's length and bytes, then the value's length and
 * bytes (for a file, its own SHA-256), lengths as 8 little-endian bytes. The stamp holds one
 * line, "valuemap-stamp sha256 <hex>".
 *
 * An input must be a regular file (or missing, or a folder, which the stage reports): a named
 * pipe would be drained by the hash, and the stage's own opening would then wait for ever.
 */
#include "input_hash.h"

#include "core/alloc.h"
#include "core/dist.h"
#include "core/input.h"
#include "core/outset.h"
#include "core/paths.h"
#include "core/strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { CHUNK = 1 << 16 };

static void feed_length(crypto_hash_sha256_state *state, size_t length)
{
	unsigned char bytes[8];

	for (int i = 0; i < 8; i++)
		bytes[i] = (unsigned char)((uint64_t)length >> (8 * i));
	crypto_hash_sha256_update(state, bytes, sizeof bytes);
}

static void feed_item(struct input_hash *h, char tag, const char *label, const void *value,
		      size_t length)
{
	unsigned char t = (unsigned char)tag;

	crypto_hash_sha256_update(&h->state, &t, 1);
	feed_length(&h->state, strlen(label));
	crypto_hash_sha256_update(&h->state, (const unsigned char *)label, strlen(label));
	feed_length(&h->state, length);
	crypto_hash_sha256_update(&h->state, value, length);
}

int input_hash_begin(struct input_hash *h, const char *stage, struct vmap_diag *diag)
{
	memset(h, 0, sizeof *h);
	h->diag = diag;
	if (sodium_init() < 0)
		return diag_fail(diag, VMAP_INTERNAL, "libsodium could not start");
	h->buffer = alloc_array(CHUNK, 1);
	if (!h->buffer)
		return diag_nomem(diag, "hashing a stage's inputs");
	crypto_hash_sha256_init(&h->state);
	feed_item(h, 'v', "valuemap", VMAP_VERSION, strlen(VMAP_VERSION));
	feed_item(h, 's', "stage", stage, strlen(stage));
	return VMAP_OK;
}

void input_hash_option(struct input_hash *h, const char *key, const char *value)
{
	if (value)
		feed_item(h, 'o', key, value, strlen(value));
	else
		feed_item(h, 'n', key, "", 0);
}

void input_hash_number(struct input_hash *h, const char *key, double value)
{
	char text[40];

	format_double(text, sizeof text, value);
	input_hash_option(h, key, text);
}

/* SHA-256 of the file's contents into `digest`; an errno value when it cannot be read. */
static int hash_contents(struct input_hash *h, const char *path,
			 unsigned char digest[crypto_hash_sha256_BYTES])
{
	crypto_hash_sha256_state state;
	FILE *f = fopen(path, "rb");
	size_t got;
	int error;

	if (!f)
		return errno ? errno : EIO;
	crypto_hash_sha256_init(&state);
	while ((got = fread(h->buffer, 1, CHUNK, f)) > 0)
		crypto_hash_sha256_update(&state, h->buffer, got);
	error = ferror(f) ? EIO : 0;
	fclose(f);
	crypto_hash_sha256_final(&state, digest);
	return error;
}

int input_hash_file(struct input_hash *h, const char *label, const char *path)
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	if (input_refuse_special(path, "run reads each input twice (to tell whether its stage "
				       "must run, then to run it)", h->diag))
		return VMAP_USAGE;
	if (hash_contents(h, path, digest))
		feed_item(h, 'm', label, "", 0); /* unreadable: the stage will say why */
	else
		feed_item(h, 'f', label, digest, sizeof digest);
	return VMAP_OK;
}

void input_hash_end(struct input_hash *h, char hex[INPUT_HASH_HEX])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_final(&h->state, digest);
	sodium_bin2hex(hex, INPUT_HASH_HEX, digest, sizeof digest);
	input_hash_release(h);
}

void input_hash_release(struct input_hash *h)
{
	free(h->buffer);
	h->buffer = NULL;
}

static void stamp_text(char *out, size_t size, const char hex[INPUT_HASH_HEX])
{
	snprintf(out, size, "valuemap-stamp sha256 %s\n", hex);
}

bool stamp_matches(const char *dir, const char hex[INPUT_HASH_HEX])
{
	char expected[128], found[128];
	char *path = path_join(dir, STAMP_NAME);
	FILE *f = path ? fopen(path, "rb") : NULL;
	size_t got = 0;

	free(path);
	if (!f)
		return false;
	got = fread(found, 1, sizeof found - 1, f);
	fclose(f);
	found[got] = '\0';
	stamp_text(expected, sizeof expected, hex);
	return strcmp(found, expected) == 0;
}

int stamp_remove(const char *dir, struct vmap_diag *diag)
{
	char *path = path_join(dir, STAMP_NAME);
	int rc = VMAP_OK;

	if (!path)
		return diag_nomem(diag, "naming a stamp");
	if (dist_writes() && remove(path) != 0 && errno != ENOENT) /* MPI: rank 0 writes */
		rc = diag_fail(diag, VMAP_IO, "%s: cannot remove: %s", path, strerror(errno));
	free(path);
	return dist_agree(rc, diag);
}

static int write_stamp(void *context, struct outset *out)
{
	const char *text = context;

	return outset_write(out, STAMP_NAME, text, strlen(text));
}

int stamp_write(const char *dir, const char hex[INPUT_HASH_HEX], struct vmap_diag *diag)
{
	char text[128];
	struct outset_job job = {text, NULL, write_stamp};

	stamp_text(text, sizeof text, hex);
	return outset_run(dir, diag, &job);
}
