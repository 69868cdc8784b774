/*
 * cohorts.c - the analysed cohorts (DESIGN.md "Journeys"): who is treated and who is a
 * comparison, at which index date, each person's costs per agency and relative year, and the
 * covariates.
 *
 * Treated: a person with a treated event; the index is the first. Comparison: a person with a
 * comparison event (index: the first) and no treated event before the end of its window
 * (index + post years): a person treated inside that window, or before it, is no comparison.
 * A person may be in both cohorts (treated later than its comparison window ends), as in a
 * sequence of target trials. Either way a person is used only when [index - pre years,
 * index + post years) lies inside `observed`, and when the covariates asked for are known
 * (age needs a dob, sex a sex). Rows are the treated in person order, then the comparisons.
 */
#include "journeys.h"

#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct building {
	struct vmap_journeys *j;
	struct cohort *c;
	int32_t *bounds;   /* per row: years + 1 anniversary days */
	uint32_t *row_of[2]; /* per person: its treated row and its comparison row */
	bool need_dob, need_sex;
};

static bool observed(const struct journeys_config *c, int32_t index)
{
	return anniversary_day(index, -c->pre) >= days_from_civil(c->observed_from) &&
	       anniversary_day(index, c->post) <= days_from_civil(c->observed_to) + 1;
}

static bool known(const struct building *b, const struct person *p)
{
	return (!b->need_dob || p->dob) && (!b->need_sex || p->female >= 0);
}

/* The index of person p in `group` (0 treated, 1 comparison), or 0 when it is not used. */
static int32_t index_in(struct building *b, size_t p, int group, bool count)
{
	const struct journeys_config *c = &b->j->config;
	struct journeys_counts_private *n = &b->j->counts;
	const struct person *person = &b->j->persons[p];
	int32_t index = group == 0 ? person->treated_index : person->comparison_index;

	if (!index)
		return 0;
	if (group == 1 && person->treated_index &&
	    days_from_civil(person->treated_index) < anniversary_day(index, c->post)) {
		n->comparison_treated_in_window += count;
		return 0;
	}
	n->treated_found += count && group == 0;
	n->comparison_found += count && group == 1;
	if (!observed(c, index)) {
		*(group == 0 ? &n->treated_unobserved : &n->comparison_unobserved) += count;
		return 0;
	}
	if (!known(b, person)) {
		*(group == 0 ? &n->treated_missing_covariate : &n->comparison_missing_covariate) +=
			count;
		return 0;
	}
	return index;
}

static int allocate(struct building *b, size_t rows)
{
	struct cohort *c = b->c;
	size_t years = c->years, agencies = c->agencies;

	c->person = alloc_array(rows + 1, sizeof *c->person);
	c->index_date = alloc_array(rows + 1, sizeof *c->index_date);
	c->costs = alloc_array(rows * agencies * years + 1, sizeof *c->costs);
	c->events_pre = alloc_array(rows * agencies + 1, sizeof *c->events_pre);
	b->bounds = alloc_array(rows * (years + 1) + 1, sizeof *b->bounds);
	for (int g = 0; g < 2; g++) {
		b->row_of[g] = alloc_array(b->j->person_count + 1, sizeof *b->row_of[g]);
		for (size_t p = 0; b->row_of[g] && p < b->j->person_count; p++)
			b->row_of[g][p] = UINT32_MAX;
	}
	if (!c->person || !c->index_date || !c->costs || !c->events_pre || !b->bounds ||
	    !b->row_of[0] || !b->row_of[1])
		return diag_nomem(&b->j->diag, "building cohorts");
	return VMAP_OK;
}

static void place_rows(struct building *b)
{
	struct cohort *c = b->c;
	int pre = b->j->config.pre;

	for (int group = 0; group < 2; group++) {
		for (size_t p = 0; p < b->j->person_count; p++) {
			int32_t index = index_in(b, p, group, false);
			if (!index)
				continue;
			c->person[c->count] = (uint32_t)p;
			c->index_date[c->count] = index;
			for (size_t k = 0; k <= c->years; k++)
				b->bounds[c->count * (c->years + 1) + k] =
					anniversary_day(index, (int)k - pre);
			b->row_of[group][p] = (uint32_t)c->count++;
		}
		if (group == 0)
			c->treated = c->count;
	}
}

/* Adds one event to a row: its cost to the relative year it falls in. */
static void add_to_row(struct building *b, uint32_t row, size_t agency, int32_t day, double cost)
{
	struct cohort *c = b->c;
	const int32_t *bounds = &b->bounds[(size_t)row * (c->years + 1)];
	size_t k = 0;

	if (day < bounds[0] || day >= bounds[c->years])
		return;
	while (day >= bounds[k + 1])
		k++;
	c->costs[((size_t)row * c->agencies + agency) * c->years + k] += cost;
	if (k < (size_t)b->j->config.pre)
		c->events_pre[(size_t)row * c->agencies + agency] += 1;
}

