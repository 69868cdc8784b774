/*
 * write_project.c - the files that make the synthetic departments a runnable project: each
 * department's dataset spec (DESIGN.md "Dataset spec", with its events block), project.yaml,
 * journeys.yaml, model.yaml and truth.json (the true effects, in journeys' price_base prices).
 *
 * Paths inside each file are relative to that file, as every reader resolves them: the specs
 * sit beside their CSVs in datasets/, the rest at the top of the output folder.
 */
#include "synth/synth_internal.h"

#include "core/json_out.h"

#include <stdio.h>
#include <string.h>

static const char *const field_blocks[DEPT_COUNT] = {
	"fields:\n"
	"  first_name: forename\n"
	"  last_name: surname\n"
	"  dob: {column: date_of_birth, format: \"%d/%m/%Y\"}\n"
	"  sex: {column: sex, values: {Male: M, Female: F}}\n"
	"  address: address\n"
	"  postcode: postcode\n",
	"fields:\n"
	"  first_name: FORENAME\n"
	"  last_name: SURNAME\n"
	"  dob: {column: DOB, format: \"%Y-%m-%d\"}\n"
	"  sex: {column: SEX, values: {\"1\": M, \"2\": F}}\n"
	"  id_number: NINO\n"
	"  postcode: POSTCODE\n",
	"fields:\n"
	"  full_name: name              # SURNAME, Forename\n"
	"  dob: {column: date_of_birth, format: \"%d/%m/%Y\"}   # d/m/yyyy\n"
	"  sex: {column: gender, values: {M: M, F: F}}\n"
	"  postcode: postcode\n",
};

static const char *const event_blocks[DEPT_COUNT] = {
	"events:\n"
	"  path: health_events.csv\n"
	"  record_id: patient_id\n"
	"  date: {column: event_date, format: \"%d/%m/%Y\"}\n"
	"  type: event_code\n"
	"  cost: cost_gbp\n"
	"  price_year: 2024\n"
	"  agency: nhs\n",
	"events:\n"
	"  path: dwp_events.csv\n"
	"  record_id: CLAIM_REF\n"
	"  date: {column: PAYMENT_DATE, format: \"%Y-%m-%d\"}\n"
	"  type: PAYMENT_TYPE\n"
	"  cost: AMOUNT\n"
	"  price_year: event               # monthly payments in cash terms of their day\n"
	"  agency: dwp\n",
	"events:\n"
	"  path: justice_events.csv\n"
	"  record_id: offender_id\n"
	"  date: {column: hearing_date, format: \"%d/%m/%Y\"}\n"
	"  type: hearing_type\n"
	"  cost: cost\n"
	"  price_year: 2024\n"
	"  agency: moj\n",
};

static const char *const dept_titles[DEPT_COUNT] = {
	"GP and hospital records", "Universal Credit claims", "court records"};

static int write_spec(const struct vmap_synth *s, struct outset *datasets, int d)
{
	const struct dept_profile *dp = &dept_profiles[d];
	struct strbuf sb;
	char name[64];
	int rc;

	strbuf_init(&sb);
	strbuf_addf(&sb, "# %s: synthetic %s made by `valuemap synth --seed %llu` "
			 "(docs/synth.md)\n", dp->id, dept_titles[d], (unsigned long long)s->seed);
	strbuf_addf(&sb, "dataset:\n  id: %s\n  path: %s.csv\n  record_id: %s\n", dp->id, dp->id,
		    dp->file_id);
	strbuf_adds(&sb, field_blocks[d]);
	strbuf_adds(&sb, event_blocks[d]);
	snprintf(name, sizeof name, "%s.yaml", dp->id);
	rc = outset_write_buf(datasets, name, &sb);
	strbuf_release(&sb);
	return rc;
}

static void add_dataset_list(struct strbuf *sb, const struct vmap_synth *s)
{
	bool first = true;

	strbuf_adds(sb, "[");
	for (int d = 0; d < DEPT_COUNT; d++)
		if (s->include[d]) {
			strbuf_addf(sb, "%sdatasets/%s.yaml", first ? "" : ", ", dept_profiles[d].id);
			first = false;
		}
	strbuf_adds(sb, "]");
}

