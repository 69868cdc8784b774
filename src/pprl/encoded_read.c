/*
 * encoded_read.c - reading an encoded file (format in encoded_write.c) and checking that two
 * files were encoded alike.
 *
 * The whole file is checked before use: header keys in order, the settings hash matching the
 * settings text, the row count and every row's length. Errors name the file and the header
 * line, or the row and byte offset; they never quote an id or an encoding. The file is
 * streamed, twice (lengths, then rows), so memory holds only the rows kept: all of them, or
 * under MPI this rank's share (issue 18).
 */
#include "pprl.h"

#include "core/alloc.h"
#include "core/dist.h"

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

static int ended_early(FILE *fp, const char *path, struct vmap_diag *diag)
{
	int error = ferror(fp) ? errno : 0;

	return diag_fail(diag, VMAP_IO, "%s: cannot read it all: %s", path,
			 error ? strerror(error) : "it ended early (changed while read?)");
}

/* The header is read from the file's first HEADER_MAX bytes (its lines are short). */
#define HEADER_MAX 65536

/* Opens the file, checks its magic and finds its length; `*data` gets its first bytes
 * (up to HEADER_MAX). */
static int open_checked(const char *path, FILE **out, char **data, size_t *size, size_t *length,
			struct vmap_diag *diag)
{
	FILE *fp = fopen(path, "rb");
	char magic[17] = {0}; /* a file shorter than the magic compares unequal */
	long end;

	if (!fp)
		return diag_fail(diag, errno == ENOENT ? VMAP_USAGE : VMAP_IO, "%s: cannot open: %s",
				 path, strerror(errno));
	*out = fp;
	/* The first line is checked before anything else: a file that is not an encoding at
	 * all (a 10 GB file of zeros) is refused at once. */
	if (fread(magic, 1, sizeof magic, fp) != sizeof magic && ferror(fp))
		return diag_fail(diag, VMAP_IO, "%s: cannot read: %s", path, strerror(errno));
	if (memcmp(magic, "valuemap-encoded ", sizeof magic) != 0)
		return diag_fail(diag, VMAP_INPUT, "%s:1:1: expected 'valuemap-encoded': not a "
				 "file written by `valuemap encode`", path);
	if (fseek(fp, 0, SEEK_END) || (end = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET))
		return diag_fail(diag, VMAP_IO, "%s: cannot read: %s", path, strerror(errno));
	*length = (size_t)end;
	*data = alloc_array(HEADER_MAX + 1, 1);
	if (!*data)
		return diag_nomem(diag, "reading an encoded file");
	*size = fread(*data, 1, *length < HEADER_MAX ? *length : HEADER_MAX, fp);
	if (*size != (*length < HEADER_MAX ? *length : HEADER_MAX))
		return ended_early(fp, path, diag);
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

/* Room for the rows held: f->count of them, with `id_bytes` of ids. */
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

/* The rows are read twice from `fp`, from c->at (the end of the header) to c->size (the
 * file's length): first their lengths only, checking every row and summing the ids of the
 * rows held (f->first_row and on, f->count of them), then the rows held. */
struct rows_read {
	struct cursor *c;
	FILE *fp;
	size_t row_fixed;
	char *row; /* one row: 2 + 65535 + row_fixed bytes */
};

/* The length of the id of the row at c->at (moved past the row); 0 when damaged. */
static size_t row_length(struct rows_read *rr, bool whole)
{
	unsigned char head[2];
	size_t length;

	if (rr->c->size - rr->c->at < 2 || fread(head, 1, 2, rr->fp) != 2)
		return 0;
	length = head[0] | (size_t)head[1] << 8;
	if (length == 0 || rr->c->size - rr->c->at - 2 < length + rr->row_fixed)
		return 0;
	if (whole ? fread(rr->row, 1, length + rr->row_fixed, rr->fp) != length + rr->row_fixed
		  : fseek(rr->fp, (long)(length + rr->row_fixed), SEEK_CUR) != 0)
		return 0;
	rr->c->at += 2 + length + rr->row_fixed;
	return length;
}

static int check_rows(struct rows_read *rr, struct encoded_file *f, size_t *ids)
{
	struct cursor *c = rr->c;

	for (size_t r = 0; r < f->total; r++) { /* first pass: lengths */
		size_t length = row_length(rr, false);
		if (!length)
			return ferror(rr->fp) ? ended_early(rr->fp, c->path, c->diag) : truncated(c, r);
		if (r >= f->first_row && r - f->first_row < f->count)
			*ids += length + 1;
	}
	if (c->at != c->size)
		return diag_fail(c->diag, VMAP_INPUT, "%s: byte %zu: data after the last of the %zu "
				 "records the header announces", c->path, c->at, f->total);
	return VMAP_OK;
}

static void keep_row(struct encoded_file *f, const char *p, size_t length, size_t k,
		     char **store)
{
	size_t words = f->bits / 64;

	memcpy(*store, p, length);
	(*store)[length] = '\0';
	f->record_id[k] = *store;
	*store += length + 1;
	p += length;
	for (size_t t = 0; t < PPRL_BLOCK_TOKENS; t++, p += 8)
		f->tokens[k * PPRL_BLOCK_TOKENS + t] = get_u64(p);
	for (size_t w = 0; w < words; w++, p += 8)
		f->clk[k * words + w] = get_u64(p);
}

static int read_rows(struct cursor *c, FILE *fp, struct encoded_file *f)
{
	struct rows_read rr = {c, fp, 8 * (PPRL_BLOCK_TOKENS + f->bits / 64), NULL};
	size_t ids = 0, start = c->at, end = f->first_row + f->count;
	char *store;
	int rc;

	if (fseek(fp, (long)start, SEEK_SET))
		return diag_fail(c->diag, VMAP_IO, "%s: cannot read: %s", c->path, strerror(errno));
	rc = check_rows(&rr, f, &ids);
	if (!rc)
		rc = allocate_rows(f, c->diag, ids);
	rr.row = rc ? NULL : alloc_array(65535 + rr.row_fixed, 1);
	if (!rc && !rr.row)
		rc = diag_nomem(c->diag, "reading an encoded file");
	if (!rc && fseek(fp, (long)start, SEEK_SET))
		rc = diag_fail(c->diag, VMAP_IO, "%s: cannot read: %s", c->path, strerror(errno));
	c->at = start;
	store = f->id_storage;
	for (size_t r = 0; !rc && r < end; r++) {
		size_t length = row_length(&rr, true);
		if (!length)
			rc = ended_early(fp, c->path, c->diag);
		else if (r >= f->first_row)
			keep_row(f, rr.row, length, r - f->first_row, &store);
	}
	if (rr.row)
		alloc_wipe(rr.row, 65535 + rr.row_fixed);
	free(rr.row);
	return rc;
}

int encoded_read_share(struct encoded_file *f, const char *path, bool share,
		       struct vmap_diag *diag)
{
	struct cursor c = {path, NULL, 0, 0, 0, diag};
	char *data = NULL;
	FILE *fp = NULL;
	size_t length = 0;
	int rc;

