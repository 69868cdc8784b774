/*
 * test_yaml.c - the YAML/JSON reader (core/yaml.h): typed reads, and the messages for what is
 * wrong, each with file:line:col and the key. Documents sit beside what is expected of them,
 * in jq's test style; each is written to a temporary folder that is removed afterwards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/yaml.h"
#include "temp_dir.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	return temp_dir_make(dir, sizeof dir, "yaml") ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return temp_dir_remove(dir) ? 0 : -1;
}

/* Writes `text` as `name` in the folder and loads it; returns yaml_load's code. */
static int load(struct yaml_doc *y, const char *name, const char *text, struct vmap_diag *diag,
		char *path, size_t size)
{
	snprintf(path, size, "%s/%s", dir, name);
	assert_true(temp_dir_put(dir, name, text));
	return yaml_load(y, path, diag);
}

static void typed_reads(void **state)
{
	struct vmap_diag diag = {0};
	struct yaml_doc y;
	char path[128];
	double d;
	long n;
	bool b;
	const char *s;
	struct fy_node *root;

	(void)state;
	assert_int_equal(load(&y, "ok.yaml", "name: valuemap\nrate: 0.035\nyears: 30\n"
			      "on: true\nnothing: ~\nlist: [1, 2]\n", &diag, path, sizeof path),
			 VMAP_OK);
	root = yaml_root(&y);
	assert_true(yaml_is_mapping(root));
	assert_int_equal(yaml_read_string(&y, yaml_lookup(root, "name", NULL), "name", &s), VMAP_OK);
	assert_string_equal(s, "valuemap");
	assert_int_equal(yaml_read_double(&y, yaml_lookup(root, "rate", NULL), "rate", &d), VMAP_OK);
	assert_true(d == 0.035);
	assert_int_equal(yaml_read_int(&y, yaml_lookup(root, "years", NULL), "years", 1, 100, &n),
			 VMAP_OK);
	assert_int_equal(n, 30);
	assert_int_equal(yaml_read_bool(&y, yaml_lookup(root, "on", NULL), "on", &b), VMAP_OK);
	assert_true(b);
	assert_true(yaml_is_null(yaml_lookup(root, "nothing", NULL)));
	assert_true(yaml_is_null(yaml_lookup(root, "absent", NULL)));
	assert_true(yaml_is_sequence(yaml_lookup(root, "list", NULL)));
	assert_null(yaml_text(yaml_lookup(root, "list", NULL)));
	yaml_release(&y);
}

/* A document, the check made on it, and the end of the message expected. */
struct bad_case {
	const char *text;
	enum { CHECK_KEYS, READ_INT, READ_DOUBLE, READ_BOOL, EXPECT_SEQUENCE, LOAD } check;
	const char *expected; /* what the message ends with, after "path" */
};

static const char *const allowed[] = {"name", "horizon", "discount", NULL};

static const struct bad_case bad_cases[] = {
	{"name: a\nhorizn: 3\n", CHECK_KEYS,
	 ":2:1: appraisal: unknown key 'horizn' (did you mean 'horizon'?)"},
	{"name: a\nhorizon: 300\n", READ_INT, ":2:10: horizon: 300 is out of range; expected 1 to 200"},
	{"name: a\nhorizon: 2.5\n", READ_INT, ":2:10: horizon: '2.5' is not a whole number"},
	{"name: a\nhorizon: \"3\"\n", READ_DOUBLE,
	 ":2:11: horizon: expected a number, not the quoted text \"3\""},
	{"name: a\nhorizon: yes please\n", READ_BOOL, ":2:10: horizon: 'yes please' is not true or false"},
	{"name: a\nhorizon: 3\n", EXPECT_SEQUENCE, ":2:10: horizon: expected a list"},
	{"name: a\n  horizon: [3\n", LOAD, ":1:7: not valid YAML or JSON: "},
};

static int run_check(struct yaml_doc *y, const struct bad_case *c)
{
	struct fy_node *root = yaml_root(y), *node = yaml_lookup(root, "horizon", NULL);
	double d;
	long n;
	bool b;

	switch (c->check) {
	case CHECK_KEYS:
		return yaml_check_keys(y, root, "appraisal", allowed);
	case READ_INT:
		return yaml_read_int(y, node, "horizon", 1, 200, &n);
	case READ_DOUBLE:
		return yaml_read_double(y, node, "horizon", &d);
	case READ_BOOL:
		return yaml_read_bool(y, node, "horizon", &b);
	case EXPECT_SEQUENCE:
		return yaml_expect_sequence(y, node, "horizon");
	case LOAD:
		break;
	}
	return VMAP_OK;
}

static void mistakes_are_named_with_their_place(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		struct vmap_diag diag = {0};
		struct yaml_doc y;
		char path[128], want[256];
		int rc = load(&y, "bad.yaml", c->text, &diag, path, sizeof path);

		if (c->check != LOAD) {
			assert_int_equal(rc, VMAP_OK);
			rc = run_check(&y, c);
			yaml_release(&y);
		}
		assert_int_equal(rc, VMAP_INPUT);
		snprintf(want, sizeof want, "%s%s", path, c->expected);
		if (strncmp(diag.message, want, strlen(want)) != 0)
			fail_msg("case %zu: got \"%s\", expected \"%s...\"", i, diag.message, want);
	}
}

static void a_missing_file_is_named(void **state)
{
	struct vmap_diag diag = {0};
	struct yaml_doc y;
	char path[128];

	(void)state;
	snprintf(path, sizeof path, "%s/none.yaml", dir);
	assert_int_not_equal(yaml_load(&y, path, &diag), VMAP_OK);
	assert_non_null(strstr(diag.message, "none.yaml: cannot read"));
}

/* yaml_read_file's reader: keeps the text of `key` (the document is gone afterwards). */
static int read_key(struct yaml_doc *y, void *context)
{
	const char *text = yaml_text(fy_node_mapping_lookup_by_string(yaml_root(y), "key", -1));

	snprintf(context, 32, "%s", text ? text : "");
	return text ? VMAP_OK : yaml_fail(y, NULL, "no key");
}

static void a_whole_file_is_read_and_released(void **state)
{
	struct vmap_diag diag = {0};
	char path[128], got[32] = "";

	(void)state;
	snprintf(path, sizeof path, "%s/whole.yaml", dir);
	assert_true(temp_dir_put(dir, "whole.yaml", "key: value\n"));
	assert_int_equal(yaml_read_file(path, read_key, got, &diag), VMAP_OK);
	assert_string_equal(got, "value");
	/* the reader's failure is the result; a missing file is the load's */
	assert_true(temp_dir_put(dir, "whole.yaml", "other: 1\n"));
	assert_int_equal(yaml_read_file(path, read_key, got, &diag), VMAP_INPUT);
	assert_non_null(strstr(diag.message, "no key"));
	snprintf(path, sizeof path, "%s/none.yaml", dir);
	assert_int_not_equal(yaml_read_file(path, read_key, got, &diag), VMAP_OK);
	assert_non_null(strstr(diag.message, "none.yaml: cannot read"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(typed_reads),
		cmocka_unit_test(mistakes_are_named_with_their_place),
		cmocka_unit_test(a_missing_file_is_named),
		cmocka_unit_test(a_whole_file_is_read_and_released),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
