/*
 * linker.c - the public vmap_linker: add datasets, run (standardise, block, train, score,
 * cluster), read the results. Writing is in write_link.c.
 */
#include "linker.h"

#include "dob_order.h"
#include "model_load.h"
#include "tf.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/dist.h"
#include "core/parallel.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(RULE_MAX <= sizeof((struct training *)0)->rules / sizeof(struct rule_training),
	       "the training report has room for every rule");

vmap_linker *vmap_linker_new(void)
{
	vmap_linker *l = alloc_array(1, sizeof *l);

	if (!l)
		return NULL;
	l->settings.threshold = 0.95;
	l->settings.pairs_threshold = 0.1;
	l->settings.max_block = 2000;
	l->settings.refine_block = 16;
	l->settings.all_pairs_max = -1;
	l->settings.threads = parallel_cores();
	l->settings.term_frequency = true;
	l->settings.split_chains = true;
	l->settings.merge_min_weight = -5;
	l->set.keep_share = true; /* MPI: each rank keeps the records it reads (record_share.h) */
	return l;
}

static void release_results(vmap_linker *l)
{
	for (size_t r = 0; r < l->rule_count; r++)
		blocking_release(&l->rules[r]);
	l->rule_count = 0;
	free(l->pairs);
	free(l->cluster);
	l->pairs = NULL;
	l->cluster = NULL;
	l->pair_count = l->cluster_count = 0;
}

const char *vmap_linker_errmsg(const vmap_linker *l)
{
	return l ? l->diag.message : "";
}

void vmap_linker_free(vmap_linker *l)
{
	if (!l)
		return;
	release_results(l);
	if (l->encoded_free)
		l->encoded_free(l->encoded);
	for (size_t s = 0; s < l->spec_count; s++)
		spec_release(&l->specs[s]);
	free(l->specs);
	records_release(&l->set);
	warnings_release(&l->warnings);
	free(l->labels_path);
	free(l);
}

void linker_warn(struct vmap_linker *l, const char *fmt, ...)
{
	va_list args;

	/* Out of memory, a warning is lost; the run itself then fails at its next allocation. */
	va_start(args, fmt);
	(void)warnings_addv(&l->warnings, fmt, args);
	va_end(args);
}

void vmap_linker_set_progress(vmap_linker *l, vmap_progress_fn progress, void *context)
{
	l->progress = progress;
	l->progress_context = context;
}

void linker_progress(struct vmap_linker *l, const char *fmt, ...)
{
	char text[160];
	va_list args;

	if (!l->progress)
		return;
	va_start(args, fmt);
	vsnprintf(text, sizeof text, fmt, args);
	va_end(args);
	l->progress(l->progress_context, text, 0, 0);
}

size_t vmap_linker_warning_count(const vmap_linker *l)
{
	return warnings_count(&l->warnings);
}

const char *vmap_linker_warning(const vmap_linker *l, size_t index)
{
	return warnings_get(&l->warnings, index);
}

void vmap_linker_set_threads(vmap_linker *l, unsigned threads)
{
	l->settings.threads = threads ? threads : parallel_cores();
}

int vmap_linker_set_labels(vmap_linker *l, const char *labels_path)
{
	char *copy = labels_path ? alloc_strdup(labels_path) : NULL;

	diag_clear(&l->diag);
	if (labels_path && !copy)
		return diag_nomem(&l->diag, "setting labels");
	free(l->labels_path);
	l->labels_path = copy;
	return VMAP_OK;
}

int vmap_linker_configure(vmap_linker *l, const char *config_path)
{
	diag_clear(&l->diag);
	return config_load(&l->settings, config_path, &l->diag);
}

int vmap_linker_load_model(vmap_linker *l, const char *model_path)
{
	int rc;

	diag_clear(&l->diag);
	rc = model_load(&l->model, &l->settings, model_path, &l->diag);
	l->model_loaded = rc == VMAP_OK;
	return rc;
}

static int check_model_fields(vmap_linker *l)
{
	for (size_t c = 0; c < l->model.comparison_count; c++)
		if (!l->set.has_field[l->model.cmp[c].field])
			return diag_fail(&l->diag, VMAP_INPUT,
					 "the model compares '%s', which no dataset maps",
					 field_names[l->model.cmp[c].field]);
	return VMAP_OK;
}

