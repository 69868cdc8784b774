/*
 * test_appraisal.c - the appraisal of a small model whose every figure is worked out by hand
 * below (constant 10% discount so the arithmetic stays readable), plus warnings and the
 * behaviour under failing allocations.
 *
 * The model: prices in 2024; deflator 2023 = 50, 2024 = 100 (so 2023 amounts double).
 *   outcome job: 1000 (2023 prices) = 2000 real, fiscal, cashable, grade 2 (5% optimism
 *     bias) -> 1900 per unit; to work 75%, health 25%.
 *   outcome wellbeing: 500, social, to people (not government), health discount schedule.
 *   ips: 100 participants. Costs: health 50 per participant in year 0, grade 3 (+10%) ->
 *     5500; work 1000 in total in year 1 -> PV 1000/1.1.
 *     Effects: job 0.1 per participant from year 1 for 2 years, drop-off 0.5, deadweight
 *     0.2 -> net units 8 (year 1), 4 (year 2) -> 15200, 7600. wellbeing 0.2 in year 0 ->
 *     20 units -> 10000.
 *   gap: 10 participants, health pays 1500 in year 0; job 0.1 in year 0 -> 1 unit -> 1900:
 *     work 1425, health 475. Together they cover 1500; neither alone does.
 *   idle: no costs (adds nothing; a warning). A cost in year 7 (beyond the horizon) warns.
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
#include "valuemap.h"
#include "temp_dir.h"

static const char model_text[] =
	"appraisal: {name: hand, base_year: 2024, horizon: 3, discount: 0.10}\n"
	"deflator: {2023: 50, 2024: 100}\n"
	"agencies:\n"
	"  - {id: health}\n"
	"  - {id: work}\n"
	"  - {id: people, government: false}\n"
	"outcomes:\n"
	"  - {id: job, value: 1000, price_year: 2023, kind: fiscal, cashable: true,\n"
	"     confidence: 2, beneficiaries: {work: 0.75, health: 0.25}}\n"
	"  - {id: wellbeing, value: 500, kind: social, beneficiary: people, discount: health}\n"
	"interventions:\n"
	"  - id: ips\n"
	"    participants: 100\n"
	"    costs:\n"
	"      - {agency: health, amount: 50, per: participant, years: [0, 7], confidence: 3}\n"
	"      - {agency: work, amount: 1000, per: total, years: [1]}\n"
	"    effects:\n"
	"      - {outcome: job, change: 0.1, start: 1, duration: 2, drop_off: 0.5,\n"
	"         deadweight: 0.2}\n"
	"      - {outcome: wellbeing, change: {dist: triangular, min: 0.1, mode: 0.2, max: 0.3}}\n"
	"  - id: gap\n"
	"    participants: 10\n"
	"    costs: [{agency: health, amount: 1500, per: total}]\n"
	"    effects: [{outcome: job, change: 0.1}]\n"
	"  - id: idle\n"
	"    participants: 5\n"
	"    effects: [{outcome: job, change: 1}]\n";

struct fixture {
	char path[64];
	vmap_model *model;
	vmap_appraisal *appraisal;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	FILE *file;
	int fd;

	snprintf(f->path, sizeof f->path, "/tmp/vmap-test-XXXXXX");
	fd = mkstemp(f->path);
	file = fdopen(fd, "w");
	fputs(model_text, file);
	fclose(file);
	f->model = vmap_model_new();
	assert_int_equal(vmap_model_load(f->model, f->path), VMAP_OK);
	f->appraisal = vmap_appraisal_new(f->model);
	assert_int_equal(vmap_appraisal_run(f->appraisal), VMAP_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	vmap_appraisal_free(f->appraisal);
	vmap_model_free(f->model);
	unlink(f->path);
	free(f);
	return 0;
}

static void assert_close(double actual, double expected)
{
	if (fabs(actual - expected) > 1e-9 * fmax(1, fabs(expected)))
		fail_msg("got %.17g, expected %.17g", actual, expected);
}

/* Hand-worked present values (D(1) = 1/1.1, D(2) = 1/1.21). */
#define IPS_COST (5500 + 1000 / 1.1)
#define IPS_WORK (0.75 * (15200 / 1.1 + 7600 / 1.21))
#define IPS_HEALTH (0.25 * (15200 / 1.1 + 7600 / 1.21))
#define GAP_WORK (0.75 * 1900)
#define GAP_HEALTH (0.25 * 1900)

static void intervention_totals_follow_the_formulas(void **state)
{
	struct fixture *f = *state;
	vmap_totals ips = vmap_appraisal_intervention(f->appraisal, 0);

	assert_close(ips.pv_cost, IPS_COST);
	assert_close(ips.pv_benefit_fiscal, IPS_WORK + IPS_HEALTH);
	assert_close(ips.pv_benefit_cashable, IPS_WORK + IPS_HEALTH);
	assert_close(ips.pv_benefit_social, 10000);
	assert_close(ips.pv_benefit_economic, 0);
	assert_close(ips.pv_benefit, IPS_WORK + IPS_HEALTH + 10000);
	assert_close(ips.npsv, IPS_WORK + IPS_HEALTH + 10000 - IPS_COST);
	assert_close(ips.bcr, (IPS_WORK + IPS_HEALTH + 10000) / IPS_COST);
	assert_close(ips.fiscal_roi, (IPS_WORK + IPS_HEALTH) / IPS_COST);
	assert_int_equal(ips.payback_year, 1); /* year 1: 13818 fiscal >= 6409 cost */
	assert_false(vmap_appraisal_collaboration_gap(f->appraisal, 0));
	assert_true(vmap_appraisal_collaboration_gap(f->appraisal, 1));
}

