/*
 * train.c - estimating the model as Splink does.
 *
 * u: the share of each level among pairs of records drawn at random (nearly all of which are
 * non-matches), from a fixed seed so runs repeat; all pairs when there are at most a million. m: for each blocking rule, EM on the rule's
 * pairs with u fixed, leaving out the comparisons of the fields the rule blocks on (those
 * agree by construction there); each comparison's m is the mean over the rules that left it
 * in; a rule with more than TRAIN_PAIRS pairs is trained on a sample of its blocks. The prior: the matches EM finds under an exact rule, divided by that rule's recall (the
 * product of m of "exact" over its fields), over all possible pairs.
 */
#include "train.h"

#include "blocking.h"
#include "compare_fields.h"
#include "fellegi_sunter.h"
#include "pairs.h"
#include "record_share.h"
#include "records.h"
#include "spec.h"

#include "core/alloc.h"
#include "core/dist.h"
#include "core/parallel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define U_SAMPLE 1000000u
#define TRAIN_PAIRS 300000u /* EM per rule sees about this many pairs at most */

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

double possible_pairs(const struct record_set *set, enum link_mode mode)
{
	double n = (double)set->count, within = 0;

	if (mode != MODE_LINK_ONLY)
		return n * (n - 1) / 2;
	/* across datasets only: all pairs less those inside each dataset */
	for (size_t d = 0; d < set->dataset_count; d++) {
		double k = 0;
		if (set->share) /* held in shares: each dataset's records are a range */
			k = (double)(set->share->first[(d + 1) * (dist_size() + 1) - 1] -
				     set->share->first[d * (dist_size() + 1)]);
		for (size_t i = 0; !set->share && i < set->count; i++)
			k += set->records[i].dataset == d;
		within += k * (k - 1) / 2;
	}
	return n * (n - 1) / 2 - within;
}

struct level_counts {
	double n[COMPARISON_MAX][LEVEL_MAX];
	uint64_t pairs;
};

static void count_pair(const struct fs_model *model, const struct record_set *set, uint32_t i,
		       uint32_t j, struct level_counts *counts)
{
	gamma_t g = fs_gamma(model, &set->records[i], &set->records[j]);

	counts->pairs++;
	for (size_t c = 0; c < model->comparison_count; c++)
		if (gamma_level(g, c) != LEVEL_MISSING)
			counts->n[c][gamma_level(g, c)] += 1;
}

static void count_every_pair(const struct fs_model *model, const struct record_set *set,
			     enum link_mode mode, struct level_counts *counts)
{
	for (uint32_t i = 0; i < set->count; i++)
		for (uint32_t j = i + 1; j < set->count; j++)
			if (pair_allowed(mode, &set->records[i], &set->records[j]))
				count_pair(model, set, i, j, counts);
}

/* Every allowed pair, when there are few enough (a set held in shares fetches every record
 * first: there are at most about 1,400). */
static int count_all_pairs(const struct fs_model *model, struct record_set *set,
			   enum link_mode mode, struct level_counts *counts, struct vmap_diag *diag)
{
	if (set->share) {
		uint32_t *all = alloc_array(set->count + 1, sizeof *all);
		int rc;
		for (size_t i = 0; all && i < set->count; i++)
			all[i] = (uint32_t)i;
		rc = share_fetch(set, all, all ? set->count : 0,
				 all ? VMAP_OK : diag_nomem(diag, "sampling pairs"), diag);
		free(all);
		if (rc)
			return rc;
		count_every_pair(model, &set->share->visit, mode, counts); /* all: the same order */
		share_clear(set);
		return VMAP_OK;
	}
	count_every_pair(model, set, mode, counts);
	return VMAP_OK;
}

#define U_STREAMS 16 /* fixed, so the sample does not depend on the thread count */

struct u_job {
	const struct fs_model *model;
	const struct record_set *set;
	enum link_mode mode;
	bool draw, count; /* the steps to take: draw the pairs, count their levels */
	uint64_t from, to; /* count each stream's pairs [from, to) */
	uint32_t *drawn[U_STREAMS]; /* each stream's pairs (i, j), i at even places */
	uint64_t drawn_count[U_STREAMS];
	bool failed[U_STREAMS];
	struct level_counts counts[U_STREAMS];
};

/* Draws the stream's pairs: only the datasets decide which are allowed, so a set held in
 * shares (whose ranges always know a record's dataset) draws them before fetching the
 * records. */
