/*
 * write_link.c - the outputs of a linkage run, written together atomically:
 *   clusters.csv          dataset,record_id,cluster_id for every record (singletons too)
 *   pairs.csv             scored pairs at or above the pairs threshold, best first, with each
 *                         comparison's level and weight
 *   linkmodel.json        the trained model (comparisons, levels, m, u, weights, prior, rules)
 *   linkage-summary.json  counts per dataset and field, per blocking rule, the match-weight
 *                         histogram and the cluster sizes
 */
#include "linker.h"

#include "core/alloc.h"
#include "core/dist.h"
#include "core/json_out.h"
#include "core/outset.h"
#include "core/strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void write_clusters(const vmap_linker *l, struct strbuf *sb)
{
	strbuf_adds(sb, "dataset,record_id,cluster_id\n");
	for (size_t i = 0; i < l->set.count; i++) {
		strbuf_add_csv_field(sb, l->specs[set_dataset(&l->set, i)].id);
		strbuf_adds(sb, ",");
		strbuf_add_csv_field(sb, set_record_id(&l->set, i));
		strbuf_addf(sb, ",%u\n", l->cluster[i]);
	}
}

/* A pairs header: the ids, the `fixed` columns, then two columns per comparison, the field's
 * name with suffix_a and with suffix_b (first_name_level,first_name_weight). */
static void pair_header(const vmap_linker *l, struct strbuf *sb, const char *fixed,
			const char *suffix_a, const char *suffix_b)
{
	strbuf_adds(sb, "dataset_l,record_id_l,dataset_r,record_id_r,");
	strbuf_adds(sb, fixed);
	for (size_t c = 0; c < l->model.comparison_count; c++) {
		const char *name = field_names[l->model.cmp[c].field];
		strbuf_addf(sb, ",%s%s,%s%s", name, suffix_a, name, suffix_b);
	}
	strbuf_adds(sb, "\n");
}

static void pairs_header(const vmap_linker *l, struct strbuf *sb)
{
	pair_header(l, sb, "match_weight,match_probability", "_level", "_weight");
}

/* The four id columns of a pair, with the comma after them. */
static void pair_ids(const vmap_linker *l, const struct scored_pair *p, struct strbuf *sb)
{
	strbuf_add_csv_field(sb, l->specs[set_dataset(&l->set, p->left)].id);
	strbuf_adds(sb, ",");
	strbuf_add_csv_field(sb, set_record_id(&l->set, p->left));
	strbuf_adds(sb, ",");
	strbuf_add_csv_field(sb, l->specs[set_dataset(&l->set, p->right)].id);
	strbuf_adds(sb, ",");
	strbuf_add_csv_field(sb, set_record_id(&l->set, p->right));
	strbuf_adds(sb, ",");
}

/* `value` with `decimals` places (printf's %.Nf is a fifth of the run on big outputs). */
static void add_fixed(struct strbuf *sb, double value, int decimals)
{
	char text[48];
	unsigned long long scale = 1, n, whole, part;
	size_t at = sizeof text;

	for (int d = 0; d < decimals; d++)
		scale *= 10;
	if (!isfinite(value) || fabs(value) * (double)scale >= 1e18) {
		snprintf(text, sizeof text, "%.*f", decimals, value);
		strbuf_adds(sb, text);
		return;
	}
	n = (unsigned long long)llround(fabs(value) * (double)scale);
	whole = n / scale;
	part = n % scale;
	for (int d = 0; d < decimals; d++, part /= 10)
		text[--at] = (char)('0' + part % 10);
	text[--at] = '.';
	do
		text[--at] = (char)('0' + whole % 10);
	while ((whole /= 10) > 0);
	if (value < 0 && n > 0)
		text[--at] = '-';
	strbuf_add(sb, text + at, sizeof text - at);
}

static void add_number(struct strbuf *sb, double value)
{
	add_fixed(sb, value, 4);
}

