/*
 * encoder.c - the public vmap_encoder: one department's extract into an encoded file.
 *
 * The extract is read by link's own spec and record readers (one code path for cleaning),
 * the fields the spec maps become the encoding's fields, each record gets its CLK (clk.c),
 * hardened (harden.c), and its blocking tokens; rows are written in a keyed order. Records
 * are encoded on the worker pool, each into its own slot, so the file is the same byte for
 * byte whatever the thread count. Standardised values and derived keys are wiped after use.
 */
#include "pprl.h"

#include "core/alloc.h"
#include "core/name_list.h"
#include "core/outset.h"
#include "core/parallel.h"
#include "core/warnings.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vmap_encoder {
	struct vmap_diag diag; /* read by vmap_encoder_errmsg */
	const vmap_key *key;
	struct pprl_settings settings;
	bool chosen[FIELD_COUNT]; /* vmap_encoder_set_fields */
	bool fields_set;
	unsigned threads;
	vmap_progress_fn progress;
	void *progress_context;
	size_t records;
	double fill;
	struct warnings warnings;
};

struct encode_job {
	const struct pprl_settings *settings;
	const struct pprl_keys *keys;
	const uint16_t *taps;
	const struct record_set *set;
	struct encoded_file *out;
};

vmap_encoder *vmap_encoder_new(const vmap_key *key)
{
	vmap_encoder *e = alloc_array(1, sizeof *e);

	if (!e)
		return NULL;
	e->key = key;
	pprl_settings_default(&e->settings);
	return e;
}

void vmap_encoder_free(vmap_encoder *e)
{
	if (!e)
		return;
	warnings_release(&e->warnings);
	free(e);
}

const char *vmap_encoder_errmsg(const vmap_encoder *e)
{
	return e ? e->diag.message : "";
}

int vmap_encoder_set_bits(vmap_encoder *e, unsigned bits)
{
	diag_clear(&e->diag);
	if (bits < PPRL_BITS_MIN || bits > PPRL_BITS_MAX || (bits & (bits - 1)))
		return diag_fail(&e->diag, VMAP_USAGE, "bits %u: expected a power of two from %d "
				 "to %d", bits, PPRL_BITS_MIN, PPRL_BITS_MAX);
	e->settings.bits = bits;
	return VMAP_OK;
}

int vmap_encoder_set_hardening(vmap_encoder *e, enum vmap_hardening hardening)
{
	diag_clear(&e->diag);
	if ((unsigned)hardening > VMAP_HARDEN_BLIP)
		return diag_fail(&e->diag, VMAP_USAGE, "unknown hardening %d", (int)hardening);
	e->settings.hardening = hardening;
	return VMAP_OK;
}

int vmap_encoder_set_fields(vmap_encoder *e, const char *list)
{
	const char *names[FIELD_COUNT];
	bool chosen[FIELD_COUNT];
	struct name_list_error bad;

	diag_clear(&e->diag);
	for (int f = 0; f < FIELD_COUNT; f++) /* full_name is encoded as its parts */
		names[f] = f == FIELD_FULL_NAME ? NULL : field_names[f];
	if (!name_list_parse(list, names, FIELD_COUNT, chosen, &bad))
		return diag_fail(&e->diag, VMAP_USAGE, "fields: '%.*s' is not a canonical field "
				 "(first_name, middle_name, last_name, dob, sex, postcode, "
				 "address, town, phone, email, id_number)",
				 (int)(bad.length < 40 ? bad.length : 40), bad.item);
	memcpy(e->chosen, chosen, sizeof chosen);
	e->fields_set = true;
	return VMAP_OK;
}

void vmap_encoder_set_threads(vmap_encoder *e, unsigned threads)
{
	e->threads = threads;
}

void vmap_encoder_set_progress(vmap_encoder *e, vmap_progress_fn progress, void *context)
{
	e->progress = progress;
	e->progress_context = context;
}

size_t vmap_encoder_records(const vmap_encoder *e)
{
	return e->records;
}

double vmap_encoder_fill(const vmap_encoder *e)
{
	return e->fill;
}

size_t vmap_encoder_warning_count(const vmap_encoder *e)
{
	return warnings_count(&e->warnings);
}

const char *vmap_encoder_warning(const vmap_encoder *e, size_t index)
{
	return warnings_get(&e->warnings, index);
}

