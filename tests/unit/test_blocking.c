/*
 * test_blocking.c - blocking rules (link/blocking.c) and the walk over their candidate pairs
 * (link/pairs.c): keys from each transform, blocks and the size limit, the default rules for
 * the fields mapped, and the union of several rules' pairs without repeats, the same on any
 * number of threads. Every count is worked out by hand in the comments.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "link/blocking.h"
#include "link/pairs.h"
#include "link/records.h"

/* Six people: first name, last name, dob (yyyymmdd) and dataset. */
static const char *const people[][4] = {
	{"john", "smith", "19800101", "0"}, {"jane", "smith", "19801231", "0"},
	{"john", "smith", "19800101", "1"}, {"mary", "jones", "19750505", "1"},
	{"mary", "jones", NULL, "0"},       {"john", NULL, "19900909", "1"},
};
enum { PEOPLE = 6 };

static struct record records[PEOPLE];

static void set_value(struct record *r, enum field f, const char *text)
{
	r->value[f] = text;
	r->length[f] = (uint16_t)(text ? strlen(text) : 0);
}

static struct record_set make_set(void)
{
	struct record_set set;

	memset(&set, 0, sizeof set);
	memset(records, 0, sizeof records);
	for (size_t i = 0; i < PEOPLE; i++) {
		set_value(&records[i], FIELD_FIRST_NAME, people[i][0]);
		set_value(&records[i], FIELD_LAST_NAME, people[i][1]);
		set_value(&records[i], FIELD_DOB, people[i][2]);
		records[i].dob = people[i][2] ? (int32_t)atoi(people[i][2]) : DOB_MISSING;
		records[i].dataset = (uint32_t)(people[i][3][0] - '0');
	}
	set.records = records;
	set.count = PEOPLE;
	set.dataset_count = 2;
	set.has_field[FIELD_FIRST_NAME] = set.has_field[FIELD_LAST_NAME] = true;
	set.has_field[FIELD_DOB] = true;
	return set;
}

static struct block_rule rule_of(enum field f, enum key_transform t)
{
	struct block_rule rule;

	memset(&rule, 0, sizeof rule);
	rule.part_count = 1;
	rule.parts[0] = (struct block_part){f, t};
	blocking_name_rule(&rule);
	return rule;
}

static void keys_follow_their_transform(void **state)
{
	struct record_set set = make_set();
	struct block_rule initial = rule_of(FIELD_FIRST_NAME, KEY_INITIAL);
	struct block_rule year = rule_of(FIELD_DOB, KEY_YEAR);
	struct block_rule exact = rule_of(FIELD_DOB, KEY_EXACT);

	(void)state;
	assert_string_equal(initial.name, "first_name[initial]");
	assert_string_equal(year.name, "dob[year]");
	/* john and jane share an initial; 1980-01-01 and 1980-12-31 a year, not a date */
	assert_true(block_key(&initial, &set.records[0]) == block_key(&initial, &set.records[1]));
	assert_true(block_key(&year, &set.records[0]) == block_key(&year, &set.records[1]));
	assert_true(block_key(&exact, &set.records[0]) != block_key(&exact, &set.records[1]));
	assert_true(block_key(&exact, &set.records[0]) == block_key(&exact, &set.records[2]));
	/* a missing part: no key, never blocked */
	assert_true(block_key(&exact, &set.records[4]) == 0);
}

static void keys_that_survive_one_error(void **state)
{
	struct block_rule swapped = rule_of(FIELD_DOB, KEY_UNORDERED);
	struct block_rule sound = rule_of(FIELD_LAST_NAME, KEY_SOUNDEX);
	struct block_rule user = rule_of(FIELD_EMAIL, KEY_USER);
	struct block_rule exact = rule_of(FIELD_DOB, KEY_EXACT);
	struct record a, b, c;

	(void)state;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&c, 0, sizeof c);
	assert_string_equal(swapped.name, "dob[unordered]");
	assert_string_equal(sound.name, "last_name[soundex]");
	assert_string_equal(user.name, "email[user]");
	set_value(&a, FIELD_DOB, "19810305");
	a.dob = 19810305;
	set_value(&b, FIELD_DOB, "19810503"); /* day and month swapped */
	b.dob = 19810503;
	set_value(&c, FIELD_DOB, "19810306");
	c.dob = 19810306;
	assert_true(block_key(&swapped, &a) == block_key(&swapped, &b));
	assert_true(block_key(&swapped, &a) != block_key(&swapped, &c));
	set_value(&a, FIELD_LAST_NAME, "rowe");
	set_value(&b, FIELD_LAST_NAME, "rwoe"); /* transposed letters: same code R000 */
	set_value(&c, FIELD_LAST_NAME, "rose");
	assert_true(block_key(&sound, &a) == block_key(&sound, &b));
	assert_true(block_key(&sound, &a) != block_key(&sound, &c));
	set_value(&a, FIELD_EMAIL, "e.rogers3@hopkins.org");
	set_value(&b, FIELD_EMAIL, "e.rogers3@honkips.org");
	set_value(&c, FIELD_EMAIL, "e.rogers@hopkins.org");
	assert_true(block_key(&user, &a) == block_key(&user, &b));
	assert_true(block_key(&user, &a) != block_key(&user, &c));
	/* an unreadable date (digits kept, dob missing) blocks on the exact key only */
	c.dob = DOB_MISSING;
	set_value(&c, FIELD_DOB, "18568618");
	assert_true(block_key(&swapped, &c) == 0);
	assert_true(block_key(&exact, &c) != 0);
}