static void pair_row(const vmap_linker *l, const struct scored_pair *p, struct strbuf *sb)
{
	/* encoded runs compare no fields (and hold no record whole) */
	const struct record *a = l->model.comparison_count ? set_record(&l->set, p->left) : NULL;
	char name[48];

	pair_ids(l, p, sb);
	add_number(sb, p->weight);
	strbuf_adds(sb, ",");
	add_fixed(sb, fs_probability(p->weight), 6);
	for (size_t c = 0; c < l->model.comparison_count; c++) {
		int level = gamma_level(p->gamma, c);
		if (level == LEVEL_MISSING) {
			strbuf_adds(sb, ",missing,0");
			continue;
		}
		comparison_level_name(&l->model.cmp[c], level, name, sizeof name);
		strbuf_adds(sb, ",");
		strbuf_add_csv_field(sb, name);
		strbuf_adds(sb, ",");
		add_number(sb, fs_comparison_weight(&l->model, c, p->gamma, a));
	}
	strbuf_adds(sb, "\n");
}

static void write_pairs(const vmap_linker *l, struct strbuf *sb)
{
	double min = weight_of_probability(l->settings.pairs_threshold);

	pairs_header(l, sb);
	for (size_t p = 0; p < l->pair_count; p++)
		if (l->pairs[p].weight >= min)
			pair_row(l, &l->pairs[p], sb);
}

/* review.csv: pairs within REVIEW_BITS of the threshold, both records' standardised values
 * side by side, for a person to decide. It shows the data's values (the analyst's own data);
 * no other output or message does. */
#define REVIEW_BITS 4.0

static void review_header(const vmap_linker *l, struct strbuf *sb)
{
	pair_header(l, sb, "match_probability,same_cluster", "_l", "_r");
}

static void add_value(struct strbuf *sb, const struct record *r, enum field f)
{
	char text[1024];

	strbuf_adds(sb, ",");
	if (!r->value[f])
		return;
	snprintf(text, sizeof text, "%.*s", (int)r->length[f], r->value[f]);
	strbuf_add_csv_field(sb, text);
}

static void write_review(const vmap_linker *l, struct strbuf *sb)
{
	double t = weight_of_probability(l->settings.threshold);

	review_header(l, sb);
	for (size_t p = 0; p < l->pair_count; p++) {
		const struct scored_pair *q = &l->pairs[p];
		const struct record *a, *b;
		if (!(fabs(q->weight - t) <= REVIEW_BITS))
			continue;
		a = set_record(&l->set, q->left);
		b = set_record(&l->set, q->right);
		pair_ids(l, q, sb);
		add_fixed(sb, fs_probability(q->weight), 6);
		strbuf_adds(sb, l->cluster[q->left] == l->cluster[q->right] ? ",yes" : ",no");
		for (size_t c = 0; c < l->model.comparison_count; c++) {
			add_value(sb, a, l->model.cmp[c].field);
			add_value(sb, b, l->model.cmp[c].field);
		}
		strbuf_adds(sb, "\n");
	}
}

static const char *mode_name(enum link_mode mode)
{
	return mode == MODE_DEDUPE ? "dedupe" : mode == MODE_LINK_ONLY ? "link_only"
								       : "link_and_dedupe";
}

static void add_comparisons(struct json_out *j, cJSON *parent, const struct fs_model *m)
{
	cJSON *list = json_add_array(j, parent, "comparisons");

	for (size_t c = 0; c < m->comparison_count; c++) {
		cJSON *item = json_add_object(j, list, NULL), *levels;
		json_add_string(j, item, "field", field_names[m->cmp[c].field]);
		json_add_bool(j, item, "m_trained", m->trained[c]);
		if (comparison_has_jw(&m->cmp[c])) {
			cJSON *jw = json_add_array(j, item, "jaro_winkler");
			json_add_number(j, jw, NULL, m->cmp[c].jw[0]);
			json_add_number(j, jw, NULL, m->cmp[c].jw[1]);
		}
		levels = json_add_array(j, item, "levels");
		for (int lv = 0; lv < m->cmp[c].level_count; lv++) {
			cJSON *level = json_add_object(j, levels, NULL);
			char name[48];
			comparison_level_name(&m->cmp[c], lv, name, sizeof name);
			json_add_string(j, level, "level", name);
			json_add_number(j, level, "m", m->cmp[c].m[lv]);
			json_add_number(j, level, "u", m->cmp[c].u[lv]);
			json_add_number(j, level, "weight", m->weight[c][lv]);
		}
	}
}

