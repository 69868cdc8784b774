/*
 * yaml.h - reading YAML and JSON documents through libfyaml, with positions for messages.
 *
 * A yaml_doc owns the parsed document; nodes borrowed from it live as long as it. Every
 * getter reports a failure on the doc's diag as "file:line:col: message" and returns
 * VMAP_INPUT, so callers can `return` the result directly. Lines and columns are 1-based.
 */
#ifndef VMAP_CORE_YAML_H
#define VMAP_CORE_YAML_H

#include "diag.h"

#include <libfyaml.h>
#include <stdbool.h>

/* A value put into the document by the caller rather than read from the file (a what-if,
 * `--set PATH=VALUE`): a message about it names the assignment instead of a file position. */
struct yaml_override {
	struct fy_node *key, *value;
	const char *text; /* borrowed: "PATH=VALUE" */
};

struct yaml_doc {
	struct fy_document *doc;
	const char *path; /* borrowed, for messages */
	struct vmap_diag *diag;
	struct yaml_override *overrides;
	size_t override_count;
};

struct yaml_mark {
	int line, column; /* 1-based; 0 when unknown */
};

/* Parses `path` (YAML, or JSON when it ends in .json). Anchors and aliases are resolved. */
int yaml_load(struct yaml_doc *y, const char *path, struct vmap_diag *diag);
void yaml_release(struct yaml_doc *y);
/* Loads `path`, runs read(y, context) on it and releases the document: the one opening of a
 * reader of a whole file (a dataset spec, a journeys file). Returns the load's error or
 * read's result. */
int yaml_read_file(const char *path, int (*read)(struct yaml_doc *y, void *context),
		   void *context, struct vmap_diag *diag);

/* Parses `value` as YAML and makes it the value of `key` in `mapping` (replacing it, or
 * appending the pair), remembering `text` for messages. VMAP_INPUT with a message when the
 * value is not YAML. */
int yaml_override(struct yaml_doc *y, struct fy_node *mapping, const char *key,
		  const char *value, const char *text);
struct fy_node *yaml_root(const struct yaml_doc *y);

struct yaml_mark yaml_node_mark(struct fy_node *node);

/* Sets "file:line:col: <message>" on the doc's diag, at `at` (may be NULL), and returns
 * VMAP_INPUT. */
int yaml_fail(const struct yaml_doc *y, struct fy_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

bool yaml_is_mapping(struct fy_node *node);
bool yaml_is_sequence(struct fy_node *node);
bool yaml_is_scalar(struct fy_node *node);
/* True for a missing value, `~` or `null`. */
bool yaml_is_null(struct fy_node *node);

/* The text of a scalar (NUL-terminated, owned by the document), or NULL for a collection. */
const char *yaml_text(struct fy_node *node);

/* The value of `key` in `mapping`, or NULL when absent; `key_node` (optional) gets the key. */
struct fy_node *yaml_lookup(struct fy_node *mapping, const char *key, struct fy_node **key_node);

/* Fails on the first key of `mapping` that is not in `allowed` (NULL-terminated), naming it,
 * the nearest allowed key, and `context` (e.g. "outcome 'into_work'"). */
int yaml_check_keys(const struct yaml_doc *y, struct fy_node *mapping, const char *context,
		    const char *const *allowed);

/* Typed reads of a scalar node; `what` names the value in messages ("horizon"). */
int yaml_read_double(const struct yaml_doc *y, struct fy_node *node, const char *what,
		     double *out);
int yaml_read_int(const struct yaml_doc *y, struct fy_node *node, const char *what, long min,
		  long max, long *out);
/* A mapping key holding a whole number; quoted keys are accepted, as JSON needs them. */
int yaml_read_int_key(const struct yaml_doc *y, struct fy_node *key, const char *what, long min,
		      long max, long *out);
int yaml_read_bool(const struct yaml_doc *y, struct fy_node *node, const char *what, bool *out);
int yaml_read_string(const struct yaml_doc *y, struct fy_node *node, const char *what,
		     const char **out);
/* Non-empty text, copied into *out (the caller's to free); `doing` names the work in an
 * out-of-memory message ("reading a dataset spec"). */
int yaml_read_owned_text(const struct yaml_doc *y, struct fy_node *node, const char *what,
			 const char *doing, char **out);

/* Requires `node` to be a mapping (or a sequence); `what` names it in the message. */
int yaml_expect_mapping(const struct yaml_doc *y, struct fy_node *node, const char *what);
int yaml_expect_sequence(const struct yaml_doc *y, struct fy_node *node, const char *what);

#endif
