/*
 * record_share.c - a linker's records held in shares over the ranks of an MPI run, moved
 * by all-to-all exchanges (issue 18; the layout and invariants are in record_share.h).
 *
 * A record travels packed: its set index, a mask of the fields present, each present field
 * (length, bytes), the fixed part (dob, nickname groups, postcode flag, term frequencies),
 * then the caller's extra numbers. Every buffer that held packed records is wiped before it
 * is freed.
 */
#include "record_share.h"

#include "core/alloc.h"
#include "core/dist.h"
#include "core/sorted.h"

#include <stdlib.h>
#include <string.h>

struct visit_tail {
	uint32_t dataset;
	int32_t dob, dob_days;
	int16_t nickname[2];
	float tf[4];
	uint8_t postcode_uk;
};

void pack_put(char **at, const void *bytes, size_t size)
{
	if (size) /* bytes may be NULL when there are none */
		memcpy(*at, bytes, size);
	*at += size;
}

void pack_take(const char **at, void *out, size_t size)
{
	if (size)
		memcpy(out, *at, size);
	*at += size;
}

size_t pack_fields_size(const struct record *r)
{
	size_t size = sizeof(uint32_t);

	for (int f = 0; f < FIELD_COUNT; f++)
		if (r->value[f])
			size += sizeof r->length[f] + r->length[f];
	return size;
}

void pack_fields(char **at, const struct record *r)
{
	uint32_t mask = 0;

	for (int f = 0; f < FIELD_COUNT; f++)
		if (r->value[f])
			mask |= 1u << f;
	pack_put(at, &mask, sizeof mask);
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (!r->value[f])
			continue;
		pack_put(at, &r->length[f], sizeof r->length[f]);
		pack_put(at, r->value[f], r->length[f]);
	}
}

int unpack_fields(const char **at, struct record *r, struct arena *arena)
{
	uint32_t mask;

	pack_take(at, &mask, sizeof mask);
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (!(mask & (1u << f)))
			continue;
		pack_take(at, &r->length[f], sizeof r->length[f]);
		r->value[f] = arena_strndup(arena, *at, r->length[f]);
		*at += r->length[f];
		if (!r->value[f])
			return VMAP_NOMEM;
	}
	return VMAP_OK;
}

static size_t visit_size(const struct record *r, size_t extra_count)
{
	return sizeof(uint32_t) + pack_fields_size(r) + sizeof(struct visit_tail) +
	       extra_count * sizeof(uint32_t);
}

static void pack_visit(char **at, const struct record *r, uint32_t index, const uint32_t *extra,
		       size_t extra_count)
{
	struct visit_tail tail;

	memset(&tail, 0, sizeof tail);
	tail.dataset = r->dataset;
	tail.dob = r->dob;
	tail.dob_days = r->dob_days;
	memcpy(tail.nickname, r->nickname, sizeof tail.nickname);
	memcpy(tail.tf, r->tf, sizeof tail.tf);
	tail.postcode_uk = r->postcode_uk;
	pack_put(at, &index, sizeof index);
	pack_fields(at, r);
	pack_put(at, &tail, sizeof tail);
	pack_put(at, extra, extra_count * sizeof *extra);
}

static int note_slot(struct record_share *s, uint32_t index)
{
	void *slots = s->slots;

	if (grow_array(&slots, &s->slot_capacity, s->slot_count + 1, sizeof *s->slots))
		return VMAP_NOMEM;
	s->slots = slots;
	s->slots[s->slot_count++] = index;
	return VMAP_OK;
}

/* Where the next record arriving goes while the visit set is filled (the second pass): its
 * place there (arrival_local), with its extras (into *extra, out_stride of them). */
static struct record *arrive(struct record_set *set, uint32_t **extra)
{
	struct record_share *s = set->share;
	size_t place = s->arrival_local[s->arrivals++];

	*extra = s->visit_extra + place * s->out_stride;
	return &s->visit.records[place];
}

/* Skips a packed record's fields, tail and extras (the first pass of a visit: only the
 * indexes are read). */
