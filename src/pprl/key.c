/*
 * key.c - the project key: generated into a key file, or read from one.
 *
 * A key file holds 64 hex digits (256 bits) and a newline, mode 0600. It is the only way a key
 * comes in: a file that group or others may read is refused, as is anything but a regular
 * file. The key lives in sodium's guarded memory (locked, never swapped) and is wiped when the
 * handle is freed. Messages name the file, never its content.
 */
#include "pprl.h"

#include "core/alloc.h"
#include "core/dist.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_FILE_BYTES (2 * PPRL_KEY_BYTES + 1)

vmap_key *vmap_key_new(void)
{
	if (sodium_init() < 0)
		return NULL;
	return alloc_array(1, sizeof(vmap_key));
}

void vmap_key_free(vmap_key *key)
{
	if (!key)
		return;
	if (key->bytes)
		sodium_free(key->bytes); /* wipes before freeing */
	free(key);
}

const char *vmap_key_errmsg(const vmap_key *key)
{
	return key ? key->diag.message : "";
}

static int key_memory(vmap_key *key)
{
	if (!key->bytes)
		key->bytes = sodium_malloc(PPRL_KEY_BYTES);
	return key->bytes ? VMAP_OK : diag_nomem(&key->diag, "holding the key");
}

static int write_all(int fd, const char *text, size_t length)
{
	while (length) {
		ssize_t n = write(fd, text, length);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		text += n;
		length -= (size_t)n;
	}
	return 0;
}

static int write_key_file(vmap_key *key, const char *path)
{
	char text[KEY_FILE_BYTES + 1];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	int rc = VMAP_OK;

	if (fd < 0 && errno == EEXIST)
		return diag_fail(&key->diag, VMAP_USAGE,
				 "%s: already exists: a key is never replaced (choose another name)",
				 path);
	if (fd < 0)
		return diag_fail(&key->diag, VMAP_IO, "%s: cannot create: %s", path, strerror(errno));
	sodium_bin2hex(text, sizeof text, key->bytes, PPRL_KEY_BYTES);
	text[KEY_FILE_BYTES - 1] = '\n';
	if (fchmod(fd, 0600) || write_all(fd, text, KEY_FILE_BYTES) || fsync(fd))
		rc = diag_fail(&key->diag, VMAP_IO, "%s: cannot write: %s", path, strerror(errno));
	sodium_memzero(text, sizeof text);
	if (close(fd) && !rc)
		rc = diag_fail(&key->diag, VMAP_IO, "%s: cannot write: %s", path, strerror(errno));
	if (rc)
		unlink(path);
	return rc;
}

int vmap_key_generate(vmap_key *key, const char *path)
{
	int rc;

	diag_clear(&key->diag);
	rc = key_memory(key);
	if (rc)
		return rc;
	randombytes_buf(key->bytes, PPRL_KEY_BYTES); /* getrandom() on Linux */
	/* under MPI only rank 0 writes; the key never crosses to other ranks */
	rc = dist_agree(dist_writes() ? write_key_file(key, path) : VMAP_OK, &key->diag);
	key->loaded = rc == VMAP_OK;
	return rc;
}

static int check_file(vmap_key *key, int fd, const char *path)
{
	struct stat st;

	if (fstat(fd, &st))
		return diag_fail(&key->diag, VMAP_IO, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return diag_fail(&key->diag, VMAP_USAGE, "%s: not a regular file: keys are read "
				 "only from a key file made by `valuemap keygen`", path);
	if (st.st_mode & 077)
		return diag_fail(&key->diag, VMAP_USAGE,
				 "%s: group or others can read this key file (mode %03o): "
				 "run `chmod 600 %s`, and make a new key if others may have read it",
				 path, (unsigned)(st.st_mode & 0777), path);
	if (st.st_size != KEY_FILE_BYTES && st.st_size != KEY_FILE_BYTES - 1)
		return diag_fail(&key->diag, VMAP_INPUT, "%s:1:1: not a key file: expected 64 hex "
				 "digits (256 bits) from `valuemap keygen`", path);
	return VMAP_OK;
}

static int read_key_text(vmap_key *key, int fd, const char *path, char *text)
{
	ssize_t n;

	do
		n = read(fd, text, KEY_FILE_BYTES);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return diag_fail(&key->diag, VMAP_IO, "%s: %s", path, strerror(errno));
	text[n] = '\0';
	if (n == KEY_FILE_BYTES && text[n - 1] == '\n')
		text[n - 1] = '\0';
	return VMAP_OK;
}

static int decode_key(vmap_key *key, const char *text, const char *path)
{
	size_t got = 0;
	const char *end = NULL;

	if (sodium_hex2bin(key->bytes, PPRL_KEY_BYTES, text, strlen(text), NULL, &got, &end) ||
	    got != PPRL_KEY_BYTES || *end)
		return diag_fail(&key->diag, VMAP_INPUT, "%s:1:1: not a key file: expected 64 hex "
				 "digits (256 bits) from `valuemap keygen`", path);
	return VMAP_OK;
}

int vmap_key_load(vmap_key *key, const char *path)
{
	char text[KEY_FILE_BYTES + 1];
	int fd, rc;

	diag_clear(&key->diag);
	rc = key_memory(key);
	if (rc)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return diag_fail(&key->diag, errno == ENOENT ? VMAP_USAGE : VMAP_IO,
				 "%s: cannot open the key file: %s", path, strerror(errno));
	rc = check_file(key, fd, path);
	if (!rc)
		rc = read_key_text(key, fd, path, text);
	if (!rc)
		rc = decode_key(key, text, path);
	sodium_memzero(text, sizeof text);
	close(fd);
	if (rc)
		sodium_memzero(key->bytes, PPRL_KEY_BYTES);
	key->loaded = rc == VMAP_OK;
	return rc;
}
