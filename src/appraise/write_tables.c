/*
 * write_tables.c - flows.csv, agencies.csv and matrix.csv.
 *
 * flows.csv has one row per intervention, year, agency and class of flow (costs of one agency
 * in one year are summed), with the undiscounted real amount and its present value.
 */
#include "appraisal.h"

#include "core/alloc.h"

#include <stdlib.h>

static const char *const class_role[FLOW_CLASSES] = {"cost", "benefit", "benefit", "benefit",
						     "benefit"};
static const char *const class_kind[FLOW_CLASSES] = {"cost", "fiscal", "fiscal", "economic",
						     "social"};

struct flow_grid {
	size_t agencies;
	int horizon;
	double *cells; /* [i][t][k][class][2]: real, pv */
};

static void grid_add(void *context, const struct flow *f)
{
	struct flow_grid *g = context;
	size_t cell = ((f->intervention * (size_t)g->horizon + (size_t)f->year) * g->agencies +
		       f->agency) * FLOW_CLASSES + f->class;

	g->cells[cell * 2] += f->real;
	g->cells[cell * 2 + 1] += f->pv;
}

static void flow_row(struct strbuf *sb, const struct vmap_model *m, size_t i, int t, size_t k,
		     int c, const double *cell)
{
	strbuf_add_csv_field(sb, m->interventions[i].id);
	strbuf_addf(sb, ",%d,%d,", t, m->base_year + t);
	strbuf_add_csv_field(sb, m->agencies[k].id);
	strbuf_addf(sb, ",%s,%s,%s,", class_role[c], class_kind[c],
		    c == FLOW_CASHABLE ? "true" : "false");
	strbuf_add_double(sb, cell[0]);
	strbuf_adds(sb, ",");
	strbuf_add_double(sb, cell[1]);
	strbuf_adds(sb, "\n");
}

int write_flows(struct vmap_appraisal *a, struct outset *out)
{
	const struct vmap_model *m = a->model;
	struct flow_grid g = {m->agency_count, m->horizon, NULL};
	size_t per_intervention = (size_t)m->horizon * m->agency_count * FLOW_CLASSES * 2;
	struct strbuf sb;
	int rc;

	g.cells = alloc_array(m->intervention_count, per_intervention * sizeof *g.cells);
	if (!g.cells)
		return diag_nomem(&a->diag, "writing flows.csv");
	generate_flows(m, &a->plan, NULL, grid_add, &g);
	strbuf_init(&sb);
	strbuf_adds(&sb, "intervention,year,calendar_year,agency,role,kind,cashable,real,pv\n");
	for (size_t i = 0; i < m->intervention_count; i++)
		for (int t = 0; t < m->horizon; t++)
			for (size_t k = 0; k < m->agency_count; k++)
				for (int c = 0; c < FLOW_CLASSES; c++) {
					const double *cell =
						g.cells + (((i * (size_t)m->horizon + (size_t)t) *
								    m->agency_count + k) *
								   FLOW_CLASSES + (size_t)c) * 2;
					if (cell[0] != 0 || cell[1] != 0)
						flow_row(&sb, m, i, t, k, c, cell);
				}
	free(g.cells);
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