static void encode_range(void *context, unsigned worker, size_t begin, size_t end,
			 atomic_size_t *done)
{
	const struct encode_job *job = context;
	size_t words = pprl_output_bits(job->settings) / 64;
	uint64_t clk[PPRL_BITS_MAX / 64];

	(void)worker;
	for (size_t r = begin; r < end; r++) {
		const struct record *rec = &job->set->records[r];
		memset(clk, 0, sizeof clk);
		clk_build(job->settings, job->keys, rec, clk);
		harden(job->settings, job->keys, job->taps, clk, r, job->out->clk + r * words);
		block_tokens(job->keys, rec, job->out->tokens + r * PPRL_BLOCK_TOKENS);
		atomic_fetch_add(done, 1);
	}
	sodium_memzero(clk, sizeof clk);
}

/* The encoding's fields: those the spec maps (full_name as its three parts), or the ones
 * chosen, each of which the spec must map. */
static int choose_fields(vmap_encoder *e, const struct dataset_spec *spec)
{
	bool mapped[FIELD_COUNT];
	struct pprl_settings *s = &e->settings;

	for (int f = 0; f < FIELD_COUNT; f++)
		mapped[f] = spec->fields[f].present;
	if (mapped[FIELD_FULL_NAME])
		mapped[FIELD_FIRST_NAME] = mapped[FIELD_MIDDLE_NAME] = mapped[FIELD_LAST_NAME] = true;
	mapped[FIELD_FULL_NAME] = false;
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (e->fields_set && e->chosen[f] && !mapped[f])
			return diag_fail(&e->diag, VMAP_USAGE, "%s: fields: '%s' is not mapped by this "
					 "spec", spec->spec_path, field_names[f]);
		s->field[f] = mapped[f] && (!e->fields_set || e->chosen[f]);
	}
	return VMAP_OK;
}

static int allocate_output(vmap_encoder *e, const struct record_set *set,
			   struct encoded_file *out)
{
	size_t n = set->count ? set->count : 1, words = pprl_output_bits(&e->settings) / 64;

	out->record_id = alloc_array(n, sizeof *out->record_id);
	out->tokens = alloc_array(n, PPRL_BLOCK_TOKENS * sizeof *out->tokens);
	out->clk = alloc_array(n, words * sizeof *out->clk);
	if (!out->record_id || !out->tokens || !out->clk)
		return diag_nomem(&e->diag, "encoding");
	for (size_t r = 0; r < set->count; r++)
		out->record_id[r] = (char *)set->records[r].record_id;
	return VMAP_OK;
}

static double fill_ratio(const struct encoded_file *f)
{
	size_t words = f->bits / 64;
	double set = 0;

	for (size_t r = 0; r < f->count; r++)
		set += popcount_words(f->clk + r * words, words);
	return f->count ? set / ((double)f->count * f->bits) : 0;
}

static int encode_records(vmap_encoder *e, const struct record_set *set,
			  struct encoded_file *out)
{
	struct pprl_keys keys;
	struct encode_job job = {&e->settings, &keys, NULL, set, out};
	struct parallel_job pj = {encode_range, &job, set->count, 1, e->progress,
				  e->progress_context};
	int rc = VMAP_OK;

	pprl_derive_keys(e->key->bytes, &keys);
	job.taps = harden_prepare(&e->settings, &keys);
	if (e->settings.hardening == VMAP_HARDEN_DIFFUSION && !job.taps)
		rc = diag_nomem(&e->diag, "encoding");
	pj.threads = e->threads ? e->threads : parallel_cores();
	if (!rc)
		parallel_run(&pj);
	if (job.taps) {
		sodium_memzero((void *)job.taps, (size_t)pprl_output_bits(&e->settings) * e->settings.taps * 2);
		free((void *)job.taps);
	}
	pprl_wipe_keys(&keys);
	return rc;
}

struct file_job {
	const struct dataset_spec *spec;
	const char *name;       /* the file's name inside the output folder */
	const struct strbuf *bytes;
};

static void protect_inputs(void *context, struct outset *out)
{
	const struct file_job *job = context;

	outset_protect(out, job->spec->spec_path);
	outset_protect(out, job->spec->data_path);
}

static int write_bytes(void *context, struct outset *out)
{
	const struct file_job *job = context;

	return outset_write_buf(out, job->name, job->bytes);
}

