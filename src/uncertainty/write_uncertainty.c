/*
 * write_uncertainty.c - summary.json's `uncertainty`, draws.csv and sensitivity.csv.
 *
 * draws.csv: `draw`, one column per uncertain input (named by its label), then npsv, bcr and
 * net_fiscal of the whole appraisal and `net_fiscal.<agency>` of each agency; one row per
 * draw in draw order. sensitivity.csv: one row per input and output (npsv of the whole
 * appraisal, net_fiscal of each agency) with the input's P10 and P90, the output there and
 * at the means, and the switching value. Undefined numbers are empty in CSV, null in JSON.
 * The CSV files' numbers have 17 significant digits (core/number.h: fast, and they read back
 * as the same doubles); summary.json's are shortest.
 */
#include "uncertainty.h"

#include "core/alloc.h"
#include "core/json_out.h"
#include "core/parallel.h"

#include <math.h>
#include <stdlib.h>

static const char *const measure_names[MEASURES] = {"npsv", "bcr", "net_fiscal"};

/* A measure's summary; a ratio also gets the share of draws above 1 (prob_bcr_above_1; its
 * prob_positive stays, as DESIGN.md lists it for every measure). */
static void add_stats(struct json_out *j, cJSON *parent, const char *key, const vmap_stats *s,
		      bool ratio)
{
	cJSON *object = json_add_object(j, parent, key);
	const char *const names[] = {"mean", "sd", "p05", "p50", "p95", "prob_positive",
				     "prob_bcr_above_1"};
	const double values[] = {s->mean, s->sd, s->p05, s->p50, s->p95, s->prob_positive,
				 s->prob_above_1};

	for (size_t n = 0; n < (ratio ? 7u : 6u); n++) {
		if (s->count)
			json_add_number(j, object, names[n], values[n]);
		else
			json_add_null(j, object, names[n]);
	}
}

static void add_number_or_null(struct json_out *j, cJSON *parent, const char *key, double x)
{
	if (isfinite(x))
		json_add_number(j, parent, key, x);
	else
		json_add_null(j, parent, key);
}

static void add_owner(struct json_out *j, cJSON *object, const struct uncertainty *u,
		      size_t owner)
{
	for (int m = 0; m < MEASURES; m++)
		add_stats(j, object, measure_names[m], &u->stats[owner * MEASURES + (size_t)m],
			  m == MEASURE_BCR);
	add_number_or_null(j, object, "evpi", u->evpi[owner]);
}

static void add_switching(struct json_out *j, cJSON *parent, const struct uncertainty *u)
{
	const struct simulation *s = &u->sim;
	cJSON *list = json_add_array(j, parent, "switching_values");

	for (size_t p = 0; p < s->params; p++) {
		cJSON *item = json_add_object(j, list, NULL);
		json_add_string(j, item, "parameter", s->names[p]);
		add_number_or_null(j, item, "npsv", s->sensitivity[p * s->owners].switching);
		if (s->sensitivity[p * s->owners].why != SWITCH_FOUND)
			json_add_string(j, item, "note",
					switching_note(s->sensitivity[p * s->owners].why));
	}
}

void uncertainty_add_summary(void *context, struct json_out *j)
{
	const struct uncertainty *u = context;
	const struct vmap_model *m = u->sim.model;
	cJSON *root = json_add_object(j, j->root, "uncertainty");
	cJSON *agencies;

	json_add_number(j, root, "draws", (double)u->sim.draws);
	json_add_number(j, root, "seed", (double)u->sim.seed);
	add_owner(j, json_add_object(j, root, "totals"), u, 0);
	agencies = json_add_array(j, root, "agencies");
	for (size_t k = 0; k < m->agency_count; k++) {
		cJSON *item = json_add_object(j, agencies, NULL);
		json_add_string(j, item, "id", m->agencies[k].id);
		add_owner(j, item, u, k + 1);
	}
	add_switching(j, root, u);
}

/* A CSV number: 17 significant digits, fast (see core/number.h); empty when not finite. */
static void draw_number(struct strbuf *sb, double x)
{
	strbuf_add(sb, ",", 1);
	if (isfinite(x))
		strbuf_add_double17(sb, x);
}

