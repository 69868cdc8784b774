/*
 * synth.c - the synth handle: options, the parallel simulation of people in fixed blocks,
 * and the atomic writing of every output.
 *
 * People are simulated in blocks of BLOCK_PEOPLE, whatever the thread count; each block
 * keeps its own text for every file and its own sums of true effects, and blocks are joined
 * in order, so the files and the truth are the same on any number of threads.
 */
#include "synth/synth_internal.h"

#include "core/alloc.h"
#include "core/dist.h"
#include "core/name_list.h"
#include "core/parallel.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define BLOCK_PEOPLE 2048
#define PEOPLE_MAX 100000000ULL

struct block {
	struct strbuf records[DEPT_COUNT], events[DEPT_COUNT], truth[DEPT_COUNT];
	double effect[DEPT_COUNT][POST_YEARS];
	uint64_t record_count[DEPT_COUNT], event_count[DEPT_COUNT];
	uint64_t treated, comparison;
	bool failed;
};

vmap_synth *vmap_synth_new(void)
{
	vmap_synth *s = alloc_array(1, sizeof *s);

	if (!s)
		return NULL;
	s->people = 10000;
	for (int d = 0; d < DEPT_COUNT; d++)
		s->include[d] = true;
	return s;
}

void vmap_synth_free(vmap_synth *synth)
{
	free(synth);
}

const char *vmap_synth_errmsg(const vmap_synth *synth)
{
	return synth ? synth->diag.message : "";
}

int vmap_synth_set_people(vmap_synth *synth, uint64_t people)
{
	if (people < 1 || people > PEOPLE_MAX)
		return diag_fail(&synth->diag, VMAP_USAGE,
				 "people: expected a whole number from 1 to 100000000, not %llu",
				 (unsigned long long)people);
	synth->people = people;
	return VMAP_OK;
}

void vmap_synth_set_seed(vmap_synth *synth, uint64_t seed)
{
	synth->seed = seed;
}

int vmap_synth_set_departments(vmap_synth *synth, const char *list)
{
	const char *names[DEPT_COUNT];
	bool include[DEPT_COUNT];
	struct name_list_error bad;

	for (int d = 0; d < DEPT_COUNT; d++)
		names[d] = dept_profiles[d].id;
	if (!name_list_parse(list, names, DEPT_COUNT, include, &bad))
		return diag_fail(&synth->diag, VMAP_USAGE,
				 "departments: unknown department '%.*s' (expected health, "
				 "dwp or justice, separated by commas)",
				 (int)(bad.length < 40 ? bad.length : 40), bad.item);
	memcpy(synth->include, include, sizeof include);
	return VMAP_OK;
}

void vmap_synth_set_threads(vmap_synth *synth, unsigned threads)
{
	synth->threads = threads;
}

void vmap_synth_set_progress(vmap_synth *synth, vmap_progress_fn progress, void *context)
{
	synth->progress = progress;
	synth->progress_context = context;
}

vmap_synth_stats vmap_synth_get_stats(const vmap_synth *synth)
{
	return synth->stats;
}

static void add_truth_row(struct strbuf *sb, int dept, uint32_t number, uint64_t person)
{
	strbuf_adds(sb, dept_profiles[dept].id);
	strbuf_add(sb, ",", 1);
	add_record_id(sb, dept, number);
	strbuf_add(sb, ",", 1);
	add_uint(sb, person + 1, 1);
	strbuf_add(sb, "\n", 1);
}

static void simulate_person(const vmap_synth *s, uint64_t index, struct block *b,
			    struct event *scratch)
{
	struct person p;

	person_draw(&p, s->seed, index);
	b->treated += p.ips_start != 0;
	b->comparison += p.mh_start && !p.ips_start;
	for (int d = 0; d < DEPT_COUNT; d++) {
		double effect[POST_YEARS] = {0};
		if (!s->include[d] || !p.copies[d])
			continue;
		records_write(&p, d, s->seed, &b->records[d]);
		for (int c = 0; c < p.copies[d]; c++)
			add_truth_row(&b->truth[d], d, record_number(s->seed, d, index, c), index);
		b->record_count[d] += (uint64_t)p.copies[d];
		b->event_count[d] += events_write(&p, d, s->seed, &b->events[d], effect, scratch);
		for (int k = 0; k < POST_YEARS; k++)
			b->effect[d][k] += effect[k];
	}
}

