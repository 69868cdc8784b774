/*
 * blocking.c - blocking rules: which pairs of records are worth comparing.
 *
 * A rule is a list of (field, transform) parts; two records are a candidate pair under the
 * rule when their keys, hashed from every part, are equal. A record missing any part has no
 * key (0) and is not blocked by that rule. Records are sorted by key, so each block is a run
 * of equal keys. The union of the rules' pairs is taken without repeats by skipping, under
 * rule r, any pair that an earlier rule already generated (the pair's keys agree there).
 */
#include "blocking.h"

#include "records.h"
#include "spec.h"

#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_bytes(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t block_key(const struct block_rule *rule, const struct record *r)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t p = 0; p < rule->part_count; p++) {
		enum field f = rule->parts[p].field;
		const char *v = r->value[f];
		size_t n = r->length[f];
		if (!v)
			return 0;
		if (rule->parts[p].transform == KEY_INITIAL)
			n = 1;
		else if (rule->parts[p].transform == KEY_PREFIX3 && n > 3)
			n = 3;
		else if (rule->parts[p].transform == KEY_YEAR)
			n = 4; /* dob is kept as "yyyymmdd" */
		h = hash_bytes(h, v, n);
		h = hash_bytes(h, "\x1f", 1);
	}
	return h ? h : 1;
}

bool pair_allowed(enum link_mode mode, const struct record *a, const struct record *b)
{
	return mode != MODE_LINK_ONLY || a->dataset != b->dataset;
}

static const char *transform_suffix(enum key_transform t)
{
	return t == KEY_INITIAL ? "[initial]" : t == KEY_YEAR ? "[year]"
					      : t == KEY_PREFIX3 ? "[first3]" : "";
}

void blocking_name_rule(struct block_rule *rule)
{
	size_t n = 0;

	rule->name[0] = '\0';
	for (size_t p = 0; p < rule->part_count; p++)
		n += (size_t)snprintf(rule->name + n, sizeof rule->name - n, "%s%s%s",
				      p ? "+" : "", field_names[rule->parts[p].field],
				      transform_suffix(rule->parts[p].transform));
}

static bool add_rule(const struct record_set *set, struct block_rule *rules, size_t *count,
		     size_t max, const struct block_part *parts, size_t part_count)
{
	struct block_rule *rule;

	if (*count >= max)
		return false;
	for (size_t p = 0; p < part_count; p++)
		if (!set->has_field[parts[p].field])
			return false;
	rule = &rules[(*count)++];
	memset(rule, 0, sizeof *rule);
	rule->part_count = part_count;
	memcpy(rule->parts, parts, part_count * sizeof *parts);
	blocking_name_rule(rule);
	return true;
}

size_t blocking_default_rules(const struct record_set *set, struct block_rule *rules,
			      size_t max)
{
	static const struct block_part names[] = {{FIELD_FIRST_NAME, KEY_EXACT},
						  {FIELD_LAST_NAME, KEY_EXACT}};
	static const struct block_part dob[] = {{FIELD_DOB, KEY_EXACT}};
	static const struct block_part postcode[] = {{FIELD_POSTCODE, KEY_EXACT}};
	static const struct block_part surname_year[] = {{FIELD_LAST_NAME, KEY_EXACT},
							 {FIELD_DOB, KEY_YEAR}};
	static const struct block_part id[] = {{FIELD_ID_NUMBER, KEY_EXACT}};
	static const struct block_part email[] = {{FIELD_EMAIL, KEY_EXACT}};
	static const struct block_part phone[] = {{FIELD_PHONE, KEY_EXACT}};
	static const struct block_part initials_town[] = {{FIELD_FIRST_NAME, KEY_INITIAL},
							  {FIELD_LAST_NAME, KEY_PREFIX3},
							  {FIELD_TOWN, KEY_EXACT}};
	static const struct block_part surname_town[] = {{FIELD_LAST_NAME, KEY_EXACT},
							 {FIELD_TOWN, KEY_EXACT}};
	size_t n = 0;

	add_rule(set, rules, &n, max, names, 2);
	add_rule(set, rules, &n, max, dob, 1);
	add_rule(set, rules, &n, max, postcode, 1);
	add_rule(set, rules, &n, max, surname_year, 2);
	add_rule(set, rules, &n, max, id, 1);
	add_rule(set, rules, &n, max, email, 1);
	add_rule(set, rules, &n, max, phone, 1);
	add_rule(set, rules, &n, max, initials_town, 3);
	add_rule(set, rules, &n, max, surname_town, 2);
	/* none fits (few fields mapped): block on each mapped field alone */
	bool none = n == 0;
	for (int f = 0; none && f < FIELD_COUNT; f++) {
		struct block_part single = {(enum field)f, KEY_EXACT};
		if (f != FIELD_FULL_NAME && f != FIELD_SEX)
			add_rule(set, rules, &n, max, &single, 1);
	}
	return n;
}

