/*
 * input_hash.h - the hash of a stage's inputs, and the stamp that records it.
 *
 * A stage's hash is SHA-256 over VMAP_VERSION, the stage's name, its options and the contents
 * of every file it reads, each framed with a label and a length so that no two different input
 * sets feed the same bytes. Files are streamed, never held whole. A file that cannot be read
 * feeds a marker instead: the stage then runs and reports the problem itself.
 *
 * The stamp is a small file in the stage's output folder, written last and atomically after a
 * successful run, and removed before the stage runs again.
 */
#ifndef VMAP_PROJECT_INPUT_HASH_H
#define VMAP_PROJECT_INPUT_HASH_H

#include "core/diag.h"

#include <sodium.h>
#include <stdbool.h>

#define STAMP_NAME ".valuemap-stamp"
#define INPUT_HASH_HEX (2 * crypto_hash_sha256_BYTES + 1)

struct input_hash {
	crypto_hash_sha256_state state;
	struct vmap_diag *diag;
	unsigned char *buffer; /* for streaming files */
};

int input_hash_begin(struct input_hash *h, const char *stage, struct vmap_diag *diag);
void input_hash_option(struct input_hash *h, const char *key, const char *value);
void input_hash_number(struct input_hash *h, const char *key, double value);
/* Feeds the contents of `path` under `label` ("model", "spec", ...). VMAP_USAGE, without
 * opening it, when `path` is a named pipe or a device: it could be read only once. */
int input_hash_file(struct input_hash *h, const char *label, const char *path);
/* Ends the hash as lowercase hex into `hex` and releases the buffer. */
void input_hash_end(struct input_hash *h, char hex[INPUT_HASH_HEX]);
void input_hash_release(struct input_hash *h);

/* True when `dir` holds a stamp recording exactly `hex`. */
bool stamp_matches(const char *dir, const char hex[INPUT_HASH_HEX]);
/* Removes the stamp from `dir`, if any. */
int stamp_remove(const char *dir, struct vmap_diag *diag);
/* Writes the stamp atomically. */
int stamp_write(const char *dir, const char hex[INPUT_HASH_HEX], struct vmap_diag *diag);

#endif