struct simulation {
	const vmap_synth *synth;
	struct block *blocks;
	size_t block_count;
};

static void simulate_blocks(void *context, unsigned worker, size_t begin, size_t end,
			    atomic_size_t *done)
{
	struct simulation *sim = context;
	struct event *scratch = alloc_array(EVENTS_MAX, sizeof *scratch);

	(void)worker;
	for (size_t i = begin; i < end; i++) {
		struct block *b = &sim->blocks[i];
		uint64_t first = (uint64_t)i * BLOCK_PEOPLE;
		uint64_t last = first + BLOCK_PEOPLE < sim->synth->people ? first + BLOCK_PEOPLE
									 : sim->synth->people;
		for (uint64_t person = first; scratch && person < last; person++)
			simulate_person(sim->synth, person, b, scratch);
		b->failed = !scratch;
		atomic_fetch_add(done, 1);
	}
	free(scratch);
}

static void release_blocks(struct block *blocks, size_t count)
{
	for (size_t i = 0; blocks && i < count; i++)
		for (int d = 0; d < DEPT_COUNT; d++) {
			strbuf_release(&blocks[i].records[d]);
			strbuf_release(&blocks[i].events[d]);
			strbuf_release(&blocks[i].truth[d]);
		}
	free(blocks);
}

static bool blocks_failed(const struct block *blocks, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (blocks[i].failed)
			return true;
		for (int d = 0; d < DEPT_COUNT; d++)
			if (blocks[i].records[d].failed || blocks[i].events[d].failed ||
			    blocks[i].truth[d].failed)
				return true;
	}
	return false;
}

/* Sums the blocks' counts and effects in block order into the handle. */
static void reduce(vmap_synth *s, const struct block *blocks, size_t count)
{
	double sum[DEPT_COUNT][POST_YEARS] = {{0}};

	memset(&s->stats, 0, sizeof s->stats);
	s->stats.people = s->people;
	for (size_t i = 0; i < count; i++) {
		s->stats.treated += blocks[i].treated;
		s->stats.comparison += blocks[i].comparison;
		for (int d = 0; d < DEPT_COUNT; d++) {
			s->stats.records[d] += blocks[i].record_count[d];
			s->stats.events[d] += blocks[i].event_count[d];
			for (int k = 0; k < POST_YEARS; k++)
				sum[d][k] += blocks[i].effect[d][k];
		}
	}
	for (int d = 0; d < DEPT_COUNT; d++)
		for (int k = 0; k < POST_YEARS; k++)
			s->effect[d][k] = s->stats.treated ? sum[d][k] / (double)s->stats.treated : 0;
}

/* Joins one file's text from every block, in order, under `header`, freeing the parts. */
static int join(struct outset *set, const char *name, const char *header, struct block *blocks,
		size_t count, size_t offset)
{
	struct strbuf all;
	size_t total = strlen(header);
	int rc;

	for (size_t i = 0; i < count; i++)
		total += ((struct strbuf *)((char *)&blocks[i] + offset))->length;
	strbuf_init(&all);
	all.data = alloc_array(total + 1, 1);
	if (!all.data)
		return diag_nomem(set->diag, "joining the outputs");
	all.capacity = total + 1;
	strbuf_adds(&all, header);
	for (size_t i = 0; i < count; i++) {
		struct strbuf *part = (struct strbuf *)((char *)&blocks[i] + offset);
		strbuf_add(&all, part->data ? part->data : "", part->length);
		strbuf_release(part);
	}
	rc = outset_write_buf(set, name, &all);
	strbuf_release(&all);
	return rc;
}

