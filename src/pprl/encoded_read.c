/*
 * encoded_read.c - reading an encoded file (format in encoded_write.c) and checking that two
 * files were encoded alike.
 *
 * The whole file is checked before use: header keys in order, the settings hash matching the
 * settings text, the row count and every row's length. Errors name the file and the header
 * line, or the row and byte offset; they never quote an id or an encoding.
 */
#include "pprl.h"

#include "core/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cursor {
	const char *path;
	const char *data;
	size_t size, at;
	int line;
	struct vmap_diag *diag;
};

static int read_whole(const char *path, char **data, size_t *size, struct vmap_diag *diag)
{
	FILE *fp = fopen(path, "rb");
	char magic[17] = {0}; /* a file shorter than the magic compares unequal */
	long length;

	if (!fp)
		return diag_fail(diag, errno == ENOENT ? VMAP_USAGE : VMAP_IO, "%s: cannot open: %s",
				 path, strerror(errno));
	/* The first line is checked before the whole file is read: memory for a file that is not
	 * an encoding at all (a 10 GB file of zeros) stays bounded. */
	if (fread(magic, 1, sizeof magic, fp) != sizeof magic && ferror(fp)) {
		int error = errno;
		fclose(fp);
		return diag_fail(diag, VMAP_IO, "%s: cannot read: %s", path, strerror(error));
	}
	if (memcmp(magic, "valuemap-encoded ", sizeof magic) != 0) {
		fclose(fp);
		return diag_fail(diag, VMAP_INPUT, "%s:1:1: expected 'valuemap-encoded': not a "
				 "file written by `valuemap encode`", path);
	}
	if (fseek(fp, 0, SEEK_END) || (length = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET)) {
		fclose(fp);
		return diag_fail(diag, VMAP_IO, "%s: cannot read: %s", path, strerror(errno));
	}
	*data = alloc_array((size_t)length + 1, 1);
	if (!*data) {
		fclose(fp);
		return diag_nomem(diag, "reading an encoded file");
	}
	*size = fread(*data, 1, (size_t)length, fp);
	if (*size != (size_t)length) {
		int error = ferror(fp) ? errno : 0;
		fclose(fp);
		return diag_fail(diag, VMAP_IO, "%s: cannot read it all: %s", path,
				 error ? strerror(error) : "it ended early (changed while read?)");
	}
	fclose(fp);
	return VMAP_OK;
}

/* The value of header line `key` (a copy in `out`); the line must start with "key ". */
static int header_line(struct cursor *c, const char *key, char *out, size_t size)
{
	const char *end = memchr(c->data + c->at, '\n', c->size - c->at);
	size_t klen = strlen(key), length;

	c->line++;
	if (!end || (size_t)(end - (c->data + c->at)) <= klen ||
	    memcmp(c->data + c->at, key, klen) != 0 || c->data[c->at + klen] != ' ')
		return diag_fail(c->diag, VMAP_INPUT, "%s:%d:1: expected '%s': %s", c->path,
				 c->line, key,
				 c->line == 1 ? "not a file written by `valuemap encode`"
					      : "the header is damaged");
	length = (size_t)(end - (c->data + c->at)) - klen - 1;
	if (length + 1 > size)
		return diag_fail(c->diag, VMAP_INPUT, "%s:%d:%zu: '%s' is too long", c->path,
				 c->line, klen + 2, key);
	memcpy(out, c->data + c->at + klen + 1, length);
	out[length] = '\0';
	c->at = (size_t)(end - c->data) + 1;
	return VMAP_OK;
}

static int header_number(struct cursor *c, const char *key, unsigned long long max,
			 unsigned long long *out)
{
	char text[32], *end;
	int rc = header_line(c, key, text, sizeof text);

	if (rc)
		return rc;
	errno = 0;
	*out = strtoull(text, &end, 10);
	if (errno || *end || end == text || *out > max)
		return diag_fail(c->diag, VMAP_INPUT, "%s:%d:%zu: '%s': expected a whole number up "
				 "to %llu", c->path, c->line, strlen(key) + 2, key, max);
	return VMAP_OK;
}

static int read_header(struct cursor *c, struct encoded_file *f)
{
	char text[2048], hash[65];
	unsigned long long version, bits, records;
	int rc = header_number(c, "valuemap-encoded", 1000, &version);

	if (!rc && version != PPRL_FORMAT_VERSION)
		rc = diag_fail(c->diag, VMAP_INPUT, "%s:1:18: format version %llu: this valuemap "
			       "reads version %d", c->path, version, PPRL_FORMAT_VERSION);
	if (!rc && !(rc = header_line(c, "dataset", text, sizeof text)))
		f->dataset = alloc_strdup(text);
	if (!rc && !(rc = header_line(c, "settings", text, sizeof text)))
		f->settings = alloc_strdup(text);
	if (!rc)
		rc = header_line(c, "settings_sha256", f->settings_hash, sizeof f->settings_hash);
	if (!rc && (!f->dataset || !f->settings))
		return diag_nomem(c->diag, "reading an encoded file");
	if (!rc) {
		settings_hash_hex(f->settings, hash);
		if (strcmp(hash, f->settings_hash) != 0)
			return diag_fail(c->diag, VMAP_INPUT, "%s:4:17: the settings hash does not "
					 "match the settings: the file was altered", c->path);
	}
	if (!rc)
		rc = header_number(c, "bits", 2 * PPRL_BITS_MAX, &bits);
	if (!rc && (bits < 128 || bits % 64))
		rc = diag_fail(c->diag, VMAP_INPUT, "%s:5:6: bits: expected a multiple of 64",
			       c->path);
	if (!rc)
		rc = header_number(c, "records", UINT32_MAX / 2, &records);
	if (rc)
		return rc;
	f->bits = (unsigned)bits;
	f->count = (size_t)records;
	if (c->at >= c->size || c->data[c->at] != '\n')
		return diag_fail(c->diag, VMAP_INPUT, "%s:7:1: expected an empty line ending the "
				 "header", c->path);
	c->at++;
	return VMAP_OK;
}

