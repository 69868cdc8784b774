/*
 * config.c - the --config file of `valuemap link`: mode, thresholds, blocking rules, the
 * fields compared, term frequencies and limits. Every key is optional; what is absent keeps
 * its zero-configuration default. Mistakes are "file:line:col: key: why".
 *
 *   mode: link_only            # dedupe | link_only | link_and_dedupe
 *   threshold: 0.9             # match probability that joins a cluster
 *   pairs_threshold: 0.5       # match probability from which pairs.csv lists a pair
 *   one_to_one: true           # two datasets: each record links to one at most
 *   blocking: ["first_name+last_name", "dob", "postcode+last_name[initial]"]
 *   compare: [first_name, last_name, dob, postcode]
 *   term_frequency: false
 *   merge_min_weight: -5       # mean cross-pair weight two clusters need to merge (bits)
 *   split_chains: true         # re-cluster clusters whose records are mostly unlike
 *   jaro_winkler: {first_name: [0.94, 0.85]}   # thresholds of the two similarity levels
 *   probability_two_random_records_match: 0.0001
 *   max_block_size: 5000
 *   threads: 2
 *   all_pairs_max: 0           # link --encoded: compare all pairs up to this many, else block
 */
#include "config.h"

#include "blocking.h"
#include "compare_fields.h"

#include "core/parallel.h"
#include "core/suggest.h"
#include "core/yaml.h"

#include <stdio.h>
#include <string.h>

static const char *const config_keys[] = {
	"mode", "threshold", "pairs_threshold", "one_to_one", "blocking", "compare",
	"term_frequency", "probability_two_random_records_match", "max_block_size", "refine_block_size", "threads",
	"split_chains", "jaro_winkler", "merge_min_weight", "all_pairs_max", NULL,
};
static const char *const mode_names[] = {"dedupe", "link_only", "link_and_dedupe", NULL};

static int field_named(const char *name, size_t length)
{
	for (int f = 0; f < FIELD_COUNT; f++)
		if (strlen(field_names[f]) == length && memcmp(field_names[f], name, length) == 0)
			return f;
	return -1;
}

static bool parse_part(const char *text, size_t length, struct block_part *part, char *why,
		       size_t why_size)
{
	const char *bracket = memchr(text, '[', length);
	size_t name_length = bracket ? (size_t)(bracket - text) : length;
	int f = field_named(text, name_length);

	if (f < 0 || f == FIELD_FULL_NAME) {
		snprintf(why, why_size, "'%.*s' is not a canonical field", (int)name_length, text);
		return false;
	}
	part->field = (enum field)f;
	part->transform = KEY_EXACT;
	if (!bracket)
		return true;
	for (int t = 1; key_transform_names[t]; t++) {
		size_t n = strlen(key_transform_names[t]);
		if (length - name_length == n + 2 &&
		    memcmp(bracket + 1, key_transform_names[t], n) == 0 && text[length - 1] == ']') {
			part->transform = (enum key_transform)t;
			if ((t == KEY_YEAR || t == KEY_UNORDERED) && f != FIELD_DOB) {
				snprintf(why, why_size, "[%s] applies only to dob",
					 key_transform_names[t]);
				return false;
			}
			return true;
		}
	}
	snprintf(why, why_size, "unknown key '%.*s'; expected [initial], [year], [first3], "
				"[soundex], [unordered] or [user]",
		 (int)(length - name_length), bracket);
	return false;
}

bool parse_rule(const char *text, struct block_rule *rule, char *why, size_t why_size)
{
	memset(rule, 0, sizeof *rule);
	while (*text) {
		size_t length = strcspn(text, "+");
		if (rule->part_count >= BLOCK_PARTS_MAX) {
			snprintf(why, why_size, "at most %d fields in a rule", BLOCK_PARTS_MAX);
			return false;
		}
		if (!parse_part(text, length, &rule->parts[rule->part_count++], why, why_size))
			return false;
		text += length + (text[length] == '+');
	}
	if (rule->part_count == 0) {
		snprintf(why, why_size, "an empty rule");
		return false;
	}
	blocking_name_rule(rule);
	return true;
}