static int write_department(vmap_synth *s, struct outset *datasets, struct block *blocks,
			    size_t count, int d)
{
	char name[64];
	int rc;

	snprintf(name, sizeof name, "%s.csv", dept_profiles[d].id);
	rc = join(datasets, name, records_header(d), blocks, count,
		  offsetof(struct block, records) + (size_t)d * sizeof(struct strbuf));
	snprintf(name, sizeof name, "%s_events.csv", dept_profiles[d].id);
	if (!rc)
		rc = join(datasets, name, events_header(d), blocks, count,
			  offsetof(struct block, events) + (size_t)d * sizeof(struct strbuf));
	(void)s;
	return rc;
}

/* truth.csv: every department's records in turn, each in person order. */
static int write_truth_csv(struct outset *top, struct block *blocks, size_t count,
			   const bool include[DEPT_COUNT])
{
	struct strbuf all;
	int rc;

	strbuf_init(&all);
	strbuf_adds(&all, "dataset,record_id,person_id\n");
	for (int d = 0; d < DEPT_COUNT; d++)
		for (size_t i = 0; include[d] && i < count; i++) {
			strbuf_add(&all, blocks[i].truth[d].data ? blocks[i].truth[d].data : "",
				   blocks[i].truth[d].length);
			strbuf_release(&blocks[i].truth[d]);
		}
	rc = outset_write_buf(top, "truth.csv", &all);
	strbuf_release(&all);
	return rc;
}

static int check_folder(vmap_synth *s, const char *dir)
{
	struct stat st;

	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
		return diag_fail(&s->diag, VMAP_USAGE, "%s: exists and is not a folder", dir);
	return VMAP_OK;
}

static int write_all(vmap_synth *s, const char *dir, struct block *blocks, size_t count)
{
	struct outset datasets, top;
	char *datasets_dir = alloc_array(strlen(dir) + sizeof "/datasets", 1);
	int rc;

	if (!datasets_dir)
		return diag_nomem(&s->diag, "writing the outputs");
	snprintf(datasets_dir, strlen(dir) + sizeof "/datasets", "%s/datasets", dir);
	if (!dist_writes()) { /* under MPI only rank 0 writes */
		free(datasets_dir);
		return outset_commit_elsewhere(&s->diag);
	}
	rc = outset_begin(&datasets, datasets_dir, &s->diag);
	if (!rc)
		rc = outset_begin(&top, dir, &s->diag);
	else
		memset(&top, 0, sizeof top);
	for (int d = 0; d < DEPT_COUNT && !rc; d++)
		if (s->include[d])
			rc = write_department(s, &datasets, blocks, count, d);
	if (!rc)
		rc = write_truth_csv(&top, blocks, count, s->include);
	if (!rc)
		rc = write_project(s, &datasets, &top);
	/* one commit: never new datasets beside an old project */
	rc = outset_commit_agreed((struct outset *[]){&top, &datasets}, 2, rc, &s->diag);
	outset_release(&datasets);
	outset_release(&top);
	free(datasets_dir);
	return rc;
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) * 1e-9;
}

int vmap_synth_run(vmap_synth *s, const char *dir)
{
	size_t count = (size_t)((s->people + BLOCK_PEOPLE - 1) / BLOCK_PEOPLE);
	struct simulation sim = {s, alloc_array(count, sizeof(struct block)), count};
	struct parallel_job job = {simulate_blocks, &sim, count,
				   s->threads ? s->threads : parallel_cores(), s->progress,
				   s->progress_context};
	struct timespec start;
	int rc;

	diag_clear(&s->diag);
	clock_gettime(CLOCK_MONOTONIC, &start);
	rc = check_folder(s, dir);
	if (!rc && !sim.blocks)
		rc = diag_nomem(&s->diag, "simulating people");
	if (!rc) {
		if (s->progress)
			s->progress(s->progress_context, "simulating people", 0, count);
		parallel_run(&job);
		if (blocks_failed(sim.blocks, count))
			rc = diag_nomem(&s->diag, "simulating people");
	}
	if (!rc) {
		reduce(s, sim.blocks, count);
		if (s->progress)
			s->progress(s->progress_context, "writing files", 0, 0);
		rc = write_all(s, dir, sim.blocks, count);
	}
	release_blocks(sim.blocks, count);
	s->stats.seconds = seconds_since(&start);
	return rc;
}
