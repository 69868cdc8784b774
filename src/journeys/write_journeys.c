/*
 * write_journeys.c - the outputs of a journeys run (DESIGN.md "Journeys"), written together
 * atomically through core/outset, with every input protected:
 *   cohort.csv            cluster_id,group,index_date,weight
 *   balance.csv           covariate,mean_treated,mean_comparison,smd_before,mean_weighted,smd_after
 *   profiles.csv          group,agency,year,persons,mean_cost,ci_low,ci_high
 *   effects.csv           agency,year,effect,se,ci_low,ci_high,naive
 *   journeys-summary.json counts at every step, weights and overlap, balance, effects
 *   effects.yaml          the model fragment for `effects_from`
 * Numbers are written in their shortest exact form; an undefined one (no bootstrap) is empty in
 * CSV and null in JSON.
 */
#include "journeys.h"

#include "core/json_out.h"
#include "core/outset.h"
#include "core/strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const group_names[] = {"treated", "weighted", "comparison"};

static void add_number(struct strbuf *sb, double value)
{
	if (isfinite(value))
		strbuf_add_double(sb, value);
}

static void add_date(struct strbuf *sb, int32_t date)
{
	strbuf_addf(sb, "%04d-%02d-%02d", date / 10000, date / 100 % 100, date % 100);
}

static void write_cohort(const vmap_journeys *j, struct strbuf *sb)
{
	const struct cohort *c = &j->cohort;

	strbuf_adds(sb, "cluster_id,group,index_date,weight\n");
	for (size_t i = 0; i < c->count; i++) {
		strbuf_add_csv_field(sb, j->person_cluster[c->person[i]]);
		strbuf_adds(sb, i < c->treated ? ",treated," : ",comparison,");
		add_date(sb, c->index_date[i]);
		strbuf_adds(sb, ",");
		add_number(sb, j->weights.weight[i]);
		strbuf_adds(sb, "\n");
	}
}

static void write_balance(const vmap_journeys *j, struct strbuf *sb)
{
	strbuf_adds(sb, "covariate,mean_treated,mean_comparison,smd_before,mean_weighted,"
			"smd_after\n");
	for (size_t col = 0; col < j->cohort.columns; col++) {
		const struct balance_row *b = &j->balance[col];
		const double values[] = {b->mean_treated, b->mean_comparison, b->smd_before,
					 b->mean_weighted, b->smd_after};
		strbuf_add_csv_field(sb, j->cohort.column_names[col]);
		for (size_t v = 0; v < 5; v++) {
			strbuf_adds(sb, ",");
			add_number(sb, values[v]);
		}
		strbuf_adds(sb, "\n");
	}
}

/* People counted in a profile: matched treated, comparisons with weight, all comparisons. */
static size_t group_persons(const vmap_journeys *j, int group)
{
	const struct cohort *c = &j->cohort;

	return group == 0 ? j->weights.matched_treated
	       : group == 1 ? j->weights.matched_comparison
			    : c->count - c->treated;
}

static const double *group_means(const vmap_journeys *j, int group)
{
	return group == 0 ? j->full.treated : group == 1 ? j->full.weighted : j->full.comparison;
}

static void write_profiles(const vmap_journeys *j, struct strbuf *sb)
{
	const struct cohort *c = &j->cohort;
	size_t cells = c->agencies * c->years;

	strbuf_adds(sb, "group,agency,year,persons,mean_cost,ci_low,ci_high\n");
	for (int g = 0; g < 3; g++) {
		for (size_t a = 0; a < c->agencies; a++) {
			for (size_t k = 0; k < c->years; k++) {
				size_t cell = a * c->years + k;
				strbuf_addf(sb, "%s,", group_names[g]);
				strbuf_add_csv_field(sb, j->agencies[a]);
				strbuf_addf(sb, ",%d,%zu,", (int)k - j->config.pre, group_persons(j, g));
				add_number(sb, group_means(j, g)[cell]);
				strbuf_adds(sb, ",");
				add_number(sb, j->profile_low[g * cells + cell]);
				strbuf_adds(sb, ",");
				add_number(sb, j->profile_high[g * cells + cell]);
				strbuf_adds(sb, "\n");
			}
		}
	}
}

static void write_effects(const vmap_journeys *j, struct strbuf *sb)
{
	strbuf_adds(sb, "agency,year,effect,se,ci_low,ci_high,naive\n");
	for (size_t a = 0; a < j->agency_count; a++) {
		for (int k = 0; k < j->config.post; k++) {
			vmap_journeys_effect e = vmap_journeys_get_effect(j, a, k);
			const double values[] = {e.effect, e.se, e.ci_low, e.ci_high, e.naive};
			strbuf_add_csv_field(sb, j->agencies[a]);
			strbuf_addf(sb, ",%d", k);
			for (size_t v = 0; v < 5; v++) {
				strbuf_adds(sb, ",");
				add_number(sb, values[v]);
			}
			strbuf_adds(sb, "\n");
		}
	}
}

