/*
 * linker_share.c - a link run when each MPI rank holds only its share of the records
 * (issue 18; record_share.h holds the records, this file the steps).
 *
 * Blocks are owned by RANGE of their key (dist_owner: rank r the r-th 1/N of the 64-bit key
 * space), so each rank's blocks, sorted by key, taken rank by rank, are one process's blocks
 * in its order: a block's number is the blocks of the ranks before (an exclusive prefix sum)
 * plus its number on its rank. For each rule, each rank computes its home records' keys and
 * sends each record to the rank its key belongs to (an all-to-all); that rank runs the
 * one-process blocking on its visit set (sort by key then record, refine, drop), so its blocks
 * are one process's. Then:
 *
 * - pass one, rule by rule: EM's patterns on every train_stride-th block by its number over
 *   all ranks (rule_pair_count sums the pairs), and each record's block number sent back to
 *   its home rank; u was sampled before from pairs whose records are fetched by index;
 * - pass two, rule by rule (the model known): the records of pass one's blocks of two or
 *   more travel again, carrying their block numbers under the earlier rules, so "an earlier
 *   rule made this pair" is tested as one process tests it, and the rule's own, from which
 *   the blocks are put together again without blocking again (share_blocks.h); scored pairs
 *   go to rank 0, which then fetches the records of the kept pairs and clusters with one
 *   process's code.
 *
 * Term frequencies are counted per rank and added up by value (tf_compute_share). The
 * records travel once a pass so that a rank never holds more than one rule's share of
 * visiting records. Counts reported per rule are summed over the ranks.
 */
#include "linker.h"

#include "record_share.h"
#include "share_blocks.h"
#include "tf.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/dist.h"

#include <stdlib.h>
#include <string.h>

/* What a rule reports, summed over the ranks after pass one. */
struct rule_totals {
	uint64_t block_count, blocks_skipped, pairs_skipped, blocks_refined, pairs_refined_away;
};

struct share_run {
	vmap_linker *l;
	uint32_t *dest;        /* per home record: the rank its key under the rule belongs to */
	uint32_t *home_blocks; /* per home record and rule: its block number, or NO_BLOCK */
	struct rule_totals totals[RULE_MAX];
	struct share_blocks kept[RULE_MAX]; /* where each rank's block numbers start, per rule */
	struct m_sums sums;
};

/* Where each home record goes under rule r: its key's owner, or nowhere without a key. */
static void plan_dest(struct share_run *run, const struct block_rule *rule)
{
	const struct record_set *home = &run->l->set.share->home;

	for (size_t i = 0; i < home->count; i++) {
		uint64_t key = block_key(rule, &home->records[i]);
		run->dest[i] = key ? dist_owner(key) : SHARE_NOWHERE;
	}
}

/* Sends rule r's records to their blocks' ranks (with `extra` block numbers under the
 * earlier rules in pass two) and prepares the rule there. */
static int prepare_rule(struct share_run *run, size_t r, size_t extra, int status)
{
	vmap_linker *l = run->l;
	struct block_rule *rule = &l->rules[r];
	uint64_t first = 0;
	int rc;

	plan_dest(run, rule);
	rc = share_send(&l->set, run->dest, run->home_blocks, extra, l->rule_count, l->rule_count,
			status, &l->diag);
	rule->refine_above = l->settings.refine_block;
	rule->blocks_skipped = rule->blocks_refined = 0;
	rule->pairs_skipped = rule->pairs_refined_away = 0;
	dist_note_records(l->set.share->home.count, l->set.share->visitors);
	if (!rc)
		rc = blocking_prepare(rule, &l->set.share->visit, l->settings.max_block, &l->diag);
	rule->local = true;
	rc = dist_exscan_u64(rc ? 0 : rule->block_count, &first, NULL, rc, &l->diag);
	rule->block_first = (size_t)first;
	rc = dist_exscan_u64(rc ? 0 : rule->train_block_count, &first, NULL, rc, &l->diag);
	rule->train_first = (size_t)first;
	return rc;
}