static void add_rule_parts(struct json_out *j, cJSON *item, const struct block_rule *rule)
{
	cJSON *parts = json_add_array(j, item, "parts");

	for (size_t p = 0; p < rule->part_count; p++) {
		cJSON *part = json_add_object(j, parts, NULL);
		json_add_string(j, part, "field", field_names[rule->parts[p].field]);
		json_add_string(j, part, "key", key_transform_names[rule->parts[p].transform]);
	}
}

static void write_model(const vmap_linker *l, struct json_out *j)
{
	cJSON *rules;

	json_add_number(j, j->root, "linkmodel_version", 1);
	json_add_string(j, j->root, "mode", mode_name(l->settings.mode));
	json_add_number(j, j->root, "probability_two_random_records_match", l->model.prior);
	json_add_number(j, j->root, "prior_weight", l->model.prior_weight);
	json_add_number(j, j->root, "threshold", l->settings.threshold);
	add_comparisons(j, j->root, &l->model);
	rules = json_add_array(j, j->root, "blocking_rules");
	for (size_t r = 0; r < l->rule_count; r++) {
		cJSON *item = json_add_object(j, rules, NULL);
		json_add_string(j, item, "name", l->rules[r].name);
		add_rule_parts(j, item, &l->rules[r]);
	}
}

static void add_datasets(const vmap_linker *l, struct json_out *j)
{
	cJSON *list = json_add_array(j, j->root, "datasets");

	for (size_t d = 0; d < l->spec_count; d++) {
		cJSON *item = json_add_object(j, list, NULL), *fields;
		size_t records = 0;
		for (size_t i = 0; i < l->set.count; i++)
			records += set_dataset(&l->set, i) == d;
		json_add_string(j, item, "id", l->specs[d].id);
		json_add_number(j, item, "records", (double)records);
		fields = json_add_object(j, item, "fields");
		for (int f = 0; f < FIELD_COUNT; f++) {
			const struct field_counts *c = &l->set.counts[d][f];
			cJSON *fc;
			if (!l->specs[d].fields[f].present)
				continue;
			fc = json_add_object(j, fields, field_names[f]);
			json_add_number(j, fc, "present", (double)c->present);
			json_add_number(j, fc, "missing", (double)c->missing);
			json_add_number(j, fc, "unreadable", (double)c->unreadable);
			if (f == FIELD_DOB)
				json_add_number(j, fc, "implausible", (double)c->implausible);
		}
	}
}

static void add_blocking(const vmap_linker *l, struct json_out *j)
{
	cJSON *list = json_add_array(j, j->root, "blocking_rules");

	for (size_t r = 0; r < l->rule_count; r++) {
		const struct block_rule *rule = &l->rules[r];
		const struct rule_training *t = &l->training.rules[r];
		cJSON *item = json_add_object(j, list, NULL);
		json_add_string(j, item, "rule", rule->name);
		json_add_number(j, item, "pairs_in_blocks", (double)t->pairs);
		json_add_number(j, item, "new_pairs", (double)rule->pairs_generated);
		json_add_number(j, item, "blocks", (double)rule->block_count);
		json_add_number(j, item, "blocks_skipped_as_too_large", (double)rule->blocks_skipped);
		json_add_number(j, item, "pairs_skipped", (double)rule->pairs_skipped);
		json_add_number(j, item, "blocks_refined", (double)rule->blocks_refined);
		json_add_number(j, item, "pairs_refined_away", (double)rule->pairs_refined_away);
		json_add_bool(j, item, "em_trained", t->used);
		json_add_number(j, item, "em_match_share", t->lambda);
		json_add_number(j, item, "em_iterations", t->iterations);
	}
}

