/*
 * reader.h - shared pieces of the model reader (private to src/model/).
 *
 * The reader fills a vmap_model from a YAML document. Each function returns VMAP_OK or an
 * error code with the message already set on the model's diag (via the yaml_doc).
 */
#ifndef VMAP_MODEL_READER_H
#define VMAP_MODEL_READER_H

#include "core/yaml.h"
#include "model.h"

struct reader {
	struct yaml_doc y;
	struct vmap_model *model;
};

/* Reads a number or a distribution ({dist: ...}) into `out`. `label` names it in messages and
 * in draws (e.g. "interventions.ips.effects[0].change"); `what` is the key. The value, or the
 * distribution's mean and support, must lie in [min, max]. */
int read_quantity(struct reader *r, struct fy_node *node, const char *context, const char *what,
		  const char *label, double min, double max, struct quantity *out);

/* A distribution ({dist: ...}) with its mean and sd derived. */
int read_distribution(struct reader *r, struct fy_node *map, const char *context,
		      struct distribution *d);

/* Appends an uncertain input to the model's params; `index` gets its position. */
int add_param(struct reader *r, struct fy_node *node, const char *label,
	      const struct distribution *d, int *index);

/* Finds the named parameter `name` (read at `node`), suggesting the nearest name. */
int find_param(struct reader *r, struct fy_node *node, const char *context, const char *name,
	       size_t *index);

/* The top-level `parameters:` (name -> distribution) and `correlations:` sections. */
int read_parameters(struct reader *r, struct fy_node *node);
int read_correlations(struct reader *r, struct fy_node *node);

/* A quantity that may also be a unit cost of the database (`{ucd: CODE}`, with did-you-mean for
 * an unknown code); `*entry` is then the entry, else NULL. */
int read_value(struct reader *r, struct fy_node *node, const char *context, const char *what,
	       const char *label, double min, double max, struct quantity *out,
	       const vmap_ucd_entry **entry);

/* The top-level `ucd_agencies:` (unit-cost agency -> model agency id), after the agencies. */
int read_ucd_agencies(struct reader *r, struct fy_node *node);

/* The deflator: `node` NULL or `hmt` for the shipped series, or the model's own mapping. */
int read_deflator(struct reader *r, struct fy_node *node);

/* An optional quantity: `fallback` when the key is absent. */
int read_optional_quantity(struct reader *r, struct fy_node *mapping, const char *context,
			   const char *key, const char *label, double min, double max,
			   double fallback, struct quantity *out);

/* A discount: stpr, health or a constant rate in [0, 1). */
int read_discount(struct reader *r, struct fy_node *node, const char *context,
		  vmap_discount *out);

/* An optimism-bias grade 1..6 (0 when the key is absent). */
int read_grade(struct reader *r, struct fy_node *mapping, const char *context, int *grade);

/* A price year (`fallback`, or price_base when that is 0, when absent) and its deflator ratio
 * to price_base. */
int read_price_year(struct reader *r, struct fy_node *mapping, const char *context,
		    int fallback, int *price_year, double *real_factor);

/* Finds `node`'s text among the `count` ids; the message names `kind` ("agency") and
 * suggests the nearest id. */
int find_id(struct reader *r, struct fy_node *node, const char *context, const char *kind,
	    char *const *ids, size_t count, size_t *index);

/* True for 1 to 64 letters, digits, '_', '-' or '.'. */
bool valid_id(const char *text);

/* Ids are 1 to 64 letters, digits, '_', '-' or '.'. */
int read_id(struct reader *r, struct fy_node *mapping, const char *context, char **out);

/* An optional text; `fallback` (copied) when absent. */
int read_name(struct reader *r, struct fy_node *mapping, const char *context,
	      const char *fallback, char **out);

/* A list section of the model (agencies, outcomes, interventions). Every item struct begins
 * with its `char *id`, which must be unique in the section. */
struct section {
	const char *name; /* "agencies" */
	const char *kind; /* "agency" */
	size_t item_size;
	int (*read_item)(struct reader *r, struct fy_node *node, size_t index, void *item);
};

/* Allocates `*items` for the list at `node` and reads each item with s->read_item, counting
 * in `*count` as it goes (so a failed read frees exactly what was read). */
int read_section(struct reader *r, struct fy_node *node, const struct section *s, void **items,
		 size_t *count);

int read_agencies(struct reader *r, struct fy_node *node);
int read_outcomes(struct reader *r, struct fy_node *node);
int read_interventions(struct reader *r, struct fy_node *node);
int read_options(struct reader *r, struct fy_node *node);

/* Applies the model's what-ifs (vmap_model_set) to the document before it is read. */
int apply_overrides(struct reader *r);

/* One outcome (read_entities.c) or effect (read_interventions.c) into `target`. */
int read_outcome(struct reader *r, struct fy_node *item, size_t index, void *target);
int read_effect(struct reader *r, struct fy_node *item, const char *owner, size_t index,
		struct effect *e);

/* An intervention's `effects_from: PATH` (read_fragment.c): the fragment's outcomes join the
 * model's and its effects join the intervention's. */
int read_effects_from(struct reader *r, struct fy_node *item, struct intervention *iv);

#endif
