/*
 * pairs.c - walking the candidate pairs of one blocking rule on several threads.
 *
 * The blocks are split over the workers of core/parallel (a fixed split: worker w of T walks
 * a contiguous range of blocks). Each worker keeps its own results (pattern counts, or kept
 * pairs and a weight histogram) and they are merged in worker order at the end, so the walk
 * takes no lock per pair. The order of kept pairs depends on the thread count; callers sort
 * them.
 */
#include "pairs.h"

#include "blocking.h"
#include "compare_fields.h"
#include "fellegi_sunter.h"
#include "records.h"

#include "core/alloc.h"
#include "core/parallel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct worker {
	struct pair_run *run;
	struct pattern_table patterns;
	struct scored_pair *kept;
	size_t kept_count, kept_capacity;
	uint64_t compared;
	uint64_t histogram[HIST_BINS];
	bool failed;
};

/* True when an earlier rule put both records in one of its blocks (and so made the pair). */
static bool covered_earlier(const struct pair_run *run, uint32_t i, uint32_t j)
{
	const uint32_t *bi = run->block_index + (size_t)i * run->rule_count;
	const uint32_t *bj = run->block_index + (size_t)j * run->rule_count;

	for (size_t k = 0; k < run->rule; k++)
		if (bi[k] != NO_BLOCK && bi[k] == bj[k])
			return true;
	return false;
}

static void keep(struct worker *w, uint32_t i, uint32_t j, double weight, gamma_t g)
{
	void *kept = w->kept;

	if (grow_array(&kept, &w->kept_capacity, w->kept_count + 1, sizeof *w->kept)) {
		w->failed = true;
		return;
	}
	w->kept = kept;
	w->kept[w->kept_count++] = (struct scored_pair){i, j, weight, g};
}

static void score(struct worker *w, uint32_t i, uint32_t j, gamma_t g)
{
	double weight = fs_pair_weight(w->run->model, g, &w->run->set->records[i]);
	long bin = lround(weight) - HIST_MIN;

	bin = bin < 0 ? 0 : bin >= HIST_BINS ? HIST_BINS - 1 : bin;
	w->histogram[bin]++;
	if (weight >= w->run->keep_weight)
		keep(w, i, j, weight, g);
}

static void visit_pair(struct worker *w, uint32_t i, uint32_t j)
{
	const struct pair_run *run = w->run;
	const struct record *a = &run->set->records[i], *b = &run->set->records[j];
	gamma_t g;

	if (!pair_allowed(run->mode, a, b))
		return;
	if (run->skip_earlier && covered_earlier(run, i, j))
		return;
	g = fs_gamma(run->model, a, b);
	w->compared++;
	if (run->task == TASK_PATTERNS) {
		if (patterns_add(&w->patterns, g, 1))
			w->failed = true;
	} else {
		score(w, i, j, g);
	}
}

/* The starts of the blocks walked: as refined, or before refining. */
static const size_t *starts_of(const struct block_rule *rule, bool unrefined, size_t *count)
{
	*count = unrefined ? rule->train_block_count : rule->block_count;
	return unrefined ? rule->train_starts : rule->block_starts;
}

static void walk_block(struct worker *w, size_t block)
{
	const struct block_rule *rule = &w->run->rules[w->run->rule];
	size_t count;
	const size_t *starts = starts_of(rule, w->run->unrefined, &count);
	size_t start = starts[block], end = starts[block + 1];

	for (size_t a = start; a + 1 < end && !w->failed; a++)
		for (size_t b = a + 1; b < end; b++)
			visit_pair(w, rule->order[a], rule->order[b]);
}