static int read_rules(struct yaml_doc *y, struct fy_node *list, struct link_settings *s)
{
	struct fy_node *item;
	void *iter = NULL;
	int rc = yaml_expect_sequence(y, list, "blocking");

	while (!rc && (item = fy_node_sequence_iterate(list, &iter))) {
		const char *text;
		char why[160];
		rc = yaml_read_string(y, item, "blocking", &text);
		if (rc)
			break;
		if (s->rule_count >= RULE_MAX)
			return yaml_fail(y, item, "blocking: at most %d rules", RULE_MAX);
		if (!parse_rule(text, &s->rules[s->rule_count++], why, sizeof why))
			return yaml_fail(y, item, "blocking: '%s': %s", text, why);
	}
	if (!rc && s->rule_count == 0)
		rc = yaml_fail(y, list, "blocking: give at least one rule");
	return rc;
}

static int read_compare(struct yaml_doc *y, struct fy_node *list, struct link_settings *s)
{
	struct fy_node *item;
	void *iter = NULL;
	int rc = yaml_expect_sequence(y, list, "compare");

	s->fields_set = true;
	while (!rc && (item = fy_node_sequence_iterate(list, &iter))) {
		const char *name;
		int f;
		char hint[96];
		rc = yaml_read_string(y, item, "compare", &name);
		if (rc)
			break;
		f = field_named(name, strlen(name));
		if (f < 0 || f == FIELD_FULL_NAME) {
			suggest_hint(hint, sizeof hint, name, field_names, FIELD_COUNT);
			return yaml_fail(y, item, "compare: '%s' is not a field that can be compared%s",
					 name, hint);
		}
		s->compare[f] = true;
	}
	if (!rc && fy_node_sequence_item_count(list) == 0)
		rc = yaml_fail(y, list, "compare: give at least one field");
	return rc;
}

int read_jw_thresholds(struct yaml_doc *y, struct fy_node *node, const char *what,
		       double jw[2])
{
	struct fy_node *item;
	void *iter = NULL;
	int rc = yaml_expect_sequence(y, node, what), n = 0;

	while (!rc && (item = fy_node_sequence_iterate(node, &iter)) && n < 2)
		rc = yaml_read_double(y, item, what, &jw[n++]);
	if (!rc && (fy_node_sequence_item_count(node) != 2 || jw[0] > 1 || jw[0] <= jw[1] ||
		    jw[1] <= 0))
		rc = yaml_fail(y, node, "%s: expected [high, low] with 1 >= high > low > 0", what);
	return rc;
}

static int read_jaro_winkler(struct yaml_doc *y, struct fy_node *map, struct link_settings *s)
{
	struct fy_node_pair *pair;
	void *iter = NULL;
	int rc = yaml_expect_mapping(y, map, "jaro_winkler");

	while (!rc && (pair = fy_node_mapping_iterate(map, &iter))) {
		struct fy_node *key = fy_node_pair_key(pair);
		const char *name = yaml_text(key);
		int f = name ? field_named(name, strlen(name)) : -1;
		struct comparison c;
		if (f < 0 || !comparison_default((enum field)f, &c) || !comparison_has_jw(&c))
			return yaml_fail(y, key, "jaro_winkler: '%s' has no Jaro-Winkler levels; "
						 "expected first_name, last_name, address or town",
					 name ? name : "");
		rc = read_jw_thresholds(y, fy_node_pair_value(pair), "jaro_winkler", s->jw[f]);
		s->jw_set[f] = true;
	}
	return rc;
}

static int read_mode(struct yaml_doc *y, struct fy_node *node, struct link_settings *s)
{
	const char *text;
	char hint[96];
	int rc = yaml_read_string(y, node, "mode", &text);

	if (rc)
		return rc;
	for (int m = 0; mode_names[m]; m++) {
		if (strcmp(text, mode_names[m]) == 0) {
			s->mode = (enum link_mode)m;
			s->mode_set = true;
			return VMAP_OK;
		}
	}
	suggest_hint(hint, sizeof hint, text, mode_names, 3);
	return yaml_fail(y, node, "mode: '%s' is not a mode%s; expected dedupe, link_only or "
				  "link_and_dedupe",
			 text, hint);
}

