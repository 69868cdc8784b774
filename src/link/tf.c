/*
 * tf.c - term-frequency adjustments for names (as Splink's): two records that agree exactly
 * on a rare surname are far likelier to match than two that agree on "smith". The exact
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

int tf_compute(struct record_set *set, struct vmap_diag *diag)
{
	int rc = tf_field(set, FIELD_FIRST_NAME, 0, diag);

	return rc ? rc : tf_field(set, FIELD_LAST_NAME, 1, diag);
}

double tf_exact_weight(const struct fs_model *model, size_t c, const struct record *a)
{
	const struct comparison *cmp = &model->cmp[c];
	int which = cmp->field == FIELD_FIRST_NAME ? 0 : 1;
	double share = a->tf[which];

	if (share <= 0)
		return model->weight[c][0];
	return log2(fmax(cmp->m[0], 1e-6) / share);
}
