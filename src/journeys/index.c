/*
 * index.c - a hash index from strings (record ids, cluster ids) to numbers.
 *
 * Open addressing with linear probing, FNV-1a hashes, at most half full. Each slot keeps its
 * key's hash, so a probe compares strings only when the hashes agree (most probes are cache
 * misses; a string comparison would add one more). Keys are borrowed: they must outlive the
 * index. Values are the caller's numbers.
 */
#include "journeys.h"

#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_text(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h ^ (h >> 29);
}

int string_index_init(struct string_index *ix, size_t expected)
{
	size_t capacity = 64;

	memset(ix, 0, sizeof *ix);
	while (capacity < 2 * expected)
		capacity *= 2;
	ix->keys = alloc_array(capacity, sizeof *ix->keys);
	ix->values = alloc_array(capacity, sizeof *ix->values);
	ix->hashes = alloc_array(capacity, sizeof *ix->hashes);
	ix->capacity = capacity;
	if (!ix->keys || !ix->values || !ix->hashes) {
		string_index_release(ix);
		return VMAP_NOMEM;
	}
	return VMAP_OK;
}

static size_t slot_of(const struct string_index *ix, const char *key, uint64_t hash)
{
	size_t mask = ix->capacity - 1, slot = (size_t)hash & mask;

	while (ix->keys[slot] && (ix->hashes[slot] != hash || strcmp(ix->keys[slot], key) != 0))
		slot = (slot + 1) & mask;
	return slot;
}

static int grow(struct string_index *ix)
{
	struct string_index bigger;

	if (string_index_init(&bigger, ix->capacity))
		return VMAP_NOMEM;
	for (size_t i = 0; i < ix->capacity; i++) {
		if (ix->keys[i]) {
			size_t slot = slot_of(&bigger, ix->keys[i], ix->hashes[i]);
			bigger.keys[slot] = ix->keys[i];
			bigger.values[slot] = ix->values[i];
			bigger.hashes[slot] = ix->hashes[i];
		}
	}
	bigger.count = ix->count;
	string_index_release(ix);
	*ix = bigger;
	return VMAP_OK;
}

int string_index_put(struct string_index *ix, const char *key, uint32_t value,
		     uint32_t *existing)
{
	uint64_t hash = hash_text(key);
	size_t slot;

	if (2 * (ix->count + 1) > ix->capacity && grow(ix))
		return VMAP_NOMEM;
	slot = slot_of(ix, key, hash);
	if (!ix->keys[slot]) {
		ix->keys[slot] = key;
		ix->values[slot] = value;
		ix->hashes[slot] = hash;
		ix->count++;
	}
	*existing = ix->values[slot];
	return VMAP_OK;
}

bool string_index_get(const struct string_index *ix, const char *key, uint32_t *value)
{
	size_t slot;

	if (!ix->capacity)
		return false;
	slot = slot_of(ix, key, hash_text(key));
	if (!ix->keys[slot])
		return false;
	*value = ix->values[slot];
	return true;
}

void string_index_release(struct string_index *ix)
{
	free(ix->keys);
	free(ix->values);
	free(ix->hashes);
	memset(ix, 0, sizeof *ix);
}
