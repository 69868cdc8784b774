/*
 * tf.c - term-frequency adjustments for every name field and the postcode (as Splink's): two
 * records that agree exactly on a rare surname are far likelier to match than two that agree
 * on "smith", and a shared postcode of one house is stronger evidence than one of a block of
 * flats. The exact
 * level's u, an average over all names, is replaced for the pair by the share of records
 * that hold the name, so the exact level's weight becomes log2(m / share). Shares are kept
 * no smaller than one record in the data (a name seen once cannot be rarer than that).
 */
#include "tf.h"

#include "compare_fields.h"
#include "fellegi_sunter.h"
#include "records.h"
#include "spec.h"

#include "core/alloc.h"
#include "core/dist.h"
#include "record_share.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct name_count {
	const char *name; /* borrowed from the record set's arena */
	uint32_t length;
	uint32_t count;
};

static uint64_t hash_name(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

static struct name_count *slot(struct name_count *table, size_t capacity, const char *s,
			       size_t n)
{
	size_t i = (size_t)hash_name(s, n) & (capacity - 1);

	while (table[i].name && !(table[i].length == n && memcmp(table[i].name, s, n) == 0))
		i = (i + 1) & (capacity - 1);
	return &table[i];
}

static size_t table_capacity(size_t records)
{
	size_t capacity = 1024;

	while (capacity < records * 2)
		capacity *= 2;
	return capacity;
}

/* Counts the values of field f among the set's records into the table; returns how many
 * records have one. */
static size_t count_values(struct name_count *table, size_t capacity,
			   const struct record_set *set, enum field f)
{
	size_t present = 0;

	for (size_t i = 0; i < set->count; i++) {
		const struct record *r = &set->records[i];
		struct name_count *c;
		if (!r->value[f])
			continue;
		c = slot(table, capacity, r->value[f], r->length[f]);
		c->name = r->value[f];
		c->length = r->length[f];
		c->count++;
		present++;
	}
	return present;
}

static int tf_field(struct record_set *set, enum field f, int which, struct vmap_diag *diag)
{
	size_t capacity = table_capacity(set->count), present = 0;
	struct name_count *table = alloc_array(capacity, sizeof *table);

	if (!table)
		return diag_nomem(diag, "counting names");
	present = count_values(table, capacity, set, f);
	for (size_t i = 0; i < set->count; i++) {
		struct record *r = &set->records[i];
		if (r->value[f])
			r->tf[which] = (float)slot(table, capacity, r->value[f], r->length[f])->count /
				       (float)present;
	}
	free(table);
	return VMAP_OK;
}

const enum field tf_fields[TF_FIELDS] = {FIELD_FIRST_NAME, FIELD_MIDDLE_NAME, FIELD_LAST_NAME,
					  FIELD_POSTCODE};

int tf_slot(enum field f)
{
	for (int i = 0; i < TF_FIELDS; i++)
		if (tf_fields[i] == f)
			return i;
	return -1;
}

int tf_compute(struct record_set *set, struct vmap_diag *diag)
{
	int rc = VMAP_OK;

	for (int i = 0; i < TF_FIELDS && !rc; i++)
		if (set->has_field[tf_fields[i]])
			rc = tf_field(set, tf_fields[i], i, diag);
	return rc;
}

double tf_exact_weight(const struct fs_model *model, size_t c, const struct record *a)
{
	const struct comparison *cmp = &model->cmp[c];
	int which = tf_slot(cmp->field);
	double share = which < 0 ? 0 : a->tf[which];

	if (share <= 0)
		return model->weight[c][0];
	return log2(fmax(cmp->m[0], 1e-6) / share);
}

/* ----- issue 18: term frequencies of a set held in shares (record_share.h) ----- */

/* This rank's values of field f (in `table`, each distinct value once) packed for their
 * owners (dist_owner of the value's hash) as (length, bytes, count). */
static int pack_values(const struct name_count *table, size_t capacity, struct dist_blocks *out)
{
	unsigned n = dist_size();
	uint64_t *at = alloc_array(n + 1, sizeof *at);

	out->offsets = alloc_array(n + 1, sizeof *out->offsets);
	if (!at || !out->offsets) {
		free(at);
		return VMAP_NOMEM;
	}
	for (size_t i = 0; i < capacity; i++)
		if (table[i].name)
			out->offsets[dist_owner(hash_name(table[i].name, table[i].length)) + 1] +=
				2 * sizeof(uint32_t) + table[i].length;
	for (unsigned r = 0; r < n; r++)
		out->offsets[r + 1] += out->offsets[r];
	out->data = alloc_array(out->offsets[n] + 1, 1);
	memcpy(at, out->offsets, (n + 1) * sizeof *at);
	for (size_t i = 0; out->data && i < capacity; i++) {
		const struct name_count *c = &table[i];
		char *p;
		if (!c->name)
			continue;
		p = out->data + at[dist_owner(hash_name(c->name, c->length))];
		memcpy(p, &c->length, sizeof c->length);
		memcpy(p + sizeof c->length, c->name, c->length);
		memcpy(p + sizeof c->length + c->length, &c->count, sizeof c->count);
		at[dist_owner(hash_name(c->name, c->length))] += 2 * sizeof(uint32_t) + c->length;
	}
	free(at);
	return out->data ? VMAP_OK : VMAP_NOMEM;
}

/* On the owner: every rank's counts of its values added up, and the total of each value
 * sent back in the order it came. */
static int total_values(const struct dist_blocks *got, struct dist_blocks *totals)
{
	unsigned n = dist_size();
	size_t values = 0, capacity;
	struct name_count *table;

	totals->offsets = alloc_array(n + 1, sizeof *totals->offsets);
	for (const char *p = got->data; totals->offsets && p < got->data + got->offsets[n];) {
		uint32_t length;
		memcpy(&length, p, sizeof length);
		p += 2 * sizeof length + length;
		values++;
	}
	capacity = table_capacity(values);
	table = alloc_array(capacity, sizeof *table);
	totals->data = alloc_array(values + 1, sizeof(uint32_t));
	if (!table || !totals->offsets || !totals->data) {
		free(table);
		return VMAP_NOMEM;
	}
	for (int pass = 0; pass < 2; pass++) { /* add up, then answer */
		const char *p = got->data;
		char *out = totals->data;
		for (unsigned r = 0; r < n; r++) {
			for (; p < got->data + got->offsets[r + 1]; out += sizeof(uint32_t)) {
				uint32_t length, count;
				struct name_count *c;
				memcpy(&length, p, sizeof length);
				memcpy(&count, p + sizeof length + length, sizeof count);
				c = slot(table, capacity, p + sizeof length, length);
				if (pass == 0) {
					c->name = p + sizeof length;
					c->length = length;
					c->count += count;
				} else {
					memcpy(out, &c->count, sizeof c->count);
				}
				p += 2 * sizeof length + length;
			}
			totals->offsets[r + 1] = (uint64_t)(out - totals->data);
		}
	}
	free(table);
	return VMAP_OK;
}

/* Reads the totals back into this rank's table, in the order its values were sent;
 * VMAP_NOMEM (the table untouched) when memory runs out. */
static int take_totals(struct name_count *table, size_t capacity, const struct dist_blocks *totals)
{
	uint64_t *at = alloc_array(dist_size() + 1, sizeof *at);

	if (!at)
		return VMAP_NOMEM;
	memcpy(at, totals->offsets, (dist_size() + 1) * sizeof *at);
	for (size_t i = 0; i < capacity; i++) {
		unsigned owner;
		if (!table[i].name)
			continue;
		owner = dist_owner(hash_name(table[i].name, table[i].length));
		memcpy(&table[i].count, totals->data + at[owner], sizeof table[i].count);
		at[owner] += sizeof table[i].count;
	}
	free(at);
	return VMAP_OK;
}

static int tf_field_share(struct record_set *home, enum field f, int which, int status,
			  struct vmap_diag *diag)
{
	size_t capacity = table_capacity(home->count);
	struct name_count *table = status ? NULL : alloc_array(capacity, sizeof *table);
	struct dist_blocks mine = {0}, got = {0}, totals = {0}, back = {0};
	uint64_t present = 0;
	int rc = status || table ? status : diag_nomem(diag, "counting names");

	if (!rc)
		present = count_values(table, capacity, home, f);
	if (!rc && pack_values(table, capacity, &mine))
		rc = diag_nomem(diag, "counting names");
	rc = dist_sum_u64(&present, 1, rc, diag);
	rc = mine.offsets && mine.data ? dist_all_to_all(&mine, &got, rc, diag)
				       : dist_agree(rc ? rc : diag_nomem(diag, "counting names"), diag);
	dist_blocks_release_wiped(&mine);
	if (!rc && total_values(&got, &totals))
		rc = diag_nomem(diag, "counting names");
	rc = totals.offsets && totals.data ? dist_all_to_all(&totals, &back, rc, diag)
					   : dist_agree(rc ? rc : diag_nomem(diag, "counting names"), diag);
	dist_blocks_release_wiped(&got);
	dist_blocks_release(&totals);
	if (!rc && take_totals(table, capacity, &back))
		rc = diag_nomem(diag, "counting names");
	for (size_t i = 0; !rc && i < home->count; i++) {
		struct record *r = &home->records[i];
		if (r->value[f])
			r->tf[which] = (float)slot(table, capacity, r->value[f], r->length[f])->count /
				       (float)present;
	}
	dist_blocks_release(&back);
	free(table);
	return rc;
}

int tf_compute_share(struct record_set *set, struct vmap_diag *diag)
{
	int rc = VMAP_OK;

	for (int i = 0; i < TF_FIELDS; i++)
		if (set->has_field[tf_fields[i]])
			rc = tf_field_share(&set->share->home, tf_fields[i], i, rc, diag);
	return rc;
}