/* The rule's counts summed over the ranks, kept for the report. */
static int total_rule(struct share_run *run, size_t r, int status)
{
	const struct block_rule *rule = &run->l->rules[r];
	uint64_t v[5] = {rule->block_count, rule->blocks_skipped, rule->pairs_skipped,
			 rule->blocks_refined, rule->pairs_refined_away};
	int rc = dist_sum_u64(v, 5, status, &run->l->diag);

	run->totals[r] = (struct rule_totals){v[0], v[1], v[2], v[3], v[4]};
	return rc;
}

/* Each record's block number under rule r (NO_BLOCK alone in its block), sent back to its
 * home rank, and where each rank's numbers start, for pass two. */
static int send_blocks_home(struct share_run *run, size_t r, int status)
{
	vmap_linker *l = run->l;
	const struct block_rule *rule = &l->rules[r];
	size_t n = l->set.share->visit.count;
	uint32_t *block_of = status ? NULL : alloc_array(n + 1, sizeof *block_of);
	int rc = status || block_of ? status : diag_nomem(&l->diag, "blocking");

	if (!rc)
		share_blocks_number(rule, n, block_of);
	rc = share_blocks_place(&run->kept[r], rc ? 0 : rule->block_count, rc, &l->diag);
	rc = share_reply(&l->set, run->dest, block_of, run->home_blocks, l->rule_count, r, rc,
			 &l->diag);
	free(block_of);
	return rc;
}

/* The rule's report as one process makes it, its blocks released, its visitors gone. */
static void finish_rule(struct share_run *run, size_t r)
{
	struct block_rule *rule = &run->l->rules[r];
	const struct rule_totals *t = &run->totals[r];

	blocking_release(rule);
	rule->local = false;
	rule->block_count = (size_t)t->block_count;
	rule->blocks_skipped = (size_t)t->blocks_skipped;
	rule->pairs_skipped = t->pairs_skipped;
	rule->blocks_refined = (size_t)t->blocks_refined;
	rule->pairs_refined_away = t->pairs_refined_away;
	share_clear(&run->l->set);
}

/* Pass one: every rule blocked, trained on (unless the model was loaded), and each record's
 * block number sent home. */
static int pass_one(struct share_run *run)
{
	vmap_linker *l = run->l;
	int rc = VMAP_OK;

	for (size_t r = 0; r < l->rule_count; r++) {
		linker_progress(l, "blocking and training: rule %zu of %zu (%s)", r + 1,
				l->rule_count, l->rules[r].name);
		rc = prepare_rule(run, r, 0, rc);
		rc = total_rule(run, r, rc);
		if (!rc && !l->model_loaded)
			rc = dist_agree(fs_train_rule(&l->model, &l->set.share->visit, l->settings.mode,
						      l->rules,
						      r, l->settings.threads, &l->training,
						      &run->sums, &l->diag), &l->diag);
		rc = send_blocks_home(run, r, rc);
		finish_rule(run, r);
	}
	return rc;
}

/* Pass two's rule r: the records of its blocks of two or more go to the ranks holding them,
 * carrying their block numbers under the earlier rules and this one, and the blocks are put
 * together again from the numbers (share_blocks.h). */
static int send_kept_rule(struct share_run *run, size_t r, int status)
{
	vmap_linker *l = run->l;
	const struct record_share *s = l->set.share;
	int rc;

	for (size_t i = 0; !status && i < s->home.count; i++) {
		uint32_t block = run->home_blocks[i * l->rule_count + r];
		run->dest[i] = block == NO_BLOCK ? SHARE_NOWHERE
						 : share_blocks_owner(&run->kept[r], block);
	}
	rc = share_send(&l->set, run->dest, run->home_blocks, r + 1, l->rule_count, l->rule_count,
			status, &l->diag);
	dist_note_records(s->home.count, s->visitors);
	if (!rc)
		rc = share_blocks_rebuild(&run->kept[r], &l->rules[r], s->visit_extra + r,
					  l->rule_count, s->visit.count, &l->diag);
	return rc;
}