static void blocks_and_the_size_limit(void **state)
{
	struct record_set set = make_set();
	struct vmap_diag diag = {0};
	struct block_rule last = rule_of(FIELD_LAST_NAME, KEY_EXACT);

	(void)state;
	/* smith x3 and jones x2 are blocks; the record without a last name is in none */
	assert_int_equal(blocking_prepare(&last, &set, 100, &diag), VMAP_OK);
	assert_int_equal(last.keyed, 5);
	assert_int_equal(last.block_count, 2);
	/* all pairs in the blocks: 3 + 1; across datasets only: smith 0,0,1 gives 2, jones 1 */
	assert_int_equal(rule_pair_count(&last, &set, MODE_DEDUPE, false), 4);
	assert_int_equal(rule_pair_count(&last, &set, MODE_LINK_ONLY, false), 3);
	blocking_release(&last);
	/* at most 2 records a block: smith's 3 are dropped, and reported */
	last = rule_of(FIELD_LAST_NAME, KEY_EXACT);
	assert_int_equal(blocking_prepare(&last, &set, 2, &diag), VMAP_OK);
	assert_int_equal(last.block_count, 1);
	assert_int_equal(last.blocks_skipped, 1);
	assert_int_equal(last.pairs_skipped, 3);
	blocking_release(&last);
}

static void large_blocks_are_refined(void **state)
{
	struct record_set set = make_set();
	struct vmap_diag diag = {0};
	struct block_rule first = rule_of(FIELD_FIRST_NAME, KEY_EXACT);

	(void)state;
	/* john x3 (born 1980, 1980, 1990) is over 2 records: split by birth year into {0,2} and
	 * {5}; mary x2 stays. Pairs 3 + 1 before, 1 + 1 after: 2 refined away. */
	first.refine_above = 2;
	assert_int_equal(blocking_prepare(&first, &set, 100, &diag), VMAP_OK);
	assert_int_equal(first.blocks_refined, 1);
	assert_int_equal(first.pairs_refined_away, 2);
	assert_int_equal(rule_pair_count(&first, &set, MODE_DEDUPE, false), 2);
	assert_int_equal(rule_pair_count(&first, &set, MODE_DEDUPE, true), 4); /* for training */
	/* blocks {0,2} {5} {1} {3,4}; before refining {0,2,5} {1} {3,4}, runs of one order */
	assert_int_equal(first.block_count, 4);
	assert_int_equal(first.train_block_count, 3);
	assert_true(first.keys[0] == first.keys[2] && first.keys[0] != first.keys[5]);
	assert_true(first.keys[3] == first.keys[4]); /* mary: a block of 2, untouched */
	blocking_release(&first);
	/* refine_above 0: never */
	first = rule_of(FIELD_FIRST_NAME, KEY_EXACT);
	assert_int_equal(blocking_prepare(&first, &set, 100, &diag), VMAP_OK);
	assert_int_equal(rule_pair_count(&first, &set, MODE_DEDUPE, false), 4);
	assert_int_equal(first.blocks_refined, 0);
	blocking_release(&first);
}

static void default_rules_fit_the_fields_mapped(void **state)
{
	struct record_set set = make_set();
	struct block_rule rules[16];
	size_t n = blocking_default_rules(&set, rules, 16);

	(void)state;
	assert_int_equal(n, 6);
	assert_string_equal(rules[0].name, "first_name+last_name");
	assert_string_equal(rules[1].name, "dob");
	assert_string_equal(rules[2].name, "last_name+dob[year]");
	/* the passes that survive one error in the fields the first three use */
	assert_string_equal(rules[3].name, "last_name[soundex]+dob[year]");
	assert_string_equal(rules[4].name, "first_name+dob");
	assert_string_equal(rules[5].name, "dob[unordered]");
	assert_int_equal(blocking_default_rules(&set, rules, 2), 2); /* never more than room */
}