static void skip_visit(const char **at, size_t extra_count)
{
	uint32_t mask;

	pack_take(at, &mask, sizeof mask);
	for (int f = 0; f < FIELD_COUNT; f++) {
		uint16_t length;
		if (!(mask & (1u << f)))
			continue;
		pack_take(at, &length, sizeof length);
		*at += length;
	}
	*at += sizeof(struct visit_tail) + extra_count * sizeof(uint32_t);
}

/* Fills the slot of the packed record at *at (moved on); its extras go to extra_out. */
static int unpack_visit(struct record_set *set, const char **at, size_t extra_count,
			struct vmap_diag *diag)
{
	struct record_share *s = set->share;
	struct visit_tail tail;
	uint32_t index, *extra = NULL;
	struct record *r;

	pack_take(at, &index, sizeof index);
	if (s->planning) {
		skip_visit(at, extra_count);
		return note_slot(s, index) ? diag_nomem(diag, "exchanging records") : VMAP_OK;
	}
	r = arrive(set, &extra);
	s->visitors++;
	if (unpack_fields(at, r, &s->visiting))
		return diag_nomem(diag, "exchanging records");
	pack_take(at, &tail, sizeof tail);
	r->dataset = tail.dataset;
	r->dob = tail.dob;
	r->dob_days = tail.dob_days;
	memcpy(r->nickname, tail.nickname, sizeof tail.nickname);
	memcpy(r->tf, tail.tf, sizeof tail.tf);
	r->postcode_uk = tail.postcode_uk;
	if (extra_count && extra)
		memcpy(extra, *at, extra_count * sizeof(uint32_t));
	*at += extra_count * sizeof(uint32_t);
	return VMAP_OK;
}

/* What this rank sends itself is not packed: those slots borrow the home copies (their
 * strings stay the home set's). share_send: the home records whose dest is this rank, with
 * their extra numbers; share_fetch: the indexes this rank asked itself for. */
struct own_part {
	const uint32_t *dest, *extra;
	size_t extra_count, stride;
	const char *asked;
	uint64_t asked_size;
};

static int borrow_home(struct record_set *set, const struct record *home, uint32_t index,
		       const uint32_t *extra, size_t extra_count)
{
	uint32_t *extra_out = NULL;
	struct record *r;

	if (set->share->planning)
		return note_slot(set->share, index);
	r = arrive(set, &extra_out);
	*r = *home;
	r->record_id = NULL; /* as a packed copy: ids travel to rank 0 only (share_keep) */
	if (extra_count && extra_out)
		memcpy(extra_out, extra, extra_count * sizeof *extra);
	return VMAP_OK;
}

static const struct record *home_record(const struct record_set *set, uint32_t index);

static int borrow_own(struct record_set *set, const struct own_part *own,
		      struct vmap_diag *diag)
{
	const struct record_share *s = set->share;
	int rc = VMAP_OK;

	for (size_t i = 0; own->dest && !rc && i < s->home.count; i++) {
		if (own->dest[i] != dist_rank())
			continue;
		rc = borrow_home(set, &s->home.records[i], s->global[i],
				 own->extra + i * own->stride, own->extra_count);
	}
	for (uint64_t at = 0; !rc && at < own->asked_size; at += sizeof(uint32_t)) {
		uint32_t index;
		memcpy(&index, own->asked + at, sizeof index);
		rc = borrow_home(set, home_record(set, index), index, NULL, 0);
	}
	return rc ? diag_nomem(diag, "exchanging records") : VMAP_OK;
}

/* Unpacks every record of `got` (this rank's own part borrowed, in its place in rank
 * order); the slots of source rank r end at arrived_from[r + 1]. */
static int unpack_all(struct record_set *set, const struct dist_blocks *got,
		      const struct own_part *own, size_t extra_count, struct vmap_diag *diag)
{
	struct record_share *s = set->share;
	int rc = VMAP_OK;

	s->arrived_from[0] = 0;
	for (unsigned r = 0; r < dist_size(); r++) {
		const char *at = got->data + got->offsets[r], *end = got->data + got->offsets[r + 1];
		if (r == dist_rank() && !rc)
			rc = borrow_own(set, own, diag);
		while (!rc && at < end)
			rc = unpack_visit(set, &at, extra_count, diag);
		s->arrived_from[r + 1] = s->planning ? s->slot_count : s->arrivals;
	}
	return rc;
}

