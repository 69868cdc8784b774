/*
 * test_synth.c - synth's pieces against independent expectations: the calendar against
 * known dates, record ids as a permutation, nicknames from linkage's groups, and the error
 * rates docs/synth.md promises, measured on the records of 40,000 people parsed back and
 * compared with each person's true values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/errors.h"
#include "synth/synth.h"

static void test_calendar(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(day_from_civil(1970, 1, 1), 0);
	assert_int_equal(day_from_civil(2000, 3, 1), 11017); /* `date -d 2000-03-01 +%s` / 86400 */
	assert_int_equal(day_from_civil(2024, 12, 31), 20088);
	civil_from_day(19782, &y, &m, &d); /* 2024-02-29 */
	assert_int_equal(y * 10000 + m * 100 + d, 20240229);
	assert_int_equal(add_years(day_from_civil(2019, 6, 15), 4), day_from_civil(2023, 6, 15));
}

static int by_value(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static void test_record_numbers_unique(void **state)
{
	enum { N = 100000 };
	uint32_t *ids = malloc(2 * N * sizeof *ids);

	(void)state;
	assert_non_null(ids);
	for (uint64_t i = 0; i < N; i++)
		for (int c = 0; c < 2; c++)
			ids[2 * i + (uint64_t)c] = record_number(42, DEPT_DWP, i, c);
	qsort(ids, 2 * N, sizeof *ids, by_value);
	for (size_t i = 1; i < 2 * N; i++)
		assert_true(ids[i] != ids[i - 1]);
	assert_true(record_number(42, DEPT_DWP, 7, 0) != record_number(42, DEPT_HEALTH, 7, 0));
	free(ids);
}

static void test_nickname(void **state)
{
	char name[SYNTH_NAME_MAX] = "William";
	struct synth_rng r;

	(void)state;
	rng_init(&r, 1, 2, 3);
	assert_true(name_nickname(name, &r));
	assert_true(strcmp(name, "Bill") == 0 || strcmp(name, "Billy") == 0 ||
		    strcmp(name, "Will") == 0 || strcmp(name, "Willy") == 0 ||
		    strcmp(name, "Liam") == 0 || strcmp(name, "Wills") == 0);
	memcpy(name, "Zebedee", 8);
	assert_false(name_nickname(name, &r));
	assert_string_equal(name, "Zebedee");
	memcpy(name, "Stephen", 8);
	assert_true(name_variant(name));
	assert_string_equal(name, "Steven");
}

/* Counts in the dwp extract (one layout, all fields) of errors against the truth. */
struct tally {
	long records, swappable, swapped, movers, stale, postcode_missing, nino, first_changed;
};

static void tally_record(struct tally *t, const struct person *p, const char *line)
{
	char id[32], first[64], last[64], dob[16], sex[4], nino[16], postcode[16];
	int y, m, d, ty, tm, td;
	char current[16];
	struct strbuf sb;

	if (sscanf(line, "%31[^,],%63[^,],%63[^,],%15[^,],%3[^,],%15[^,],%15[^\n]", id, first, last,
		   dob, sex, nino, postcode) != 7) {
		/* a missing NINO or postcode leaves an empty field */
		nino[0] = postcode[0] = '\0';
		sscanf(line, "%31[^,],%63[^,],%63[^,],%15[^,],%3[^,],,%15[^\n]", id, first, last, dob,
		       sex, postcode);
		if (sscanf(line, "%*[^,],%*[^,],%*[^,],%*[^,],%*[^,],%15[^,],", nino) != 1)
			nino[0] = '\0';
	}
	t->records++;
	t->nino += nino[0] != '\0' && strlen(nino) == 9;
	sscanf(dob, "%d-%d-%d", &y, &m, &d);
	civil_from_day(p->dob, &ty, &tm, &td);
	if (td <= 12 && td != tm) {
		t->swappable++;
		t->swapped += m == td && d == tm;
	}
	strbuf_init(&sb);
	add_postcode(&sb, &p->address[p->moves]);
	snprintf(current, sizeof current, "%s", sb.data);
	strbuf_release(&sb);
	if (!postcode[0] || strchr(postcode, ',')) {
		t->postcode_missing++;
	} else if (p->moves > 0) {
		t->movers++;
		t->stale += strcmp(postcode, current) != 0;
	}
}

static void test_error_rates(void **state)
{
	enum { PEOPLE = 40000 };
	struct tally t = {0};
	struct strbuf sb;

	(void)state;
	for (uint64_t i = 0; i < PEOPLE; i++) {
		struct person p;
		char *line, *end;
		person_draw(&p, 9, i);
		if (!p.copies[DEPT_DWP])
			continue;
		strbuf_init(&sb);
		records_write(&p, DEPT_DWP, 9, &sb);
		assert_false(sb.failed);
		for (line = sb.data; (end = strchr(line, '\n')); line = end + 1) {
			*end = '\0';
			tally_record(&t, &p, line);
		}
		strbuf_release(&sb);
	}
	/* documented dwp rates (docs/synth.md), with about four standard errors of room */
	assert_true(t.records > 10000);
	assert_true(fabs((double)t.swapped / (double)t.swappable - 0.03) < 0.01);
	assert_true(fabs((double)t.stale / (double)t.movers - 0.20) < 0.03);
	assert_true(fabs((double)t.postcode_missing / (double)t.records - 0.03) < 0.008);
	assert_true(fabs((double)t.nino / (double)t.records - 0.75) < 0.02);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_record_numbers_unique),
		cmocka_unit_test(test_nickname),
		cmocka_unit_test(test_error_rates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
