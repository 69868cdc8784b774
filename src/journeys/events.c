/*
 * events.c - reading each dataset's events file (DESIGN.md "Events") and joining its rows to
 * persons through the dataset's record ids.
 *
 * A row whose record id is not in the dataset, an unreadable date, an unreadable cost, or a
 * nominal cost in a year the journeys file has no deflator for is an error naming the file,
 * line and column (never quoting the value). A row whose record belongs to no person is counted
 * as unjoined; a date outside `observed` is counted and the event left out (a warning), though
 * it still counts for finding a person's first treated or comparison event, so that a person
 * whose index falls outside the observed span is never given a later one. Costs are kept in
 * price_base prices.
 *
 * The files are read on separate threads (core/parallel), each into its own event list with its
 * own counts and message; the first file's error in file order is reported, so the outcome
 * never depends on the thread count. Only the cohort rules' datasets write the persons' index
 * dates (two rules on two datasets write different fields).
 */
#include "journeys.h"

#include "core/alloc.h"
#include "core/csv.h"
#include "core/parallel.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_RECORD, COL_DATE, COL_TYPE, COL_COST, COL_COUNT };

struct reading {
	struct vmap_journeys *j;
	struct event_list *list; /* this file's events, counts and message */
	struct vmap_diag *diag;
	size_t dataset;
	const struct events_spec *spec;
	size_t column[COL_COUNT]; /* SIZE_MAX: not declared */
	double price_factor;      /* fixed price year: deflator[price_base] / deflator[year] */
	double base_index;        /* deflator[price_base], for nominal costs */
	bool is_treated, is_comparison; /* the dataset holds the cohort rules' events */
	int32_t from_day, to_day;
};

static int find_column(struct reading *rd, struct csv_reader *csv, int slot, const char *name,
		       size_t *out)
{
	for (size_t f = 0; f < csv->field_count; f++) {
		if (strcmp(csv_field(csv, f), name) == 0) {
			*out = f;
			return VMAP_OK;
		}
	}
	return diag_fail(rd->diag, VMAP_INPUT,
			 "%s:%d:%d: events: column '%s' is not in the header of %s",
			 rd->j->config.dataset_paths[rd->dataset], rd->spec->at[slot].line,
			 rd->spec->at[slot].column, name, rd->spec->path);
}

static int resolve_columns(struct reading *rd, struct csv_reader *csv)
{
	const struct events_spec *e = rd->spec;
	int rc = find_column(rd, csv, COL_RECORD, e->record_id, &rd->column[COL_RECORD]);

	rd->column[COL_TYPE] = rd->column[COL_COST] = SIZE_MAX;
	if (!rc)
		rc = find_column(rd, csv, COL_DATE, e->date, &rd->column[COL_DATE]);
	if (!rc && e->type)
		rc = find_column(rd, csv, COL_TYPE, e->type, &rd->column[COL_TYPE]);
	if (!rc && e->cost)
		rc = find_column(rd, csv, COL_COST, e->cost, &rd->column[COL_COST]);
	return rc;
}

static int row_error(struct reading *rd, const struct csv_reader *csv, int column,
		     const char *what)
{
	size_t index = rd->column[column];

	return diag_fail(rd->diag, VMAP_INPUT, "%s:%zu:%zu: %s (column '%s')", csv->path,
			 csv->line, index + 1, what, csv->header_count > index ?
			 csv->header.data + csv->header_starts[index] : "?");
}

/* A number of pounds, as "1234.5", "-20" or "£42" (a leading pound sign is allowed); not
 * hexadecimal, infinite or NaN, and not empty: a missing cost is not a zero. */
static bool read_cost(const char *text, double *cost)
{
	static const char pound[] = "\xc2\xa3";
	bool negative = text[0] == '-';
	const char *number = text + negative;
	char *end;

	if (strncmp(number, pound, 2) == 0)
		number += 2;
	if (!(*number >= '0' && *number <= '9') && *number != '.')
		return false;
	errno = 0;
	*cost = strtod(number, &end);
	if (negative)
		*cost = -*cost;
	return end != number && !*end && !errno && isfinite(*cost) && !strpbrk(number, "xXnN");
}

