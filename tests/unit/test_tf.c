/*
 * test_tf.c - term frequencies (link/tf.c) for every name field and the postcode: each
 * record's share is checked against a count made here by comparing every pair of values
 * (quadratic, independent of tf.c's hash table), and the adjusted exact weight against
 * log2(m / share) worked by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "link/compare_fields.h"
#include "link/fellegi_sunter.h"
#include "link/records.h"
#include "link/tf.h"

/* first, middle, last, postcode; NULL = missing */
static const char *const people[][4] = {
	{"john", "paul", "smith", "SW1A 1AA"}, {"john", NULL, "smith", "SW1A 1AA"},
	{"jon", "paul", "smyth", "SW1A 1AA"},  {"mary", "ann", "jones", NULL},
	{"mary", "paul", NULL, "M1 1AE"},      {"ann", "ann", "smith", "M1 1AE"},
	{NULL, NULL, "jones", "B1 1BB"},
};
enum { PEOPLE = sizeof people / sizeof people[0] };

static struct record records[PEOPLE];

static struct record_set make_set(void)
{
	struct record_set set;

	memset(&set, 0, sizeof set);
	memset(records, 0, sizeof records);
	for (size_t i = 0; i < PEOPLE; i++)
		for (int s = 0; s < TF_FIELDS; s++) {
			records[i].value[tf_fields[s]] = people[i][s];
			records[i].length[tf_fields[s]] =
				(uint16_t)(people[i][s] ? strlen(people[i][s]) : 0);
		}
	set.records = records;
	set.count = PEOPLE;
	set.dataset_count = 1;
	for (int s = 0; s < TF_FIELDS; s++)
		set.has_field[tf_fields[s]] = true;
	return set;
}

/* The share by brute force: records with the same value over records with any value. */
static double share_of(size_t i, int s)
{
	size_t same = 0, present = 0;

	for (size_t j = 0; j < PEOPLE; j++) {
		if (!people[j][s])
			continue;
		present++;
		same += strcmp(people[j][s], people[i][s]) == 0;
	}
	return (double)same / (double)present;
}

static void shares_match_a_direct_count(void **state)
{
	struct record_set set = make_set();
	struct vmap_diag diag = {0};

	(void)state;
	assert_int_equal(tf_compute(&set, &diag), VMAP_OK);
	for (size_t i = 0; i < PEOPLE; i++)
		for (int s = 0; s < TF_FIELDS; s++) {
			if (!people[i][s]) {
				assert_true(records[i].tf[s] == 0);
				continue;
			}
			assert_true(fabs(records[i].tf[s] - share_of(i, s)) < 1e-6);
		}
	/* by hand: smith is 3 of the 6 surnames present; paul 3 of 5 middle names; SW1A 1AA 3
	 * of 6 postcodes; ann 1 of 6 first names */
	assert_true(fabs(records[0].tf[tf_slot(FIELD_LAST_NAME)] - 3.0 / 6) < 1e-6);
	assert_true(fabs(records[0].tf[tf_slot(FIELD_MIDDLE_NAME)] - 3.0 / 5) < 1e-6);
	assert_true(fabs(records[1].tf[tf_slot(FIELD_POSTCODE)] - 3.0 / 6) < 1e-6);
	assert_true(fabs(records[5].tf[tf_slot(FIELD_FIRST_NAME)] - 1.0 / 6) < 1e-6);
}

static void every_name_and_the_postcode_have_a_slot(void **state)
{
	struct comparison c;

	(void)state;
	assert_int_equal(tf_slot(FIELD_FIRST_NAME), 0);
	assert_int_equal(tf_slot(FIELD_MIDDLE_NAME), 1);
	assert_int_equal(tf_slot(FIELD_LAST_NAME), 2);
	assert_int_equal(tf_slot(FIELD_POSTCODE), 3);
	assert_int_equal(tf_slot(FIELD_DOB), -1);
	for (int s = 0; s < TF_FIELDS; s++) {
		assert_true(comparison_default(tf_fields[s], &c));
		assert_true(c.tf);
	}
	assert_true(comparison_default(FIELD_DOB, &c));
	assert_false(c.tf);
}

static void exact_weight_is_m_over_the_share(void **state)
{
	struct record_set set = make_set();
	struct vmap_diag diag = {0};
	struct fs_model model;

	(void)state;
	memset(&model, 0, sizeof model);
	model.comparison_count = 1;
	assert_true(comparison_default(FIELD_POSTCODE, &model.cmp[0]));
	model.cmp[0].m[0] = 0.9;
	model.use_tf = true;
	fs_defaults(&model);
	model.cmp[0].m[0] = 0.9;
	fs_finish(&model);
	assert_int_equal(tf_compute(&set, &diag), VMAP_OK);
	/* SW1A 1AA: 3 of 6, log2(0.9 / 0.5); B1 1BB: 1 of 6, log2(0.9 * 6) */
	assert_true(fabs(tf_exact_weight(&model, 0, &records[0]) - log2(0.9 / 0.5)) < 1e-6);
	assert_true(fabs(tf_exact_weight(&model, 0, &records[6]) - log2(0.9 * 6)) < 1e-5);
	/* a missing postcode has no share: the level's own weight */
	assert_true(tf_exact_weight(&model, 0, &records[3]) == model.weight[0][0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shares_match_a_direct_count),
		cmocka_unit_test(every_name_and_the_postcode_have_a_slot),
		cmocka_unit_test(exact_weight_is_m_over_the_share),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