static int check_unique_id(vmap_linker *l, const struct dataset_spec *spec)
{
	for (size_t s = 0; s + 1 < l->spec_count; s++)
		if (strcmp(l->specs[s].id, spec->id) == 0)
			return diag_fail(&l->diag, VMAP_INPUT,
					 "%s: dataset id '%s' is already used by %s", spec->spec_path,
					 spec->id, l->specs[s].spec_path);
	return VMAP_OK;
}

int vmap_linker_add_dataset(vmap_linker *l, const char *spec_path)
{
	void *specs;
	struct dataset_spec *spec;
	int rc;

	diag_clear(&l->diag);
	if (l->encoded)
		return diag_fail(&l->diag, VMAP_USAGE, "%s: a dataset spec cannot be linked with "
				 "encoded files: encode it too", spec_path);
	specs = realloc_array(l->specs, l->spec_count + 1, sizeof *l->specs);
	if (!specs)
		return diag_nomem(&l->diag, "adding a dataset");
	l->specs = specs;
	spec = &l->specs[l->spec_count];
	linker_progress(l, "reading %s", spec_path);
	rc = spec_load(spec, spec_path, &l->diag);
	if (rc)
		return rc;
	l->spec_count++;
	rc = check_unique_id(l, spec);
	if (!rc)
		rc = records_read(&l->set, spec, (uint32_t)(l->spec_count - 1), &l->diag);
	return rc;
}

double weight_of_probability(double p)
{
	if (p <= 0)
		return -INFINITY;
	if (p >= 1)
		return INFINITY;
	return log2(p / (1 - p));
}

static void choose_comparisons(vmap_linker *l)
{
	struct fs_model *m = &l->model;

	memset(m, 0, sizeof *m);
	for (int f = 0; f < FIELD_COUNT && m->comparison_count < COMPARISON_MAX; f++) {
		if (!l->set.has_field[f] || (l->settings.fields_set && !l->settings.compare[f]))
			continue;
		if (!comparison_default((enum field)f, &m->cmp[m->comparison_count]))
			continue;
		if (l->settings.jw_set[f])
			memcpy(m->cmp[m->comparison_count].jw, l->settings.jw[f], sizeof l->settings.jw[f]);
		m->comparison_count++;
	}
	m->use_tf = l->settings.term_frequency;
}

static int check_rules(vmap_linker *l)
{
	for (size_t r = 0; r < l->rule_count; r++)
		for (size_t p = 0; p < l->rules[r].part_count; p++)
			if (!l->set.has_field[l->rules[r].parts[p].field])
				return diag_fail(&l->diag, VMAP_USAGE,
						 "blocking rule '%s': no dataset maps the field '%s'",
						 l->rules[r].name,
						 field_names[l->rules[r].parts[p].field]);
	return VMAP_OK;
}

/* Prepares rules [begin, end) (a parallel_job's run): each rule's keys and blocks are its
 * own, and each keeps its own message, so the rules run on any thread in any order. */
struct blocking_job {
	vmap_linker *l;
	struct vmap_diag diag[RULE_MAX];
};

static void prepare_rules(void *context, unsigned worker, size_t begin, size_t end,
			  atomic_size_t *done)
{
	struct blocking_job *job = context;
	vmap_linker *l = job->l;

	(void)worker;
	for (size_t r = begin; r < end; r++) {
		l->rules[r].refine_above = l->settings.refine_block;
		if (blocking_rule_mine(r)) /* MPI: rule r on rank r mod N, then shared */
			blocking_prepare(&l->rules[r], &l->set, l->settings.max_block,
					 &job->diag[r]);
		atomic_fetch_add(done, 1);
	}
}

static int prepare_all_rules(vmap_linker *l)
{
	struct blocking_job *job = alloc_array(1, sizeof *job);
	struct parallel_job run = {prepare_rules, job, l->rule_count, l->settings.threads, NULL,
				   NULL};
	int rc = VMAP_OK;

	if (!job)
		return blocking_share_rules(l->rules, l->rule_count, l->set.count,
					    diag_nomem(&l->diag, "blocking"), &l->diag);
	job->l = l;
	parallel_run(&run);
	for (size_t r = 0; r < l->rule_count && !rc; r++)
		if (job->diag[r].code) {
			l->diag = job->diag[r];
			rc = l->diag.code;
		}
	free(job);
	return blocking_share_rules(l->rules, l->rule_count, l->set.count, rc, &l->diag);
}