/* Pairs of rule 0 (last name), then rule 1 (first name) without rule 0's. By hand:
 * last name: {0,1,2} and {3,4}: 0-1 0-2 1-2 3-4 = 4 pairs;
 * first name: john {0,2,5}, jane {1}, mary {3,4}: 0-2 0-5 2-5 3-4, of which 0-2 and 3-4
 * agree on last name already: 2 new pairs. The union is 6 pairs on any number of threads. */
static void rules_walk_their_union_once(void **state)
{
	struct record_set set = make_set();
	struct vmap_diag diag = {0};
	struct fs_model model;
	struct block_rule rules[2] = {rule_of(FIELD_LAST_NAME, KEY_EXACT),
				      rule_of(FIELD_FIRST_NAME, KEY_EXACT)};

	(void)state;
	memset(&model, 0, sizeof model); /* no comparisons: every pair has the same pattern */
	uint32_t *index;

	for (size_t r = 0; r < 2; r++)
		assert_int_equal(blocking_prepare(&rules[r], &set, 100, &diag), VMAP_OK);
	index = blocking_index(rules, 2, PEOPLE);
	assert_non_null(index);
	/* last name (rule 0): smith {0,1,2}, jones {3,4}, none for 5; first name (rule 1): john
	 * {0,2,5}, mary {3,4}, jane {1} */
	assert_true(index[0 * 2] == index[1 * 2] && index[1 * 2] == index[2 * 2]);
	assert_true(index[3 * 2] == index[4 * 2] && index[3 * 2] != index[0 * 2]);
	assert_true(index[5 * 2] == NO_BLOCK);
	assert_true(index[0 * 2 + 1] == index[5 * 2 + 1] && index[1 * 2 + 1] != index[0 * 2 + 1]);
	for (unsigned threads = 1; threads <= 3; threads++) {
		uint64_t compared = 0;
		for (size_t r = 0; r < 2; r++) {
			struct pair_run run;
			memset(&run, 0, sizeof run);
			run.set = &set;
			run.model = &model;
			run.mode = MODE_DEDUPE;
			run.rules = rules;
			run.rule = r;
			run.skip_earlier = true;
			run.block_index = index;
			run.rule_count = 2;
			run.task = TASK_PATTERNS;
			run.threads = threads;
			assert_int_equal(pairs_run(&run, &diag), VMAP_OK);
			assert_int_equal(run.compared, r == 0 ? 4 : 2);
			compared += run.compared;
			pairs_release(&run);
		}
		assert_int_equal(compared, 6);
	}
	free(index);
	for (size_t r = 0; r < 2; r++)
		blocking_release(&rules[r]);
}

/* Many records, few keys, keys differing in every byte: the order must be by key, then
 * record (checked pair by pair), and hold every record with a key once. */
static void order_is_by_key_then_record(void **state)
{
	enum { MANY = 5000 };
	static struct record many[MANY];
	static char names[MANY][8];
	struct record_set set;
	struct vmap_diag diag = {0};
	struct block_rule last = rule_of(FIELD_LAST_NAME, KEY_EXACT);
	static bool seen[MANY];

	(void)state;
	memset(&set, 0, sizeof set);
	memset(many, 0, sizeof many);
	memset(seen, 0, sizeof seen);
	for (size_t i = 0; i < MANY; i++) { /* 37 names, in a scrambled order; every 11th none */
		snprintf(names[i], sizeof names[i], "n%zu", (i * 7919) % 37);
		if (i % 11)
			set_value(&many[i], FIELD_LAST_NAME, names[i]);
	}
	set.records = many;
	set.count = MANY;
	set.dataset_count = 1;
	set.has_field[FIELD_LAST_NAME] = true;
	assert_int_equal(blocking_prepare(&last, &set, MANY, &diag), VMAP_OK);
	assert_int_equal(last.keyed, MANY - (MANY + 10) / 11);
	assert_int_equal(last.block_count, 37);
	for (size_t p = 0; p < last.keyed; p++) {
		uint32_t i = last.order[p];
		assert_non_null(many[i].value[FIELD_LAST_NAME]);
		assert_false(seen[i]);
		seen[i] = true;
		if (p == 0)
			continue;
		uint64_t before = last.keys[last.order[p - 1]], key = last.keys[i];
		assert_true(before < key || (before == key && last.order[p - 1] < i));
	}
	blocking_release(&last);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_follow_their_transform),
		cmocka_unit_test(keys_that_survive_one_error),
		cmocka_unit_test(blocks_and_the_size_limit),
		cmocka_unit_test(large_blocks_are_refined),
		cmocka_unit_test(default_rules_fit_the_fields_mapped),
		cmocka_unit_test(rules_walk_their_union_once),
		cmocka_unit_test(order_is_by_key_then_record),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
