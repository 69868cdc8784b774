/*
 * model.c - the model handle: lifetime, warnings, deflator lookup and public accessors.
 */
#include "model.h"

#include "core/alloc.h"
#include "core/csv.h" /* utf8_is_valid */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

vmap_model *vmap_model_new(void)
{
	return alloc_array(1, sizeof(vmap_model));
}

void model_clear(struct vmap_model *m)
{
	for (size_t i = 0; i < m->agency_count; i++) {
		free(m->agencies[i].id);
		free(m->agencies[i].name);
	}
	for (size_t i = 0; i < m->outcome_count; i++) {
		free(m->outcomes[i].id);
		free(m->outcomes[i].name);
		free(m->outcomes[i].shares);
	}
	for (size_t i = 0; i < m->intervention_count; i++) {
		struct intervention *iv = &m->interventions[i];
		for (size_t c = 0; c < iv->cost_count; c++)
			free(iv->costs[c].years);
		free(iv->costs);
		free(iv->effects);
		free(iv->id);
		free(iv->name);
	}
	for (size_t i = 0; i < m->param_count; i++)
		free(m->params[i].label);
	free(m->agencies);
	free(m->outcomes);
	free(m->interventions);
	free(m->params);
	free(m->correlations);
	warnings_release(&m->warnings);
	free(m->deflator_years);
	free(m->deflator_index);
	free(m->ucd_agencies);
	for (size_t o = 0; o < m->option_count; o++) {
		free(m->options[o].id);
		free(m->options[o].name);
		free(m->options[o].member);
	}
	free(m->options);
	free(m->name);
	free(m->path);
	struct vmap_diag kept = m->diag;
	char **sets = m->sets;
	size_t set_count = m->set_count;
	memset(m, 0, sizeof *m);
	m->diag = kept;
	m->sets = sets;
	m->set_count = set_count;
}

const char *vmap_model_errmsg(const vmap_model *model)
{
	return model ? model->diag.message : "";
}

void vmap_model_free(vmap_model *model)
{
	if (!model)
		return;
	model_clear(model);
	for (size_t i = 0; i < model->set_count; i++)
		free(model->sets[i]);
	free(model->sets);
	free(model);
}

int vmap_model_set(vmap_model *m, const char *assignment)
{
	char **sets;

	if (!assignment || !strchr(assignment, '=') || assignment[0] == '=')
		return diag_fail(&m->diag, VMAP_USAGE,
				 "set %s: expected PATH=VALUE, e.g. interventions.ips.participants=400",
				 assignment ? assignment : "");
	if (!utf8_is_valid(assignment, strlen(assignment))) /* never echoed: it is not text */
		return diag_fail(&m->diag, VMAP_USAGE,
				 "set: the assignment is not valid UTF-8; expected PATH=VALUE as text");
	sets = realloc_array(m->sets, m->set_count + 1, sizeof *sets);
	if (!sets)
		return diag_nomem(&m->diag, "keeping a what-if");
	m->sets = sets;
	m->sets[m->set_count] = alloc_strdup(assignment);
	if (!m->sets[m->set_count])
		return diag_nomem(&m->diag, "keeping a what-if");
	m->set_count++;
	return VMAP_OK;
}

int model_warn(struct vmap_model *m, const char *fmt, ...)
{
	va_list args;
	int rc;

	va_start(args, fmt);
	rc = warnings_addv(&m->warnings, fmt, args);
	va_end(args);
	if (rc)
		return diag_nomem(&m->diag, "keeping warnings");
	return VMAP_OK;
}

bool model_deflator(const struct vmap_model *m, int year, double *index)
{
	for (size_t i = 0; i < m->deflator_count; i++) {
		if (m->deflator_years[i] == year) {
			*index = m->deflator_index[i];
			return true;
		}
	}
	return false;
}

size_t vmap_model_warning_count(const vmap_model *m)
{
	return warnings_count(&m->warnings);
}

const char *vmap_model_warning(const vmap_model *m, size_t index)
{
	return warnings_get(&m->warnings, index);
}

const char *vmap_model_name(const vmap_model *m)
{
	return m->name ? m->name : "";
}

size_t vmap_model_agency_count(const vmap_model *m)
{
	return m->agency_count;
}

const char *vmap_model_agency_id(const vmap_model *m, size_t index)
{
	return index < m->agency_count ? m->agencies[index].id : NULL;
}

const char *vmap_model_agency_name(const vmap_model *m, size_t index)
{
	return index < m->agency_count ? m->agencies[index].name : NULL;
}

bool vmap_model_agency_is_government(const vmap_model *m, size_t index)
{
	return index < m->agency_count && m->agencies[index].government;
}

size_t vmap_model_intervention_count(const vmap_model *m)
{
	return m->intervention_count;
}

const char *vmap_model_intervention_id(const vmap_model *m, size_t index)
{
	return index < m->intervention_count ? m->interventions[index].id : NULL;
}

size_t vmap_model_option_count(const vmap_model *m)
{
	return m->option_count;
}

const char *vmap_model_option_id(const vmap_model *m, size_t index)
{
	return index < m->option_count ? m->options[index].id : NULL;
}

const char *vmap_model_option_name(const vmap_model *m, size_t index)
{
	return index < m->option_count ? m->options[index].name : NULL;
}

int vmap_model_horizon(const vmap_model *m)
{
	return m->horizon;
}

int vmap_model_base_year(const vmap_model *m)
{
	return m->base_year;
}

int vmap_model_price_base(const vmap_model *m)
{
	return m->price_base;
}
