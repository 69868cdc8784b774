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

#include "compare_strings.h"
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

const char *const key_transform_names[KEY_TRANSFORM_COUNT + 1] = {
	"exact", "initial", "year", "first3", "soundex", "unordered", "user", NULL};

/* The key text of one part (in `v`, `*n` bytes, possibly rewritten into `buf`); false when
 * the record has none. */
static bool part_text(const struct block_part *part, const struct record *r, const char **v,
		      size_t *n, char buf[16])
{
	enum field f = part->field;

	*v = r->value[f];
	*n = r->length[f];
	if (!*v)
		return false;
	if (f == FIELD_DOB && r->dob == DOB_MISSING) /* an unreadable date's raw text */
		return part->transform == KEY_EXACT;
	switch (part->transform) {
	case KEY_INITIAL:
		*n = 1;
		break;
	case KEY_PREFIX3:
		*n = *n > 3 ? 3 : *n;
		break;
	case KEY_YEAR:
		*n = 4; /* dob is kept as "yyyymmdd" */
		break;
	case KEY_SOUNDEX:
		*n = soundex(*v, *n, buf);
		*v = buf;
		return *n > 0;
	case KEY_UNORDERED: {
		int md = r->dob % 10000, m = md / 100, d = md % 100;
		*n = (size_t)snprintf(buf, 16, "%04d%02d%02d", r->dob / 10000, m < d ? m : d,
				      m < d ? d : m);
		*v = buf;
		break;
	}
	case KEY_USER:
		*n = strcspn(*v, "@");
		break;
	default:
		break;
	}
	return *n > 0;
}

uint64_t block_key(const struct block_rule *rule, const struct record *r)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t p = 0; p < rule->part_count; p++) {
		const char *v;
		size_t n;
		char buf[16];
		if (!part_text(&rule->parts[p], r, &v, &n, buf))
			return 0;
		h = hash_bytes(h, v, n);
		h = hash_bytes(h, "\x1f", 1);
	}
	return h ? h : 1;
}

bool pair_allowed(enum link_mode mode, const struct record *a, const struct record *b)
{
	return mode != MODE_LINK_ONLY || a->dataset != b->dataset;
}


