/*
 * montecarlo-simulate.c - times vmap_appraisal_simulate alone (sampling, the appraisal of
 * every draw, summaries, one-way sensitivity and switching values), without writing files,
 * for bench/montecarlo.sh. Uses only the public header.
 *
 * usage: montecarlo-simulate MODEL.yaml DRAWS SEED THREADS   (prints "simulate SECONDS")
 */
#include "valuemap.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	vmap_model *model = vmap_model_new();
	vmap_appraisal *appraisal = vmap_appraisal_new(model);
	vmap_simulation_options options = {0};
	double started;
	int rc;

	if (argc != 5 || !model || !appraisal)
		return 2;
	options.draws = strtoull(argv[2], NULL, 10);
	options.seed = strtoull(argv[3], NULL, 10);
	options.threads = (unsigned)strtoul(argv[4], NULL, 10);
	rc = vmap_model_load(model, argv[1]);
	if (!rc)
		rc = vmap_appraisal_run(appraisal);
	started = seconds();
	if (!rc)
		rc = vmap_appraisal_simulate(appraisal, &options);
	if (rc) {
		const char *message = vmap_model_errmsg(model);
		fprintf(stderr, "montecarlo-simulate: %s\n",
			*message ? message : vmap_appraisal_errmsg(appraisal));
		return 1;
	}
	printf("simulate %.3f\n", seconds() - started);
	vmap_appraisal_free(appraisal);
	vmap_model_free(model);
	return 0;
}