/* Pass two: every rule's pairs scored; the kept ones end on rank 0. */
static int pass_two(struct share_run *run)
{
	vmap_linker *l = run->l;
	double start = clock_seconds();
	int rc = VMAP_OK;

	for (size_t r = 0; r < l->rule_count; r++) {
		linker_progress(l, "scoring pairs: rule %zu of %zu (%s)", r + 1, l->rule_count,
				l->rules[r].name);
		rc = send_kept_rule(run, r, rc);
		if (!rc)
			rc = linker_score_rule(l, &l->set.share->visit, r, l->set.share->visit_extra,
					       l->set.share->visit_global);
		finish_rule(run, r);
	}
	l->seconds_compare = clock_seconds() - start;
	if (!rc && l->pair_count)
		pairs_sort(l->pairs, l->pair_count);
	return rc;
}

/* Rank 0 fetches the records of the kept pairs that other ranks hold, for clustering and
 * writing (set_record finds them, and its own); the other ranks fetch nothing. */
static int fetch_pair_records(vmap_linker *l, int status)
{
	uint32_t *wanted = alloc_array(2 * l->pair_count + 1, sizeof *wanted);
	int rc;

	for (size_t p = 0; wanted && p < l->pair_count; p++) {
		wanted[2 * p] = l->pairs[p].left;
		wanted[2 * p + 1] = l->pairs[p].right;
	}
	rc = table_fetch(&l->set, wanted, wanted ? 2 * l->pair_count : 0,
			 wanted || status ? status : diag_nomem(&l->diag, "clustering"), &l->diag);
	free(wanted);
	return rc;
}

static int allocate_run(struct share_run *run)
{
	vmap_linker *l = run->l;
	size_t home = l->set.share->home.count;

	run->dest = alloc_array(home + 1, sizeof *run->dest);
	run->home_blocks = alloc_array(home * l->rule_count + 1, sizeof *run->home_blocks);
	if (!run->dest || !run->home_blocks)
		return diag_nomem(&l->diag, "blocking");
	for (size_t i = 0; i < home * l->rule_count; i++)
		run->home_blocks[i] = NO_BLOCK;
	return VMAP_OK;
}

static void release_run(struct share_run *run)
{
	for (size_t r = 0; r < RULE_MAX; r++)
		share_blocks_release(&run->kept[r]);
	free(run->dest);
	free(run->home_blocks);
}

/* Term frequencies and u (unless the model was loaded): what pass one's EM needs first. */
static int begin_model(vmap_linker *l, int status)
{
	int rc = status;

	if (!rc && l->model.use_tf)
		rc = tf_compute_share(&l->set, &l->diag);
	if (rc)
		return rc;
	if (l->model_loaded) {
		l->training.possible_pairs = (uint64_t)possible_pairs(&l->set, l->settings.mode);
		return VMAP_OK;
	}
	return fs_train_begin(&l->model, &l->set, l->settings.mode, l->settings.threads,
			      &l->training, &l->diag);
}

static void end_model(vmap_linker *l, const struct share_run *run)
{
	if (!l->model_loaded)
		fs_train_end(&l->model, l->rules, l->rule_count, &l->training, &run->sums);
	if (l->settings.prior > 0) {
		l->model.prior = l->settings.prior;
		fs_finish(&l->model);
	}
}

int linker_run_share(vmap_linker *l)
{
	struct share_run *run = alloc_array(1, sizeof *run);
	double stage = clock_seconds();
	int rc = run ? linker_choose_rules(l) : diag_nomem(&l->diag, "blocking");

	if (!rc) {
		run->l = l;
		rc = allocate_run(run);
	}
	rc = dist_agree(rc, &l->diag);
	rc = begin_model(l, rc);
	l->seconds_training = clock_seconds() - stage;
	if (!rc)
		rc = pass_one(run);
	l->seconds_blocking = clock_seconds() - stage - l->seconds_training;
	if (!rc) {
		linker_warn_skipped(l);
		end_model(l, run);
		rc = pass_two(run);
	}
	rc = fetch_pair_records(l, rc);
	if (run)
		release_run(run);
	free(run);
	return rc;
}
