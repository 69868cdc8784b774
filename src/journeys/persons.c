/*
 * persons.c - the people of a journeys run: each dataset's records, read and standardised by
 * link's reader (so dob and sex are cleaned the one link way), joined to persons through
 * clusters.csv (dataset,record_id,cluster_id); each person's dob and sex are the most common
 * of its records' (the smallest value on a tie, so the choice never depends on order).
 *
 * Rows of clusters.csv for datasets the journeys file does not name are skipped and counted;
 * records that clusters.csv does not list belong to no person, and their events are counted
 * as unjoined.
 */
#include "journeys.h"

#include "core/alloc.h"
#include "core/csv.h"

#include <stdlib.h>
#include <string.h>

static int agency_of(struct vmap_journeys *j, const char *id, size_t *index)
{
	void *list = j->agencies;
	size_t capacity = j->agency_count;

	for (*index = 0; *index < j->agency_count; (*index)++)
		if (strcmp(j->agencies[*index], id) == 0)
			return VMAP_OK;
	if (grow_array(&list, &capacity, j->agency_count + 1, sizeof(char *)))
		return diag_nomem(&j->diag, "reading datasets");
	j->agencies = list;
	j->agencies[j->agency_count] = alloc_strdup(id);
	if (!j->agencies[j->agency_count])
		return diag_nomem(&j->diag, "reading datasets");
	j->agency_count++;
	return VMAP_OK;
}

static int index_records(struct vmap_journeys *j, struct dataset_data *d)
{
	struct record_set *set = &d->records;
	uint32_t held;
	int rc = string_index_init(&d->ids, set->count);

	d->person = alloc_array(set->count ? set->count : 1, sizeof *d->person);
	if (rc || !d->person)
		return diag_nomem(&j->diag, "indexing record ids");
	for (size_t r = 0; r < set->count; r++) {
		d->person[r] = UINT32_MAX;
		if (string_index_put(&d->ids, set->records[r].record_id, (uint32_t)r, &held))
			return diag_nomem(&j->diag, "indexing record ids");
	}
	return VMAP_OK;
}

/* The spec and events block of dataset i (at load: errors come before any data is read). */
static int read_spec(struct vmap_journeys *j, size_t i)
{
	struct dataset_data *d = &j->datasets[i];
	const char *path = j->config.dataset_paths[i];
	int rc = spec_load(&d->spec, path, &j->diag);

	/* Journeys needs a record's dob and sex only: the names, addresses and other fields
	 * are neither read nor cleaned (a third of the time on a million people). */
	for (int f = 0; !rc && f < FIELD_COUNT; f++)
		if (f != FIELD_DOB && f != FIELD_SEX)
			d->spec.fields[f].present = false;
	if (!rc)
		rc = events_spec_load(&d->events, path, &j->diag);
	for (size_t k = 0; !rc && k < i; k++)
		if (strcmp(j->datasets[k].spec.id, d->spec.id) == 0)
			rc = diag_fail(&j->diag, VMAP_INPUT,
				       "%s: dataset id '%s' is also the id of %s; ids must differ",
				       path, d->spec.id, j->config.dataset_paths[k]);
	return rc ? rc : agency_of(j, d->events.agency, &d->agency);
}

int specs_read(struct vmap_journeys *j)
{
	int rc = VMAP_OK;

	j->datasets = alloc_array(j->config.dataset_count, sizeof *j->datasets);
	if (!j->datasets)
		return diag_nomem(&j->diag, "reading datasets");
	for (size_t i = 0; i < j->config.dataset_count && !rc; i++) {
		j->dataset_count = i + 1;
		rc = read_spec(j, i);
	}
	return rc;
}

int datasets_read(struct vmap_journeys *j)
{
	int rc = VMAP_OK;

	for (size_t i = 0; i < j->dataset_count && !rc; i++) {
		struct dataset_data *d = &j->datasets[i];
		if (j->progress)
			j->progress(j->progress_context, "reading records", i, j->dataset_count);
		rc = records_read(&d->records, &d->spec, 0, &j->diag);
		if (!rc)
			rc = index_records(j, d);
		j->counts.records += d->records.count;
	}
	return rc;
}