int linker_choose_rules(vmap_linker *l)
{
	if (l->settings.rule_count) {
		l->rule_count = l->settings.rule_count;
		memcpy(l->rules, l->settings.rules, l->rule_count * sizeof *l->rules);
		if (check_rules(l))
			return l->diag.code;
	} else {
		l->rule_count = blocking_default_rules(&l->set, l->rules, RULE_MAX);
	}
	if (l->rule_count == 0)
		return diag_fail(&l->diag, VMAP_INPUT,
				 "no blocking rule fits these fields: map at least a name, dob, "
				 "postcode or identifier");
	return VMAP_OK;
}

void linker_warn_skipped(vmap_linker *l)
{
	for (size_t r = 0; r < l->rule_count; r++)
		if (l->rules[r].blocks_skipped)
			linker_warn(l, "blocking rule '%s': %zu blocks of more than %zu records "
				       "skipped (%llu pairs)",
				    l->rules[r].name, l->rules[r].blocks_skipped, l->settings.max_block,
				    (unsigned long long)l->rules[r].pairs_skipped);
}

static int prepare_blocking(vmap_linker *l)
{
	int rc = linker_choose_rules(l);

	if (!rc)
		rc = prepare_all_rules(l);
	if (!rc)
		linker_warn_skipped(l);
	return rc;
}

static int add_kept(vmap_linker *l, struct pair_run *run)
{
	void *pairs;

	if (!run->kept_count)
		return VMAP_OK;
	pairs = realloc_array(l->pairs, l->pair_count + run->kept_count, sizeof *l->pairs);
	if (!pairs)
		return diag_nomem(&l->diag, "scoring pairs");
	l->pairs = pairs;
	memcpy(l->pairs + l->pair_count, run->kept, run->kept_count * sizeof *run->kept);
	l->pair_count += run->kept_count;
	return VMAP_OK;
}

int linker_score_rule(vmap_linker *l, const struct record_set *set, size_t r,
		      const uint32_t *index, const uint32_t *global_of)
{
	struct pair_run run;
	int rc;

	memset(&run, 0, sizeof run);
	run.set = set;
	run.global_of = global_of;
	run.model = &l->model;
	run.mode = l->settings.mode;
	run.rules = l->rules;
	run.rule = r;
	run.skip_earlier = true;
	run.block_index = index;
	run.rule_count = l->rule_count;
	run.task = TASK_SCORE;
	run.keep_weight = weight_of_probability(l->settings.pairs_threshold);
	if (l->settings.threshold < l->settings.pairs_threshold)
		run.keep_weight = weight_of_probability(l->settings.threshold);
	run.threads = l->settings.threads;
	rc = pairs_run(&run, &l->diag);
	if (!rc)
		rc = add_kept(l, &run);
	l->rules[r].pairs_generated = run.compared;
	l->compared += run.compared;
	for (size_t b = 0; b < HIST_BINS; b++)
		l->histogram[b] += run.histogram[b];
	pairs_release(&run);
	return rc;
}

static int score_all(vmap_linker *l)
{
	double start = clock_seconds();
	uint32_t *index = blocking_index(l->rules, l->rule_count, l->set.count);

	if (!index)
		return diag_nomem(&l->diag, "scoring pairs");
	for (size_t r = 0; r < l->rule_count; r++) {
		int rc;
		linker_progress(l, "scoring pairs: rule %zu of %zu (%s)", r + 1, l->rule_count,
				l->rules[r].name);
		rc = linker_score_rule(l, &l->set, r, index, NULL);
		if (rc) {
			free(index);
			return rc;
		}
	}
	free(index);
	l->seconds_compare = clock_seconds() - start;
	if (l->pair_count)
		pairs_sort(l->pairs, l->pair_count);
	return VMAP_OK;
}

