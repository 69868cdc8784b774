/*
 * test_simulation.c - Monte Carlo through the public API, on small models written here.
 *
 * Expected figures are worked by hand. The linear model has one agency paying 100
 * participants x 100 = 10,000 in year 0 and another receiving 100 x change x 1,000 in year 0
 * (no discounting in year 0, no optimism bias), so npsv = 100,000 change - 10,000: with change
 * ~ normal(0.2, 0.05) the mean is 10,000, the sd 5,000, the switching value 0.1, and the P10
 * and P90 of change are 0.2 -/+ 0.05 x 1.2815515655446004 (the normal's 90% point, from
 * tables).
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
#include <sys/resource.h>
#include <unistd.h>

#include "uncertainty/sample.h"
#include "uncertainty/uncertainty.h"
#include "valuemap.h"

static const char *const head =
	"appraisal: {name: t, base_year: 2024, horizon: 3}\n"
	"agencies: [{id: pays}, {id: gets}]\n"
	"outcomes: [{id: o, value: %s, kind: fiscal, beneficiary: gets}]\n";
static const char *const body =
	"interventions:\n"
	"  - id: x\n"
	"    participants: 100\n"
	"    costs: [{agency: pays, amount: %s, per: participant}]\n"
	"    effects: [{outcome: o, change: %s}]\n";

struct run {
	char path[64];
	vmap_model *model;
	vmap_appraisal *appraisal;
};

static int open_model(struct run *r, const char *top, const char *value, const char *amount,
		      const char *change)
{
	FILE *f;
	int fd, rc;

	snprintf(r->path, sizeof r->path, "/tmp/vmap-test-XXXXXX");
	fd = mkstemp(r->path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(top, f);
	fprintf(f, head, value);
	fprintf(f, body, amount, change);
	fclose(f);
	r->model = vmap_model_new();
	r->appraisal = vmap_appraisal_new(r->model);
	rc = vmap_model_load(r->model, r->path);
	if (!rc)
		rc = vmap_appraisal_run(r->appraisal);
	return rc;
}

static void close_model(struct run *r)
{
	vmap_appraisal_free(r->appraisal);
	vmap_model_free(r->model);
	unlink(r->path);
}

static int simulate(struct run *r, uint64_t draws, unsigned threads)
{
	vmap_simulation_options o = {draws, 42, threads, NULL, NULL, false};
	return vmap_appraisal_simulate(r->appraisal, &o);
}

static void fixed_inputs_give_the_deterministic_result(void **state)
{
	struct run r;
	(void)state;
	/* no distributions at all, and one whose sd is 0 */
	assert_int_equal(open_model(&r, "", "1000", "{dist: normal, mean: 100, sd: 0}", "0.3"), 0);
	assert_int_equal(simulate(&r, 500, 2), 0);
	vmap_totals t = vmap_appraisal_totals(r.appraisal);
	vmap_stats s = vmap_simulation_stats(r.appraisal, VMAP_TOTALS, VMAP_MEASURE_NPSV);
	assert_true(s.mean == t.npsv && s.sd == 0 && s.p05 == t.npsv && s.p95 == t.npsv);
	assert_true(t.npsv == 100 * 0.3 * 1000 - 100 * 100.0);
	vmap_stats b = vmap_simulation_stats(r.appraisal, VMAP_TOTALS, VMAP_MEASURE_BCR);
	assert_true(b.mean == t.bcr);
	vmap_stats g = vmap_simulation_stats(r.appraisal, 1, VMAP_MEASURE_NET_FISCAL);
	assert_true(g.mean == vmap_appraisal_agency(r.appraisal, 1).net_fiscal);
	assert_true(vmap_simulation_evpi(r.appraisal, VMAP_TOTALS) == 0);
	close_model(&r);
}