static void add_events(struct building *b)
{
	for (size_t d = 0; d < b->j->dataset_count; d++) {
		const struct event_list *list = &b->j->events[d];
		for (size_t e = 0; e < list->count; e++) {
			for (int g = 0; g < 2; g++) {
				uint32_t row = b->row_of[g][list->person[e]];
				if (row != UINT32_MAX)
					add_to_row(b, row, list->agency, list->day[e], list->cost[e]);
			}
		}
	}
}

static int add_column(struct cohort *c, enum covariate_kind kind, const char *fmt,
		      const char *agency, int year)
{
	char name[160];
	void *names = c->column_names, *kinds = c->column_kind;
	size_t capacity = c->columns;

	snprintf(name, sizeof name, fmt, agency, year);
	if (grow_array(&names, &capacity, c->columns + 1, sizeof(char *)))
		return VMAP_NOMEM;
	c->column_names = names;
	capacity = c->columns;
	if (grow_array(&kinds, &capacity, c->columns + 1, sizeof(enum covariate_kind)))
		return VMAP_NOMEM;
	c->column_kind = kinds;
	c->column_kind[c->columns] = kind;
	c->column_names[c->columns] = alloc_strdup(name);
	return c->column_names[c->columns++] ? VMAP_OK : VMAP_NOMEM;
}

static int name_columns(struct vmap_journeys *j, struct cohort *c)
{
	static const char *const plain[] = {"age", "sex", "index_year"};
	int rc = VMAP_OK;

	for (size_t i = 0; i < j->config.covariate_count && !rc; i++) {
		enum covariate_kind kind = j->config.covariates[i];
		if (kind <= COV_INDEX_YEAR)
			rc = add_column(c, kind, "%s%.0d", plain[kind], 0);
		for (size_t a = 0; kind == COV_PRE_COST && a < j->agency_count && !rc; a++)
			for (int k = -j->config.pre; k < 0 && !rc; k++)
				rc = add_column(c, kind, "pre_cost_%s_%d", j->agencies[a], k);
		for (size_t a = 0; kind == COV_PRE_EVENTS && a < j->agency_count && !rc; a++)
			rc = add_column(c, kind, "pre_events_%s%.0d", j->agencies[a], 0);
	}
	return rc ? diag_nomem(&j->diag, "building covariates") : VMAP_OK;
}

static double covariate(const struct vmap_journeys *j, const struct cohort *c, size_t row,
			size_t column, size_t *agency, int *year)
{
	const struct person *p = &j->persons[c->person[row]];

	switch (c->column_kind[column]) {
	case COV_AGE:
		return whole_years(p->dob, c->index_date[row]);
	case COV_SEX:
		return p->female;
	case COV_INDEX_YEAR:
		return c->index_date[row] / 10000;
	case COV_PRE_COST: {
		double value = c->costs[(row * c->agencies + *agency) * c->years + (size_t)*year];
		if (++*year == j->config.pre)
			*year = 0, ++*agency;
		return value;
	}
	case COV_PRE_EVENTS:
		return c->events_pre[row * c->agencies + (*agency)++];
	}
	return 0;
}

static int fill_covariates(struct vmap_journeys *j, struct cohort *c)
{
	int rc = name_columns(j, c);

	if (rc)
		return rc;
	c->x = alloc_array(c->count * c->columns + 1, sizeof *c->x);
	if (!c->x)
		return diag_nomem(&j->diag, "building covariates");
	for (size_t row = 0; row < c->count; row++) {
		size_t agency = 0;
		int year = 0;
		for (size_t col = 0; col < c->columns; col++) {
			if (col > 0 && c->column_kind[col] != c->column_kind[col - 1])
				agency = 0, year = 0;
			c->x[row * c->columns + col] = covariate(j, c, row, col, &agency, &year);
		}
	}
	return VMAP_OK;
}

int cohort_build(struct vmap_journeys *j)
{
	struct cohort *c = &j->cohort;
	struct building b = {.j = j, .c = c};
	size_t rows = 0;
	int rc;

	for (size_t i = 0; i < j->config.covariate_count; i++) {
		b.need_dob |= j->config.covariates[i] == COV_AGE;
		b.need_sex |= j->config.covariates[i] == COV_SEX;
	}
	c->agencies = j->agency_count;
	c->years = (size_t)(j->config.pre + j->config.post);
	for (int group = 0; group < 2; group++)
		for (size_t p = 0; p < j->person_count; p++)
			rows += index_in(&b, p, group, true) != 0;
	rc = allocate(&b, rows);
	if (!rc) {
		place_rows(&b);
		add_events(&b);
		rc = fill_covariates(j, c);
	}
	free(b.bounds);
	free(b.row_of[0]);
	free(b.row_of[1]);
	return rc;
}

void cohort_release(struct cohort *c)
{
	for (size_t i = 0; i < c->columns; i++)
		free(c->column_names[i]);
	free(c->column_names);
	free(c->column_kind);
	free(c->person);
	free(c->index_date);
	free(c->costs);
	free(c->events_pre);
	free(c->x);
	memset(c, 0, sizeof *c);
}