/* Walks blocks [begin, end) of the rule as worker `worker` (a parallel_job's run). */
static void walk_blocks(void *context, unsigned worker, size_t begin, size_t end,
			atomic_size_t *done)
{
	struct worker *w = (struct worker *)context + worker;
	size_t stride = w->run->block_stride > 1 ? w->run->block_stride : 1, count;
	const struct block_rule *rule = &w->run->rules[w->run->rule];
	const size_t *starts = starts_of(rule, w->run->unrefined, &count);

	size_t first = !rule->local ? 0 : w->run->unrefined ? rule->train_first : rule->block_first;

	for (size_t b = begin; b < end && !w->failed; b++) {
		if ((first + b) % stride == 0 && pairs_block_owned(rule, starts[b]))
			walk_block(w, b);
		atomic_fetch_add(done, 1);
	}
}

static int merge(struct pair_run *run, struct worker *w)
{
	if (w->failed || patterns_merge(&run->patterns, &w->patterns))
		return -1;
	if (w->kept_count) {
		void *kept = realloc_array(run->kept, run->kept_count + w->kept_count,
					   sizeof *run->kept);
		if (!kept)
			return -1;
		run->kept = kept;
		memcpy(run->kept + run->kept_count, w->kept, w->kept_count * sizeof *w->kept);
		run->kept_count += w->kept_count;
	}
	run->compared += w->compared;
	for (size_t b = 0; b < HIST_BINS; b++)
		run->histogram[b] += w->histogram[b];
	return 0;
}

static void release_worker(struct worker *w)
{
	patterns_release(&w->patterns);
	free(w->kept);
}

int pairs_run(struct pair_run *run, struct vmap_diag *diag)
{
	unsigned threads = run->threads ? run->threads : parallel_cores();
	struct worker *workers = alloc_array(threads, sizeof *workers);
	struct parallel_job job = {walk_blocks, workers, 0, threads, NULL, NULL};
	bool failed = false;

	starts_of(&run->rules[run->rule], run->unrefined, &job.count);
	if (!workers)
		return pairs_exchange(run, diag_nomem(diag, "comparing pairs"), diag);
	for (unsigned t = 0; t < threads; t++)
		workers[t].run = run;
	parallel_run(&job);
	for (unsigned t = 0; t < threads; t++) {
		if (!failed && merge(run, &workers[t]))
			failed = true;
		release_worker(&workers[t]);
	}
	free(workers);
	for (size_t p = 0; run->global_of && p < run->kept_count; p++) { /* order kept: rising */
		run->kept[p].left = run->global_of[run->kept[p].left];
		run->kept[p].right = run->global_of[run->kept[p].right];
	}
	return pairs_exchange(run, failed ? diag_nomem(diag, "comparing pairs") : VMAP_OK, diag);
}

static uint64_t block_pairs(const struct block_rule *rule, const struct record_set *set,
			    enum link_mode mode, const size_t *starts, size_t block,
			    uint64_t *per_dataset)
{
	size_t start = starts[block], end = starts[block + 1];
	uint64_t n = end - start, within = 0;

	if (mode != MODE_LINK_ONLY)
		return n * (n - 1) / 2;
	for (size_t i = start; i < end; i++)
		per_dataset[set->records[rule->order[i]].dataset]++;
	for (size_t i = start; i < end; i++) {
		uint64_t *k = &per_dataset[set->records[rule->order[i]].dataset];
		within += *k * (*k - 1) / 2;
		*k = 0;
	}
	return n * (n - 1) / 2 - within;
}

uint64_t rule_pair_count(const struct block_rule *rule, const struct record_set *set,
			 enum link_mode mode, bool unrefined)
{
	uint64_t *per_dataset = alloc_array(set->dataset_count + 1, sizeof *per_dataset);
	uint64_t total = 0;
	size_t count;
	const size_t *starts = starts_of(rule, unrefined, &count);

	if (!per_dataset)
		return rule_pairs_summed(rule, RULE_PAIRS_NOMEM);
	for (size_t b = 0; b < count; b++)
		total += block_pairs(rule, set, mode, starts, b, per_dataset);
	free(per_dataset);
	return rule_pairs_summed(rule, total);
}

void pairs_release(struct pair_run *run)
{
	patterns_release(&run->patterns);
	free(run->kept);
	run->kept = NULL;
	run->kept_count = 0;
}
