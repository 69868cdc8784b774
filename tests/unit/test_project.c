/*
 * test_project.c - the project module through its public API and its input hash: a run
 * stamps every stage and a second run skips them; the summary accessors hold the figures
 * worked out by hand; the hash changes with any byte of any input (effects_from fragments
 * included) and with the framing of options; every allocation failure comes back as an error.
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
#include "project/input_hash.h"
#include "project/inputs.h"
#include "valuemap.h"

static char dir[64];

static char *in_dir(const char *name)
{
	static char path[4][160];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof path[0], "%s/%s", dir, name);
	return p;
}

static void write_file(const char *name, const char *text)
{
	FILE *f = fopen(in_dir(name), "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Health pays 100 x 1,000; work and justice gain 100 x 600 each in year 0 (no discounting):
 * neither alone covers the cost, together they do, by 20,000. */
static int make_files(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/vmap-test-project-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	write_file("model.yaml",
		   "appraisal: {name: t, base_year: 2025, horizon: 2, discount: stpr}\n"
		   "agencies: [{id: nhs, name: Health}, {id: dwp, name: Work},\n"
		   "           {id: moj, name: Justice}]\n"
		   "outcomes:\n"
		   "  - {id: a, value: 600, kind: fiscal, beneficiary: dwp}\n"
		   "  - {id: b, value: 600, kind: fiscal, beneficiary: moj}\n"
		   "interventions:\n"
		   "  - id: s\n    participants: 100\n"
		   "    costs: [{agency: nhs, amount: 1000, per: participant}]\n"
		   "    effects: [{outcome: a, change: 1}, {outcome: b, change: 1}]\n");
	write_file("project.yaml", "project: {name: Test, out: out}\nmodel: model.yaml\n"
				   "pool: {budgets: {nhs: 200000}}\n");
	return 0;
}

static int remove_files(void **state)
{
	char command[128];

	(void)state;
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	return system(command);
}

static int load_and_run(vmap_project *p, bool force)
{
	int rc = vmap_project_load(p, in_dir("project.yaml"));

	vmap_project_set_force(p, force);
	return rc ? rc : vmap_project_run(p);
}

static void runs_then_skips(void **state)
{
	vmap_project *p = vmap_project_new();

	(void)state;
	assert_int_equal(load_and_run(p, true), VMAP_OK);
	assert_int_equal(vmap_project_stage_count(p), 5);
	assert_string_equal(vmap_project_stage_name(p, 2), "appraise");
	assert_int_equal(vmap_project_stage_state(p, 0), VMAP_STAGE_ABSENT);
	assert_int_equal(vmap_project_stage_state(p, 2), VMAP_STAGE_RAN);
	assert_int_equal(vmap_project_stage_state(p, 3), VMAP_STAGE_RAN);
	assert_int_equal(vmap_project_stage_state(p, 4), VMAP_STAGE_RAN);
	assert_int_equal(load_and_run(p, false), VMAP_OK);
	assert_int_equal(vmap_project_stage_state(p, 2), VMAP_STAGE_SKIPPED);
	assert_int_equal(vmap_project_stage_state(p, 3), VMAP_STAGE_SKIPPED);
	assert_int_equal(vmap_project_stage_state(p, 4), VMAP_STAGE_SKIPPED);
	assert_string_equal(vmap_project_errmsg(p), "");
	vmap_project_free(p);
}

static void summary_by_hand(void **state)
{
	vmap_project *p = vmap_project_new();
	vmap_project_department d;

	(void)state;
	assert_int_equal(load_and_run(p, false), VMAP_OK);
	assert_string_equal(vmap_project_name(p), "Test");
	assert_int_equal(vmap_project_department_count(p), 3);
	d = vmap_project_department_at(p, 0);
	assert_string_equal(d.id, "nhs");
	assert_string_equal(d.name, "Health");
	assert_true(fabs(d.pays - 100000) < 1e-6 && fabs(d.gains) < 1e-6);
	assert_true(fabs(d.net + 100000) < 1e-6);
	d = vmap_project_department_at(p, 2);
	assert_true(fabs(d.gains - 60000) < 1e-6 && fabs(d.net - 60000) < 1e-6);
	assert_true(fabs(vmap_project_npsv(p) - 20000) < 1e-6);
	assert_true(fabs(vmap_project_unlocked(p) - 20000) < 1e-6);
	assert_int_equal(vmap_project_gap_count(p), 1);
	assert_string_equal(vmap_project_gap(p, 0), "s");
	assert_non_null(strstr(vmap_project_report_path(p), "/out/report/report.html"));
	assert_int_equal(access(vmap_project_report_path(p), R_OK), 0);
	/* out of range */
	assert_null(vmap_project_gap(p, 1));
	assert_null(vmap_project_stage_name(p, 5));
	assert_null(vmap_project_warning(p, 0));
	assert_true(isnan(vmap_project_department_at(p, 3).pays));
	vmap_project_free(p);
}