void datasets_release(struct vmap_journeys *j)
{
	for (size_t i = 0; i < j->dataset_count; i++) {
		struct dataset_data *d = &j->datasets[i];
		spec_release(&d->spec);
		events_spec_release(&d->events);
		string_index_release(&d->ids);
		records_release(&d->records);
		free(d->person);
	}
	free(j->datasets);
	j->datasets = NULL;
	j->dataset_count = 0;
	for (size_t a = 0; a < j->agency_count; a++)
		free(j->agencies[a]);
	free(j->agencies);
	j->agencies = NULL;
	j->agency_count = 0;
}

static int find_columns(struct vmap_journeys *j, struct csv_reader *csv, size_t column[3])
{
	static const char *const names[] = {"dataset", "record_id", "cluster_id"};

	for (int c = 0; c < 3; c++) {
		column[c] = SIZE_MAX;
		for (size_t f = 0; f < csv->field_count; f++)
			if (strcmp(csv_field(csv, f), names[c]) == 0)
				column[c] = f;
		if (column[c] == SIZE_MAX)
			return diag_fail(&j->diag, VMAP_INPUT,
					 "%s:1: no column '%s'; expected the header "
					 "dataset,record_id,cluster_id (clusters.csv from valuemap link)",
					 csv->path, names[c]);
	}
	return VMAP_OK;
}

static struct dataset_data *dataset_named(struct vmap_journeys *j, const char *id)
{
	for (size_t d = 0; d < j->dataset_count; d++)
		if (strcmp(j->datasets[d].spec.id, id) == 0)
			return &j->datasets[d];
	return NULL;
}

/* The person of a cluster id, numbered in order of first appearance. */
static int person_of(struct vmap_journeys *j, const char *cluster, uint32_t *person)
{
	char *key = arena_strndup(&j->cluster_names, cluster, strlen(cluster));
	void *names = j->person_cluster;
	size_t capacity = j->person_count;

	if (!key || string_index_put(&j->clusters, key, (uint32_t)j->person_count, person))
		return diag_nomem(&j->diag, "reading clusters");
	if (*person < j->person_count)
		return VMAP_OK; /* the key stays in the arena, unused: a small waste */
	if (grow_array(&names, &capacity, j->person_count + 1, sizeof(char *)))
		return diag_nomem(&j->diag, "reading clusters");
	j->person_cluster = names;
	j->person_cluster[j->person_count++] = key;
	return VMAP_OK;
}

static int add_cluster_row(struct vmap_journeys *j, struct csv_reader *csv,
			   const size_t column[3])
{
	struct dataset_data *d = dataset_named(j, csv_field(csv, column[0]));
	uint32_t record, person;
	int rc;

	j->counts.cluster_rows++;
	if (!d || !string_index_get(&d->ids, csv_field(csv, column[1]), &record)) {
		j->counts.cluster_rows_unknown++;
		return VMAP_OK;
	}
	if (!*csv_field(csv, column[2]))
		return diag_fail(&j->diag, VMAP_INPUT, "%s:%zu:%zu: the cluster_id is empty",
				 csv->path, csv->line, column[2] + 1);
	rc = person_of(j, csv_field(csv, column[2]), &person);
	if (!rc)
		d->person[record] = person;
	return rc;
}