static void linear_model_moments_and_switching_value(void **state)
{
	struct run r;
	const struct uncertainty *u;
	double n = 20000, z90 = 1.2815515655446004;
	(void)state;
	assert_int_equal(open_model(&r, "", "1000", "100", "{dist: normal, mean: 0.2, sd: 0.05}"),
			 0);
	assert_int_equal(simulate(&r, 20000, 0), 0);
	vmap_stats s = vmap_simulation_stats(r.appraisal, VMAP_TOTALS, VMAP_MEASURE_NPSV);
	assert_true(fabs(s.mean - 10000) < 5 * 5000 / sqrt(n));
	assert_true(fabs(s.sd - 5000) < 5 * 5000 * sqrt(2 / (4 * n)));
	/* P(npsv > 0) = P(change > 0.1) = Phi(2) = 0.9772498680518208 */
	assert_true(fabs(s.prob_positive - 0.9772498680518208) < 5 * sqrt(0.0228 * 0.9772 / n));
	/* the cost is fixed and positive, so BCR > 1 exactly when npsv > 0 */
	vmap_stats bcr = vmap_simulation_stats(r.appraisal, VMAP_TOTALS, VMAP_MEASURE_BCR);
	assert_true(bcr.prob_above_1 == s.prob_positive);
	u = r.appraisal->extension.context;
	assert_true(fabs(u->sim.sensitivity[0].switching - 0.1) < 1e-9);
	assert_true(fabs(u->sim.input_low[0] - (0.2 - 0.05 * z90)) < 1e-9);
	assert_true(fabs(u->sim.sensitivity[0].at_high - (100000 * (0.2 + 0.05 * z90) - 10000)) <
		    1e-6);
	/* the paying agency's net_fiscal does not depend on change: no switching value */
	assert_true(isnan(u->sim.sensitivity[1].switching));
	close_model(&r);
}

static void stats_of(struct run *r, vmap_stats *out)
{
	for (size_t k = 0; k < 3; k++)
		for (int m = 0; m < 3; m++)
			out[k * 3 + (size_t)m] = vmap_simulation_stats(
				r->appraisal, k == 2 ? VMAP_TOTALS : k, (enum vmap_measure)m);
}

static void thread_count_does_not_change_results(void **state)
{
	struct run r;
	vmap_stats one[9], many[9];
	(void)state;
	assert_int_equal(open_model(&r, "", "{dist: gamma, mean: 1000, sd: 300}",
				    "{dist: pert, min: 80, mode: 100, max: 150}",
				    "{dist: beta, mean: 0.2, sd: 0.05}"), 0);
	assert_int_equal(simulate(&r, 3001, 1), 0);
	stats_of(&r, one);
	for (unsigned threads = 2; threads <= 5; threads++) {
		assert_int_equal(simulate(&r, 3001, threads), 0);
		stats_of(&r, many);
		assert_memory_equal(one, many, sizeof one);
	}
	close_model(&r);
}

static void shared_parameter_takes_one_value_per_draw(void **state)
{
	struct run r;
	(void)state;
	/* the cost per participant and the value of the outcome are the same uncertain k, and
	 * change is 1: npsv = 100 k - 100 k = 0 in every draw */
	assert_int_equal(open_model(&r, "parameters: {k: {dist: lognormal, mean: 50, sd: 20}}\n",
				    "{param: k}", "{param: k}", "1"), 0);
	assert_int_equal(r.model->param_count, 1);
	assert_int_equal(simulate(&r, 1000, 2), 0);
	vmap_stats s = vmap_simulation_stats(r.appraisal, VMAP_TOTALS, VMAP_MEASURE_NPSV);
	assert_true(s.sd == 0 && s.mean == 0);
	vmap_stats paid = vmap_simulation_stats(r.appraisal, 0, VMAP_MEASURE_NET_FISCAL);
	assert_true(paid.sd > 0);
	/* npsv is 0 whatever k is: no switching value, though it is 0 on every point */
	const struct uncertainty *u = r.appraisal->extension.context;
	assert_true(isnan(u->sim.sensitivity[0].switching));
	close_model(&r);
}

static void inconsistent_correlations_fail_the_simulation(void **state)
{
	struct run r;
	(void)state;
	assert_int_equal(open_model(&r,
				    "parameters:\n"
				    "  a: {dist: normal, mean: 1000, sd: 10}\n"
				    "  b: {dist: normal, mean: 100, sd: 10}\n"
				    "  c: {dist: normal, mean: 0.2, sd: 0.01}\n"
				    "correlations:\n"
				    "  - {between: [a, b], rho: 0.95}\n"
				    "  - {between: [b, c], rho: 0.95}\n"
				    "  - {between: [a, c], rho: -0.95}\n",
				    "{param: a}", "{param: b}", "{param: c}"), 0);
	assert_int_equal(simulate(&r, 10, 1), VMAP_INPUT);
	assert_non_null(strstr(vmap_appraisal_errmsg(r.appraisal), "not positive definite"));
	assert_int_equal(vmap_exit_status(VMAP_INPUT), 2);
	close_model(&r);
}