/* Each record's exclusive bit: its dataset's, when the dataset is declared unique. */
static uint64_t *unique_bits(const vmap_linker *l)
{
	uint64_t *bits = alloc_array(l->set.count ? l->set.count : 1, sizeof *bits);

	if (!bits)
		return NULL;
	for (size_t i = 0; i < l->set.count; i++) {
		uint32_t d = set_dataset(&l->set, i);
		bits[i] = d < 64 && l->specs[d].unique ? (uint64_t)1 << d : 0;
	}
	return bits;
}

static int make_clusters(vmap_linker *l)
{
	size_t n = l->set.count;
	uint64_t *bits;
	int rc;

	l->cluster = alloc_array(n ? n : 1, sizeof *l->cluster);
	if (!l->cluster)
		return diag_nomem(&l->diag, "clustering");
	if (l->settings.one_to_one) {
		bool *used = alloc_array(n ? n : 1, sizeof *used);
		if (!used)
			return diag_nomem(&l->diag, "clustering");
		one_to_one(l->pairs, l->pair_count, n, used);
		free(used);
	}
	bits = unique_bits(l);
	if (!bits)
		return diag_nomem(&l->diag, "clustering");
	rc = cluster_with_checks(l, bits);
	free(bits);
	return rc;
}

/* Without a threshold in the config: the one of the highest F1 the model expects (each
 * scored pair a match with its probability), kept within [THRESHOLD_MIN, THRESHOLD_MAX] so
 * that a poorly separated model neither joins coin flips nor demands certainty. */
#define THRESHOLD_MIN 0.5
#define THRESHOLD_MAX 0.99

static void choose_threshold(vmap_linker *l)
{
	evaluate_expected(l, &l->evaluation);
	l->settings.threshold = fmin(fmax(l->evaluation.best_threshold, THRESHOLD_MIN),
				     THRESHOLD_MAX);
	l->threshold_from_model = true;
}

static void warn_about_inputs(vmap_linker *l)
{
	for (size_t d = 0; d < l->set.dataset_count; d++)
		if (l->set.dob_month_first[d])
			linker_warn(l, "dataset '%s': field 'dob': read as month/day/year (some "
				       "second numbers exceed 12, no first one does); give a format "
				       "in the spec to say otherwise",
				    l->specs[d].id);
	for (size_t d = 0; d < l->set.dataset_count; d++)
		if (l->set.repeated_ids[d])
			linker_warn(l, "dataset '%s': %zu record%s the record id of an earlier "
				       "one; clusters.csv cannot tell them apart",
				    l->specs[d].id, l->set.repeated_ids[d],
				    l->set.repeated_ids[d] == 1 ? " repeats" : "s repeat");
	for (size_t d = 0; d < l->set.dataset_count; d++)
		for (int f = 0; f < FIELD_COUNT; f++)
			if (l->set.counts[d][f].unreadable)
				linker_warn(l, "dataset '%s': field '%s': %zu %s%s", l->specs[d].id,
					    field_names[f], l->set.counts[d][f].unreadable,
					    l->set.counts[d][f].unreadable == 1
						    ? "value could not be read and is treated as missing"
						    : "values could not be read and are treated as missing",
					    f != FIELD_DOB ? ""
					    : l->set.counts[d][f].unreadable == 1
						    ? " (its digits are still compared for one character off)"
						    : " (their digits are still compared for one character "
						      "off)");
	for (size_t d = 0; d < l->set.dataset_count; d++)
		if (l->set.counts[d][FIELD_DOB].implausible)
			linker_warn(l, "dataset '%s': field 'dob': %zu %s before 1850 or after "
				       "2100 %s implausible for living people; kept as %s",
				    l->specs[d].id, l->set.counts[d][FIELD_DOB].implausible,
				    l->set.counts[d][FIELD_DOB].implausible == 1 ? "date" : "dates",
				    l->set.counts[d][FIELD_DOB].implausible == 1 ? "is" : "are",
				    l->set.counts[d][FIELD_DOB].implausible == 1 ? "a date" : "dates");
}