int clusters_read(struct vmap_journeys *j, const char *path)
{
	struct csv_reader csv;
	size_t column[3];
	bool has_row;
	int rc = csv_open_file(&csv, path, ',', true, &j->diag);

	if (rc)
		return rc;
	rc = string_index_init(&j->clusters, 1024) ? diag_nomem(&j->diag, "reading clusters")
						   : csv_read_row(&csv, &has_row);
	if (!rc && !has_row)
		rc = diag_fail(&j->diag, VMAP_INPUT, "%s: empty file (expected the header "
				 "dataset,record_id,cluster_id)", path);
	if (!rc)
		rc = find_columns(j, &csv, column);
	if (!rc)
		rc = csv_keep_header(&csv);
	while (!rc && !(rc = csv_read_row(&csv, &has_row)) && has_row)
		rc = add_cluster_row(j, &csv, column);
	csv_close(&csv);
	if (!rc && j->counts.cluster_rows_unknown)
		rc = journeys_warn(j, "%s: %zu rows name a dataset or record the journeys file does "
				   "not have; they are skipped", path, j->counts.cluster_rows_unknown);
	j->counts.persons = j->person_count;
	return rc;
}

/* (person, value) pairs, to find each person's most common value. */
struct vote {
	uint32_t person;
	int32_t value;
};

static int by_vote(const void *a, const void *b)
{
	const struct vote *x = a, *y = b;

	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	return (x->value > y->value) - (x->value < y->value);
}

/* Each person's most common value among `votes` (sorted), into `out` (0 when none). */
static void tally(const struct vote *votes, size_t n, int32_t *out)
{
	size_t i = 0;

	while (i < n) {
		uint32_t person = votes[i].person;
		size_t best_run = 0;
		while (i < n && votes[i].person == person) {
			size_t run = 1;
			while (i + run < n && votes[i + run].person == person &&
			       votes[i + run].value == votes[i].value)
				run++;
			if (run > best_run) {
				best_run = run;
				out[person] = votes[i].value;
			}
			i += run;
		}
	}
}

static int32_t sex_code(const struct record *r)
{
	const char *sex = r->value[FIELD_SEX];

	return !sex ? 0 : sex[0] == 'f' ? 2 : sex[0] == 'm' ? 1 : 0;
}

static size_t collect(const struct vmap_journeys *j, bool dob, struct vote *votes)
{
	size_t n = 0;

	for (size_t d = 0; d < j->dataset_count; d++) {
		const struct dataset_data *data = &j->datasets[d];
		for (size_t r = 0; r < data->records.count; r++) {
			const struct record *rec = &data->records.records[r];
			int32_t value = dob ? rec->dob : sex_code(rec);
			if (data->person[r] != UINT32_MAX && value != 0)
				votes[n++] = (struct vote){data->person[r], value};
		}
	}
	return n;
}

int persons_describe(struct vmap_journeys *j)
{
	struct vote *votes = alloc_array(j->counts.records ? j->counts.records : 1, sizeof *votes);
	int32_t *dob = alloc_array(j->person_count + 1, sizeof *dob);
	int32_t *sex = alloc_array(j->person_count + 1, sizeof *sex);
	int rc = VMAP_OK;

	j->persons = alloc_array(j->person_count + 1, sizeof *j->persons);
	if (!votes || !dob || !sex || !j->persons) {
		rc = diag_nomem(&j->diag, "describing persons");
		goto cleanup;
	}
	for (int pass = 0; pass < 2; pass++) {
		size_t n = collect(j, pass == 0, votes);
		qsort(votes, n, sizeof *votes, by_vote);
		tally(votes, n, pass == 0 ? dob : sex);
	}
	for (size_t p = 0; p < j->person_count; p++) {
		j->persons[p].dob = dob[p];
		j->persons[p].female = (int8_t)(sex[p] == 2 ? 1 : sex[p] == 1 ? 0 : -1);
	}
	for (size_t d = 0; d < j->dataset_count; d++)
		for (size_t r = 0; r < j->datasets[d].records.count; r++)
			j->counts.records_unclustered += j->datasets[d].person[r] == UINT32_MAX;
	if (j->counts.records_unclustered)
		rc = journeys_warn(j, "%zu records are not in clusters.csv: they belong to no person "
				   "and their events are not used", j->counts.records_unclustered);
cleanup:
	free(votes);
	free(dob);
	free(sex);
	return rc;
}
