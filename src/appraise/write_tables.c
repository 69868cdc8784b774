/*
 * write_tables.c - flows.csv, agencies.csv and matrix.csv.
 *
 * flows.csv has one row per intervention, year, agency, class of flow and outcome (costs of
 * one agency in one year are summed; a cost has no outcome), with the undiscounted real
 * amount, the discount factor that applies to it and its present value (real * factor, up to
 * rounding in the last digit when flows of one row are summed).
 */
#include "appraisal.h"

#include "core/alloc.h"

#include <stdlib.h>

static const char *const class_role[FLOW_CLASSES] = {"cost", "benefit", "benefit", "benefit",
						     "benefit"};
static const char *const class_kind[FLOW_CLASSES] = {"cost", "fiscal", "fiscal", "economic",
						     "social"};

/* Every flow of the model in the order generate_flows makes them; sorted into rows, the flows
 * of one row are summed in that order, so the sums do not depend on the sort. */
struct listed_flow {
	struct flow f;
	size_t seq; /* its place in generation order */
};

struct flow_list {
	struct listed_flow *items;
	size_t count, capacity;
	bool failed;
};

static void list_add(void *context, const struct flow *f)
{
	struct flow_list *l = context;
	void *items = l->items;

	if (l->failed || grow_array(&items, &l->capacity, l->count + 1, sizeof *l->items)) {
		l->failed = true;
		return;
	}
	l->items = items;
	l->items[l->count] = (struct listed_flow){*f, l->count};
	l->count++;
}

/* The row key: intervention, year, agency, class, outcome (a cost's FLOW_NO_OUTCOME + 1
 * wraps to 0: costs first), then generation order. */
static int compare_flows(const void *pa, const void *pb)
{
	const struct listed_flow *la = pa, *lb = pb;
	const struct flow *a = &la->f, *b = &lb->f;
	size_t ka[] = {a->intervention, (size_t)a->year, a->agency, (size_t)a->class,
		       a->outcome + 1, la->seq};
	size_t kb[] = {b->intervention, (size_t)b->year, b->agency, (size_t)b->class,
		       b->outcome + 1, lb->seq};

	for (size_t n = 0; n < sizeof ka / sizeof ka[0]; n++)
		if (ka[n] != kb[n])
			return ka[n] < kb[n] ? -1 : 1;
	return 0;
}

static bool same_row(const struct flow *a, const struct flow *b)
{
	return a->intervention == b->intervention && a->year == b->year &&
	       a->agency == b->agency && a->class == b->class && a->outcome == b->outcome;
}

static void flow_row(struct strbuf *sb, const struct vmap_appraisal *a, const struct flow *f,
		     double real, double pv)
{
	const struct vmap_model *m = a->model;

	strbuf_add_csv_field(sb, m->interventions[f->intervention].id);
	strbuf_addf(sb, ",%d,%d,", f->year, m->base_year + f->year);
	strbuf_add_csv_field(sb, m->agencies[f->agency].id);
	strbuf_addf(sb, ",%s,%s,%s,", class_role[f->class], class_kind[f->class],
		    f->class == FLOW_CASHABLE ? "true" : "false");
	if (f->outcome != FLOW_NO_OUTCOME)
		strbuf_add_csv_field(sb, m->outcomes[f->outcome].id);
	strbuf_adds(sb, ",");
	strbuf_add_double(sb, real);
	strbuf_adds(sb, ",");
	strbuf_add_double(sb, flow_discount_factor(&a->plan, f->outcome, f->year));
	strbuf_adds(sb, ",");
	strbuf_add_double(sb, pv);
	strbuf_adds(sb, "\n");
}

int write_flows(struct vmap_appraisal *a, struct outset *out)
{
	struct flow_list l = {NULL, 0, 0, false};
	struct strbuf sb;
	int rc;

	generate_flows(a->model, &a->plan, NULL, list_add, &l);
	if (l.failed) {
		free(l.items);
		return diag_nomem(&a->diag, "writing flows.csv");
	}
	if (l.count) /* qsort must not be handed NULL, even for no items */
		qsort(l.items, l.count, sizeof *l.items, compare_flows);
	strbuf_init(&sb);
	strbuf_adds(&sb, "intervention,year,calendar_year,agency,role,kind,cashable,outcome,real,"
			 "discount_factor,pv\n");
	for (size_t n = 0; n < l.count;) {
		double real = 0, pv = 0;
		size_t first = n;
		for (; n < l.count && same_row(&l.items[first].f, &l.items[n].f); n++) {
			real += l.items[n].f.real;
			pv += l.items[n].f.pv;
		}
		if (real != 0 || pv != 0)
			flow_row(&sb, a, &l.items[first].f, real, pv);
	}
	free(l.items);
	rc = outset_write_buf(out, "flows.csv", &sb);
	strbuf_release(&sb);
	return rc;
}

static void add_totals_row(struct strbuf *sb, const vmap_totals *t)
{
	for (size_t f = 0; totals_fields[f]; f++) {
		double value;
		strbuf_adds(sb, ",");
		if (totals_field(t, f, &value))
			strbuf_add_double(sb, value);
	}
	strbuf_adds(sb, "\n");
}

int write_agencies(struct vmap_appraisal *a, struct outset *out)
{
	const struct vmap_model *m = a->model;
	struct strbuf sb;
	int rc;

	strbuf_init(&sb);
	strbuf_adds(&sb, "id,name,government");
	for (size_t f = 0; totals_fields[f]; f++)
		strbuf_addf(&sb, ",%s", totals_fields[f]);
	strbuf_adds(&sb, "\n");
	for (size_t k = 0; k < m->agency_count; k++) {
		vmap_totals t = valuation_agency(&a->value, k);
		strbuf_add_csv_field(&sb, m->agencies[k].id);
		strbuf_adds(&sb, ",");
		strbuf_add_csv_field(&sb, m->agencies[k].name);
		strbuf_adds(&sb, m->agencies[k].government ? ",true" : ",false");
		add_totals_row(&sb, &t);
	}
	rc = outset_write_buf(out, "agencies.csv", &sb);
	strbuf_release(&sb);
	return rc;
}

int write_matrix(struct vmap_appraisal *a, struct outset *out)
{
	const struct vmap_model *m = a->model;
	struct strbuf sb;
	int rc;

	strbuf_init(&sb);
	strbuf_adds(&sb, "payer,beneficiary,pv\n");
	for (size_t p = 0; p < m->agency_count; p++) {
		for (size_t b = 0; b < m->agency_count; b++) {
			strbuf_add_csv_field(&sb, m->agencies[p].id);
			strbuf_adds(&sb, ",");
			strbuf_add_csv_field(&sb, m->agencies[b].id);
			strbuf_adds(&sb, ",");
			strbuf_add_double(&sb, valuation_matrix(&a->value, p, b));
			strbuf_adds(&sb, "\n");
		}
	}
	rc = outset_write_buf(out, "matrix.csv", &sb);
	strbuf_release(&sb);
	return rc;
}
