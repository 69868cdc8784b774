/*
 * test_train.c - training the Fellegi-Sunter model (link/train.c): the count of possible pairs
 * in each mode, and u, the chance that two random records agree, from every pair when there
 * are few and from a sample when there are many. Expected figures are counted here directly
 * from the names, not through the code under test; the sample is the same on any number of
 * threads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "link/compare_fields.h"
#include "link/fellegi_sunter.h"
#include "link/records.h"
#include "link/train.h"

static const char *const surnames[] = {"smith", "jones", "okafor", "nguyen", "kowalski",
				       "fitzgerald", "abara", "lindqvist", "mbeki", "tanaka"};
enum { SURNAMES = 10 };

/* `count` records whose last name is surnames[name_of(i)], datasets alternating. */
static struct record_set make_set(struct record *records, size_t count,
				  size_t (*name_of)(size_t i))
{
	struct record_set set;

	memset(&set, 0, sizeof set);
	memset(records, 0, count * sizeof *records);
	for (size_t i = 0; i < count; i++) {
		const char *name = surnames[name_of(i)];
		records[i].value[FIELD_LAST_NAME] = name;
		records[i].length[FIELD_LAST_NAME] = (uint16_t)strlen(name);
		records[i].dataset = (uint32_t)(i % 2);
	}
	set.records = records;
	set.count = count;
	set.dataset_count = 2;
	set.has_field[FIELD_LAST_NAME] = true;
	return set;
}

static size_t few_names(size_t i)
{
	static const size_t names[] = {0, 0, 0, 1, 1, 2}; /* smith x3, jones x2, okafor */
	return names[i];
}

static size_t many_names(size_t i)
{
	return (i * 7919 + i / 3) % SURNAMES;
}

static void model_of_last_names(struct fs_model *model)
{
	memset(model, 0, sizeof *model);
	assert_true(comparison_default(FIELD_LAST_NAME, &model->cmp[0]));
	model->comparison_count = 1;
}

static void possible_pairs_by_mode(void **state)
{
	struct record records[6];
	struct record_set set = make_set(records, 6, few_names);

	(void)state;
	assert_true(possible_pairs(&set, MODE_DEDUPE) == 15);
	/* datasets 0 and 1 have 3 records each: 15 - 3 - 3 across them */
	assert_true(possible_pairs(&set, MODE_LINK_ONLY) == 9);
	assert_true(possible_pairs(&set, MODE_LINK_AND_DEDUPE) == 15);
}

/* Few pairs: u comes from every one. 15 pairs, of which 3 + 1 agree exactly on the last name;
 * u = (count + 0.5 / L) / (pairs + 0.5) with L levels (a light prior keeps u off 0). */
static void u_from_every_pair(void **state)
{
	struct record records[6];
	struct record_set set = make_set(records, 6, few_names);
	struct fs_model model;
	struct training report;
	struct vmap_diag diag = {0};
	double levels;

	(void)state;
	model_of_last_names(&model);
	levels = model.cmp[0].level_count;
	assert_int_equal(fs_train(&model, &set, MODE_DEDUPE, NULL, 0, 1, &report, &diag), VMAP_OK);
	assert_int_equal(report.u_sample_pairs, 15);
	assert_true(fabs(model.cmp[0].u[0] - (4 + 0.5 / levels) / 15.5) < 1e-12);
}

/* Many pairs (over a million): u from a sample, close to the share counted here. */
static void u_from_a_sample_on_any_threads(void **state)
{
	enum { COUNT = 2000 };
	struct record *records = calloc(COUNT, sizeof *records);
	struct record_set set = make_set(records, COUNT, many_names);
	struct fs_model one, two;
	struct training report;
	struct vmap_diag diag = {0};
	double same = 0, all = (double)COUNT * (COUNT - 1) / 2;
	size_t per_name[SURNAMES] = {0};

	(void)state;
	for (size_t i = 0; i < COUNT; i++)
		per_name[many_names(i)]++;
	for (size_t k = 0; k < SURNAMES; k++)
		same += (double)per_name[k] * (double)(per_name[k] - 1) / 2;
	model_of_last_names(&one);
	model_of_last_names(&two);
	assert_int_equal(fs_train(&one, &set, MODE_DEDUPE, NULL, 0, 1, &report, &diag), VMAP_OK);
	assert_true(report.u_sample_pairs < (uint64_t)all); /* sampled, not counted */
	assert_int_equal(fs_train(&two, &set, MODE_DEDUPE, NULL, 0, 2, &report, &diag), VMAP_OK);
	assert_memory_equal(one.cmp[0].u, two.cmp[0].u, sizeof one.cmp[0].u);
	/* a million pairs: the sampling error of a share near 0.1 is about 0.0003 */
	assert_true(fabs(one.cmp[0].u[0] - same / all) < 0.002);
	free(records);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(possible_pairs_by_mode),
		cmocka_unit_test(u_from_every_pair),
		cmocka_unit_test(u_from_a_sample_on_any_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