struct keyed {
	uint64_t key;
	uint32_t index;
};

static int by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int sort_keyed(struct block_rule *rule, const struct record_set *set,
		      struct vmap_diag *diag)
{
	struct keyed *keyed = alloc_array(set->count ? set->count : 1, sizeof *keyed);
	size_t n = 0;

	rule->order = alloc_array(set->count ? set->count : 1, sizeof *rule->order);
	if (!keyed || !rule->order) {
		free(keyed);
		return diag_nomem(diag, "blocking");
	}
	for (size_t i = 0; i < set->count; i++) {
		if (rule->keys[i]) {
			keyed[n].key = rule->keys[i];
			keyed[n++].index = (uint32_t)i;
		}
	}
	qsort(keyed, n, sizeof *keyed, by_key);
	for (size_t i = 0; i < n; i++)
		rule->order[i] = keyed[i].index;
	rule->keyed = n;
	free(keyed);
	return VMAP_OK;
}

/* Drops blocks over the limit: their records lose this rule's key. */
static void drop_large_blocks(struct block_rule *rule, size_t max_block)
{
	size_t kept = 0;

	for (size_t i = 0; i < rule->keyed;) {
		size_t j = i + 1;
		while (j < rule->keyed && rule->keys[rule->order[j]] == rule->keys[rule->order[i]])
			j++;
		if (j - i > max_block) {
			uint64_t n = j - i;
			rule->blocks_skipped++;
			rule->pairs_skipped += n * (n - 1) / 2;
			for (size_t k = i; k < j; k++)
				rule->keys[rule->order[k]] = 0;
		} else {
			for (size_t k = i; k < j; k++)
				rule->order[kept++] = rule->order[k];
		}
		i = j;
	}
	rule->keyed = kept;
}

static int find_blocks(struct block_rule *rule, struct vmap_diag *diag)
{
	size_t blocks = 0;

	rule->block_starts = alloc_array(rule->keyed + 1, sizeof *rule->block_starts);
	if (!rule->block_starts)
		return diag_nomem(diag, "blocking");
	for (size_t i = 0; i < rule->keyed; i++)
		if (i == 0 || rule->keys[rule->order[i]] != rule->keys[rule->order[i - 1]])
			rule->block_starts[blocks++] = i;
	rule->block_starts[blocks] = rule->keyed;
	rule->block_count = blocks;
	return VMAP_OK;
}

int blocking_prepare(struct block_rule *rule, const struct record_set *set, size_t max_block,
		     struct vmap_diag *diag)
{
	int rc;

	rule->keys = alloc_array(set->count ? set->count : 1, sizeof *rule->keys);
	if (!rule->keys)
		return diag_nomem(diag, "blocking");
	for (size_t i = 0; i < set->count; i++)
		rule->keys[i] = block_key(rule, &set->records[i]);
	rc = sort_keyed(rule, set, diag);
	if (rc)
		return rc;
	drop_large_blocks(rule, max_block);
	return find_blocks(rule, diag);
}

void blocking_release(struct block_rule *rule)
{
	free(rule->keys);
	free(rule->order);
	free(rule->block_starts);
	rule->keys = NULL;
	rule->order = NULL;
	rule->block_starts = NULL;
}
