/*
 * fuzz_project.c - libFuzzer harness for the project file (`valuemap run PROJECT`): any bytes,
 * written as project.yaml into a folder that holds a model, two dataset specs with their CSVs,
 * a link config and a journeys file (fuzz_copy_project_files, once, so that paths in the input
 * can name real files and the reader goes deep), must load or be refused with a message,
 * never crash, hang or leak. Only loading is fuzzed: no stage runs.
 */
#include "valuemap.h"

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[128];
	vmap_project *project = vmap_project_new();

	if (!path[0]) {
		fuzz_copy_project_files(fuzz_temp_dir());
		snprintf(path, sizeof path, "%s/project.yaml", fuzz_temp_dir());
	}
	fuzz_write_file(path, data, size);
	if (project && vmap_project_load(project, path) != VMAP_OK &&
	    vmap_project_errmsg(project)[0] == '\0')
		abort(); /* a refused project must say why */
	vmap_project_free(project);
	return 0;
}
