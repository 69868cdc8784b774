/*
 * enc_summary.c - the `encoded` object of linkage-summary.json: settings, kernel, candidates and, for
 * pairs across and within datasets, each token class's model and Dice threshold.
 */
#include "enc_link.h"

#include <stdio.h>

static double cut_value(unsigned cut)
{
	return cut > DICE_BINS ? 1.0 : cut / (double)DICE_BINS;
}

/* "sl+dob": the blocking tokens a token class shares ("none" for none). */
static void class_name(size_t c, char *out, size_t size)
{
	static const char *const names[PPRL_BLOCK_TOKENS] = {"sl", "sfl", "pc", "dob"};
	size_t n = 0;

	out[0] = 0;
	for (size_t t = 0; t < PPRL_BLOCK_TOKENS; t++)
		if (c >> t & 1)
			n += (size_t)snprintf(out + n, size - n, "%s%s", n ? "+" : "", names[t]);
	if (!n)
		snprintf(out, size, "none");
}

static void class_summary(const struct encoded_link *e, int k, struct json_out *j, cJSON *list)
{
	for (size_t c = 0; c < TOKEN_CLASSES; c++) {
		const struct dice_model *model = &e->model[k][c];
		char name[32];
		cJSON *m;
		if (!enc_total(e->hist[k][c]))
			continue;
		m = json_add_object(j, list, NULL);
		class_name(c, name, sizeof name);
		json_add_string(j, m, "shared_tokens", name);
		json_add_number(j, m, "candidates", (double)enc_total(e->hist[k][c]));
		json_add_number(j, m, "dice_threshold", cut_value(e->cut_threshold[k][c]));
		json_add_bool(j, m, "fitted", model->fitted);
		json_add_number(j, m, "best_pairs", (double)model->best_pairs);
		json_add_number(j, m, "match_share", model->lambda);
		json_add_number(j, m, "non_match_mean", model->mean[0]);
		json_add_number(j, m, "non_match_sd", model->sd[0]);
		json_add_number(j, m, "match_mean", model->mean[1]);
		json_add_number(j, m, "match_sd", model->sd[1]);
	}
}

void enc_summary(const vmap_linker *l, struct json_out *j)
{
	const struct encoded_link *e = l->encoded;
	cJSON *o = json_add_object(j, j->root, "encoded");

	json_add_string(j, o, "settings", e->first.settings);
	json_add_string(j, o, "settings_sha256", e->first.settings_hash);
	json_add_number(j, o, "bits", e->bits);
	json_add_string(j, o, "kernel", e->kernel ? e->kernel : "");
	json_add_string(j, o, "candidates", e->all_pairs ? "all_pairs" : "blocking_tokens");
	json_add_number(j, o, "blocks_skipped_as_too_large", (double)e->blocks_skipped);
	json_add_number(j, o, "blocks_refined", (double)e->blocks_refined);
	for (int k = ACROSS; k <= WITHIN; k++) {
		cJSON *m = json_add_object(j, o, k == ACROSS ? "across_datasets" : "within_datasets");
		unsigned lowest = DICE_BINS + 1;
		for (size_t c = 0; c < TOKEN_CLASSES; c++)
			lowest = e->cut_threshold[k][c] < lowest ? e->cut_threshold[k][c] : lowest;
		json_add_number(j, m, "candidates", (double)enc_kind_total(e, k));
		json_add_number(j, m, "dice_threshold", cut_value(lowest));
		json_add_bool(j, m, "fitted", enc_any_fitted(e, k));
		class_summary(e, k, j, json_add_array(j, m, "by_shared_tokens"));
	}
}