/* Formats the file (rows in the keyed order) and writes it atomically as `out_path`. */
static int write_file(vmap_encoder *e, const struct dataset_spec *spec,
		      const struct encoded_file *f, const char *out_path)
{
	struct strbuf sb;
	struct pprl_keys keys;
	char *dir = alloc_strdup(out_path), *slash;
	struct file_job job = {spec, out_path, &sb};
	struct outset_job outputs = {&job, protect_inputs, write_bytes};
	int rc;

	if (!dir)
		return diag_nomem(&e->diag, "writing the encoded file");
	slash = strrchr(dir, '/');
	if (slash) {
		job.name = out_path + (slash - dir) + 1;
		slash[slash == dir ? 1 : 0] = '\0';
	} else {
		dir[0] = '.';
		dir[1] = '\0';
	}
	strbuf_init(&sb);
	pprl_derive_keys(e->key->bytes, &keys);
	encoded_format(f, keys.shuffle, &sb);
	pprl_wipe_keys(&keys);
	rc = outset_run(dir, &e->diag, &outputs);
	strbuf_release(&sb);
	free(dir);
	return rc;
}

static void warn_about_inputs(vmap_encoder *e, const struct record_set *set,
			      const struct dataset_spec *spec)
{
	if (set->repeated_ids[0])
		warnings_add(&e->warnings, "dataset '%s': %zu records repeat the record id of an earlier one",
		     spec->id, set->repeated_ids[0]);
	for (int f = 0; f < FIELD_COUNT; f++)
		if (set->counts[0][f].unreadable)
			warnings_add(&e->warnings, "dataset '%s': field '%s': %zu values could not be read and are "
				"treated as missing", spec->id, field_names[f],
			     set->counts[0][f].unreadable);
}

static int encode_dataset(vmap_encoder *e, struct dataset_spec *spec, struct record_set *set,
			  const char *out_path)
{
	struct encoded_file f;
	struct strbuf text;
	int rc;

	memset(&f, 0, sizeof f);
	rc = choose_fields(e, spec);
	if (rc)
		return rc;
	strbuf_init(&text);
	pprl_settings_text(&e->settings, &text);
	if (text.failed) {
		strbuf_release(&text); /* what it held before growing failed */
		return diag_nomem(&e->diag, "encoding");
	}
	f.dataset = spec->id;
	f.settings = text.data;
	settings_hash_hex(text.data, f.settings_hash);
	f.bits = pprl_output_bits(&e->settings);
	f.count = set->count;
	rc = allocate_output(e, set, &f);
	if (!rc)
		rc = encode_records(e, set, &f);
	if (!rc)
		rc = write_file(e, spec, &f, out_path);
	e->records = f.count;
	e->fill = rc ? 0 : fill_ratio(&f);
	free(f.record_id);
	free(f.tokens);
	free(f.clk);
	strbuf_release(&text);
	return rc;
}

/* Wipes the standardised values (names, dates, postcodes) before their memory is freed. */
static void wipe_records(struct record_set *set)
{
	for (size_t r = 0; r < set->count; r++)
		for (int f = 0; f < FIELD_COUNT; f++)
			if (set->records[r].value[f])
				sodium_memzero((void *)set->records[r].value[f],
					       set->records[r].length[f]);
	if (set->records)
		sodium_memzero(set->records, set->count * sizeof *set->records);
}

int vmap_encoder_encode(vmap_encoder *e, const char *spec_path, const char *out_path)
{
	struct dataset_spec spec;
	struct record_set set;
	int rc;

	diag_clear(&e->diag);
	warnings_release(&e->warnings);
	e->records = 0;
	if (!e->key || !e->key->loaded)
		return diag_fail(&e->diag, VMAP_USAGE, "no key: load a key file first");
	memset(&spec, 0, sizeof spec);
	memset(&set, 0, sizeof set);
	rc = spec_load(&spec, spec_path, &e->diag);
	if (!rc)
		rc = records_read(&set, &spec, 0, &e->diag);
	if (!rc) {
		warn_about_inputs(e, &set, &spec);
		rc = encode_dataset(e, &spec, &set, out_path);
	}
	wipe_records(&set);
	records_release(&set);
	spec_release(&spec);
	return rc;
}