static void draw_stream(struct u_job *job, size_t stream)
{
	uint64_t state = 0x5eed5eedULL + (uint64_t)stream * 0x9e3779b97f4a7c15ULL;
	uint64_t want = U_SAMPLE / U_STREAMS, n = job->set->count, drawn = 0;
	uint32_t *pairs = alloc_array(2 * want, sizeof *pairs);

	job->drawn[stream] = pairs;
	job->failed[stream] = !pairs;
	for (uint64_t tries = 0; pairs && drawn < want && tries < 4 * want; tries++) {
		uint32_t i = (uint32_t)(splitmix64(&state) % n);
		uint32_t j = (uint32_t)(splitmix64(&state) % n);
		if (i != j && (job->mode != MODE_LINK_ONLY || /* pair_allowed, by dataset */
			       set_dataset(job->set, i) != set_dataset(job->set, j))) {
			pairs[2 * drawn] = i;
			pairs[2 * drawn++ + 1] = j;
		}
	}
	job->drawn_count[stream] = drawn;
}

static void count_stream(struct u_job *job, size_t stream)
{
	uint64_t to = job->to < job->drawn_count[stream] ? job->to : job->drawn_count[stream];
	const struct record_set *set = job->set->share ? &job->set->share->visit : job->set;

	for (uint64_t p = job->from; p < to; p++) {
		uint32_t i = job->drawn[stream][2 * p], j = job->drawn[stream][2 * p + 1];
		if (job->set->share) { /* the pair's records fetched into the visit set */
			i = (uint32_t)share_visit_local(job->set, i);
			j = (uint32_t)share_visit_local(job->set, j);
		}
		count_pair(job->model, set, i, j, &job->counts[stream]);
	}
}

/* Samples streams [begin, end) (a parallel_job's run); each stream has its own seed. */
static void sample_streams(void *context, unsigned worker, size_t begin, size_t end,
			   atomic_size_t *done)
{
	struct u_job *job = context;

	(void)worker;
	for (size_t stream = begin; stream < end; stream++) {
		if (dist_owns(stream)) { /* MPI: stream s on rank s mod ranks; sums below */
			if (job->draw)
				draw_stream(job, stream);
			if (job->count)
				count_stream(job, stream);
		}
		atomic_fetch_add(done, 1);
	}
}

/* A set held in shares: the records of this rank's streams' pairs [from, to) fetched into
 * the visit set. */
static int fetch_drawn(struct u_job *j, struct record_set *set, int status,
		       struct vmap_diag *diag)
{
	uint64_t total = 0, at = 0;
	uint32_t *wanted;
	bool failed = status != VMAP_OK;
	int rc;

	for (int s = 0; s < U_STREAMS; s++) {
		uint64_t to = j->to < j->drawn_count[s] ? j->to : j->drawn_count[s];
		total += to > j->from ? 2 * (to - j->from) : 0;
		failed |= j->failed[s];
	}
	wanted = failed ? NULL : alloc_array(total + 1, sizeof *wanted);
	for (int s = 0; wanted && s < U_STREAMS; s++) {
		uint64_t to = j->to < j->drawn_count[s] ? j->to : j->drawn_count[s];
		if (to <= j->from)
			continue;
		memcpy(wanted + at, j->drawn[s] + 2 * j->from, 2 * (to - j->from) * sizeof *wanted);
		at += 2 * (to - j->from);
	}
	rc = share_fetch(set, wanted, wanted ? (size_t)total : 0,
			 wanted || status ? status : diag_nomem(diag, "sampling pairs"), diag);
	free(wanted);
	return rc;
}

#define U_CHUNK 4096 /* a set held in shares: pairs of each stream whose records visit at once */

/* Draws this rank's streams' pairs and counts their levels; a set held in shares fetches the
 * records in between (and empties the visit set after). */
static int sample_all_streams(struct u_job *j, struct record_set *set, struct parallel_job *job,
			      struct vmap_diag *diag)
{
	int rc = VMAP_OK;

	j->draw = true;
	j->count = !set->share;
	j->to = UINT64_MAX;
	parallel_run(job);
	/* shares: the same number of rounds on every rank (a stream draws at most its share) */
	for (uint64_t from = 0; set->share && from < U_SAMPLE / U_STREAMS; from += U_CHUNK) {
		j->draw = false;
		j->count = true;
		j->from = from;
		j->to = from + U_CHUNK;
		rc = fetch_drawn(j, set, rc, diag);
		if (!rc)
			parallel_run(job);
		share_clear(set);
	}
	for (int s = 0; s < U_STREAMS; s++) {
		if (!rc && j->failed[s])
			rc = diag_nomem(diag, "sampling pairs");
		free(j->drawn[s]);
	}
	return rc;
}

/* Under MPI each rank samples its streams and the ranks' counts (whole numbers, so exact in
 * any order) are summed on every rank. */
