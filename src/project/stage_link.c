/*
 * stage_link.c - the link stage: the project's datasets linked (vmap_linker) into OUT/link/;
 * its inputs are each spec with its CSV, the link config and, for encodings, the key file.
 */
#include "valuemap.h"

#include "input_hash.h"
#include "inputs.h"
#include "project.h"
#include "stage.h"

#include <stdlib.h>

bool stage_link_present(const struct project_spec *s)
{
	return s->dataset_count > 0;
}

static int link_inputs(struct vmap_project *p, struct input_hash *h)
{
	const struct project_spec *s = &p->spec;
	int rc = VMAP_OK;

	input_hash_option(h, "mode", s->key_file ? "encoded" : "cleartext");
	if (s->encode_fields)
		input_hash_option(h, "fields", s->encode_fields);
	for (size_t d = 0; d < s->dataset_count && !rc; d++)
		rc = inputs_add_spec(h, s->datasets[d], false);
	if (!rc && s->link_config)
		rc = input_hash_file(h, "config", s->link_config);
	if (!rc && s->key_file)
		rc = input_hash_file(h, "key", s->key_file);
	return rc;
}

static int link_with(struct vmap_project *p, vmap_linker *l, const char *dir)
{
	const struct project_spec *s = &p->spec;
	struct stage_forward f = {p, "link", "linking"};
	int rc = s->link_config ? vmap_linker_configure(l, s->link_config) : VMAP_OK;

	if (p->threads)
		vmap_linker_set_threads(l, (int)p->threads);
	vmap_linker_set_progress(l, stage_forward_progress, &f);
	for (size_t d = 0; d < s->dataset_count && !rc; d++)
		rc = vmap_linker_add_dataset(l, s->datasets[d]);
	if (!rc)
		rc = vmap_linker_run(l);
	for (size_t w = 0; w < vmap_linker_warning_count(l); w++)
		if (!project_warn(p, "link", vmap_linker_warning(l, w)))
			return diag_nomem(&p->diag, "keeping a warning");
	if (!rc)
		rc = vmap_linker_write(l, dir);
	return rc ? stage_fail(p, rc, vmap_linker_errmsg(l)) : VMAP_OK;
}

static int link_run(struct vmap_project *p, const char *dir)
{
	vmap_linker *l;
	int rc;

	if (p->spec.key_file)
		return diag_fail(&p->diag, VMAP_USAGE, "%s: link.encoded: linkage of encodings is "
				 "not built into this valuemap yet", p->spec.path);
	l = vmap_linker_new();
	if (!l)
		return diag_nomem(&p->diag, "starting the linkage");
	rc = link_with(p, l, dir);
	vmap_linker_free(l);
	return rc;
}

const struct stage stage_link = {"link", stage_link_present, link_inputs, link_run};