void blocking_name_rule(struct block_rule *rule)
{
	size_t n = 0;

	rule->name[0] = '\0';
	for (size_t p = 0; p < rule->part_count; p++)
		n += (size_t)snprintf(rule->name + n, sizeof rule->name - n, "%s%s%s%s%s",
				      p ? "+" : "", field_names[rule->parts[p].field],
				      rule->parts[p].transform ? "[" : "",
				      rule->parts[p].transform
					      ? key_transform_names[rule->parts[p].transform]
					      : "",
				      rule->parts[p].transform ? "]" : "");
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
	/* passes that survive one error in each field the passes above use */
	static const struct block_part soundex_year[] = {{FIELD_LAST_NAME, KEY_SOUNDEX},
							 {FIELD_DOB, KEY_YEAR}};
	static const struct block_part first_dob[] = {{FIELD_FIRST_NAME, KEY_EXACT},
						      {FIELD_DOB, KEY_EXACT}};
	static const struct block_part dob_swapped[] = {{FIELD_DOB, KEY_UNORDERED}};
	static const struct block_part email_user[] = {{FIELD_EMAIL, KEY_USER}};
	static const struct block_part first_soundex_town[] = {{FIELD_FIRST_NAME, KEY_SOUNDEX},
							       {FIELD_TOWN, KEY_EXACT},
							       {FIELD_DOB, KEY_YEAR}};
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
	add_rule(set, rules, &n, max, soundex_year, 2);
	add_rule(set, rules, &n, max, first_dob, 2);
	add_rule(set, rules, &n, max, dob_swapped, 1);
	add_rule(set, rules, &n, max, email_user, 1);
	add_rule(set, rules, &n, max, first_soundex_town, 3);
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

/* Sorts k[0..n), which is in record order, by key, keeping the order of equal keys: the
 * order by key then record, as by_key gives it. A radix sort of the key's 8 bytes from the
 * lowest (each pass stable), skipping a byte that every key shares: a few passes over the
 * array instead of about 20 comparisons a record. VMAP_NOMEM when there is no room for the
 * copy it sorts through. */
static int sort_by_key(struct keyed *k, size_t n)
{
	struct keyed *other, *from = k, *to;
	size_t count[8][256]; /* 16 KB */

	if (n < 2)
		return VMAP_OK;
	to = other = alloc_array(n, sizeof *other);
	if (!other)
		return VMAP_NOMEM;
	memset(count, 0, sizeof count);
	for (size_t i = 0; i < n; i++)
		for (unsigned byte = 0; byte < 8; byte++)
			count[byte][(k[i].key >> (8 * byte)) & 0xff]++;
	for (unsigned byte = 0; byte < 8; byte++) {
		size_t *c = count[byte], at = 0;
		if (c[(k[0].key >> (8 * byte)) & 0xff] == n)
			continue; /* every key has this byte: the order stays */
		for (unsigned v = 0; v < 256; v++) {
			size_t here = c[v];
			c[v] = at;
			at += here;
		}
		for (size_t i = 0; i < n; i++)
			to[c[(from[i].key >> (8 * byte)) & 0xff]++] = from[i];
		to = from;
		from = (from == k) ? other : k;
	}
	if (from != k)
		memcpy(k, from, n * sizeof *k);
	free(other);
	return VMAP_OK;
}

/* Sorts the records with a key into rule->order; *at gets the key at each position (the
 * walks below then read keys in order instead of jumping between records). */
static int sort_keyed(struct block_rule *rule, const struct record_set *set, uint64_t **at,
		      struct vmap_diag *diag)
{
	struct keyed *keyed;
	size_t n = 0, with_key = 0;

	for (size_t i = 0; i < set->count; i++) /* arrays as long as the records with a key */
		with_key += rule->keys[i] != 0;
	keyed = alloc_array(with_key ? with_key : 1, sizeof *keyed);
	rule->order = alloc_array(with_key ? with_key : 1, sizeof *rule->order);
	*at = alloc_array(with_key ? with_key : 1, sizeof **at);
	if (!keyed || !rule->order || !*at) {
		free(keyed);
		return diag_nomem(diag, "blocking");
	}
	for (size_t i = 0; i < set->count; i++) {
		if (rule->keys[i]) {
			keyed[n].key = rule->keys[i];
			keyed[n++].index = (uint32_t)i;
		}
	}
	if (sort_by_key(keyed, n)) {
		free(keyed);
		return diag_nomem(diag, "blocking");
	}
	for (size_t i = 0; i < n; i++) {
		rule->order[i] = keyed[i].index;
		(*at)[i] = keyed[i].key;
	}
	rule->keyed = n;
	free(keyed);
	return VMAP_OK;
}

/* The end of the run of equal keys that starts at position i. */
static size_t run_end(const uint64_t *at, size_t i, size_t n)
{
	size_t j = i + 1;

	while (j < n && at[j] == at[i])
		j++;
	return j;
}

/* Drops blocks over the limit: their records lose this rule's key. `at` and `base_at` (the
 * keys by position, refined and not) move with the records kept. */
static void drop_large_blocks(struct block_rule *rule, uint64_t *at, uint64_t *base_at,
			      size_t max_block)
{
	size_t kept = 0;

	for (size_t i = 0; i < rule->keyed;) {
		size_t j = run_end(at, i, rule->keyed);
		if (j - i > max_block) {
			uint64_t n = j - i;
			rule->blocks_skipped++;
			rule->pairs_skipped += n * (n - 1) / 2;
			for (size_t k = i; k < j; k++)
				rule->keys[rule->order[k]] = 0;
		} else {
			for (size_t k = i; k < j; k++, kept++) {
				rule->order[kept] = rule->order[k];
				at[kept] = at[k];
				base_at[kept] = base_at[k];
			}
		}
		i = j;
	}
	rule->keyed = kept;
}

/* Where each block starts: runs of equal keys in `at` (by position), into *starts. The
 * runs are counted first, so the array is exactly as long as the blocks (often far fewer
 * than the records) and no allocation can fail without saying so. */
static int find_runs(const uint64_t *at, size_t n, size_t **starts, size_t *count,
		     struct vmap_diag *diag)
{
	size_t blocks = 0;

	for (size_t i = 0; i < n; i = run_end(at, i, n))
		blocks++;
	*starts = alloc_array(blocks + 1, sizeof **starts);
	if (!*starts)
		return diag_nomem(diag, "blocking");
	blocks = 0;
	for (size_t i = 0; i < n; i = run_end(at, i, n))
		(*starts)[blocks++] = i;
	(*starts)[blocks] = n;
	*count = blocks;
	return VMAP_OK;
}

/* Refining keys, most reliable first: a block of more than refine_above records is split by
 * the first of these whose field the rule does not use and that splits it at all (a common
 * name by birth year, a common date by surname initial, ...), and each part still
 * over the size by the next ones, so that a rule's pairs grow with the records, not their
 * square. A record without the refining field keeps its key (it stays with the others
 * without it). Pairs the split loses are those whose records differ in the refining field;
 * other passes, which do not use it, still make them; the order puts first the fields that
 * true matches rarely disagree on. Each block is refined on its own (its records and the
 * rule decide; the order of blocks does not). */
static const struct block_part refiners[] = {
	{FIELD_DOB, KEY_YEAR}, {FIELD_LAST_NAME, KEY_INITIAL}, {FIELD_FIRST_NAME, KEY_INITIAL},
	{FIELD_POSTCODE, KEY_PREFIX3}};
#define REFINER_COUNT (sizeof refiners / sizeof refiners[0])

static bool rule_uses(const struct block_rule *rule, enum field f)
{
	for (size_t p = 0; p < rule->part_count; p++)
		if (rule->parts[p].field == f)
			return true;
	return false;
}

/* Pairs among n sorted keys (runs of equal keys). */
static uint64_t pairs_in_runs(const struct keyed *k, size_t n)
{
	uint64_t pairs = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && k[j].key == k[i].key)
			j++;
		pairs += (uint64_t)(j - i) * (j - i - 1) / 2;
		i = j;
	}
	return pairs;
}

