/*
 * section_linkage.c - how the records were linked, from link's files: the distribution of
 * match weights (pairs.csv), m and u per comparison level (linkmodel.json), blocking counts and
 * cluster sizes (linkage-summary.json). No record id is read or shown: pairs.csv is read for
 * its weights only.
 */
#include "sections.h"

#include "charts.h"
#include "html.h"
#include "numfmt.h"

#include "core/alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BINS = 40, LEVELS_MAX = 96, RULES_MAX = 32, SIZES_MAX = 32 };

static void totals_sentence(struct strbuf *sb, const struct report_data *d)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(d->link.summary, "totals");
	size_t datasets = (size_t)cJSON_GetArraySize(
		cJSON_GetObjectItemCaseSensitive(d->link.summary, "datasets"));
	char records[32], clusters[32], compared[32], matched[32], threshold[16];

	fmt_count(records, sizeof records, json_num(t, "records"));
	fmt_count(clusters, sizeof clusters, json_num(t, "clusters"));
	fmt_count(compared, sizeof compared, json_num(t, "comparisons"));
	fmt_count(matched, sizeof matched, json_num(t, "pairs_at_or_above_threshold"));
	fmt_percent(threshold, sizeof threshold, json_num(t, "threshold"));
	html_para(sb, "lede", "<strong>%s</strong> records in %zu dataset%s were found to "
		  "belong to <strong>%s</strong> people. %s candidate pairs were compared field by "
		  "field; %s were judged the same person (a match probability of at least %s).",
		  records, datasets, datasets == 1 ? "" : "s", clusters, compared, matched,
		  threshold);
}

static void weights(struct strbuf *sb, const struct report_data *d)
{
	const struct rtable *t = &d->link.pairs;
	double p = json_num(cJSON_GetObjectItemCaseSensitive(d->link.summary, "totals"),
			    "threshold");
	double edges[BINS + 1], counts[BINS];
	struct histogram_chart c = {{"match-weights", "Match weights of the compared pairs",
				     "A histogram of the match weight of every compared pair; "
				     "pairs right of the threshold line were linked."},
				    BINS, edges, counts, NAN, "threshold", "match weight", 720,
				    240, false};

	if (!t->rows)
		return;
	if (isfinite(p) && p > 0 && p < 1)
		c.split = log2(p / (1 - p));
	histogram_count(t->nums + rtable_col(t, "match_weight"), t->rows, t->cols, BINS, edges,
			counts);
	strbuf_adds(sb, "<h3>How sure each link is</h3>\n<figure>");
	chart_histogram(sb, &c);
	strbuf_adds(sb, "</figure>\n");
	html_para(sb, "note", "A well-separated picture has two humps: non-matches on the left "
		  "and matches on the right, with few pairs near the threshold.");
}

struct levels {
	char labels[LEVELS_MAX][96];
	const char *ptr[LEVELS_MAX];
	double weight[LEVELS_MAX], m[LEVELS_MAX], u[LEVELS_MAX];
	size_t count;
};

static void levels_make(struct levels *l, const cJSON *model)
{
	const cJSON *comparison, *level;

	l->count = 0;
	cJSON_ArrayForEach(comparison, cJSON_GetObjectItemCaseSensitive(model, "comparisons")) {
		const char *field = json_str(comparison, "field");
		cJSON_ArrayForEach(level, cJSON_GetObjectItemCaseSensitive(comparison, "levels")) {
			size_t k = l->count;
			if (k == LEVELS_MAX)
				return;
			snprintf(l->labels[k], sizeof l->labels[k], "%s: %s", field ? field : "?",
				 json_str(level, "level") ? json_str(level, "level") : "?");
			l->ptr[k] = l->labels[k];
			l->m[k] = json_num(level, "m");
			l->u[k] = json_num(level, "u");
			l->weight[k] = json_num(level, "weight");
			l->count++;
		}
	}
}

static void levels_table(struct strbuf *sb, const struct levels *l)
{
	static const char *const head[] = {"Comparison level", "m (share of matches)",
					   "u (share of non-matches)", "Match weight"};
	struct row_cells row;

	html_table_open(sb, "m and u probabilities and the weight of each comparison level");
	html_table_row(sb, true, 4, head);
	for (size_t k = 0; k < l->count; k++) {
		row_reset(&row);
		row_text(&row, l->labels[k]);
		row_fixed(&row, l->m[k], 4);
		row_fixed(&row, l->u[k], 4);
		row_fixed(&row, l->weight[k], 2);
		html_table_row(sb, false, row.count, row.ptr);
	}
	html_table_close(sb);
}