static int check_ready(vmap_linker *l)
{
	if (l->spec_count == 0)
		return diag_fail(&l->diag, VMAP_USAGE, "no dataset to link");
	if (l->ran)
		return diag_fail(&l->diag, VMAP_USAGE, "the linker has already run");
	if (!l->settings.mode_set)
		l->settings.mode = l->spec_count == 1 ? MODE_DEDUPE : MODE_LINK_AND_DEDUPE;
	for (size_t s = 64; s < l->spec_count; s++)
		if (l->specs[s].unique)
			return diag_fail(&l->diag, VMAP_USAGE,
					 "%s: unique: at most the first 64 datasets can be declared "
					 "unique", l->specs[s].spec_path);
	if (l->settings.one_to_one && (l->spec_count != 2 || l->settings.mode != MODE_LINK_ONLY))
		return diag_fail(&l->diag, VMAP_USAGE,
				 "one-to-one needs exactly two datasets linked without deduplication");
	return VMAP_OK;
}

/* The model: trained here, or loaded (--model) and checked against the fields mapped. */
static int get_model(vmap_linker *l)
{
	int rc = VMAP_OK;

	if (l->model_loaded) {
		l->training.possible_pairs = (uint64_t)possible_pairs(&l->set, l->settings.mode);
	} else {
		linker_progress(l, "training the model (u from random pairs, m by EM)");
		rc = fs_train(&l->model, &l->set, l->settings.mode, l->rules, l->rule_count,
			      l->settings.threads, &l->training, &l->diag);
	}
	if (!rc && l->settings.prior > 0) {
		l->model.prior = l->settings.prior;
		fs_finish(&l->model);
	}
	return rc;
}

/* The threshold (unless configured), the clusters, their checks and the evaluation. */
static int cluster_and_evaluate(vmap_linker *l)
{
	double stage;
	int rc;

	if (!l->settings.threshold_set)
		choose_threshold(l);
	linker_progress(l, "clustering");
	stage = clock_seconds();
	rc = make_clusters(l);
	if (!rc)
		rc = check_chains(l);
	l->seconds_clustering = clock_seconds() - stage;
	if (!rc)
		evaluate_expected(l, &l->evaluation);
	if (!rc && l->labels_path)
		rc = evaluate_labels(l, l->labels_path, &l->evaluation);
	return rc;
}

int vmap_linker_run(vmap_linker *l)
{
	double start = clock_seconds(), stage;
	int rc;

	diag_clear(&l->diag);
	if (l->encoded_run)
		return l->encoded_run(l);
	rc = check_ready(l);
	if (rc)
		return rc;
	l->ran = true;
	warn_about_inputs(l);
	if (l->model_loaded)
		rc = check_model_fields(l);
	else
		choose_comparisons(l);
	linker_progress(l, "blocking %zu records", l->set.count);
	if (l->set.share) { /* MPI, each rank holding a share of the records */
		if (!rc)
			rc = linker_run_share(l);
	} else {
		stage = clock_seconds();
		if (!rc)
			rc = prepare_blocking(l);
		if (!rc && l->model.use_tf)
			rc = tf_compute(&l->set, &l->diag);
		l->seconds_blocking = clock_seconds() - stage;
		stage = clock_seconds();
		if (!rc)
			rc = get_model(l);
		l->seconds_training = clock_seconds() - stage;
		if (!rc)
			rc = score_all(l);
	}
	if (!rc) /* MPI: the pairs are on rank 0 only, which clusters; all learn how it went */
		rc = dist_agree(dist_writes() ? cluster_and_evaluate(l) : VMAP_OK, &l->diag);
	l->seconds_total = clock_seconds() - start;
	return rc;
}

vmap_link_stats vmap_linker_stats(const vmap_linker *l)
{
	vmap_link_stats s;
	size_t above = 0;
	double w = weight_of_probability(l->settings.threshold);

	memset(&s, 0, sizeof s);
	for (size_t p = 0; p < l->pair_count; p++)
		above += l->pairs[p].weight >= w;
	s.datasets = l->spec_count;
	s.records = l->set.count;
	s.comparisons = l->compared;
	s.matched_pairs = above;
	s.clusters = l->cluster_count;
	s.chained_clusters = l->chains_found;
	s.chains_split = l->chains_split;
	s.seconds_total = l->seconds_total;
	s.seconds_compare = l->seconds_compare;
	s.threads = l->settings.threads;
	return s;
}