static int write_project_yaml(const struct vmap_synth *s, struct outset *top)
{
	struct strbuf sb;
	int rc;

	strbuf_init(&sb);
	strbuf_addf(&sb, "# A runnable project over the synthetic departments of `valuemap synth "
			 "--people %llu --seed %llu`.\n# `valuemap run project.yaml` links the "
			 "datasets, measures the journeys and appraises the model;\n# each stage "
			 "writes out/<stage>/ beside this file. truth.json holds the true effects.\n",
		    (unsigned long long)s->people, (unsigned long long)s->seed);
	strbuf_adds(&sb, "project:\n  name: IPS for people in mental-health treatment "
			 "(synthetic)\n  out: out\ndatasets: ");
	add_dataset_list(&sb, s);
	strbuf_adds(&sb, "\n");
	if (s->include[DEPT_HEALTH])
		strbuf_adds(&sb, "journeys: journeys.yaml\n");
	strbuf_addf(&sb, "model: model.yaml\nappraise: {draws: 2000, seed: %llu}\n"
			 "report: {title: IPS across government (synthetic departments)}\n",
		    (unsigned long long)s->seed);
	rc = outset_write_buf(top, "project.yaml", &sb);
	strbuf_release(&sb);
	return rc;
}

static int write_journeys_yaml(const struct vmap_synth *s, struct outset *top)
{
	struct strbuf sb;
	int rc;

	strbuf_init(&sb);
	strbuf_adds(&sb, "# Journeys over the synthetic departments. `valuemap run project.yaml` "
			 "fills in `clusters`\n# from its link stage; to run this file by hand, "
			 "link first:\n#   valuemap link datasets/*.yaml --out out/link\n");
	strbuf_adds(&sb, "journeys:\n  name: IPS for people in mental-health treatment "
			 "(synthetic)\n  clusters: out/link/clusters.csv\n  datasets: ");
	add_dataset_list(&sb, s);
	strbuf_addf(&sb, "\n  price_base: %d\n  deflator: {", PRICE_BASE);
	for (int y = WINDOW_FIRST_YEAR; y <= WINDOW_LAST_YEAR; y++) {
		char number[32];
		format_double(number, sizeof number, deflator(y));
		strbuf_addf(&sb, "%s%d: %s", y > WINDOW_FIRST_YEAR ? ", " : "", y, number);
	}
	strbuf_adds(&sb, "}   # HM Treasury GDP deflator, 2024 = 100\n"
			 "cohorts:\n"
			 "  treated:    {dataset: health, type: IPS_START}\n"
			 "  comparison: {dataset: health, type: MH_TREATMENT_START}\n"
			 "window:\n"
			 "  observed: {from: 2015-01-01, to: 2024-12-31}\n"
			 "  pre: 2\n  post: 4\n"
			 "match:\n  method: weighting\n  covariates: [age, sex, index_year]\n");
	strbuf_addf(&sb, "estimate:\n  method: did\n  bootstrap: 200\n  level: 0.95\n"
			 "  seed: %llu\n", (unsigned long long)s->seed);
	rc = outset_write_buf(top, "journeys.yaml", &sb);
	strbuf_release(&sb);
	return rc;
}

static int write_model_yaml(const struct vmap_synth *s, struct outset *top)
{
	struct strbuf sb;
	int rc;

	strbuf_init(&sb);
	strbuf_adds(&sb, "# The intervention of the synthetic departments, to appraise. Its effects "
			 "come from the\n# journeys stage: `valuemap run project.yaml` writes "
			 "out/journeys/effects.yaml before\n# appraising this model.\n");
	strbuf_adds(&sb, "appraisal:\n  name: Individual Placement and Support (synthetic "
			 "departments)\n  base_year: 2025\n  price_base: 2024\n  horizon: 5\n"
			 "  discount: stpr\n"
			 "deflator: {2009: 68.217, 2024: 100}   # HM Treasury GDP deflator, "
			 "2024 = 100\n"
			 "agencies:\n  - {id: nhs, name: NHS England}\n"
			 "  - {id: dwp, name: Department for Work and Pensions}\n"
			 "  - {id: moj, name: Ministry of Justice}\n"
			 "interventions:\n  - id: ips\n    name: IPS employment support\n");
	strbuf_addf(&sb, "    participants: %llu   # the treated people of the synthetic "
			 "population\n", (unsigned long long)(s->stats.treated ? s->stats.treated : 1));
	strbuf_adds(&sb, "    costs:\n"
			 "      # Direct cost of IPS: about 3,000 per client (2009 prices), Sainsbury "
			 "Centre for\n"
			 "      # Mental Health (2009), \"Commissioning what works\", as in "
			 "examples/mental-health-employment.\n"
			 "      - {agency: nhs, amount: 3000, per: participant, years: [0], "
			 "price_year: 2009}\n");
	if (s->include[DEPT_HEALTH])
		strbuf_adds(&sb, "    effects_from: out/journeys/effects.yaml\n");
	rc = outset_write_buf(top, "model.yaml", &sb);
	strbuf_release(&sb);
	return rc;
}

