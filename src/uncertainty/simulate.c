/*
 * simulate.c - the public face of the uncertainty stage: run a simulation on an appraisal,
 * summarise it, and hand it to the appraisal so its outputs carry the results.
 */
#include "uncertainty.h"

#include "core/alloc.h"
#include "core/parallel.h"
#include "stats.h"

#include <errno.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void uncertainty_free(void *context)
{
	struct uncertainty *u = context;

	if (!u)
		return;
	simulation_release(&u->sim);
	free(u->stats);
	free(u->evpi);
	free(u);
}

/* Summaries of every measure of every owner, and the EVPIs, in draw order: one column of
 * results in memory at a time. */
static int summarise(struct uncertainty *u, struct vmap_diag *diag)
{
	struct simulation *s = &u->sim;
	size_t count = (size_t)s->draws;
	double *column = alloc_array(count, sizeof *column);
	int rc = VMAP_OK;

	u->stats = alloc_array(s->owners * MEASURES, sizeof *u->stats);
	u->evpi = alloc_array(s->owners, sizeof *u->evpi);
	if (!column || !u->stats || !u->evpi) {
		free(column);
		return diag_nomem(diag, "summarising the simulation");
	}
	for (size_t o = 0; o < s->owners && !rc; o++) {
		for (int m = 0; m < MEASURES && !rc; m++) {
			rc = result_spool_get(&s->results, simulation_column(s, o, m), 0, count,
					      column);
			if (rc) {
				rc = diag_fail(diag, VMAP_IO,
					       "cannot read the draws' results back from their "
					       "temporary file: %s",
					       strerror(errno));
				break;
			}
			if (m == (o ? MEASURE_NET_FISCAL : MEASURE_NPSV))
				u->evpi[o] = evpi(column, count, 1);
			/* rearranges the column: after the EVPI */
			u->stats[o * MEASURES + (size_t)m] = stats_summarise(column, count, 1, column);
		}
	}
	free(column);
	return rc;
}

static int check_options(vmap_appraisal *a, const vmap_simulation_options *o)
{
	if (!a->done)
		return diag_fail(&a->diag, VMAP_USAGE, "run the appraisal before simulating it");
	if (o->draws == 0)
		return diag_fail(&a->diag, VMAP_USAGE, "a simulation needs at least one draw");
	if (o->draws > SIZE_MAX / sizeof(double) / (a->model->param_count + 1))
		return diag_fail(&a->diag, VMAP_USAGE, "%llu draws are too many for this machine",
				 (unsigned long long)o->draws);
	return VMAP_OK;
}

int vmap_appraisal_simulate(vmap_appraisal *a, const vmap_simulation_options *o)
{
	struct uncertainty *u;
	unsigned threads = o->threads ? o->threads : parallel_cores();
	int rc = check_options(a, o);

	if (rc)
		return rc;
	diag_clear(&a->diag);
	gsl_set_error_handler_off(); /* failures are handled where they happen, never abort */
	if ((uint64_t)threads > o->draws)
		threads = (unsigned)o->draws;
	u = alloc_array(1, sizeof *u);
	if (!u)
		return diag_nomem(&a->diag, "simulating");
	rc = simulation_init(&u->sim, a->model, &a->plan, o->draws, o->seed, threads, &a->diag);
	if (rc) {
		free(u);
		return rc;
	}
	warnings_release(&a->warnings);
	if (a->model->param_count == 0 &&
	    warnings_add(&a->warnings, "the model has no uncertain inputs: every one of the %llu "
				       "draws is the deterministic result",
			 (unsigned long long)o->draws) != VMAP_OK) {
		simulation_release(&u->sim);
		free(u);
		return diag_nomem(&a->diag, "simulating");
	}
	u->sim.save_inputs = o->save_inputs;
	u->sim.progress = o->progress;
	u->sim.progress_context = o->progress_context;
	rc = simulation_run(&u->sim, &a->diag);
	if (!rc && simulation_sensitivity(&u->sim) != VMAP_OK)
		rc = diag_nomem(&a->diag, "working out the sensitivity");
	if (!rc)
		rc = summarise(u, &a->diag);
	if (rc) {
		uncertainty_free(u);
		return rc;
	}
	appraisal_extend(a, &(struct appraisal_extension){EXTENSION_SIMULATION, u,
							  uncertainty_add_summary,
							  uncertainty_write_files, uncertainty_free});
	return VMAP_OK;
}

static const struct uncertainty *simulated(const vmap_appraisal *a)
{
	return appraisal_extension_context(a, EXTENSION_SIMULATION);
}

static size_t owner_of(size_t agency)
{
	return agency == VMAP_TOTALS ? 0 : agency + 1;
}

vmap_stats vmap_simulation_stats(const vmap_appraisal *a, size_t agency, enum vmap_measure m)
{
	const struct uncertainty *u = simulated(a);
	vmap_stats none = {0, NAN, NAN, NAN, NAN, NAN, NAN, NAN};

	if (!u || owner_of(agency) >= u->sim.owners || (int)m < 0 || (int)m >= MEASURES)
		return none;
	return u->stats[owner_of(agency) * MEASURES + (size_t)m];
}

double vmap_simulation_evpi(const vmap_appraisal *a, size_t agency)
{
	const struct uncertainty *u = simulated(a);

	if (!u || owner_of(agency) >= u->sim.owners)
		return NAN;
	return u->evpi[owner_of(agency)];
}