static int by_key64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* After the first pass (the arrivals' indexes in slots[]): the visit set's places, in set
 * order (so a step's ties fall as one process's): visit_global, arrival_local, the records
 * (zeroed, exactly as many as arrived) and visit_extra (UINT32_MAX until filled). */
static int settle_visit(struct record_set *set, size_t out_stride, struct vmap_diag *diag)
{
	struct record_share *s = set->share;
	struct record_set *v = &s->visit;
	size_t n = s->slot_count;
	uint64_t *keyed = alloc_array(n + 1, sizeof *keyed);
	int rc = VMAP_OK;

	free(s->visit_global);
	free(s->arrival_local);
	free(s->visit_extra);
	free(v->records);
	s->visit_global = alloc_array(n + 1, sizeof *s->visit_global);
	s->arrival_local = alloc_array(n + 1, sizeof *s->arrival_local);
	s->visit_extra = alloc_array(n * out_stride + 1, sizeof *s->visit_extra);
	v->records = alloc_array(n + 1, sizeof *v->records);
	v->capacity = n + 1;
	v->count = v->records ? n : 0;
	if (!keyed || !s->visit_global || !s->arrival_local || !s->visit_extra || !v->records)
		rc = diag_nomem(diag, "exchanging records");
	for (size_t k = 0; !rc && k < n; k++) /* set index above, arrival below: one sort */
		keyed[k] = (uint64_t)s->slots[k] << 32 | k;
	if (!rc)
		qsort(keyed, n, sizeof *keyed, by_key64);
	for (size_t p = 0; !rc && p < n; p++) {
		size_t k = (size_t)(keyed[p] & 0xffffffffu);
		s->visit_global[p] = s->slots[k];
		s->arrival_local[k] = (uint32_t)p;
	}
	for (size_t e = 0; !rc && e < n * out_stride; e++)
		s->visit_extra[e] = UINT32_MAX;
	v->dataset_count = set->dataset_count;
	memcpy(v->has_field, set->has_field, sizeof v->has_field);
	s->out_stride = out_stride;
	s->arrivals = 0;
	free(keyed);
	return rc;
}

/* Sends the packed blocks and unpacks what arrives; `send` is wiped and released. */
static int exchange_records(struct record_set *set, struct dist_blocks *send,
			    const struct own_part *own, size_t extra_count, size_t out_stride,
			    int status, struct vmap_diag *diag)
{
	struct dist_blocks got = {0};
	int rc = dist_all_to_all(send, &got, status, diag);

	dist_blocks_release_wiped(send);
	if (!rc) { /* indexes first, then each record in its place */
		set->share->planning = true;
		rc = unpack_all(set, &got, own, extra_count, diag);
		set->share->planning = false;
		if (!rc)
			rc = settle_visit(set, out_stride, diag);
	}
	if (!rc)
		rc = unpack_all(set, &got, own, extra_count, diag);
	dist_blocks_release_wiped(&got);
	return rc;
}

/* Room for blocks of the given sizes (sizes[r] for rank r): offsets set, data allocated. */
static int plan_blocks(struct dist_blocks *b, const uint64_t *sizes)
{
	unsigned n = dist_size();

	b->offsets = alloc_array(n + 1, sizeof *b->offsets);
	if (!b->offsets)
		return VMAP_NOMEM;
	b->offsets[0] = 0;
	for (unsigned r = 0; r < n; r++)
		b->offsets[r + 1] = b->offsets[r] + sizes[r];
	b->data = alloc_array(b->offsets[n] + 1, 1);
	return b->data ? VMAP_OK : VMAP_NOMEM;
}

int share_send(struct record_set *set, const uint32_t *dest, const uint32_t *extra,
	       size_t extra_count, size_t stride, size_t out_stride,
	       int status, struct vmap_diag *diag)
{
	struct record_share *s = set->share;
	const struct record_set *home = &s->home;
	uint64_t *sizes = alloc_array(dist_size(), sizeof *sizes);
	struct dist_blocks send = {0};
	int rc = status;

	if (!rc && (!sizes || !(s->arrived_from || (s->arrived_from = alloc_array(
							  dist_size() + 1, sizeof(uint64_t))))))
		rc = diag_nomem(diag, "exchanging records");
	for (size_t i = 0; !rc && i < home->count; i++)
		if (dest[i] != SHARE_NOWHERE && dest[i] != dist_rank())
			sizes[dest[i]] += visit_size(&home->records[i], extra_count);
	if (!rc && plan_blocks(&send, sizes))
		rc = diag_nomem(diag, "exchanging records");
	for (unsigned r = 0; !rc && r < dist_size(); r++)
		sizes[r] = send.offsets[r]; /* now each block's write position */
	for (size_t i = 0; !rc && i < home->count; i++) {
		char *at;
		if (dest[i] == SHARE_NOWHERE || dest[i] == dist_rank())
			continue;
		at = send.data + sizes[dest[i]];
		pack_visit(&at, &home->records[i], s->global[i], extra + i * stride, extra_count);
		sizes[dest[i]] = (uint64_t)(at - send.data);
	}
	free(sizes);
	if (!send.offsets && !rc)
		rc = diag_nomem(diag, "exchanging records");
	if (!send.offsets)
		send.offsets = alloc_array(dist_size() + 1, sizeof *send.offsets);
	if (!send.offsets)
		return dist_agree(rc ? rc : diag_nomem(diag, "exchanging records"), diag);
	s->extra_count = extra_count;
	{
		struct own_part own = {dest, extra, extra_count, stride, NULL, 0};
		return exchange_records(set, &send, &own, extra_count, out_stride, rc,
					diag);
	}
}

int share_reply(struct record_set *set, const uint32_t *dest, const uint32_t *value_of_visit,
		uint32_t *home_out, size_t stride, size_t which, int status,
		struct vmap_diag *diag)
{
	struct record_share *s = set->share;
	unsigned n = dist_size();
	uint64_t *sizes = alloc_array(n + 1, sizeof *sizes);
	struct dist_blocks send = {0}, got = {0};
	int rc = status;

	if (!rc && !sizes)
		rc = diag_nomem(diag, "exchanging records");
	for (unsigned r = 0; !rc && r < n; r++)
		sizes[r] = (s->arrived_from[r + 1] - s->arrived_from[r]) * sizeof(uint32_t);
	if (!rc && plan_blocks(&send, sizes))
		rc = diag_nomem(diag, "exchanging records");
	for (uint64_t k = s->arrived_from[0]; !rc && k < s->arrived_from[n]; k++) {
		uint32_t v = value_of_visit[s->arrival_local[k]];
		memcpy(send.data + (k - s->arrived_from[0]) * sizeof v, &v, sizeof v);
	}
	if (!send.offsets && (send.offsets = alloc_array(n + 1, sizeof *send.offsets)) == NULL)
		rc = diag_nomem(diag, "exchanging records");
	rc = send.offsets ? dist_all_to_all(&send, &got, rc, diag) : dist_agree(rc, diag);
	dist_blocks_release(&send);
	for (unsigned r = 0; !rc && r < n; r++) /* sizes[r]: the next value from rank r */
		sizes[r] = got.offsets[r];
	for (size_t i = 0; !rc && i < s->home.count; i++) {
		if (dest[i] == SHARE_NOWHERE)
			continue;
		memcpy(&home_out[i * stride + which], got.data + sizes[dest[i]], sizeof(uint32_t));
		sizes[dest[i]] += sizeof(uint32_t);
	}
	free(sizes);
	dist_blocks_release(&got);
	return rc;
}

/* The home rank of set record `index` and its place among that rank's home records. */
uint32_t share_dataset(const struct record_set *set, uint32_t index)
{
	const struct record_share *s = set->share;
	uint32_t d = 0;

	while (d + 1 < s->dataset_count && s->first[(size_t)(d + 1) * (dist_size() + 1)] <= index)
		d++;
	return d;
}

size_t share_visit_local(const struct record_set *set, uint32_t index)
{
	const struct record_share *s = set->share;

	return lower_bound_u32(s->visit_global, s->visit.count, index);
}

static unsigned home_rank(const struct record_share *s, const struct record_set *set,
			  uint32_t index)
{
	const uint64_t *first = s->first + (size_t)share_dataset(set, index) * (dist_size() + 1);
	unsigned r = 0;

	while (r + 1 < dist_size() && first[r + 1] <= index)
		r++;
	return r;
}

static int by_index(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The wanted indexes sorted without repeats (so grouped by home rank, which rises with the
 * index within a dataset and datasets come in order), as request blocks. */
static int plan_requests(const struct record_set *set, const uint32_t *wanted, size_t count,
			 struct dist_blocks *requests)
{
	unsigned n = dist_size();
	uint32_t *sorted = alloc_array(count + 1, sizeof *sorted);
	uint64_t *sizes = alloc_array(n, sizeof *sizes);
	size_t unique = 0;
	int rc = VMAP_OK;

	if (!sorted || !sizes) {
		free(sorted);
		free(sizes);
		return VMAP_NOMEM;
	}
	if (count)
		memcpy(sorted, wanted, count * sizeof *sorted);
	qsort(sorted, count, sizeof *sorted, by_index);
	for (size_t i = 0; i < count; i++)
		if (i == 0 || sorted[i] != sorted[i - 1])
			sorted[unique++] = sorted[i];
	for (size_t i = 0; i < unique; i++)
		sizes[home_rank(set->share, set, sorted[i])] += sizeof *sorted;
	rc = plan_blocks(requests, sizes);
	for (unsigned r = 0; !rc && r < n; r++)
		sizes[r] = requests->offsets[r];
	for (size_t i = 0; !rc && i < unique; i++) {
		unsigned r = home_rank(set->share, set, sorted[i]);
		memcpy(requests->data + sizes[r], &sorted[i], sizeof *sorted);
		sizes[r] += sizeof *sorted;
	}
	free(sorted);
	free(sizes);
	return rc;
}

/* The home record holding set record `index` (this rank is its home). */
static const struct record *home_record(const struct record_set *set, uint32_t index)
{
	const struct record_share *s = set->share;
	uint32_t d = share_dataset(set, index);
	uint64_t first = s->first[(size_t)d * (dist_size() + 1) + dist_rank()];

	return &s->home.records[s->home_first[d] + (index - first)];
}

const struct record *share_home(const struct record_set *set, uint32_t index)
{
	const struct record_share *s = set->share;
	const uint64_t *first = s->first + (size_t)share_dataset(set, index) * (dist_size() + 1);

	if (index < first[dist_rank()] || index >= first[dist_rank() + 1])
		return NULL;
	return home_record(set, index);
}

/* The records each rank asked this one for, packed in the order asked. */
static int plan_replies(const struct record_set *set, const struct dist_blocks *asked,
			struct dist_blocks *replies)
{
	unsigned n = dist_size();
	uint64_t *sizes = alloc_array(n, sizeof *sizes);
	int rc;

	if (!sizes)
		return VMAP_NOMEM;
	for (unsigned r = 0; r < n; r++)
		for (uint64_t at = asked->offsets[r]; r != dist_rank() && at < asked->offsets[r + 1];
		     at += 4) {
			uint32_t index;
			memcpy(&index, asked->data + at, sizeof index);
			sizes[r] += visit_size(home_record(set, index), 0);
		}
	rc = plan_blocks(replies, sizes);
	for (unsigned r = 0; !rc && r < n; r++) {
		char *out = replies->data + replies->offsets[r];
		for (uint64_t at = asked->offsets[r]; r != dist_rank() && at < asked->offsets[r + 1];
		     at += 4) {
			uint32_t index;
			memcpy(&index, asked->data + at, sizeof index);
			pack_visit(&out, home_record(set, index), index, NULL, 0);
		}
	}
	free(sizes);
	return rc;
}

int share_fetch(struct record_set *set, const uint32_t *wanted, size_t count, int status,
		struct vmap_diag *diag)
{
	struct record_share *s = set->share;
	struct dist_blocks requests = {0}, asked = {0}, replies = {0};
	int rc = status;

	s->extra_count = 0;
	if (!rc && !s->arrived_from &&
	    !(s->arrived_from = alloc_array(dist_size() + 1, sizeof *s->arrived_from)))
		rc = diag_nomem(diag, "fetching records");
	if (!rc && plan_requests(set, wanted, count, &requests))
		rc = diag_nomem(diag, "fetching records");
	if (!requests.offsets)
		requests.offsets = alloc_array(dist_size() + 1, sizeof *requests.offsets);
	rc = requests.offsets ? dist_all_to_all(&requests, &asked, rc, diag)
			      : dist_agree(rc ? rc : diag_nomem(diag, "fetching records"), diag);
	dist_blocks_release(&requests);
	if (!rc && plan_replies(set, &asked, &replies))
		rc = diag_nomem(diag, "fetching records");
	if (!replies.offsets)
		replies.offsets = alloc_array(dist_size() + 1, sizeof *replies.offsets);
	if (replies.offsets) {
		struct own_part own = {NULL, NULL, 0, 0, NULL, 0};
		if (!rc) {
			own.asked = asked.data + asked.offsets[dist_rank()];
			own.asked_size = asked.offsets[dist_rank() + 1] - asked.offsets[dist_rank()];
		}
		rc = exchange_records(set, &replies, &own, 0, 0, rc, diag);
	} else {
		rc = dist_agree(rc ? rc : diag_nomem(diag, "fetching records"), diag);
	}
	dist_blocks_release(&asked);
	return rc;
}

void share_clear(struct record_set *set)
{
	struct record_share *s = set->share;

	if (!s)
		return;
	s->slot_count = s->visitors = s->visit.count = s->visit.capacity = 0;
	free(s->visit.records); /* its strings are wiped below */
	s->visit.records = NULL;
	arena_wipe_release(&s->visiting);
}

void share_release(struct record_set *set)
{
	struct record_share *s = set->share;

	if (!s)
		return;
	share_clear(set);
	arena_wipe_release(&s->home.arena);
	free(s->home.records);
	free(s->global);
	free(s->first);
	free(s->home_first);
	free(s->slots);
	free(s->arrived_from);
	free(s->visit.records);
	free(s->visit_global);
	free(s->arrival_local);
	free(s->visit_extra);
	free(s);
	set->share = NULL;
}

/* ----- reading: a dataset's records stay with the rank that read them ----- */

/* Room in the share for dataset `d`'s places. */
static int plan_dataset(struct record_share *s, uint32_t d)
{
	size_t stride = dist_size() + 1;
	void *first = realloc_array(s->first, ((size_t)d + 1) * stride, sizeof *s->first);
	void *home_first;

	if (!first)
		return VMAP_NOMEM;
	s->first = first;
	home_first = realloc_array(s->home_first, (size_t)d + 1, sizeof *s->home_first);
	if (!home_first)
		return VMAP_NOMEM;
	s->home_first = home_first;
	s->dataset_count = (size_t)d + 1;
	return VMAP_OK;
}

/* Every rank's count of the dataset's records: where each rank's records start. */
static int place_dataset(struct record_set *set, const struct record_set *mine, uint32_t d,
			 int status, struct vmap_diag *diag)
{
	struct record_share *s = set->share;
	struct dist_blocks counts = {0};
	uint64_t n = mine->count, *first;
	int rc = dist_all_gather(&n, sizeof n, &counts, status, diag);

	if (!rc && plan_dataset(s, d))
		rc = diag_nomem(diag, "reading a dataset");
	if (!rc) {
		first = s->first + (size_t)d * (dist_size() + 1);
		first[0] = set->count;
		for (unsigned r = 0; r < dist_size(); r++) {
			uint64_t c;
			memcpy(&c, counts.data + (size_t)r * sizeof c, sizeof c);
			first[r + 1] = first[r] + c;
		}
		if (first[dist_size()] >= UINT32_MAX - 1)
			rc = diag_fail(diag, VMAP_INPUT, "too many records");
	}
	dist_blocks_release(&counts);
	return rc;
}

/* Rank 0's room for the dataset's ids (exactly as many as the records: no spare room). */
static int add_ids(struct record_set *set, uint64_t end, struct vmap_diag *diag)
{
	void *ids = realloc_array(set->ids, (size_t)end + 1, sizeof *set->ids);

	if (!ids)
		return diag_nomem(diag, "reading a dataset");
	set->ids = ids;
	for (size_t i = set->count; i < end; i++)
		set->ids[i] = NULL;
	return VMAP_OK;
}

/* Rank 0 gets every record id of the dataset, in file order, into `ids`. */
static int gather_ids(struct record_set *set, const struct record_set *mine, int status,
		      struct vmap_diag *diag)
{
	struct dist_blocks all = {0};
	size_t size = 0;
	char *packed, *at;
	int rc;

	for (size_t i = 0; !status && i < mine->count; i++)
		size += sizeof(uint32_t) + strlen(mine->records[i].record_id);
	at = packed = alloc_array(size + 1, 1);
	for (size_t i = 0; !status && packed && i < mine->count; i++) {
		uint32_t length = (uint32_t)strlen(mine->records[i].record_id);
		pack_put(&at, &length, sizeof length);
		pack_put(&at, mine->records[i].record_id, length);
	}
	rc = dist_gather(packed, size, &all, status || packed ? status
				 : diag_nomem(diag, "reading a dataset"), diag);
	alloc_wipe(packed, size);
	free(packed);
	if (!rc && all.data) {
		const char *from = all.data, *end = all.data + all.offsets[dist_size()];
		for (size_t i = set->count; !rc && from < end; i++) {
			uint32_t length;
			pack_take(&from, &length, sizeof length);
			set->ids[i] = arena_strndup(&set->arena, from, length);
			from += length;
			if (!set->ids[i])
				rc = diag_nomem(diag, "reading a dataset");
		}
	}
	dist_blocks_release_wiped(&all);
	return rc;
}

/* mine's records become home records (their strings move with them). */
static int take_home(struct record_share *s, struct record_set *mine, uint32_t d,
		     struct vmap_diag *diag)
{
	struct record_set *home = &s->home;
	uint64_t first = s->first[(size_t)d * (dist_size() + 1) + dist_rank()];
	size_t total = home->count + mine->count;
	void *records, *global;

	/* arrays of exactly the records held: no spare room, no second copy while growing */
	if (!home->records) { /* the first dataset: take mine's array */
		home->records = mine->records;
		mine->records = NULL;
		mine->capacity = 0;
		home->count = 0;
	}
	records = realloc_array(home->records, total + 1, sizeof *home->records);
	if (!records)
		return diag_nomem(diag, "reading a dataset");
	home->records = records;
	home->capacity = total + 1;
	global = realloc_array(s->global, total + 1, sizeof *s->global);
	if (!global)
		return diag_nomem(diag, "reading a dataset");
	s->global = global;
	s->home_first[d] = home->count;
	for (size_t i = 0; i < mine->count; i++) {
		if (mine->records) /* else taken above: already in place */
			home->records[home->count] = mine->records[i];
		s->global[home->count++] = (uint32_t)(first + i);
	}
	arena_move(&home->arena, &mine->arena);
	mine->count = 0;
	dist_note_records(home->count, 0);
	return VMAP_OK;
}

int share_keep(struct record_set *set, struct record_set *mine, uint32_t dataset, int status,
	       struct vmap_diag *diag)
{
	int rc = status;
	uint64_t end;

	if (!rc && !set->share && !(set->share = alloc_array(1, sizeof *set->share)))
		rc = diag_nomem(diag, "reading a dataset");
	rc = place_dataset(set, mine, dataset, rc, diag);
	end = rc ? 0 : set->share->first[(size_t)dataset * (dist_size() + 1) + dist_size()];
	if (!rc && dist_writes()) /* rank 0, which clusters and writes, alone keeps the ids */
		rc = add_ids(set, end, diag);
	rc = gather_ids(set, mine, rc, diag);
	if (!rc)
		rc = take_home(set->share, mine, dataset, diag);
	if (!rc)
		set->count = (size_t)end;
	return rc;
}

unsigned share_home_rank(const struct record_set *set, uint32_t index)
{
	return set->share ? home_rank(set->share, set, index) : 0;
}