static void draws_header(struct strbuf *sb, const struct vmap_model *m)
{
	strbuf_adds(sb, "draw,npsv,bcr,net_fiscal");
	for (size_t k = 0; k < m->agency_count; k++)
		strbuf_addf(sb, ",net_fiscal.%s", m->agencies[k].id);
	strbuf_adds(sb, "\n");
}

static void inputs_header(struct strbuf *sb, const struct simulation *s)
{
	strbuf_adds(sb, "draw");
	for (size_t p = 0; p < s->params; p++) {
		strbuf_add(sb, ",", 1);
		strbuf_add_csv_field(sb, s->names[p]);
	}
	strbuf_adds(sb, "\n");
}

/* Rows [begin, end) of a file into one worker's buffer. */
typedef void (*format_rows_fn)(const struct simulation *s, unsigned worker, size_t begin,
			       size_t end, struct strbuf *sb);

struct row_chunk {
	const struct simulation *s;
	format_rows_fn format;
	size_t first;         /* the chunk's first draw */
	struct strbuf *parts; /* one per worker, each holding its contiguous rows */
};

static void format_chunk(void *context, unsigned worker, size_t begin, size_t end,
			 atomic_size_t *done)
{
	struct row_chunk *chunk = context;

	chunk->format(chunk->s, worker, chunk->first + begin, chunk->first + end,
		      &chunk->parts[worker]);
	atomic_fetch_add_explicit(done, end - begin, memory_order_relaxed);
}

/* Rows [begin, end) of draws.csv: the columns it shows read back for those draws. A failure
 * marks the buffer failed (the write then fails). */
static void result_rows(const struct simulation *s, unsigned worker, size_t begin, size_t end,
			struct strbuf *sb)
{
	size_t count = end - begin, shown = MEASURES + s->owners - 1, column = 0;
	double *values = alloc_array(shown * count + 1, sizeof *values);

	(void)worker;
	if (!values) {
		sb->failed = true;
		return;
	}
	for (size_t o = 0; o < s->owners; o++)
		for (int m = 0; m < MEASURES; m++)
			if ((o == 0 || m == MEASURE_NET_FISCAL) &&
			    result_spool_get(&s->results, simulation_column(s, o, m), begin, count,
					     values + count * column++) != VMAP_OK)
				sb->failed = true;
	for (size_t d = 0; d < count && !sb->failed; d++) {
		strbuf_addf(sb, "%zu", begin + d);
		for (column = 0; column < shown; column++)
			draw_number(sb, values[count * column + d]);
		strbuf_add(sb, "\n", 1);
	}
	free(values);
}

/* The sampled inputs, made again block by block (the same bits as the draws used). */
static void input_rows(const struct simulation *s, unsigned worker, size_t begin, size_t end,
		       struct strbuf *sb)
{
	double *work = s->scratch + worker * s->scratch_size;
	double *columns = work + s->params + 2 * s->copula.count + SAMPLE_BLOCK;

	for (size_t first = begin; first < end && !sb->failed; first += SAMPLE_BLOCK) {
		size_t count = end - first < SAMPLE_BLOCK ? end - first : SAMPLE_BLOCK;
		simulation_sample_block(s, first, count, columns, work);
		for (size_t d = 0; d < count; d++) {
			strbuf_addf(sb, "%zu", first + d);
			for (size_t p = 0; p < s->params; p++)
				draw_number(sb, columns[p * SAMPLE_BLOCK + d]);
			strbuf_add(sb, "\n", 1);
		}
	}
}

/* Streams a file of one row per draw to disk, ROW_CHUNK draws per worker at a time
 * (formatted in parallel, appended in draw order): memory stays the same however many
 * draws there are (a row of inputs.csv for 2,000 inputs is ~40 KB: 10 MB a worker). */