/* The event's cost in price_base prices; 0 when the events have no cost column. */
static int real_cost(struct reading *rd, const struct csv_reader *csv, int32_t date,
		     double *cost)
{
	double index;

	*cost = 0;
	if (rd->column[COL_COST] == SIZE_MAX)
		return VMAP_OK;
	if (!read_cost(csv_field(csv, rd->column[COL_COST]), cost))
		return row_error(rd, csv, COL_COST, "unreadable cost: expected a number of pounds");
	if (!rd->spec->nominal) {
		*cost *= rd->price_factor;
		return VMAP_OK;
	}
	if (!journeys_config_deflator(&rd->j->config, date / 10000, &index)) {
		char what[160];
		snprintf(what, sizeof what, "a cost in %d prices (price_year: event) needs the "
			 "deflator for %d in %s", date / 10000, date / 10000, rd->j->config.path);
		return row_error(rd, csv, COL_DATE, what);
	}
	*cost *= rd->base_index / index;
	return VMAP_OK;
}

static void note_index(struct reading *rd, const struct csv_reader *csv, uint32_t person,
		       int32_t date)
{
	const char *type = rd->column[COL_TYPE] == SIZE_MAX ? NULL
							     : csv_field(csv, rd->column[COL_TYPE]);
	struct person *p = &rd->j->persons[person];

	if (!type)
		return;
	if (rd->is_treated && strcmp(type, rd->j->config.treated.type) == 0 &&
	    (!p->treated_index || date < p->treated_index))
		p->treated_index = date;
	if (rd->is_comparison && strcmp(type, rd->j->config.comparison.type) == 0 &&
	    (!p->comparison_index || date < p->comparison_index))
		p->comparison_index = date;
}

static int grow_events(struct event_list *list)
{
	size_t capacity = list->capacity ? 2 * list->capacity : 4096;
	void *people = realloc_array(list->person, capacity, sizeof *list->person);
	void *days, *costs;

	if (people)
		list->person = people;
	days = people ? realloc_array(list->day, capacity, sizeof *list->day) : NULL;
	if (days)
		list->day = days;
	costs = days ? realloc_array(list->cost, capacity, sizeof *list->cost) : NULL;
	if (!costs)
		return diag_nomem(&list->diag, "reading events");
	list->cost = costs;
	list->capacity = capacity;
	return VMAP_OK;
}

static int keep_event(struct reading *rd, uint32_t person, int32_t day, double cost)
{
	struct event_list *list = rd->list;

	if (list->count == list->capacity && grow_events(list))
		return VMAP_NOMEM;
	list->person[list->count] = person;
	list->day[list->count] = day;
	list->cost[list->count++] = cost;
	return VMAP_OK;
}

static int read_event(struct reading *rd, const struct csv_reader *csv)
{
	const struct dataset_data *d = &rd->j->datasets[rd->dataset];
	const char *format = rd->spec->date_format ? rd->spec->date_format : "%Y-%m-%d";
	uint32_t record, person;
	int32_t date, day;
	double cost;
	int rc;

	rd->list->rows++;
	if (!string_index_get(&d->ids, csv_field(csv, rd->column[COL_RECORD]), &record))
		return row_error(rd, csv, COL_RECORD, "the record id is not in the dataset's records");
	if (!std_date(csv_field(csv, rd->column[COL_DATE]), format, &date))
		return row_error(rd, csv, COL_DATE, "unreadable date: expected the events block's "
				 "date format");
	rc = real_cost(rd, csv, date, &cost);
	if (rc)
		return rc;
	person = d->person[record];
	if (person == UINT32_MAX) {
		rd->list->unjoined++;
		return VMAP_OK;
	}
	rd->list->joined++;
	note_index(rd, csv, person, date);
	day = days_from_civil(date);
	if (day < rd->from_day || day > rd->to_day) {
		rd->list->outside++;
		return VMAP_OK;
	}
	return keep_event(rd, person, day, cost);
}