static void add_histogram(const vmap_linker *l, struct json_out *j)
{
	cJSON *list = json_add_array(j, j->root, "match_weight_histogram");

	for (size_t b = 0; b < HIST_BINS; b++) {
		cJSON *item;
		if (!l->histogram[b])
			continue;
		item = json_add_object(j, list, NULL);
		json_add_number(j, item, "weight", (double)((long)b + HIST_MIN));
		json_add_number(j, item, "pairs", (double)l->histogram[b]);
	}
}

static int add_cluster_sizes(const vmap_linker *l, struct json_out *j)
{
	size_t *sizes = alloc_array(l->cluster_count + 1, sizeof *sizes);
	size_t *by_size = alloc_array(l->set.count + 1, sizeof *by_size);
	cJSON *list;

	if (!sizes || !by_size) {
		free(sizes);
		free(by_size);
		return -1;
	}
	for (size_t i = 0; i < l->set.count; i++)
		sizes[l->cluster[i]]++;
	for (size_t c = 1; c <= l->cluster_count; c++)
		by_size[sizes[c]]++;
	list = json_add_array(j, j->root, "cluster_sizes");
	for (size_t s = 1; s <= l->set.count; s++) {
		cJSON *item;
		if (!by_size[s])
			continue;
		item = json_add_object(j, list, NULL);
		json_add_number(j, item, "size", (double)s);
		json_add_number(j, item, "clusters", (double)by_size[s]);
	}
	free(sizes);
	free(by_size);
	return 0;
}

static void add_totals(const vmap_linker *l, struct json_out *j)
{
	vmap_link_stats s = vmap_linker_stats(l);
	cJSON *t = json_add_object(j, j->root, "totals");

	json_add_string(j, t, "mode", mode_name(l->settings.mode));
	json_add_number(j, t, "records", (double)s.records);
	json_add_number(j, t, "possible_pairs", (double)l->training.possible_pairs);
	json_add_number(j, t, "u_sample_pairs", (double)l->training.u_sample_pairs);
	json_add_number(j, t, "comparisons", (double)s.comparisons);
	json_add_number(j, t, "estimated_matching_pairs", l->training.estimated_matches);
	json_add_number(j, t, "pairs_at_or_above_threshold", (double)s.matched_pairs);
	json_add_number(j, t, "clusters", (double)s.clusters);
	json_add_number(j, t, "clusters_chaining_unrelated_records", (double)l->chains_found);
	json_add_number(j, t, "chained_clusters_split", (double)l->chains_split);
	json_add_number(j, t, "clusters_too_large_to_split", (double)l->chains_unchecked);
	json_add_number(j, t, "cluster_merges_refused", (double)l->merges_refused);
	json_add_number(j, t, "threshold", l->settings.threshold);
	json_add_string(j, t, "threshold_chosen_by", l->threshold_from_model ? "expected_f1" : "given");
	json_add_number(j, t, "threads", s.threads);
	json_add_number(j, t, "seconds_total", s.seconds_total);
	json_add_number(j, t, "seconds_comparing", s.seconds_compare);
	json_add_number(j, t, "seconds_blocking", l->seconds_blocking);
	json_add_number(j, t, "seconds_training", l->seconds_training);
	json_add_number(j, t, "seconds_clustering", l->seconds_clustering);
}

static cJSON *add_quality(struct json_out *j, cJSON *parent, const char *name,
			  const struct quality *q)
{
	cJSON *o = json_add_object(j, parent, name);

	json_add_number(j, o, "precision", q->precision);
	json_add_number(j, o, "recall", q->recall);
	json_add_number(j, o, "f1", q->f1);
	return o;
}

static void add_curve(struct json_out *j, cJSON *parent, const struct curve_point *points,
		      bool labelled)
{
	cJSON *curve = json_add_array(j, parent, "precision_recall_curve");

	for (size_t k = 0; k < CURVE_POINTS; k++) {
		cJSON *o = add_quality(j, curve, NULL, &points[k].q);
		json_add_number(j, o, "threshold", points[k].threshold);
		json_add_number(j, o, "pairs", (double)points[k].pairs);
		if (labelled)
			json_add_number(j, o, "true_pairs", (double)points[k].true_pairs);
	}
}