static int sum_over_ranks(struct u_job *j, int status, struct vmap_diag *diag)
{
	enum { PER_STREAM = COMPARISON_MAX * LEVEL_MAX + 1 };
	double *sums;
	int rc;

	if (dist_size() == 1)
		return status;
	sums = alloc_array(U_STREAMS, PER_STREAM * sizeof *sums);
	if (sums)
		for (int s = 0; s < U_STREAMS; s++) {
			memcpy(sums + s * PER_STREAM, j->counts[s].n, sizeof j->counts[s].n);
			sums[s * PER_STREAM + PER_STREAM - 1] = (double)j->counts[s].pairs;
		}
	rc = dist_sum_double(sums, sums ? U_STREAMS * PER_STREAM : 0,
			     sums || status ? status : diag_nomem(diag, "sampling pairs"), diag);
	for (int s = 0; s < U_STREAMS && !rc; s++) {
		memcpy(j->counts[s].n, sums + s * PER_STREAM, sizeof j->counts[s].n);
		j->counts[s].pairs = (uint64_t)sums[s * PER_STREAM + PER_STREAM - 1];
	}
	free(sums);
	return rc;
}

static int count_random_pairs(const struct fs_model *model, struct record_set *set,
			      enum link_mode mode, unsigned threads, struct level_counts *counts,
			      struct vmap_diag *diag)
{
	struct u_job *j = alloc_array(1, sizeof *j);
	struct parallel_job job = {sample_streams, j, U_STREAMS,
				   threads < U_STREAMS ? threads : U_STREAMS, NULL, NULL};

	if (!j)
		return dist_agree(diag_nomem(diag, "sampling pairs"), diag);
	j->model = model;
	j->set = set;
	j->mode = mode;
	if (sum_over_ranks(j, sample_all_streams(j, set, &job, diag), diag)) {
		free(j);
		return diag->code;
	}
	for (int s = 0; s < U_STREAMS; s++) {
		counts->pairs += j->counts[s].pairs;
		for (size_t c = 0; c < COMPARISON_MAX; c++)
			for (int l = 0; l < LEVEL_MAX; l++)
				counts->n[c][l] += j->counts[s].n[c][l];
	}
	free(j);
	return 0;
}

static int sample_u(struct fs_model *model, struct record_set *set, enum link_mode mode,
		    double possible, unsigned threads, uint64_t *sampled, struct vmap_diag *diag)
{
	struct level_counts counts;

	memset(&counts, 0, sizeof counts);
	if (possible <= U_SAMPLE) {
		if (count_all_pairs(model, set, mode, &counts, diag))
			return diag->code;
	} else if (count_random_pairs(model, set, mode, threads, &counts, diag))
		return diag->code;
	for (size_t c = 0; c < model->comparison_count; c++) {
		int L = model->cmp[c].level_count;
		double total = 0;
		for (int l = 0; l < L; l++)
			total += counts.n[c][l];
		for (int l = 0; l < L && total > 0; l++)
			model->cmp[c].u[l] = (counts.n[c][l] + 0.5 / L) / (total + 0.5);
	}
	*sampled = counts.pairs;
	return 0;
}

static bool rule_uses(const struct block_rule *rule, enum field f)
{
	for (size_t p = 0; p < rule->part_count; p++) {
		enum field g = rule->parts[p].field;
		if (g == f || ((g == FIELD_FIRST_NAME || g == FIELD_LAST_NAME) &&
			       (f == FIELD_FIRST_NAME || f == FIELD_LAST_NAME)))
			return true;
	}
	return false;
}

static uint32_t active_mask(const struct fs_model *model, const struct block_rule *rule)
{
	uint32_t mask = 0;

	for (size_t c = 0; c < model->comparison_count; c++)
		if (!rule_uses(rule, model->cmp[c].field))
			mask |= 1u << c;
	return mask;
}

static int collect_patterns(const struct fs_model *model, const struct record_set *set,
			    enum link_mode mode, const struct block_rule *rules, size_t r,
			    unsigned threads, struct pair_run *run, struct vmap_diag *diag)
{
	uint64_t pairs;

	memset(run, 0, sizeof *run);
	run->set = set;
	run->model = model;
	run->mode = mode;
	run->rules = rules;
	run->rule = r;
	run->task = TASK_PATTERNS;
	run->threads = threads;
	run->unrefined = true;
	pairs = rule_pair_count(&rules[r], set, mode, true);
	if (pairs == RULE_PAIRS_NOMEM)
		return diag_nomem(diag, "counting the pairs to train on");
	run->block_stride = (size_t)(pairs / TRAIN_PAIRS) + 1;
	return pairs_run(run, diag);
}