static uint64_t get_u64(const char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | (uint8_t)p[i];
	return v;
}

static int truncated(struct cursor *c, size_t row)
{
	return diag_fail(c->diag, VMAP_INPUT, "%s: row %zu (byte %zu): the file ends early or a "
			 "row is damaged", c->path, row + 1, c->at);
}

static int allocate_rows(struct encoded_file *f, struct vmap_diag *diag, size_t id_bytes)
{
	size_t words = f->bits / 64, n = f->count ? f->count : 1;

	f->record_id = alloc_array(n, sizeof *f->record_id);
	f->id_storage = alloc_array(id_bytes + 1, 1);
	f->tokens = alloc_array(n, PPRL_BLOCK_TOKENS * sizeof *f->tokens);
	f->clk = alloc_aligned(64, n * words * 8);
	if (!f->record_id || !f->id_storage || !f->tokens || !f->clk)
		return diag_nomem(diag, "reading an encoded file");
	return VMAP_OK;
}

static int read_rows(struct cursor *c, struct encoded_file *f)
{
	size_t words = f->bits / 64, row_fixed = 8 * (PPRL_BLOCK_TOKENS + words);
	size_t ids = 0, start = c->at;
	char *store;
	int rc;

	for (size_t r = 0; r < f->count; r++) { /* first pass: lengths */
		size_t length;
		if (c->size - c->at < 2)
			return truncated(c, r);
		length = (uint8_t)c->data[c->at] | (size_t)(uint8_t)c->data[c->at + 1] << 8;
		if (length == 0 || c->size - c->at - 2 < length + row_fixed)
			return truncated(c, r);
		ids += length + 1;
		c->at += 2 + length + row_fixed;
	}
	if (c->at != c->size)
		return diag_fail(c->diag, VMAP_INPUT, "%s: byte %zu: data after the last of the %zu "
				 "records the header announces", c->path, c->at, f->count);
	rc = allocate_rows(f, c->diag, ids);
	if (rc)
		return rc;
	c->at = start;
	store = f->id_storage;
	for (size_t r = 0; r < f->count; r++) {
		const char *p = c->data + c->at;
		size_t length = (uint8_t)p[0] | (size_t)(uint8_t)p[1] << 8;
		memcpy(store, p + 2, length);
		store[length] = '\0';
		f->record_id[r] = store;
		store += length + 1;
		p += 2 + length;
		for (size_t t = 0; t < PPRL_BLOCK_TOKENS; t++, p += 8)
			f->tokens[r * PPRL_BLOCK_TOKENS + t] = get_u64(p);
		for (size_t w = 0; w < words; w++, p += 8)
			f->clk[r * words + w] = get_u64(p);
		c->at += 2 + length + row_fixed;
	}
	return VMAP_OK;
}

int encoded_read(struct encoded_file *f, const char *path, struct vmap_diag *diag)
{
	struct cursor c = {path, NULL, 0, 0, 0, diag};
	char *data = NULL;
	int rc;

	memset(f, 0, sizeof *f);
	f->path = alloc_strdup(path);
	if (!f->path)
		return diag_nomem(diag, "reading an encoded file");
	rc = read_whole(path, &data, &c.size, diag);
	c.data = data;
	if (!rc)
		rc = read_header(&c, f);
	if (!rc)
		rc = read_rows(&c, f);
	free(data);
	return rc;
}

void encoded_release(struct encoded_file *f)
{
	free(f->path);
	free(f->dataset);
	free(f->settings);
	free(f->record_id);
	free(f->id_storage);
	free(f->tokens);
	free(f->clk);
	memset(f, 0, sizeof *f);
}

/* The value of `key` in a settings text ("key=value key=value"), copied into `out`. */
static void setting_value(const char *settings, const char *key, char *out, size_t size)
{
	size_t klen = strlen(key);

	*out = '\0';
	for (const char *p = settings; p && *p; p = strchr(p, ' '), p = p ? p + 1 : NULL)
		if (strncmp(p, key, klen) == 0 && p[klen] == '=') {
			size_t length = strcspn(p + klen + 1, " ");
			snprintf(out, size, "%.*s", (int)length, p + klen + 1);
			return;
		}
}

int encoded_check_same(const struct encoded_file *a, const struct encoded_file *b,
		       struct vmap_diag *diag)
{
	static const char *const keys[] = {"format", "bits", "hardening", "taps", "expand", "flip",
					   "block_tokens", "fields"};
	char va[512], vb[512];

	if (strcmp(a->settings_hash, b->settings_hash) == 0)
		return VMAP_OK;
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
		setting_value(a->settings, keys[k], va, sizeof va);
		setting_value(b->settings, keys[k], vb, sizeof vb);
		if (strcmp(va, vb) != 0)
			return diag_fail(diag, VMAP_INPUT, "%s:3:10: encoded with %s=%s, but %s with "
					 "%s=%s: encode both with the same settings",
					 b->path, keys[k], *vb ? vb : "(none)", a->path, keys[k],
					 *va ? va : "(none)");
	}
	return diag_fail(diag, VMAP_INPUT, "%s:3:10: encoded with other settings than %s",
			 b->path, a->path);
}