static int read_probability(struct yaml_doc *y, struct fy_node *node, const char *what,
			    double *out)
{
	int rc = yaml_read_double(y, node, what, out);

	if (!rc && (*out <= 0 || *out >= 1))
		rc = yaml_fail(y, node, "%s: expected a probability between 0 and 1 (exclusive)",
			       what);
	return rc;
}

static int read_limits(struct yaml_doc *y, struct fy_node *root, struct link_settings *s)
{
	struct fy_node *n;
	long value;
	int rc = VMAP_OK;

	if ((n = yaml_lookup(root, "max_block_size", NULL))) {
		rc = yaml_read_int(y, n, "max_block_size", 2, 1000000, &value);
		s->max_block = (size_t)value;
	}
	if (!rc && (n = yaml_lookup(root, "refine_block_size", NULL))) {
		rc = yaml_read_int(y, n, "refine_block_size", 0, 1000000, &value);
		s->refine_block = (size_t)value;
	}
	if (!rc && (n = yaml_lookup(root, "all_pairs_max", NULL))) {
		rc = yaml_read_int(y, n, "all_pairs_max", 0, 1L << 40, &value);
		s->all_pairs_max = (double)value;
	}
	if (!rc && (n = yaml_lookup(root, "threads", NULL))) {
		rc = yaml_read_int(y, n, "threads", 0, 4096, &value);
		s->threads = value ? (unsigned)value : parallel_cores();
	}
	if (!rc && (n = yaml_lookup(root, "one_to_one", NULL)))
		rc = yaml_read_bool(y, n, "one_to_one", &s->one_to_one);
	s->one_to_one_set = s->one_to_one_set || (!rc && n);
	if (!rc && (n = yaml_lookup(root, "split_chains", NULL)))
		rc = yaml_read_bool(y, n, "split_chains", &s->split_chains);
	if (!rc && (n = yaml_lookup(root, "merge_min_weight", NULL))) {
		rc = yaml_read_double(y, n, "merge_min_weight", &s->merge_min_weight);
		if (!rc && !(s->merge_min_weight >= -60 && s->merge_min_weight <= 60))
			rc = yaml_fail(y, n, "merge_min_weight: expected a weight in bits from -60 "
					     "to 60");
	}
	if (!rc && (n = yaml_lookup(root, "term_frequency", NULL)))
		rc = yaml_read_bool(y, n, "term_frequency", &s->term_frequency);
	return rc;
}

static int read_config(struct yaml_doc *y, struct link_settings *s)
{
	struct fy_node *root = yaml_root(y), *n = NULL;
	int rc = yaml_expect_mapping(y, root, "link config");

	if (!rc)
		rc = yaml_check_keys(y, root, "link config", config_keys);
	if (!rc && (n = yaml_lookup(root, "mode", NULL)))
		rc = read_mode(y, n, s);
	if (!rc && (n = yaml_lookup(root, "threshold", NULL)))
		rc = read_probability(y, n, "threshold", &s->threshold);
	s->threshold_set = s->threshold_set || (!rc && n);
	if (!rc && (n = yaml_lookup(root, "pairs_threshold", NULL)))
		rc = read_probability(y, n, "pairs_threshold", &s->pairs_threshold);
	if (!rc && (n = yaml_lookup(root, "probability_two_random_records_match", NULL)))
		rc = read_probability(y, n, "probability_two_random_records_match", &s->prior);
	if (!rc && (n = yaml_lookup(root, "blocking", NULL)))
		rc = read_rules(y, n, s);
	if (!rc && (n = yaml_lookup(root, "compare", NULL)))
		rc = read_compare(y, n, s);
	if (!rc && (n = yaml_lookup(root, "jaro_winkler", NULL)))
		rc = read_jaro_winkler(y, n, s);
	return rc ? rc : read_limits(y, root, s);
}

int config_load(struct link_settings *settings, const char *path, struct vmap_diag *diag)
{
	struct yaml_doc y;
	int rc = yaml_load(&y, path, diag);

	if (!rc)
		rc = read_config(&y, settings);
	yaml_release(&y);
	return rc;
}
