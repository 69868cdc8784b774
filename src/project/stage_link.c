/*
 * stage_link.c - the link stage: the project's datasets linked (vmap_linker) into OUT/link/;
 * its inputs are each spec with its CSV, the link config and, for encodings, the key file.
 * With `link.encoded`, each dataset is first encoded with the project key into OUT/encode/,
 * as each department would at home, and the encodings are linked.
 */
#include "valuemap.h"

#include "input_hash.h"
#include "inputs.h"
#include "project.h"
#include "stage.h"

#include "core/paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* OUT/encode/<n>-<spec name>.enc: where the n-th dataset's encodings go. */
static char *encoded_path(const struct vmap_project *p, size_t d)
{
	const char *spec = p->spec.datasets[d], *slash = strrchr(spec, '/');
	const char *base = slash ? slash + 1 : spec, *dot = strrchr(base, '.');
	char name[256], *folder = path_join(p->spec.out, "encode"), *path;

	snprintf(name, sizeof name, "%zu-%.*s.enc", d + 1, (int)(dot ? dot - base : 200), base);
	path = folder ? path_join(folder, name) : NULL;
	free(folder);
	return path;
}

/* Encodes each dataset with the project's key, as each department would at home, and hands
 * the encodings to the linker. */
static int encode_with(struct vmap_project *p, vmap_encoder *e, vmap_linker *l)
{
	struct stage_forward f = {p, "link", "encoding"};
	int rc = p->spec.encode_fields ? vmap_encoder_set_fields(e, p->spec.encode_fields) : VMAP_OK;

	if (rc)
		return stage_fail(p, rc, vmap_encoder_errmsg(e));
	vmap_encoder_set_threads(e, p->threads);
	vmap_encoder_set_progress(e, stage_forward_progress, &f);
	for (size_t d = 0; d < p->spec.dataset_count && !rc; d++) {
		char *path = encoded_path(p, d);
		if (!path)
			return diag_nomem(&p->diag, "naming an encoded file");
		rc = vmap_encoder_encode(e, p->spec.datasets[d], path);
		if (rc)
			stage_fail(p, rc, vmap_encoder_errmsg(e));
		else if ((rc = vmap_linker_add_encoded(l, path)))
			stage_fail(p, rc, vmap_linker_errmsg(l));
		free(path);
	}
	for (size_t w = 0; w < vmap_encoder_warning_count(e); w++)
		if (!project_warn(p, "link", vmap_encoder_warning(e, w)))
			return diag_nomem(&p->diag, "keeping a warning");
	return rc;
}

static int add_encoded(struct vmap_project *p, vmap_linker *l)
{
	vmap_key *key = vmap_key_new();
	vmap_encoder *e = NULL;
	int rc = key ? vmap_key_load(key, p->spec.key_file) : VMAP_NOMEM;

	if (rc)
		rc = key ? stage_fail(p, rc, vmap_key_errmsg(key)) : diag_nomem(&p->diag, "a key");
	else if (!(e = vmap_encoder_new(key)))
		rc = diag_nomem(&p->diag, "starting the encoder");
	else
		rc = encode_with(p, e, l);
	vmap_encoder_free(e);
	vmap_key_free(key);
	return rc;
}

static int add_datasets(struct vmap_project *p, vmap_linker *l)
{
	int rc = VMAP_OK;

	for (size_t d = 0; d < p->spec.dataset_count && !rc; d++)
		rc = vmap_linker_add_dataset(l, p->spec.datasets[d]);
	return rc ? stage_fail(p, rc, vmap_linker_errmsg(l)) : VMAP_OK;
}

static int link_with(struct vmap_project *p, vmap_linker *l, const char *dir)
{
	const struct project_spec *s = &p->spec;
	struct stage_forward f = {p, "link", "linking"};
	int rc = s->link_config ? vmap_linker_configure(l, s->link_config) : VMAP_OK;

	if (rc)
		return stage_fail(p, rc, vmap_linker_errmsg(l));
	vmap_linker_set_threads(l, p->threads);
	vmap_linker_set_progress(l, stage_forward_progress, &f);
	rc = s->key_file ? add_encoded(p, l) : add_datasets(p, l);
	if (rc)
		return rc;
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
	vmap_linker *l = vmap_linker_new();
	int rc;

	if (!l)
		return diag_nomem(&p->diag, "starting the linkage");
	rc = link_with(p, l, dir);
	vmap_linker_free(l);
	return rc;
}

const struct stage stage_link = {"link", stage_link_present, link_inputs, link_run};