static void levels(struct strbuf *sb, const struct report_data *d)
{
	static const char *const series[] = {"Match weight"};
	struct levels *l = alloc_array(1, sizeof *l);
	struct bar_chart c = {{"levels", "What each comparison says",
			       "For each field and level of agreement, the match weight it adds "
			       "(log2 of m over u): positive when agreement like this is typical "
			       "of the same person."},
			      0, 1, NULL, series, NULL, false};

	if (!l) {
		sb->failed = true;
		return;
	}
	levels_make(l, d->link.model);
	c.cats = l->count;
	c.cat_labels = l->ptr;
	c.values = l->weight;
	strbuf_adds(sb, "<h3>What each comparison says: m and u</h3>\n<figure>");
	chart_bars(sb, &c);
	strbuf_adds(sb, "</figure>\n");
	levels_table(sb, l);
	free(l);
}

static void blocking_table(struct strbuf *sb, const cJSON *rules)
{
	static const char *const head[] = {"Blocking rule", "Blocks", "Pairs in blocks",
					   "New pairs", "Blocks skipped as too large"};
	const cJSON *rule;
	struct row_cells row;

	html_table_open(sb, "Candidate pairs by blocking rule");
	html_table_row(sb, true, 5, head);
	cJSON_ArrayForEach(rule, rules) {
		row_reset(&row);
		row_text(&row, json_str(rule, "rule"));
		row_fixed(&row, json_num(rule, "blocks"), 0);
		row_fixed(&row, json_num(rule, "pairs_in_blocks"), 0);
		row_fixed(&row, json_num(rule, "new_pairs"), 0);
		row_fixed(&row, json_num(rule, "blocks_skipped_as_too_large"), 0);
		html_table_row(sb, false, row.count, row.ptr);
	}
	html_table_close(sb);
}

static void blocking(struct strbuf *sb, const struct report_data *d)
{
	static const char *const series[] = {"Pairs in blocks", "New pairs"};
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(d->link.summary, "blocking_rules");
	const char *labels[RULES_MAX];
	double values[RULES_MAX * 2];
	size_t n = 0;
	const cJSON *rule;
	struct bar_chart c = {{"blocking", "Candidate pairs from each blocking rule",
			       "For each blocking rule, the pairs that share a block and the pairs "
			       "it adds that earlier rules had not found."},
			      0, 2, labels, series, values, false};

	cJSON_ArrayForEach(rule, rules) {
		if (n == RULES_MAX)
			break;
		labels[n] = json_str(rule, "rule") ? json_str(rule, "rule") : "?";
		values[2 * n] = json_num(rule, "pairs_in_blocks");
		values[2 * n++ + 1] = json_num(rule, "new_pairs");
	}
	c.cats = n;
	strbuf_adds(sb, "<h3>Which pairs were compared: blocking</h3>\n<figure>");
	chart_bars(sb, &c);
	strbuf_adds(sb, "</figure>\n");
	blocking_table(sb, rules);
}

static void cluster_sizes(struct strbuf *sb, const struct report_data *d)
{
	static const char *const series[] = {"Clusters"};
	static const char *const head[] = {"Records per person", "People (clusters)"};
	const cJSON *sizes_json = cJSON_GetObjectItemCaseSensitive(d->link.summary,
								   "cluster_sizes");
	char sizes[SIZES_MAX][32];
	const char *labels[SIZES_MAX];
	double values[SIZES_MAX];
	size_t n = 0;
	const cJSON *item;
	struct row_cells row;
	struct bar_chart c = {{"cluster-sizes", "How many records each person has",
			       "The number of clusters (people) with each number of records."},
			      0, 1, labels, series, values, false};

	cJSON_ArrayForEach(item, sizes_json) {
		if (n == SIZES_MAX)
			break;
		fmt_fixed(sizes[n], sizeof sizes[n], json_num(item, "size"), 0);
		labels[n] = sizes[n];
		values[n++] = json_num(item, "clusters");
	}
	c.cats = n;
	strbuf_adds(sb, "<h3>Records per person</h3>\n<figure>");
	chart_bars(sb, &c);
	strbuf_adds(sb, "</figure>\n");
	html_table_open(sb, "Cluster sizes");
	html_table_row(sb, true, 2, head);
	cJSON_ArrayForEach(item, sizes_json) {
		row_reset(&row);
		row_fixed(&row, json_num(item, "size"), 0);
		row_fixed(&row, json_num(item, "clusters"), 0);
		html_table_row(sb, false, row.count, row.ptr);
	}
	html_table_close(sb);
}

void section_linkage(struct strbuf *sb, const struct report_data *d)
{
	html_section_open(sb, "linkage", "How the records were linked");
	totals_sentence(sb, d);
	weights(sb, d);
	levels(sb, d);
	blocking(sb, d);
	cluster_sizes(sb, d);
	html_para(sb, "note", "No precision and recall curve: it needs records whose true "
		  "matches are known, which link's outputs do not carry.");
	html_section_close(sb);
}