struct progress_seen {
	size_t calls, last_done, total;
	bool monotone;
};

static void record_progress(void *context, const char *step, size_t done, size_t total)
{
	struct progress_seen *seen = context;
	assert_null(step);
	seen->monotone &= done >= seen->last_done && done <= total;
	seen->calls++;
	seen->last_done = done;
	seen->total = total;
}

static void progress_reaches_the_total(void **state)
{
	struct run r;
	struct progress_seen seen = {0, 0, 0, true};
	vmap_simulation_options o = {5000, 1, 2, record_progress, &seen, false};
	(void)state;
	assert_int_equal(open_model(&r, "", "1000", "100", "{dist: normal, mean: 0.2, sd: 0.05}"),
			 0);
	assert_int_equal(vmap_appraisal_simulate(r.appraisal, &o), 0);
	assert_true(seen.calls >= 1 && seen.monotone);
	assert_int_equal(seen.last_done, 5000);
	assert_int_equal(seen.total, 5000);
	close_model(&r);
}

static void unknown_parameter_is_named(void **state)
{
	struct run r;
	(void)state;
	assert_int_equal(open_model(&r, "parameters: {effect: {dist: normal, mean: 0.2, sd: 1}}\n",
				    "1000", "100", "{param: efect}"), VMAP_INPUT);
	assert_non_null(strstr(vmap_model_errmsg(r.model), "unknown parameter 'efect' (did you mean "
							  "'effect'?)"));
	close_model(&r);
}

/* The linear form of a draw (draw_value.h) against valuation_compute, the arithmetic of the
 * deterministic value map, with every input at its P10 and then at its P90, on a model with
 * an uncertain drop-off (the year loop per draw), discounting, shares and two effects. */
static void linear_form_agrees_with_the_flows(void **state)
{
	const char *top = "parameters: {keep: {dist: uniform, min: 0.05, max: 0.4}}\n";
	struct run r;
	struct simulation *s;
	double values[8], classes[3 * FLOW_CLASSES];
	(void)state;
	assert_int_equal(open_model(&r, top, "{dist: normal, mean: 1000, sd: 100}",
				    "{dist: pert, min: 80, mode: 100, max: 150}",
				    "{dist: beta, mean: 0.3, sd: 0.1}, start: 1, duration: 3, "
				    "drop_off: {param: keep}"),
			 0);
	assert_int_equal(simulate(&r, 10, 1), 0);
	s = &((struct uncertainty *)appraisal_extension_context(r.appraisal,
								 EXTENSION_SIMULATION))->sim;
	assert_true(s->params <= 8 && !s->linear.all_fixed);
	for (double u = 0.1; u < 1; u += 0.8) {
		for (size_t p = 0; p < s->params; p++)
			values[p] = sample_param(&s->model->params[p], u);
		valuation_compute(&s->valuations[0], s->model, s->plan, values);
		draw_value(&s->linear, values, classes);
		for (size_t o = 0; o < s->owners; o++) {
			vmap_totals want = o ? valuation_agency(&s->valuations[0], o - 1)
					     : valuation_totals(&s->valuations[0]);
			vmap_totals got = totals_of_classes(classes + o * FLOW_CLASSES);
			assert_true(fabs(got.npsv - want.npsv) <= 1e-12 * fabs(want.npsv) + 1e-9);
			assert_true(fabs(got.pv_cost - want.pv_cost) <= 1e-12 * want.pv_cost);
		}
	}
	close_model(&r);
}

/* Sensitivity's outputs (owner_output: npsv, each agency's net_fiscal) are the very figures
 * of the full totals, bit for bit, at the means and at sampled values. */
