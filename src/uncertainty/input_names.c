/*
 * input_names.c - readable names of uncertain inputs (see input_names.h).
 */
#include "input_names.h"

#include "core/alloc.h"
#include "core/strbuf.h"

#include <stdlib.h>

/* Names the parameter behind `q`, if it has no name yet, as prefix / field. */
/* Names parameter q "PREFIX / FIELD"; out of memory marks `status` failed (never silently
 * the model's label instead). */
static void name(char **names, struct quantity q, const char *prefix, const char *field,
		 struct strbuf *status)
{
	struct strbuf sb;

	if (q.param < 0 || names[q.param])
		return;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s / %s", prefix ? prefix : "", field);
	names[q.param] = sb.failed ? NULL : sb.data;
	if (sb.failed) {
		strbuf_release(&sb);
		status->failed = true;
	}
}

/* "ips / into_work" for effect e, with its position among the intervention's effects on the
 * same outcome when there are several. */
static void effect_prefix(struct strbuf *sb, const struct vmap_model *m,
			  const struct intervention *iv, size_t e)
{
	size_t outcome = iv->effects[e].outcome, same = 0, before = 0;

	for (size_t n = 0; n < iv->effect_count; n++) {
		same += iv->effects[n].outcome == outcome;
		before += n < e && iv->effects[n].outcome == outcome;
	}
	strbuf_addf(sb, "%s / %s", iv->id, m->outcomes[outcome].id);
	if (same > 1)
		strbuf_addf(sb, " (%zu)", before + 1);
}

static void name_intervention(char **names, const struct vmap_model *m,
			      const struct intervention *iv, struct strbuf *sb)
{
	name(names, iv->participants, iv->id, "participants", sb);
	for (size_t n = 0; n < iv->cost_count; n++) {
		sb->length = 0;
		strbuf_addf(sb, iv->cost_count > 1 ? "%s / cost %zu" : "%s / cost", iv->id, n + 1);
		name(names, iv->costs[n].amount, sb->data, "amount", sb);
		if (iv->costs[n].has_optimism_bias)
			name(names, iv->costs[n].optimism_bias, sb->data, "optimism_bias", sb);
	}
	for (size_t e = 0; e < iv->effect_count; e++) {
		const struct effect *effect = &iv->effects[e];
		sb->length = 0;
		effect_prefix(sb, m, iv, e);
		name(names, effect->change, sb->data, "change", sb);
		name(names, effect->drop_off, sb->data, "drop_off", sb);
		name(names, effect->deadweight, sb->data, "deadweight", sb);
		name(names, effect->displacement, sb->data, "displacement", sb);
		name(names, effect->attribution, sb->data, "attribution", sb);
	}
}

char **input_names_make(const struct vmap_model *m)
{
	char **names = alloc_array(m->param_count + 1, sizeof *names);
	struct strbuf sb;
	bool failed = false;

	if (!names)
		return NULL;
	for (size_t p = 0; p < m->param_count; p++)
		if (m->params[p].named)
			names[p] = alloc_strdup(m->params[p].label);
	strbuf_init(&sb);
	for (size_t o = 0; o < m->outcome_count; o++)
		name(names, m->outcomes[o].value, m->outcomes[o].id, "value", &sb);
	for (size_t i = 0; i < m->intervention_count; i++)
		name_intervention(names, m, &m->interventions[i], &sb);
	failed = sb.failed;
	strbuf_release(&sb);
	for (size_t p = 0; p < m->param_count; p++)
		if (!names[p]) /* not found above: the model's own label */
			names[p] = alloc_strdup(m->params[p].label);
	for (size_t p = 0; p < m->param_count; p++)
		failed |= !names[p];
	if (failed) {
		input_names_free(names, m->param_count);
		return NULL;
	}
	return names;
}

void input_names_free(char **names, size_t count)
{
	for (size_t p = 0; names && p < count; p++)
		free(names[p]);
	free(names);
}