/* The keys of records k[0..n) (all sharing `key`) split by refiner `r`, sorted. */
static void split_keys(const struct record_set *set, uint64_t key, size_t r, struct keyed *k,
		       size_t n)
{
	char tag = (char)('a' + r);
	uint64_t tagged = hash_bytes(key, &tag, 1);

	for (size_t i = 0; i < n; i++) {
		const char *v;
		size_t len;
		char buf[16];
		k[i].key = key;
		if (part_text(&refiners[r], &set->records[k[i].index], &v, &len, buf)) {
			uint64_t h = hash_bytes(tagged, v, len);
			k[i].key = h ? h : 1;
		}
	}
	qsort(k, n, sizeof *k, by_key);
}

/* Refines the block k[0..n) (one key) with the refiners after `next` not in `used`,
 * recursively; `scratch` has room for n. Writes the final keys into rule->keys. */
static void refine_block(struct block_rule *rule, const struct record_set *set, struct keyed *k,
			 size_t n, size_t next, unsigned used, struct keyed *scratch)
{
	uint64_t key = k[0].key, all = (uint64_t)n * (n - 1) / 2;
	size_t r = next;

	for (; n > rule->refine_above && r < REFINER_COUNT; r++) {
		if (used & (1u << r))
			continue;
		memcpy(scratch, k, n * sizeof *k);
		split_keys(set, key, r, scratch, n);
		if (pairs_in_runs(scratch, n) < all)
			break;
	}
	if (n <= rule->refine_above || r == REFINER_COUNT) {
		for (size_t i = 0; i < n; i++)
			rule->keys[k[i].index] = key;
		return;
	}
	memcpy(k, scratch, n * sizeof *k);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && k[j].key == k[i].key)
			j++;
		refine_block(rule, set, k + i, j - i, r + 1, used, scratch);
		i = j;
	}
}

