/*
 * test_linker.c - the public vmap_linker end to end on a small two-department case, and
 * under injected allocation failures: every failure must come back as an error code with a
 * message, never a crash or a leak (the sanitizer build checks the leaks), and the run must
 * succeed once allocations stop failing. Also rule parsing and the warnings list.
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
#include <unistd.h>

#include "core/alloc.h"
#include "link/linker.h"
#include "temp_dir.h"
#include "valuemap.h"

static char dir[64];
static char spec_a[96], spec_b[96], out_dir[96];

static void write_file(const char *name, const char *text)
{
	assert_true(temp_dir_put(dir, name, text));
}

static int make_files(void **state)
{
	(void)state;
	if (!temp_dir_make(dir, sizeof dir, "linker"))
		return -1;
	write_file("a.csv", "id,first,last,dob,pc\n1,John,Smith,03/05/1981,SW1A 1AA\n"
			    "2,Mary,Jones,17/11/1975,M1 1AE\n3,Ann,Lee,01/01/1950,B33 8TH\n"
			    "4,Jon,Smith,03/05/1981,SW1A 1AA\n");
	write_file("b.csv", "ref,name,born,postcode\nx,\"SMITH, John\",1981-05-03,sw1a1aa\n"
			    "y,\"JONES, Mary\",1975-11-17,M11AE\nz,\"KHAN, Ali\",1990-02-02,LS1 4AP\n");
	write_file("a.yaml", "dataset: {id: a, path: a.csv, record_id: id}\nfields:\n"
			     "  first_name: first\n  last_name: last\n"
			     "  dob: {column: dob, format: \"%d/%m/%Y\"}\n  postcode: pc\n");
	write_file("b.yaml", "dataset: {id: b, path: b.csv, record_id: ref}\nfields:\n"
			     "  full_name: name\n  dob: born\n  postcode: postcode\n");
	snprintf(spec_a, sizeof spec_a, "%s/a.yaml", dir);
	snprintf(spec_b, sizeof spec_b, "%s/b.yaml", dir);
	snprintf(out_dir, sizeof out_dir, "%s/out", dir);
	return 0;
}

static int remove_files(void **state)
{
	(void)state;
	return temp_dir_remove(dir) ? 0 : -1;
}

static int link_once(void)
{
	vmap_linker *l = vmap_linker_new();
	int rc;

	if (!l)
		return VMAP_NOMEM;
	vmap_linker_set_threads(l, 1);
	rc = vmap_linker_add_dataset(l, spec_a);
	if (!rc)
		rc = vmap_linker_add_dataset(l, spec_b);
	if (!rc)
		rc = vmap_linker_run(l);
	if (!rc)
		rc = vmap_linker_write(l, out_dir);
	if (rc)
		assert_true(strlen(vmap_linker_errmsg(l)) > 0);
	vmap_linker_free(l);
	return rc;
}

static void links_two_departments(void **state)
{
	vmap_linker *l = vmap_linker_new();
	vmap_link_stats s;

	(void)state;
	assert_int_equal(vmap_linker_add_dataset(l, spec_a), VMAP_OK);
	assert_int_equal(vmap_linker_add_dataset(l, spec_b), VMAP_OK);
	assert_int_equal(vmap_linker_run(l), VMAP_OK);
	s = vmap_linker_stats(l);
	assert_int_equal(s.records, 7);
	assert_int_equal(s.datasets, 2);
	assert_true(s.clusters >= 3 && s.clusters < 7);
	assert_int_equal(vmap_linker_run(l), VMAP_USAGE); /* runs once */
	vmap_linker_free(l);
}

static void survives_every_allocation_failure(void **state)
{
	int rc = VMAP_NOMEM;
	long n;

	(void)state;
	for (n = 1; n < 5000 && rc != VMAP_OK; n++) {
		alloc_fail_after(n);
		rc = link_once();
		alloc_fail_after(0);
		assert_true(rc == VMAP_OK || rc == VMAP_NOMEM || rc == VMAP_IO);
	}
	assert_int_equal(rc, VMAP_OK);
	assert_true(n > 100); /* the run makes many allocations, and each one failed once */
}

/* The list held 64 and dropped the rest without a word; out of range is NULL, as for models. */
static void keeps_every_warning(void **state)
{
	vmap_linker *l = vmap_linker_new();

	(void)state;
	assert_non_null(l);
	for (int i = 0; i < 100; i++)
		linker_warn(l, "warning %d", i);
	assert_int_equal(vmap_linker_warning_count(l), 100);
	assert_string_equal(vmap_linker_warning(l, 99), "warning 99");
	assert_null(vmap_linker_warning(l, 100));
	vmap_linker_free(l);
}

static void parses_rules(void **state)
{
	struct block_rule r;
	char why[128];

	(void)state;
	assert_true(parse_rule("last_name+dob[year]", &r, why, sizeof why));
	assert_int_equal(r.part_count, 2);
	assert_int_equal(r.parts[1].transform, KEY_YEAR);
	assert_string_equal(r.name, "last_name+dob[year]");
	assert_false(parse_rule("last_name[year]", &r, why, sizeof why));
	assert_string_equal(why, "[year] applies only to dob");
	assert_false(parse_rule("surname", &r, why, sizeof why));
	assert_false(parse_rule("", &r, why, sizeof why));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(links_two_departments),
		cmocka_unit_test(survives_every_allocation_failure),
		cmocka_unit_test(keeps_every_warning),
		cmocka_unit_test(parses_rules),
	};
	return cmocka_run_group_tests(tests, make_files, remove_files);
}
