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

static int tf_field(struct record_set *set, enum field f, int which, struct vmap_diag *diag)
{
	size_t capacity = table_capacity(set->count), present = 0;
	struct name_count *table = alloc_array(capacity, sizeof *table);

	if (!table)
		return diag_nomem(diag, "counting names");
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
