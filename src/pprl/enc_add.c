/*
 * enc_add.c - encoded files join a vmap_linker (vmap_linker_add_encoded).
 *
 * Each file's records join the linker's record set with their record ids only (no field
 * values exist), so clustering and every writer are link's own; the encodings, their
 * popcounts and blocking tokens are held beside them as the home rows of one encoded_link.
 * Every file must carry the first file's settings.
 *
 * issue 18: under MPI each rank reads only its share of each file's rows (encoded_read_share)
 * and keeps those as its home rows; the record ids go through link's record share
 * (share_keep: rank 0, which clusters and writes, gets every id). One process: every row.
 * Records are numbered as one process numbers them (file by file, each in file order).
 */
#include "enc_link.h"

#include "link/record_share.h"

#include "core/alloc.h"
#include "core/dist.h"

#include <stdlib.h>
#include <string.h>

void enc_rows_release(struct enc_rows *rows)
{
	if (rows->clk)
		alloc_wipe(rows->clk, rows->count * rows->words * sizeof *rows->clk);
	if (rows->tokens)
		alloc_wipe(rows->tokens, rows->count * PPRL_BLOCK_TOKENS * sizeof *rows->tokens);
	free(rows->clk);
	free(rows->pop);
	free(rows->tokens);
	free(rows->dataset);
	free(rows->global);
	free(rows->big);
	free(rows->refined);
	memset(rows, 0, sizeof *rows);
}

static void encoded_free(void *data)
{
	struct encoded_link *e = data;

	if (!e)
		return;
	encoded_release(&e->first);
	enc_rows_release(&e->home);
	free(e->first_of);
	free(e);
}

/* ----- adding a file ----- */

static int grow_home(vmap_linker *l, struct encoded_link *e, size_t more, uint32_t d)
{
	struct enc_rows *h = &e->home;
	size_t n = h->count + more, words = e->words;
	uint64_t *clk = alloc_aligned(64, (n ? n : 1) * words * 8);
	void *pop = realloc_array(h->pop, n ? n : 1, sizeof *h->pop);
	void *tokens = realloc_array(h->tokens, n ? n : 1, PPRL_BLOCK_TOKENS * sizeof *h->tokens);
	void *dataset = realloc_array(h->dataset, n ? n : 1, sizeof *h->dataset);
	void *global = dist_size() > 1 ? realloc_array(h->global, n ? n : 1, sizeof *h->global)
				       : NULL;
	void *first_of = realloc_array(e->first_of, d + 2, sizeof *e->first_of);

	if (pop)
		h->pop = pop;
	if (tokens)
		h->tokens = tokens;
	if (dataset)
		h->dataset = dataset;
	if (global)
		h->global = global;
	if (first_of)
		e->first_of = first_of;
	if (!clk || !pop || !tokens || !dataset || !first_of || (dist_size() > 1 && !global)) {
		free(clk);
		return diag_nomem(&l->diag, "adding an encoded file");
	}
	if (h->count)
		memcpy(clk, h->clk, h->count * words * 8);
	if (h->clk)
		alloc_wipe(h->clk, h->count * words * 8);
	free(h->clk);
	h->clk = clk;
	h->words = e->words;
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

/* The file's rows held here join the home rows; the file's records are numbered from
 * e->count on. */
static int append_rows(vmap_linker *l, struct encoded_link *e, const struct encoded_file *f,
		       uint32_t d)
{
	struct enc_rows *h = &e->home;
	int rc = grow_home(l, e, f->count, d);

	if (!rc)
		rc = add_spec(l, f);
	if (!rc && e->count + f->total >= UINT32_MAX - 1)
		rc = diag_fail(&l->diag, VMAP_INPUT, "too many records");
	if (rc)
		return rc;
	for (size_t r = 0; r < f->count; r++) {
		memcpy(h->clk + h->count * e->words, f->clk + r * e->words, e->words * 8);
		memcpy(h->tokens + h->count * PPRL_BLOCK_TOKENS, f->tokens + r * PPRL_BLOCK_TOKENS,
		       PPRL_BLOCK_TOKENS * sizeof *h->tokens);
		h->pop[h->count] = popcount_words(f->clk + r * e->words, e->words);
		h->dataset[h->count] = d;
		if (h->global)
			h->global[h->count] = (uint32_t)(e->count + f->first_row + r);
		h->count++;
	}
	e->first_of[d] = e->count;
	e->count += f->total;
	e->first_of[d + 1] = e->count;
	return VMAP_OK;
}

/* One process: the records (ids only) join the set. */
static int append_records(vmap_linker *l, const struct encoded_file *f, uint32_t d)
{
	void *records = realloc_array(l->set.records, l->set.count + f->count + 1,
				      sizeof *l->set.records);

	if (!records)
		return diag_nomem(&l->diag, "adding an encoded file");
	l->set.records = records;
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
	}
	return VMAP_OK;
}

/* MPI: this rank's records (ids only) become its home records; rank 0 gets every id. */
static int share_records(vmap_linker *l, const struct encoded_file *f, uint32_t d, int status)
{
	struct record_set mine;
	int rc = status;

	memset(&mine, 0, sizeof mine);
	mine.records = rc ? NULL : alloc_array(f->count + 1, sizeof *mine.records);
	if (!rc && !mine.records)
		rc = diag_nomem(&l->diag, "adding an encoded file");
	for (size_t r = 0; !rc && r < f->count; r++) {
		struct record *rec = &mine.records[mine.count++];
		rec->nickname[0] = rec->nickname[1] = -1;
		rec->dataset = d;
		rec->record_id = arena_strndup(&mine.arena, f->record_id[r], strlen(f->record_id[r]));
		if (!rec->record_id)
			rc = diag_nomem(&l->diag, "adding an encoded file");
	}
	rc = share_keep(&l->set, &mine, d, rc, &l->diag);
	records_release_wiped(&mine);
	return rc;
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

/* The file's rows and records join the linker (under MPI an exchange: every rank calls it,
 * with its status so far). */
static int add_file(vmap_linker *l, const struct encoded_file *f, int status)
{
	uint32_t d = (uint32_t)l->set.dataset_count; /* records_add_dataset counts it */
	int rc = status;

	if (!rc && l->encoded)
		rc = encoded_check_same(&((struct encoded_link *)l->encoded)->first, f, &l->diag);
	else if (!rc)
		rc = start_encoded(l, f);
	if (!rc)
		rc = records_add_dataset(&l->set, d, &l->diag);
	if (!rc)
		rc = append_rows(l, l->encoded, f, d);
	if (dist_size() > 1)
		rc = share_records(l, f, d, rc);
	else if (!rc)
		rc = append_records(l, f, d);
	return rc;
}

int vmap_linker_add_encoded(vmap_linker *l, const char *path)
{
	struct encoded_file f;
	int rc;

	diag_clear(&l->diag);
	if (l->ran)
		return diag_fail(&l->diag, VMAP_USAGE, "the linker has already run");
	linker_progress(l, "reading %s", path);
	rc = encoded_read_share(&f, path, dist_size() > 1, &l->diag);
	rc = add_file(l, &f, rc);
	encoded_release(&f);
	return rc;
}