static void owner_outputs_are_the_totals_figures(void **state)
{
	struct run r;
	struct simulation *s;
	double values[8];
	(void)state;
	assert_int_equal(open_model(&r, "", "{dist: normal, mean: 1000, sd: 100}",
				    "{dist: pert, min: 80, mode: 100, max: 150}",
				    "{dist: beta, mean: 0.3, sd: 0.1}, start: 1, duration: 3"),
			 0);
	assert_int_equal(simulate(&r, 10, 1), 0);
	s = &((struct uncertainty *)appraisal_extension_context(r.appraisal,
								 EXTENSION_SIMULATION))->sim;
	assert_true(s->params <= 8 && s->owners > 1);
	for (double u = 0.05; u < 1; u += 0.3) {
		for (size_t p = 0; p < s->params; p++)
			values[p] = sample_param(&s->model->params[p], u);
		valuation_compute(&s->valuations[0], s->model, s->plan, values);
		for (size_t o = 0; o < s->owners; o++) {
			double want = o ? valuation_agency(&s->valuations[0], o - 1).net_fiscal
					: valuation_totals(&s->valuations[0]).npsv;
			double got = owner_output(&s->valuations[0], o);
			assert_memory_equal(&got, &want, sizeof got);
		}
	}
	close_model(&r);
}

/* Memory stays flat as draws grow: the draws' results go to a temporary file
 * (uncertainty/result_spool.h) and the summaries read one column at a time (8 bytes a draw:
 * 8 MB here), so a million draws of 100 uncertain inputs peak at about 30 MB resident, where
 * keeping the results in memory took 80 MB and keeping the inputs would add 800 MB. The
 * peak resident size of the whole test process (getrusage) must stay under 100 MB. Under
 * AddressSanitizer, whose shadow memory counts as resident, 20,000 draws run and no bound is
 * checked. */
static void a_million_draws_in_bounded_memory(void **state)
{
	struct run r;
	struct rusage usage;
	char dir[] = "/tmp/vmap-memory-XXXXXX", top[4096] = "parameters:\n";
	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	const uint64_t draws = 20000; /* shadow memory counts as resident: no bound checked */
	const bool bounded = false;
#else
	const uint64_t draws = 1000000;
	const bool bounded = true;
#endif
	for (int p = 0; p < 100; p++)
		snprintf(top + strlen(top), sizeof top - strlen(top),
			 "  p%d: {dist: normal, mean: 1, sd: 0.1}\n", p);
	assert_int_equal(open_model(&r, top, "1000", "100", "{dist: normal, mean: 0.2, sd: 0.05}"),
			 0);
	assert_int_equal(simulate(&r, draws, 0), 0);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(vmap_appraisal_write(r.appraisal, dir), 0);
	assert_int_equal(getrusage(RUSAGE_SELF, &usage), 0);
	print_message("# peak resident size %ld MB\n", usage.ru_maxrss / 1024);
	assert_true(!bounded || usage.ru_maxrss < 100 * 1024);
	vmap_stats t = vmap_simulation_stats(r.appraisal, VMAP_TOTALS, VMAP_MEASURE_NPSV);
	assert_true(t.count == draws && fabs(t.mean - 10000) < 5 * 5000 / sqrt((double)draws));
	const char *files[] = {"summary.json", "flows.csv", "agencies.csv", "matrix.csv",
			       "draws.csv", "sensitivity.csv"};
	for (size_t f = 0; f < 6; f++) {
		char path[64];
		snprintf(path, sizeof path, "%s/%s", dir, files[f]);
		assert_int_equal(unlink(path), 0);
	}
	rmdir(dir);
	close_model(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_million_draws_in_bounded_memory),
		cmocka_unit_test(fixed_inputs_give_the_deterministic_result),
		cmocka_unit_test(linear_form_agrees_with_the_flows),
		cmocka_unit_test(owner_outputs_are_the_totals_figures),
		cmocka_unit_test(linear_model_moments_and_switching_value),
		cmocka_unit_test(thread_count_does_not_change_results),
		cmocka_unit_test(shared_parameter_takes_one_value_per_draw),
		cmocka_unit_test(inconsistent_correlations_fail_the_simulation),
		cmocka_unit_test(progress_reaches_the_total),
		cmocka_unit_test(unknown_parameter_is_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