static int stream_rows(const struct simulation *s, struct outset *out, const char *name,
		       const struct strbuf *header, format_rows_fn format)
{
	enum { ROW_CHUNK = SAMPLE_BLOCK };
	struct row_chunk chunk = {s, format, 0, alloc_array(s->threads, sizeof(struct strbuf))};
	size_t file, step = (size_t)s->threads * ROW_CHUNK;
	int rc;

	if (!chunk.parts)
		return diag_nomem(out->diag, "writing outputs");
	rc = outset_open(out, name, &file);
	if (!rc)
		rc = outset_append(out, file, header->data, header->length);
	for (unsigned w = 0; w < s->threads; w++)
		strbuf_init(&chunk.parts[w]);
	for (chunk.first = 0; !rc && chunk.first < s->draws; chunk.first += step) {
		size_t count = s->draws - chunk.first < step ? s->draws - chunk.first : step;
		struct parallel_job job = {format_chunk, &chunk, count, s->threads, NULL, NULL};
		parallel_run(&job);
		for (unsigned w = 0; w < s->threads && !rc; w++)
			rc = outset_append_buf(out, file, &chunk.parts[w]);
	}
	for (unsigned w = 0; w < s->threads; w++)
		strbuf_release(&chunk.parts[w]);
	free(chunk.parts);
	return rc ? rc : outset_close(out, file);
}

static int write_draws(const struct simulation *s, struct outset *out)
{
	struct strbuf header;
	int rc;

	strbuf_init(&header);
	draws_header(&header, s->model);
	rc = header.failed ? diag_nomem(out->diag, "writing draws.csv")
			   : stream_rows(s, out, appraisal_file_name(APPRAISAL_DRAWS_CSV), &header,
					 result_rows);
	strbuf_release(&header);
	return rc;
}

static int write_inputs(const struct simulation *s, struct outset *out)
{
	struct strbuf header;
	int rc;

	strbuf_init(&header);
	inputs_header(&header, s);
	rc = header.failed ? diag_nomem(out->diag, "writing inputs.csv")
			   : stream_rows(s, out, appraisal_file_name(APPRAISAL_INPUTS_CSV),
					 &header, input_rows);
	strbuf_release(&header);
	return rc;
}

static void sensitivity_row(struct strbuf *sb, const struct simulation *s, size_t p, size_t o)
{
	const struct sensitivity *row = &s->sensitivity[p * s->owners + o];

	strbuf_add_csv_field(sb, s->names[p]);
	strbuf_adds(sb, o ? ",net_fiscal," : ",npsv,");
	if (o)
		strbuf_add_csv_field(sb, s->model->agencies[o - 1].id);
	draw_number(sb, s->input_low[p]);
	draw_number(sb, s->input_high[p]);
	draw_number(sb, s->base[o]);
	draw_number(sb, row->at_low);
	draw_number(sb, row->at_high);
	draw_number(sb, fabs(row->at_high - row->at_low));
	draw_number(sb, row->switching);
	strbuf_add(sb, ",", 1);
	strbuf_adds(sb, switching_note(row->why));
	strbuf_add(sb, "\n", 1);
}

static int write_sensitivity(const struct simulation *s, struct outset *out)
{
	struct strbuf sb;
	int rc;

	strbuf_init(&sb);
	strbuf_adds(&sb, "parameter,output,agency,input_p10,input_p90,base,at_p10,at_p90,swing,"
			 "switching_value,switching_note\n");
	for (size_t p = 0; p < s->params; p++)
		for (size_t o = 0; o < s->owners; o++)
			sensitivity_row(&sb, s, p, o);
	rc = outset_write_buf(out, appraisal_file_name(APPRAISAL_SENSITIVITY_CSV), &sb);
	strbuf_release(&sb);
	return rc;
}

int uncertainty_write_files(void *context, struct outset *out)
{
	const struct uncertainty *u = context;
	int rc = write_draws(&u->sim, out);

	if (!rc)
		rc = write_sensitivity(&u->sim, out);
	if (!rc && u->sim.save_inputs)
		rc = write_inputs(&u->sim, out);
	if (!rc && !u->sim.save_inputs) /* no stale inputs.csv from an earlier run */
		outset_retire(out, appraisal_file_name(APPRAISAL_INPUTS_CSV));
	return rc;
}