/* The model's own expectation, and the measured quality when labels were given. */
static void add_evaluation(const vmap_linker *l, struct json_out *j)
{
	const struct evaluation *e = &l->evaluation;
	cJSON *x = json_add_object(j, j->root, "expected_quality");
	cJSON *best, *m;

	json_add_number(j, x, "expected_matching_pairs_scored", e->expected_matches);
	add_quality(j, x, "at_threshold", &e->expected);
	best = add_quality(j, x, "best", &e->expected_best);
	json_add_number(j, best, "threshold", e->best_threshold);
	add_curve(j, x, e->expected_curve, false);
	if (!e->labelled)
		return;
	m = json_add_object(j, j->root, "labels");
	json_add_number(j, m, "labelled_records", (double)e->labelled_records);
	json_add_number(j, m, "unlabelled_records", (double)e->unlabelled_records);
	json_add_number(j, m, "true_pairs", (double)e->true_pairs);
	json_add_number(j, m, "predicted_pairs", (double)e->predicted_pairs);
	json_add_number(j, m, "true_positive_pairs", (double)e->true_positive);
	add_quality(j, m, "clusters", &e->clusters);
	add_curve(j, m, e->curve, true);
}

static int write_summary(const vmap_linker *l, struct json_out *j)
{
	cJSON *warnings;

	add_totals(l, j);
	add_datasets(l, j);
	add_blocking(l, j);
	add_comparisons(j, j->root, &l->model);
	add_histogram(l, j);
	add_evaluation(l, j);
	if (l->encoded_summary)
		l->encoded_summary(l, j);
	warnings = json_add_array(j, j->root, "warnings");
	for (size_t w = 0; w < warnings_count(&l->warnings); w++)
		json_add_string(j, warnings, NULL, warnings_get(&l->warnings, w));
	return add_cluster_sizes(l, j);
}

static int write_json(vmap_linker *l, struct outset *set, const char *name,
		      void (*build)(const vmap_linker *, struct json_out *), bool summary)
{
	struct json_out j;
	struct strbuf sb;
	int rc = VMAP_OK;

	json_out_init(&j);
	strbuf_init(&sb);
	if (summary) {
		if (write_summary(l, &j))
			j.failed = true;
	} else {
		build(l, &j);
	}
	if (!json_out_render(&j, &sb))
		rc = diag_nomem(&l->diag, "writing JSON");
	else
		rc = outset_write_buf(set, name, &sb);
	strbuf_release(&sb);
	json_out_release(&j);
	return rc;
}

static int write_csv(vmap_linker *l, struct outset *set, const char *name,
		     void (*build)(const vmap_linker *, struct strbuf *))
{
	struct strbuf sb;
	int rc;

	strbuf_init(&sb);
	build(l, &sb);
	rc = outset_write_buf(set, name, &sb);
	strbuf_release(&sb);
	return rc;
}

static void protect_inputs(void *context, struct outset *set)
{
	const vmap_linker *l = context;

	for (size_t s = 0; s < l->spec_count; s++) {
		outset_protect(set, l->specs[s].spec_path);
		outset_protect(set, l->specs[s].data_path);
	}
}

static int write_outputs(void *context, struct outset *set)
{
	vmap_linker *l = context;
	int rc = write_csv(l, set, "clusters.csv", write_clusters);

	if (!rc)
		rc = write_csv(l, set, "pairs.csv", write_pairs);
	if (!rc && !l->encoded_summary) /* review.csv shows values: encoded runs have none */
		rc = write_csv(l, set, "review.csv", write_review);
	if (!rc) /* encoded runs too: no comparisons, but report reads mode, prior and threshold */
		rc = write_json(l, set, "linkmodel.json", write_model, false);
	if (!rc)
		rc = write_json(l, set, "linkage-summary.json", NULL, true);
	return rc;
}

int vmap_linker_write(vmap_linker *l, const char *dir)
{
	struct outset_job job = {l, protect_inputs, write_outputs};

	diag_clear(&l->diag);
	if (!l->ran || (!l->cluster && dist_writes())) /* MPI: rank 0 alone clusters */
		return diag_fail(&l->diag, VMAP_USAGE, "run the linker before writing its outputs");
	return outset_run(dir, &l->diag, &job);
}