static int train_rule(struct fs_model *model, const struct record_set *set, enum link_mode mode,
		      const struct block_rule *rules, size_t r, unsigned threads, struct m_sums *sums,
		      struct rule_training *report, struct vmap_diag *diag)
{
	double m[COMPARISON_MAX][LEVEL_MAX];
	uint32_t active = active_mask(model, &rules[r]);
	struct pair_run run;
	int rc = collect_patterns(model, set, mode, rules, r, threads, &run, diag);

	report->pairs = rule_pair_count(&rules[r], set, mode, false);
	if (!rc && report->pairs == RULE_PAIRS_NOMEM)
		rc = diag_nomem(diag, "counting the pairs to train on");
	report->lambda = 0.3;
	if (rc || run.compared < 10 || !active) {
		pairs_release(&run);
		return rc;
	}
	fs_em(model, &run.patterns, active, &report->lambda, m, &report->iterations);
	report->matches = report->lambda * (double)report->pairs;
	report->used = true;
	for (size_t c = 0; c < model->comparison_count; c++) {
		if (!(active & (1u << c)))
			continue;
		for (int l = 0; l < model->cmp[c].level_count; l++)
			sums->sum[c][l] += m[c][l];
		sums->count[c]++;
	}
	pairs_release(&run);
	return VMAP_OK;
}

static void set_m(struct fs_model *model, const struct m_sums *sums)
{
	for (size_t c = 0; c < model->comparison_count; c++) {
		if (!sums->count[c])
			continue;
		for (int l = 0; l < model->cmp[c].level_count; l++)
			model->cmp[c].m[l] = sums->sum[c][l] / sums->count[c];
		model->trained[c] = true;
	}
}

/* The share of true matches an exact rule finds: m of "exact" over its fields. */
static double rule_recall(const struct fs_model *model, const struct block_rule *rule)
{
	double recall = 1;

	for (size_t p = 0; p < rule->part_count; p++) {
		bool found = false;
		if (rule->parts[p].transform != KEY_EXACT)
			return 0;
		for (size_t c = 0; c < model->comparison_count; c++) {
			if (model->cmp[c].field == rule->parts[p].field && model->trained[c]) {
				recall *= model->cmp[c].m[0];
				found = true;
			}
		}
		if (!found)
			return 0;
	}
	return recall;
}

static void set_prior(struct fs_model *model, const struct block_rule *rules, size_t count,
		      struct training *report)
{
	double best = 0;

	for (size_t r = 0; r < count; r++) {
		double recall = rule_recall(model, &rules[r]);
		if (report->rules[r].used && recall > 0.05 && report->rules[r].matches / recall > best)
			best = report->rules[r].matches / recall;
	}
	for (size_t r = 0; best == 0 && r < count; r++)
		if (report->rules[r].matches > best)
			best = report->rules[r].matches;
	if (best == 0) /* EM never ran (tiny input): assume about half the records have a match */
		best = (double)report->records / 2;
	report->estimated_matches = best;
	if (report->possible_pairs > 0 && best > 0)
		model->prior = fmin(best / (double)report->possible_pairs, 0.5);
}

int fs_train_begin(struct fs_model *model, struct record_set *set, enum link_mode mode,
		   unsigned threads, struct training *report, struct vmap_diag *diag)
{
	memset(report, 0, sizeof *report);
	fs_defaults(model);
	report->possible_pairs = (uint64_t)possible_pairs(set, mode);
	report->records = set->count;
	return sample_u(model, set, mode, (double)report->possible_pairs, threads,
			&report->u_sample_pairs, diag);
}

int fs_train_rule(struct fs_model *model, const struct record_set *set, enum link_mode mode,
		  const struct block_rule *rules, size_t r, unsigned threads,
		  struct training *report, struct m_sums *sums, struct vmap_diag *diag)
{
	if (r >= 16)
		return VMAP_OK;
	return train_rule(model, set, mode, rules, r, threads, sums, &report->rules[r], diag);
}

void fs_train_end(struct fs_model *model, const struct block_rule *rules, size_t rule_count,
		  struct training *report, const struct m_sums *sums)
{
	set_m(model, sums);
	set_prior(model, rules, rule_count, report);
	fs_finish(model);
}

int fs_train(struct fs_model *model, struct record_set *set, enum link_mode mode,
	     const struct block_rule *rules, size_t rule_count, unsigned threads,
	     struct training *report, struct vmap_diag *diag)
{
	struct m_sums sums;
	int rc;

	memset(&sums, 0, sizeof sums);
	rc = fs_train_begin(model, set, mode, threads, report, diag);
	for (size_t r = 0; r < rule_count && !rc; r++)
		rc = fs_train_rule(model, set, mode, rules, r, threads, report, &sums, diag);
	if (!rc)
		fs_train_end(model, rules, rule_count, report, &sums);
	return rc;
}