static void run_needs_a_project(void **state)
{
	vmap_project *p = vmap_project_new();

	(void)state;
	assert_int_equal(vmap_project_run(p), VMAP_USAGE);
	assert_string_equal(vmap_project_errmsg(p), "no project loaded");
	assert_int_equal(vmap_project_load(p, in_dir("none.yaml")), VMAP_USAGE);
	assert_non_null(strstr(vmap_project_errmsg(p), "none.yaml: cannot read"));
	assert_int_equal(vmap_project_run(p), VMAP_USAGE);
	vmap_project_free(p);
	vmap_project_free(NULL);
}

static void model_hash(const char *model, char hex[INPUT_HASH_HEX])
{
	struct vmap_diag diag;
	struct input_hash h;

	assert_int_equal(input_hash_begin(&h, "appraise", &diag), VMAP_OK);
	assert_int_equal(inputs_add_model(&h, in_dir(model)), VMAP_OK);
	input_hash_end(&h, hex);
}

static void hash_covers_fragments(void **state)
{
	char first[INPUT_HASH_HEX], again[INPUT_HASH_HEX], changed[INPUT_HASH_HEX];

	(void)state;
	write_file("fragment.yaml", "outcomes: []\n");
	write_file("uses.yaml", "interventions:\n  - {id: x, effects_from: fragment.yaml}\n");
	model_hash("uses.yaml", first);
	model_hash("uses.yaml", again);
	assert_string_equal(first, again);
	assert_int_equal(strlen(first), 64);
	write_file("fragment.yaml", "outcomes: [] \n");
	model_hash("uses.yaml", changed);
	assert_string_not_equal(first, changed);
	unlink(in_dir("fragment.yaml")); /* a missing fragment hashes too: the stage reports it */
	model_hash("uses.yaml", again);
	assert_string_not_equal(changed, again);
}

static void option_hash(const char *key, const char *value, char hex[INPUT_HASH_HEX])
{
	struct vmap_diag diag;
	struct input_hash h;

	assert_int_equal(input_hash_begin(&h, "pool", &diag), VMAP_OK);
	input_hash_option(&h, key, value);
	input_hash_end(&h, hex);
}

static void hash_frames_options(void **state)
{
	char a[INPUT_HASH_HEX], b[INPUT_HASH_HEX];

	(void)state;
	option_hash("ab", "c", a);
	option_hash("a", "bc", b);
	assert_string_not_equal(a, b);
	option_hash("a", NULL, a);
	option_hash("a", "", b);
	assert_string_not_equal(a, b);
}

static void allocation_failures(void **state)
{
	int rc = VMAP_NOMEM;
	long n;

	(void)state;
	for (n = 1; n < 2000 && rc != VMAP_OK; n++) {
		vmap_project *p;
		alloc_fail_after(n);
		p = vmap_project_new();
		rc = p ? load_and_run(p, true) : VMAP_NOMEM;
		alloc_fail_after(0);
		assert_true(rc == VMAP_OK || rc == VMAP_NOMEM || rc == VMAP_IO);
		if (p && rc)
			assert_true(strlen(vmap_project_errmsg(p)) > 0);
		vmap_project_free(p);
	}
	assert_int_equal(rc, VMAP_OK);
	assert_true(n > 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runs_then_skips),     cmocka_unit_test(summary_by_hand),
		cmocka_unit_test(run_needs_a_project), cmocka_unit_test(hash_covers_fragments),
		cmocka_unit_test(hash_frames_options), cmocka_unit_test(allocation_failures),
	};

	return cmocka_run_group_tests(tests, make_files, remove_files);
}