static void add_parameters(struct json_out *j, cJSON *root)
{
	cJSON *window = json_add_object(j, root, "window");
	cJSON *shares = json_add_array(j, root, "departments");

	json_add_string(j, window, "from", "2015-01-01");
	json_add_string(j, window, "to", "2024-12-31");
	for (int d = 0; d < DEPT_COUNT; d++) {
		const struct dept_profile *dp = &dept_profiles[d];
		cJSON *o = json_add_object(j, shares, NULL);
		json_add_string(j, o, "id", dp->id);
		json_add_string(j, o, "agency", dp->agency);
		json_add_number(j, o, "share_a", dp->share_a);
		json_add_number(j, o, "share_b", dp->share_b);
		json_add_number(j, o, "duplicate", dp->duplicate);
		json_add_number(j, o, "typo_first", dp->typo_first);
		json_add_number(j, o, "typo_last", dp->typo_last);
		json_add_number(j, o, "nickname", dp->nickname);
		json_add_number(j, o, "swap_day_month", dp->swap_day_month);
		json_add_number(j, o, "stale_address", dp->stale_address);
		json_add_number(j, o, "stale_surname", dp->stale_surname);
		json_add_number(j, o, "missing_first", dp->missing_first);
		json_add_number(j, o, "missing_dob", dp->missing_dob);
		json_add_number(j, o, "missing_postcode", dp->missing_postcode);
		json_add_number(j, o, "nino_present", dp->nino_present);
	}
}

static int write_truth_json(const struct vmap_synth *s, struct outset *top)
{
	struct json_out j;
	struct strbuf sb;
	cJSON *effects, *counts, *records, *events;
	int rc = VMAP_OK;

	json_out_init(&j);
	strbuf_init(&sb);
	effects = json_add_array(&j, j.root, "effects");
	for (int d = 0; d < DEPT_COUNT; d++)
		for (int k = 0; s->include[d] && k < POST_YEARS; k++) {
			cJSON *e = json_add_object(&j, effects, NULL);
			json_add_string(&j, e, "agency", dept_profiles[d].agency);
			json_add_number(&j, e, "year", k);
			json_add_number(&j, e, "effect", s->effect[d][k]);
		}
	json_add_number(&j, j.root, "price_base", PRICE_BASE);
	json_add_number(&j, j.root, "seed", (double)s->seed);
	json_add_number(&j, j.root, "people", (double)s->people);
	counts = json_add_object(&j, j.root, "counts");
	json_add_number(&j, counts, "treated", (double)s->stats.treated);
	json_add_number(&j, counts, "comparison", (double)s->stats.comparison);
	records = json_add_object(&j, counts, "records");
	events = json_add_object(&j, counts, "events");
	for (int d = 0; d < DEPT_COUNT; d++)
		if (s->include[d]) {
			json_add_number(&j, records, dept_profiles[d].id, (double)s->stats.records[d]);
			json_add_number(&j, events, dept_profiles[d].id, (double)s->stats.events[d]);
		}
	json_add_string(&j, j.root, "naive_bias",
			"treated people have more need, so their costs exceed the comparison's "
			"even without the intervention: the naive difference lies above the "
			"effect for every agency and year");
	add_parameters(&j, j.root);
	if (!json_out_render(&j, &sb))
		rc = diag_nomem(top->diag, "writing truth.json");
	if (!rc)
		rc = outset_write_buf(top, "truth.json", &sb);
	strbuf_release(&sb);
	json_out_release(&j);
	return rc;
}

int write_project(const struct vmap_synth *s, struct outset *datasets, struct outset *top)
{
	int rc = VMAP_OK;

	for (int d = 0; d < DEPT_COUNT && !rc; d++)
		if (s->include[d])
			rc = write_spec(s, datasets, d);
	if (!rc)
		rc = write_truth_json(s, top);
	if (!rc)
		rc = write_project_yaml(s, top);
	if (!rc && s->include[DEPT_HEALTH])
		rc = write_journeys_yaml(s, top);
	if (!rc)
		rc = write_model_yaml(s, top);
	return rc;
}