/* A YAML scalar in double quotes (names may hold any text). */
static void add_quoted(struct strbuf *sb, const char *text)
{
	strbuf_adds(sb, "\"");
	for (; *text; text++) {
		if (*text == '"' || *text == '\\')
			strbuf_addf(sb, "\\%c", *text);
		else if ((unsigned char)*text < 0x20)
			strbuf_addf(sb, "\\x%02x", (unsigned char)*text);
		else
			strbuf_add(sb, text, 1);
	}
	strbuf_adds(sb, "\"");
}

static void write_fragment(const vmap_journeys *j, struct strbuf *sb)
{
	strbuf_adds(sb, "# A model fragment from valuemap journeys: take it into an intervention\n"
			"# with `effects_from: effects.yaml`. One outcome per agency, worth 1 a unit;\n"
			"# change = minus the measured change in the agency's cost per treated person\n"
			"# (a saving is a positive benefit), sd = its bootstrap standard error.\n");
	strbuf_adds(sb, "journeys: ");
	add_quoted(sb, vmap_journeys_name(j));
	strbuf_adds(sb, "\noutcomes:\n");
	for (size_t a = 0; a < j->agency_count; a++) {
		strbuf_addf(sb, "  - id: journeys_%s\n    name: ", j->agencies[a]);
		add_quoted(sb, j->agencies[a]);
		strbuf_addf(sb, "\n    value: 1\n    price_year: %d\n    kind: fiscal\n"
				"    cashable: true\n    beneficiary: %s\n",
			    j->config.price_base, j->agencies[a]);
	}
	strbuf_adds(sb, "effects:\n");
	for (size_t a = 0; a < j->agency_count; a++) {
		for (int k = 0; k < j->config.post; k++) {
			vmap_journeys_effect e = vmap_journeys_get_effect(j, a, k);
			strbuf_addf(sb, "  - {outcome: journeys_%s, change: ", j->agencies[a]);
			if (isfinite(e.se) && e.se > 0) {
				strbuf_adds(sb, "{dist: normal, mean: ");
				strbuf_add_double(sb, -e.effect + 0.0);
				strbuf_adds(sb, ", sd: ");
				strbuf_add_double(sb, e.se);
				strbuf_adds(sb, "}");
			} else {
				strbuf_add_double(sb, -e.effect + 0.0);
			}
			strbuf_addf(sb, ", start: %d, duration: 1}\n", k);
		}
	}
}

static void protect_inputs(void *context, struct outset *set)
{
	const vmap_journeys *j = context;

	outset_protect(set, j->config.path);
	outset_protect(set, j->clusters_override ? j->clusters_override : j->config.clusters_path);
	for (size_t d = 0; d < j->dataset_count; d++) {
		outset_protect(set, j->config.dataset_paths[d]);
		outset_protect(set, j->datasets[d].spec.data_path);
		outset_protect(set, j->datasets[d].events.path);
	}
}

typedef void (*writer_fn)(const vmap_journeys *j, struct strbuf *sb);

static int write_one(const vmap_journeys *j, struct outset *set, const char *name,
		     writer_fn writer)
{
	struct strbuf sb;
	int rc;

	strbuf_init(&sb);
	writer(j, &sb);
	rc = outset_write_buf(set, name, &sb);
	strbuf_release(&sb);
	return rc;
}

static int write_files(void *context, struct outset *set)
{
	static const struct {
		const char *name;
		writer_fn writer;
	} files[] = {
		{"cohort.csv", write_cohort},	  {"balance.csv", write_balance},
		{"profiles.csv", write_profiles}, {"effects.csv", write_effects},
		{"effects.yaml", write_fragment}, {"journeys-summary.json", journeys_write_summary},
	};
	int rc = VMAP_OK;

	for (size_t f = 0; f < sizeof files / sizeof files[0] && !rc; f++)
		rc = write_one(context, set, files[f].name, files[f].writer);
	return rc;
}

int vmap_journeys_write(vmap_journeys *j, const char *dir)
{
	diag_clear(&j->diag);
	if (!j->ran)
		return diag_fail(&j->diag, VMAP_USAGE, "run the journeys before writing them");
	return outset_run(dir, &j->diag, &(struct outset_job){j, protect_inputs, write_files});
}
