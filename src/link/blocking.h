/*
 * blocking.h - blocking rules (blocking.c): keys that decide which record pairs are compared.
 */
#ifndef VMAP_LINK_BLOCKING_H
#define VMAP_LINK_BLOCKING_H

#include "records.h"
#include "core/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Key transforms, named in rules as field[name] (key_transform_names, same order): the
 * first character, the year of a dob, the first three characters, the Soundex code of a
 * name, a dob's year with day and month in either order (a swapped date keeps its key), and
 * an email's user name (the text before '@'). */
enum key_transform {
	KEY_EXACT, KEY_INITIAL, KEY_YEAR, KEY_PREFIX3, KEY_SOUNDEX, KEY_UNORDERED, KEY_USER,
	KEY_TRANSFORM_COUNT
};
extern const char *const key_transform_names[KEY_TRANSFORM_COUNT + 1]; /* NULL-terminated */

struct block_part {
	enum field field;
	enum key_transform transform;
};

#define BLOCK_PARTS_MAX 4
struct block_rule {
	char name[96];
	size_t part_count;
	struct block_part parts[BLOCK_PARTS_MAX];
	size_t refine_above; /* blocks of more records are split by refining keys; 0: never */
	/* filled by blocking_prepare */
	uint64_t *keys;    /* per record; 0 = cannot block (a part is missing) */
	uint32_t *order;   /* records with a key, sorted by key */
	size_t keyed;
	size_t *block_starts; /* block b is order[block_starts[b] .. block_starts[b+1]) */
	size_t block_count;
	size_t *train_starts; /* the blocks before refining (runs of `order`), for training */
	size_t train_block_count;
	/* reports */
	uint64_t pairs_generated; /* new pairs this rule adds to the union */
	uint64_t pairs_all;       /* all pairs inside its blocks (before removing repeats) */
	size_t blocks_skipped;    /* blocks over the size limit */
	size_t blocks_refined;    /* blocks over refine_above split by a refining key */
	uint64_t pairs_refined_away; /* pairs of those blocks that the split no longer makes */
	uint64_t pairs_skipped;
	/* issue 18, a set held in shares (record_share.h): the rule holds only this rank's
	 * blocks (a range of keys), which are blocks block_first... (train blocks train_first...)
	 * of the whole rule in key order; its counts are summed over the ranks by callers */
	bool local;
	size_t block_first, train_first;
};

enum link_mode { MODE_DEDUPE, MODE_LINK_ONLY, MODE_LINK_AND_DEDUPE };

/* Builds the default rules for the fields present; returns how many (at most `max`). */
size_t blocking_default_rules(const struct record_set *set, struct block_rule *rules,
			      size_t max);
/* Keys, order and blocks of a rule. Blocks of more than `max_block` records are dropped
 * (their records get no key under this rule) and counted in blocks_skipped. */
int blocking_prepare(struct block_rule *rule, const struct record_set *set, size_t max_block,
		     struct vmap_diag *diag);
void blocking_release(struct block_rule *rule);
/* issue 18 (blocking_dist.c): under MPI rule r is prepared by rank r mod N alone
 * (blocking_rule_mine), and blocking_share_rules then sends each rule from its owner to every
 * rank (`status`: this rank's, agreed with the others'). One process: every rule is its own,
 * nothing is sent. */
bool blocking_rule_mine(size_t r);
int blocking_share_rules(struct block_rule *rules, size_t count, size_t records, int status,
			 struct vmap_diag *diag);
#define NO_BLOCK UINT32_MAX
/* Each record's block under every rule, record by record: index[i * count + r] is the block
 * of record i under rule r, or NO_BLOCK. The rules a pair shares a block under are then read
 * from two cache lines, not two per rule. NULL when memory runs out. */
uint32_t *blocking_index(const struct block_rule *rules, size_t count, size_t records);
/* Sets rule->name from its parts: "last_name+dob[year]". */
void blocking_name_rule(struct block_rule *rule);
uint64_t block_key(const struct block_rule *rule, const struct record *r);
/* True when the pair may be compared in this mode. */
bool pair_allowed(enum link_mode mode, const struct record *a, const struct record *b);

#endif