/* The refiners a rule cannot use: those of its own fields, or of fields no dataset maps. */
static unsigned refiners_excluded(const struct block_rule *rule, const struct record_set *set)
{
	unsigned used = 0;

	for (size_t r = 0; r < REFINER_COUNT; r++)
		if (rule_uses(rule, refiners[r].field) || !set->has_field[refiners[r].field])
			used |= 1u << r;
	return used;
}

/* Refines every block over the size in place: the parts of a block stay where the block
 * was in `order` (and `at`, the key at each position, follows), so the blocks before refining
 * are still runs of it: training walks them (train_starts). */
static int refine(struct block_rule *rule, const struct record_set *set, uint64_t *at,
		  struct vmap_diag *diag)
{
	unsigned used = refiners_excluded(rule, set);
	struct keyed *k, *scratch;

	if (!rule->refine_above)
		return VMAP_OK;
	k = alloc_array(rule->keyed ? rule->keyed : 1, sizeof *k);
	scratch = alloc_array(rule->keyed ? rule->keyed : 1, sizeof *scratch);
	if (!k || !scratch) {
		free(k);
		free(scratch);
		return diag_nomem(diag, "blocking");
	}
	for (size_t i = 0; i < rule->keyed;) {
		size_t j = run_end(at, i, rule->keyed), n = j - i;
		if (n > rule->refine_above) {
			for (size_t m = i; m < j; m++)
				k[m - i] = (struct keyed){at[m], rule->order[m]};
			refine_block(rule, set, k, n, 0, used, scratch);
			for (size_t m = i; m < j; m++) {
				rule->order[m] = k[m - i].index;
				at[m] = k[m - i].key;
			}
			rule->pairs_refined_away += (uint64_t)n * (n - 1) / 2 - pairs_in_runs(k, n);
			rule->blocks_refined++;
		}
		i = j;
	}
	free(k);
	free(scratch);
	return VMAP_OK;
}

int blocking_prepare(struct block_rule *rule, const struct record_set *set, size_t max_block,
		     struct vmap_diag *diag)
{
	uint64_t *at = NULL, *base_at = NULL;
	int rc;

	rule->keys = alloc_array(set->count ? set->count : 1, sizeof *rule->keys);
	if (!rule->keys)
		return diag_nomem(diag, "blocking");
	for (size_t i = 0; i < set->count; i++)
		rule->keys[i] = block_key(rule, &set->records[i]);
	rc = sort_keyed(rule, set, &at, diag);
	if (!rc) {
		base_at = alloc_array(rule->keyed ? rule->keyed : 1, sizeof *base_at);
		rc = base_at ? VMAP_OK : diag_nomem(diag, "blocking");
	}
	if (!rc) {
		memcpy(base_at, at, rule->keyed * sizeof *at);
		rc = refine(rule, set, at, diag);
	}
	if (!rc) {
		drop_large_blocks(rule, at, base_at, max_block);
		rc = find_runs(at, rule->keyed, &rule->block_starts, &rule->block_count, diag);
	}
	if (!rc)
		rc = find_runs(base_at, rule->keyed, &rule->train_starts, &rule->train_block_count,
			       diag);
	free(at);
	free(base_at);
	return rc;
}
uint32_t *blocking_index(const struct block_rule *rules, size_t count, size_t records)
{
	size_t cells = records * count;
	uint32_t *index = alloc_array(cells ? cells : 1, sizeof *index);

	if (!index)
		return NULL;
	for (size_t i = 0; i < cells; i++)
		index[i] = NO_BLOCK;
	for (size_t r = 0; r < count; r++)
		for (size_t b = 0; b < rules[r].block_count; b++)
			for (size_t p = rules[r].block_starts[b]; p < rules[r].block_starts[b + 1]; p++)
				index[(size_t)rules[r].order[p] * count + r] = (uint32_t)b;
	return index;
}

void blocking_release(struct block_rule *rule)
{
	free(rule->keys);
	free(rule->order);
	free(rule->block_starts);
	free(rule->train_starts);
	rule->keys = NULL;
	rule->order = NULL;
	rule->block_starts = NULL;
	rule->train_starts = NULL;
}