static void agencies_see_their_own_lens(void **state)
{
	struct fixture *f = *state;
	vmap_totals health = vmap_appraisal_agency(f->appraisal, 0);
	vmap_totals work = vmap_appraisal_agency(f->appraisal, 1);
	vmap_totals people = vmap_appraisal_agency(f->appraisal, 2);

	assert_close(health.pv_cost, 5500 + 1500);
	assert_close(health.pv_benefit_fiscal, IPS_HEALTH + GAP_HEALTH);
	assert_close(health.net_fiscal, IPS_HEALTH + GAP_HEALTH - 7000);
	assert_int_equal(health.payback_year, -1); /* 5024.79 + 500 never reaches 7000 */
	assert_close(work.pv_cost, 1000 / 1.1);
	assert_close(work.pv_benefit_fiscal, IPS_WORK + GAP_WORK);
	assert_int_equal(work.payback_year, 1); /* pays nothing until year 1 (909), has 11789 by then */
	assert_false(people.has_ratios);
	assert_int_equal(people.payback_year, -1);
	assert_close(people.pv_benefit_social, 10000);
}

static void matrix_shares_benefits_by_payers_cost(void **state)
{
	struct fixture *f = *state;
	double health_share = 5500 / IPS_COST, work_share = (1000 / 1.1) / IPS_COST;

	assert_close(vmap_appraisal_matrix(f->appraisal, 0, 1), IPS_WORK * health_share + GAP_WORK);
	assert_close(vmap_appraisal_matrix(f->appraisal, 1, 1), IPS_WORK * work_share);
	assert_close(vmap_appraisal_matrix(f->appraisal, 1, 2), 10000 * work_share);
	assert_close(vmap_appraisal_matrix(f->appraisal, 2, 0), 0);
}

static void totals_and_warnings(void **state)
{
	struct fixture *f = *state;
	vmap_totals t = vmap_appraisal_totals(f->appraisal);
	vmap_totals idle = vmap_appraisal_intervention(f->appraisal, 2);

	assert_close(t.pv_cost, IPS_COST + 1500);
	assert_close(t.pv_benefit, IPS_WORK + IPS_HEALTH + 10000 + 1900);
	assert_int_equal(t.payback_year, 1); /* year 0: 1900 < 7000; year 1: 15718 >= 7909 */
	assert_close(idle.pv_benefit, 0);
	assert_int_equal(vmap_model_warning_count(f->model), 2);
	assert_non_null(strstr(vmap_model_warning(f->model, 0), "year 7 is at or beyond the horizon"));
	assert_non_null(strstr(vmap_model_warning(f->model, 1), "'idle' has no cost"));
}

/* Every getter checks its index: out of range is a defined "nothing", never a read past the
 * end (the sanitizer build would catch one). */
static void getters_check_their_index(void **state)
{
	struct fixture *f = *state;
	size_t agencies = vmap_model_agency_count(f->model);
	size_t interventions = vmap_model_intervention_count(f->model);
	vmap_totals t = vmap_appraisal_agency(f->appraisal, agencies);
	vmap_appraisal *fresh = vmap_appraisal_new(f->model);

	assert_int_equal(t.payback_year, -1);
	assert_false(t.has_ratios);
	assert_int_equal(vmap_appraisal_intervention(f->appraisal, interventions).payback_year, -1);
	assert_false(vmap_appraisal_collaboration_gap(f->appraisal, interventions));
	assert_true(isnan(vmap_appraisal_matrix(f->appraisal, 0, agencies)));
	assert_true(isnan(vmap_appraisal_fiscal_benefit(f->appraisal, interventions, 0)));
	assert_null(vmap_model_agency_id(f->model, agencies));
	assert_null(vmap_model_intervention_id(f->model, interventions));
	assert_null(vmap_model_warning(f->model, vmap_model_warning_count(f->model)));
	assert_non_null(fresh);
	assert_int_equal(vmap_appraisal_totals(fresh).payback_year, -1); /* before the run */
	assert_true(isnan(vmap_appraisal_matrix(fresh, 0, 0)));
	vmap_appraisal_free(fresh);
}

static void failing_allocations_are_reported_not_crashed(void **state)
{
	struct fixture *f = *state;
	int failures = 0;
	char out[64];

	assert_true(temp_dir_make(out, sizeof out, "alloc-out"));
	for (long n = 1; n < 2000; n++) {
		vmap_model *m = vmap_model_new();
		vmap_appraisal *a = NULL;
		int rc = VMAP_NOMEM;
		alloc_fail_after(n);
		if (m && (rc = vmap_model_load(m, f->path)) == VMAP_OK) {
			a = vmap_appraisal_new(m);
			rc = a ? vmap_appraisal_run(a) : VMAP_NOMEM;
			if (rc == VMAP_OK)
				rc = vmap_appraisal_write(a, out);
		}
		alloc_fail_after(0);
		vmap_appraisal_free(a);
		vmap_model_free(m);
		if (rc == VMAP_OK)
			break;
		if (rc != VMAP_NOMEM)
			fail_msg("allocation %ld: code %d: %s", n, rc,
				 a ? vmap_appraisal_errmsg(a) : vmap_model_errmsg(m));
		failures++;
	}
	assert_true(temp_dir_remove(out));
	assert_true(failures > 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(intervention_totals_follow_the_formulas, setup,
						teardown),
		cmocka_unit_test_setup_teardown(agencies_see_their_own_lens, setup, teardown),
		cmocka_unit_test_setup_teardown(matrix_shares_benefits_by_payers_cost, setup, teardown),
		cmocka_unit_test_setup_teardown(totals_and_warnings, setup, teardown),
		cmocka_unit_test_setup_teardown(getters_check_their_index, setup, teardown),
		cmocka_unit_test_setup_teardown(failing_allocations_are_reported_not_crashed, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