	memset(f, 0, sizeof *f);
	f->path = alloc_strdup(path);
	if (!f->path)
		return diag_nomem(diag, "reading an encoded file");
	rc = open_checked(path, &fp, &data, &c.size, &length, diag);
	c.data = data;
	if (!rc)
		rc = read_header(&c, f);
	free(data);
	if (!rc) {
		uint64_t begin = 0, end = f->count;
		if (share)
			dist_share(f->count, &begin, &end);
		f->total = f->count;
		f->first_row = (size_t)begin;
		f->count = (size_t)(end - begin);
		c.size = length;
		rc = read_rows(&c, fp, f);
	}
	if (fp)
		fclose(fp);
	return rc;
}

int encoded_read(struct encoded_file *f, const char *path, struct vmap_diag *diag)
{
	return encoded_read_share(f, path, false, diag);
}

void encoded_release(struct encoded_file *f)
{
	size_t ids = 0;

	for (size_t r = 0; f->record_id && f->id_storage && r < f->count && f->record_id[r]; r++)
		ids += strlen(f->record_id[r]) + 1;
	if (f->id_storage) /* encodings and ids are pseudonymised personal data */
		alloc_wipe(f->id_storage, ids);
	if (f->tokens)
		alloc_wipe(f->tokens, f->count * PPRL_BLOCK_TOKENS * sizeof *f->tokens);
	if (f->clk)
		alloc_wipe(f->clk, f->count * (f->bits / 64) * sizeof *f->clk);
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
