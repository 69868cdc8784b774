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
#include "records.h"
#include "spec.h"

#include "core/alloc.h"
#include "core/dist.h"
#include "core/parallel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define U_SAMPLE 1000000u
#define TRAIN_PAIRS 3000000u /* EM per rule sees about this many pairs at most */

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
		for (size_t i = 0; i < set->count; i++)
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

/* Every allowed pair, when there are few enough. */
static void count_all_pairs(const struct fs_model *model, const struct record_set *set,
			    enum link_mode mode, struct level_counts *counts)
{
	for (uint32_t i = 0; i < set->count; i++)
		for (uint32_t j = i + 1; j < set->count; j++)
			if (pair_allowed(mode, &set->records[i], &set->records[j]))
				count_pair(model, set, i, j, counts);
}

#define U_STREAMS 16 /* fixed, so the sample does not depend on the thread count */

struct u_job {
	const struct fs_model *model;
	const struct record_set *set;
	enum link_mode mode;
	struct level_counts counts[U_STREAMS];
};

static void sample_stream(struct u_job *job, size_t stream)
{
	uint64_t state = 0x5eed5eedULL + (uint64_t)stream * 0x9e3779b97f4a7c15ULL;
	struct level_counts *counts = &job->counts[stream];
	uint64_t want = U_SAMPLE / U_STREAMS, n = job->set->count;

	for (uint64_t tries = 0; counts->pairs < want && tries < 4 * want; tries++) {
		uint32_t i = (uint32_t)(splitmix64(&state) % n);
		uint32_t j = (uint32_t)(splitmix64(&state) % n);
		if (i != j && pair_allowed(job->mode, &job->set->records[i], &job->set->records[j]))
			count_pair(job->model, job->set, i, j, counts);
	}
}

/* Samples streams [begin, end) (a parallel_job's run); each stream has its own seed. */
static void sample_streams(void *context, unsigned worker, size_t begin, size_t end,
			   atomic_size_t *done)
{
	(void)worker;
	for (size_t stream = begin; stream < end; stream++) {
		if (dist_owns(stream)) /* MPI: stream s on rank s mod ranks; sums below */
			sample_stream(context, stream);
		atomic_fetch_add(done, 1);
	}
}

/* Under MPI each rank samples its streams and the ranks' counts (whole numbers, so exact in
 * any order) are summed on every rank. */
static int sum_over_ranks(struct u_job *j, struct vmap_diag *diag)
{
	enum { PER_STREAM = COMPARISON_MAX * LEVEL_MAX + 1 };
	double *sums;
	int rc;

	if (dist_size() == 1)
		return VMAP_OK;
	sums = alloc_array(U_STREAMS, PER_STREAM * sizeof *sums);
	if (sums)
		for (int s = 0; s < U_STREAMS; s++) {
			memcpy(sums + s * PER_STREAM, j->counts[s].n, sizeof j->counts[s].n);
			sums[s * PER_STREAM + PER_STREAM - 1] = (double)j->counts[s].pairs;
		}
	rc = dist_sum_double(sums, sums ? U_STREAMS * PER_STREAM : 0,
			     sums ? VMAP_OK : diag_nomem(diag, "sampling pairs"), diag);
	for (int s = 0; s < U_STREAMS && !rc; s++) {
		memcpy(j->counts[s].n, sums + s * PER_STREAM, sizeof j->counts[s].n);
		j->counts[s].pairs = (uint64_t)sums[s * PER_STREAM + PER_STREAM - 1];
	}
	free(sums);
	return rc;
}

static int count_random_pairs(const struct fs_model *model, const struct record_set *set,
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
	parallel_run(&job);
	if (sum_over_ranks(j, diag)) {
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

static int sample_u(struct fs_model *model, const struct record_set *set, enum link_mode mode,
		    double possible, unsigned threads, uint64_t *sampled, struct vmap_diag *diag)
{
	struct level_counts counts;

	memset(&counts, 0, sizeof counts);
	if (possible <= U_SAMPLE)
		count_all_pairs(model, set, mode, &counts);
	else if (count_random_pairs(model, set, mode, threads, &counts, diag))
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
	memset(run, 0, sizeof *run);
	run->set = set;
	run->model = model;
	run->mode = mode;
	run->rules = rules;
	run->rule = r;
	run->task = TASK_PATTERNS;
	run->threads = threads;
	run->block_stride = (size_t)(rule_pair_count(&rules[r], set, mode) / TRAIN_PAIRS) + 1;
	return pairs_run(run, diag);
}

struct m_sums {
	double sum[COMPARISON_MAX][LEVEL_MAX];
	int count[COMPARISON_MAX];
};

static int train_rule(struct fs_model *model, const struct record_set *set, enum link_mode mode,
		      const struct block_rule *rules, size_t r, unsigned threads, struct m_sums *sums,
		      struct rule_training *report, struct vmap_diag *diag)
{
	double m[COMPARISON_MAX][LEVEL_MAX];
	uint32_t active = active_mask(model, &rules[r]);
	struct pair_run run;
	int rc = collect_patterns(model, set, mode, rules, r, threads, &run, diag);

	report->pairs = rule_pair_count(&rules[r], set, mode);
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

int fs_train(struct fs_model *model, const struct record_set *set, enum link_mode mode,
	     const struct block_rule *rules, size_t rule_count, unsigned threads,
	     struct training *report, struct vmap_diag *diag)
{
	struct m_sums sums;
	int rc = VMAP_OK;

	memset(&sums, 0, sizeof sums);
	memset(report, 0, sizeof *report);
	fs_defaults(model);
	report->possible_pairs = (uint64_t)possible_pairs(set, mode);
	report->records = set->count;
	rc = sample_u(model, set, mode, (double)report->possible_pairs, threads,
		      &report->u_sample_pairs, diag);
	if (rc)
		return rc;
	for (size_t r = 0; r < rule_count && r < 16 && !rc; r++)
		rc = train_rule(model, set, mode, rules, r, threads, &sums, &report->rules[r], diag);
	if (rc)
		return rc;
	set_m(model, &sums);
	set_prior(model, rules, rule_count, report);
	fs_finish(model);
	return VMAP_OK;
}
