/*
 * enc_add.c - encoded files join a vmap_linker (vmap_linker_add_encoded).
 *
 * Each file's records join the linker's record set with their record ids only (no field
 * values exist), so clustering and every writer are link's own; the encodings, their
 * popcounts and blocking tokens are held beside them in one encoded_link. Every file must
 * carry the first file's settings.
 */
#include "enc_link.h"

#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

static void encoded_free(void *data)
{
	struct encoded_link *e = data;

	if (!e)
		return;
	encoded_release(&e->first);
	free(e->clk);
	free(e->pop);
	free(e->dataset);
	free(e->tokens);
	free(e->first_of);
	free(e);
}

/* ----- adding a file ----- */

static int grow_records(vmap_linker *l, struct encoded_link *e, const struct encoded_file *f)
{
	struct record_set *set = &l->set;
	size_t n = set->count + f->count, d = set->dataset_count;
	void *records = realloc_array(set->records, n ? n : 1, sizeof *set->records);
	void *first_of = realloc_array(e->first_of, d + 2, sizeof *e->first_of);

	if (records)
		set->records = records;
	if (first_of)
		e->first_of = first_of;
	if (!records || !first_of)
		return diag_nomem(&l->diag, "adding an encoded file");
	return records_add_dataset(set, (uint32_t)d, &l->diag);
}

static int grow_encodings(vmap_linker *l, struct encoded_link *e, size_t more)
{
	size_t n = e->count + more, words = e->words;
	uint64_t *clk = alloc_aligned(64, (n ? n : 1) * words * 8);
	void *pop = realloc_array(e->pop, n ? n : 1, sizeof *e->pop);
	void *tokens = realloc_array(e->tokens, n ? n : 1, PPRL_BLOCK_TOKENS * sizeof *e->tokens);
	void *dataset = realloc_array(e->dataset, n ? n : 1, sizeof *e->dataset);

	if (pop)
		e->pop = pop;
	if (tokens)
		e->tokens = tokens;
	if (dataset)
		e->dataset = dataset;
	if (!clk || !pop || !tokens || !dataset) {
		free(clk);
		return diag_nomem(&l->diag, "adding an encoded file");
	}
	if (e->count)
		memcpy(clk, e->clk, e->count * words * 8);
	free(e->clk);
	e->clk = clk;
	return VMAP_OK;
}

static int add_spec(vmap_linker *l, const struct encoded_file *f)
{
	void *specs = realloc_array(l->specs, l->spec_count + 1, sizeof *l->specs);
	struct dataset_spec *spec;

	if (!specs)
		return diag_nomem(&l->diag, "adding an encoded file");
	l->specs = specs;
	spec = &l->specs[l->spec_count];
	memset(spec, 0, sizeof *spec);
	spec->id = alloc_strdup(f->dataset);
	spec->spec_path = alloc_strdup(f->path);
	spec->data_path = alloc_strdup(f->path);
	l->spec_count++;
	if (!spec->id || !spec->spec_path || !spec->data_path)
		return diag_nomem(&l->diag, "adding an encoded file");
	for (size_t s = 0; s + 1 < l->spec_count; s++)
		if (strcmp(l->specs[s].id, spec->id) == 0)
			return diag_fail(&l->diag, VMAP_INPUT, "%s:2:9: dataset id '%s' is already "
					 "used by %s", f->path, spec->id, l->specs[s].spec_path);
	return VMAP_OK;
}

static int append_file(vmap_linker *l, struct encoded_link *e, const struct encoded_file *f)
{
	uint32_t d = (uint32_t)l->set.dataset_count;
	int rc = grow_records(l, e, f);

	if (!rc)
		rc = grow_encodings(l, e, f->count);
	if (!rc)
		rc = add_spec(l, f);
	if (rc)
		return rc;
	e->first_of[d] = e->count;
	for (size_t r = 0; r < f->count; r++) {
		struct record *rec = &l->set.records[l->set.count];
		memset(rec, 0, sizeof *rec);
		rec->nickname[0] = rec->nickname[1] = -1;
		rec->dataset = d;
		rec->record_id = arena_strndup(&l->set.arena, f->record_id[r],
					       strlen(f->record_id[r]));
		if (!rec->record_id)
			return diag_nomem(&l->diag, "adding an encoded file");
		l->set.count++;
		memcpy(e->clk + e->count * e->words, f->clk + r * e->words, e->words * 8);
		memcpy(e->tokens + e->count * PPRL_BLOCK_TOKENS, f->tokens + r * PPRL_BLOCK_TOKENS,
		       PPRL_BLOCK_TOKENS * sizeof *e->tokens);
		e->pop[e->count] = popcount_words(f->clk + r * e->words, e->words);
		e->dataset[e->count] = d;
		e->count++;
	}
	l->set.dataset_count = d + 1;
	e->first_of[d + 1] = e->count;
	return VMAP_OK;
}

static int start_encoded(vmap_linker *l, const struct encoded_file *f)
{
	struct encoded_link *e;

	if (l->spec_count)
		return diag_fail(&l->diag, VMAP_USAGE, "%s: encoded files cannot be linked with "
				 "dataset specs: encode every dataset", f->path);
	e = alloc_array(1, sizeof *e);
	if (!e)
		return diag_nomem(&l->diag, "adding an encoded file");
	l->encoded = e;
	l->encoded_run = enc_run;
	l->encoded_free = encoded_free;
	l->encoded_summary = enc_summary;
	e->first.path = alloc_strdup(f->path);
	e->first.dataset = alloc_strdup(f->dataset);
	e->first.settings = alloc_strdup(f->settings);
	memcpy(e->first.settings_hash, f->settings_hash, sizeof f->settings_hash);
	e->first.bits = e->bits = f->bits;
	e->words = f->bits / 64;
	if (!e->first.path || !e->first.dataset || !e->first.settings)
		return diag_nomem(&l->diag, "adding an encoded file");
	return VMAP_OK;
}

int vmap_linker_add_encoded(vmap_linker *l, const char *path)
{
	struct encoded_file f;
	int rc;

	diag_clear(&l->diag);
	if (l->ran)
		return diag_fail(&l->diag, VMAP_USAGE, "the linker has already run");
	linker_progress(l, "reading %s", path);
	rc = encoded_read(&f, path, &l->diag);
	if (!rc && l->encoded)
		rc = encoded_check_same(&((struct encoded_link *)l->encoded)->first, &f, &l->diag);
	else if (!rc)
		rc = start_encoded(l, &f);
	if (!rc)
		rc = append_file(l, l->encoded, &f);
	encoded_release(&f);
	return rc;
}