static int prepare(struct reading *rd)
{
	const struct journeys_config *c = &rd->j->config;
	const struct events_spec *e = rd->spec;
	const char *spec_path = c->dataset_paths[rd->dataset];
	double index;

	rd->from_day = days_from_civil(c->observed_from);
	rd->to_day = days_from_civil(c->observed_to);
	rd->price_factor = 1;
	if (!e->cost || (!e->nominal && e->price_year == c->price_base))
		return VMAP_OK;
	if (!journeys_config_deflator(c, c->price_base, &rd->base_index))
		return diag_fail(rd->diag, VMAP_INPUT,
				 "%s: journeys.deflator: no index for price_base %d, which the costs "
				 "of %s need", c->path, c->price_base, spec_path);
	if (e->nominal)
		return VMAP_OK;
	if (!journeys_config_deflator(c, e->price_year, &index))
		return diag_fail(rd->diag, VMAP_INPUT,
				 "%s: journeys.deflator: no index for %d, the price_year of the events "
				 "of %s", c->path, e->price_year, spec_path);
	rd->price_factor = rd->base_index / index;
	return VMAP_OK;
}

static int read_file(struct vmap_journeys *j, size_t dataset)
{
	struct event_list *list = &j->events[dataset];
	struct reading rd = {.j = j, .list = list, .diag = &list->diag, .dataset = dataset,
			     .spec = &j->datasets[dataset].events};
	struct csv_reader csv;
	bool has_row;
	int rc = prepare(&rd);

	rd.is_treated = dataset == j->config.treated.dataset;
	rd.is_comparison = dataset == j->config.comparison.dataset;
	list->agency = j->datasets[dataset].agency;
	if (rc)
		return rc;
	rc = csv_open_file(&csv, rd.spec->path, rd.spec->delimiter, true, rd.diag);
	if (rc)
		return rc;
	rc = csv_read_row(&csv, &has_row);
	if (!rc && !has_row)
		rc = diag_fail(rd.diag, VMAP_INPUT, "%s: empty file (expected a header row)",
			       rd.spec->path);
	if (!rc)
		rc = resolve_columns(&rd, &csv);
	if (!rc)
		rc = csv_keep_header(&csv);
	while (!rc && !(rc = csv_read_row(&csv, &has_row)) && has_row)
		rc = read_event(&rd, &csv);
	csv_close(&csv);
	return rc;
}

static void read_files(void *context, unsigned worker, size_t begin, size_t end,
		       atomic_size_t *done)
{
	struct vmap_journeys *j = context;

	(void)worker;
	for (size_t d = begin; d < end; d++) {
		j->events[d].rc = read_file(j, d);
		atomic_fetch_add(done, 1);
	}
}

/* Sums the files' counts, and passes up the first file's error. */
static int gather(struct vmap_journeys *j)
{
	for (size_t d = 0; d < j->dataset_count; d++) {
		const struct event_list *list = &j->events[d];
		if (list->rc)
			return diag_copy(&j->diag, &list->diag);
		j->counts.events += list->rows;
		j->counts.events_joined += list->joined;
		j->counts.events_unjoined += list->unjoined;
		j->counts.events_outside += list->outside;
	}
	return VMAP_OK;
}

int events_read(struct vmap_journeys *j)
{
	unsigned threads = j->threads ? j->threads : parallel_cores();
	int rc;

	j->events = alloc_array(j->dataset_count, sizeof *j->events);
	if (!j->events)
		return diag_nomem(&j->diag, "reading events");
	if (j->progress)
		j->progress(j->progress_context, "reading events", 0, j->dataset_count);
	parallel_run(&(struct parallel_job){read_files, j, j->dataset_count,
					    threads < j->dataset_count ? threads
								       : (unsigned)j->dataset_count,
					    NULL, NULL});
	rc = gather(j);
	if (!rc && j->counts.events_outside)
		rc = journeys_warn(j, "%zu events fall outside window.observed (%04d-%02d-%02d to "
				   "%04d-%02d-%02d) and are left out", j->counts.events_outside,
				   j->config.observed_from / 10000, j->config.observed_from / 100 % 100,
				   j->config.observed_from % 100, j->config.observed_to / 10000,
				   j->config.observed_to / 100 % 100, j->config.observed_to % 100);
	return rc;
}
