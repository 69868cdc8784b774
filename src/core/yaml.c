/*
 * yaml.c - libfyaml glue: load with diagnostics kept (never printed), positions, typed reads.
 */
#include "yaml.h"

#include "alloc.h"
#include "csv.h"
#include "input.h"
#include "number.h"
#include "suggest.h"
#include "yaml_limits.h"
#include "strbuf.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keeps the first diagnostic libfyaml formats (it never reaches a terminal). */
static void keep_first_diag(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	char *kept = user;

	(void)diag;
	if (!kept || kept[0] || len == 0)
		return;
	if (len >= DIAG_MESSAGE_MAX)
		len = DIAG_MESSAGE_MAX - 1;
	memcpy(kept, buf, len);
	kept[len] = '\0';
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* libfyaml formats "file:line:col: error: what"; we say "file:line:col: not valid YAML or
 * JSON: what". A message without the file's position (an empty document) gets a plain one. */
static int report_parse_error(struct yaml_doc *y, const char *kept)
{
	size_t path_length = strlen(y->path);
	const char *what = strstr(kept, ": error: ");
	size_t position_length, what_length;

	if (!what || strncmp(kept, y->path, path_length) != 0)
		return diag_fail(y->diag, VMAP_INPUT, "%s: the document is empty or not YAML",
				 y->path);
	position_length = (size_t)(what - kept);
	what += strlen(": error: ");
	what_length = strcspn(what, "\n");
	return diag_fail(y->diag, VMAP_INPUT, "%.*s: not valid YAML or JSON: %.*s",
			 (int)position_length, kept, (int)what_length, what);
}

/* libfyaml 0.8 can loop for ever on some invalid UTF-8 (found by fuzz/fuzz_spec), so the
 * bytes are checked first, line by line. */
static int check_utf8(FILE *f, const char *path, struct vmap_diag *diag)
{
	char *line = NULL;
	size_t capacity = 0;
	ssize_t length;
	long number = 0;
	int rc = VMAP_OK;

	while (rc == VMAP_OK && (length = getline(&line, &capacity, f)) >= 0) {
		number++;
		const char *nul = memchr(line, '\0', (size_t)length);
		if (nul)
			rc = diag_fail(diag, VMAP_INPUT, "%s:%ld:%ld: a NUL byte: expected text",
				       path, number, (long)(nul - line) + 1);
		else if (!utf8_is_valid(line, (size_t)length))
			rc = diag_fail(diag, VMAP_INPUT, "%s:%ld: not valid UTF-8", path, number);
	}
	free(line);
	if (rc == VMAP_OK && ferror(f))
		rc = errno == ENOMEM ? diag_nomem(diag, "reading YAML")
				     : diag_fail(diag, VMAP_IO, "%s: cannot read: %s", path,
						 strerror(errno));
	return rc;
}

/* An error of the system rather than of the document: the file could not be read. */
static bool is_io_error(int error)
{
	return error == EIO || error == ENOSPC || error == EMFILE || error == ENFILE ||
	       error == EISDIR;
}

int yaml_load(struct yaml_doc *y, const char *path, struct vmap_diag *diag)
{
	struct fy_diag_cfg diag_cfg;
	struct fy_parse_cfg cfg;
	struct fy_diag *fydiag;
	char kept[DIAG_MESSAGE_MAX] = "";
	FILE *probe;
	int rc = VMAP_OK;

	memset(y, 0, sizeof *y);
	y->path = path;
	y->diag = diag;
	/* read twice (checked, then parsed): a pipe would wait for ever for a second writer */
	rc = input_refuse_special(path, "a YAML or JSON file is read twice (checked, then parsed)",
				  diag);
	if (!rc)
		rc = input_open(path, &probe, diag);
	if (rc)
		return rc;
	rc = input_check_document_size(probe, path, "YAML or JSON", diag);
	if (!rc)
		rc = check_utf8(probe, path, diag);
	fclose(probe);
	if (rc)
		return rc;

	fy_diag_cfg_default(&diag_cfg);
	diag_cfg.fp = NULL;
	diag_cfg.output_fn = keep_first_diag;
	diag_cfg.user = kept;
	diag_cfg.colorize = false;
	diag_cfg.show_source = false;
	diag_cfg.show_type = false;
	diag_cfg.show_module = false;
	diag_cfg.show_position = true;
	fydiag = fy_diag_create(&diag_cfg);
	if (!fydiag)
		return diag_nomem(diag, "reading YAML");
	memset(&cfg, 0, sizeof cfg);
	/* Aliases are resolved only once their expansion is known to be bounded. */
	cfg.flags = FYPCF_QUIET |
		    (ends_with(path, ".json") ? FYPCF_JSON_FORCE : FYPCF_JSON_NONE);
	cfg.diag = fydiag;
	errno = 0;
	y->doc = fy_document_build_from_file(&cfg, path);
	/* libfyaml's own opening or reading failed ("failed to open", no parse error kept) */
	if (!y->doc && !strstr(kept, ": error: ") && errno == ENOMEM)
		rc = diag_nomem(diag, "reading YAML");
	else if (!y->doc && !strstr(kept, ": error: ") && is_io_error(errno))
		rc = diag_fail(diag, VMAP_IO, "%s: cannot read: %s", path, strerror(errno));
	else if (!y->doc)
		rc = report_parse_error(y, kept);
	else if (!fy_document_root(y->doc))
		rc = diag_fail(diag, VMAP_INPUT, "%s: the document is empty", path);
	else if ((rc = yaml_check_expansion(y->doc, path, diag)) == VMAP_OK &&
		 fy_document_resolve(y->doc) != 0)
		rc = report_parse_error(y, kept);
	/* The document keeps the diag for what it parses later (yaml_override's values): from
	 * here on its messages go nowhere, never to `kept`, which lives only in this call (a
	 * --set value that libfyaml complained about wrote into a dead stack frame: fuzz_cli). */
	diag_cfg.user = NULL;
	fy_diag_set_cfg(fydiag, &diag_cfg);
	fy_diag_unref(fydiag);
	return rc;
}

void yaml_release(struct yaml_doc *y)
{
	if (y->doc)
		fy_document_destroy(y->doc);
	y->doc = NULL;
	free(y->overrides);
	y->overrides = NULL;
	y->override_count = 0;
}

int yaml_read_file(const char *path, int (*read)(struct yaml_doc *y, void *context),
		   void *context, struct vmap_diag *diag)
{
	struct yaml_doc y;
	int rc = yaml_load(&y, path, diag);

	if (!rc)
		rc = read(&y, context);
	yaml_release(&y);
	return rc;
}

/* A what-if's value that is not one: none, null, or not YAML (libfyaml gave no node). */
static int no_override_value(struct yaml_doc *y, const char *key, const char *value,
			     const char *text, bool parsed)
{
	if (!parsed && errno == ENOMEM)
		return diag_nomem(y->diag, "applying a what-if");
	if (!*value)
		return diag_fail(y->diag, VMAP_INPUT,
				 "%s: set %s: no value for '%s' after '=': expected a number, a "
				 "word, or a list or mapping such as [1, 2] or {low: 1, high: 2}",
				 y->path, text, key);
	if (parsed)
		return diag_fail(y->diag, VMAP_INPUT,
				 "%s: set %s: '%s' for '%s' is null: expected a value (a what-if "
				 "cannot take a key away)",
				 y->path, text, value, key);
	return diag_fail(y->diag, VMAP_INPUT,
			 "%s: set %s: '%s' for '%s' is not a YAML value (a bracket or a quote "
			 "left open? text holding ': ' or '#' needs quotes): expected a number, a "
			 "word, or a list or mapping such as [1, 2] or {low: 1, high: 2}",
			 y->path, text, value, key);
}

int yaml_override(struct yaml_doc *y, struct fy_node *mapping, const char *key,
		  const char *value, const char *text)
{
	struct fy_node_pair *pair = fy_node_mapping_lookup_pair_by_string(mapping, key, FY_NT);
	struct fy_node *node = (errno = 0, fy_node_build_from_string(y->doc, value, FY_NT));
	struct fy_node *key_node = pair ? fy_node_pair_key(pair) : NULL;
	struct yaml_override *grown;
	int rc = 0;

	if (!node || yaml_is_null(node)) {
		rc = no_override_value(y, key, value, text, node != NULL);
		fy_node_free(node); /* never attached to the document */
		return rc;
	}
	if (pair) {
		rc = fy_node_pair_set_value(pair, node);
	} else {
		key_node = fy_node_create_scalar_copy(y->doc, key, FY_NT);
		rc = key_node ? fy_node_mapping_append(mapping, key_node, node) : -1;
	}
	if (rc)
		return diag_nomem(y->diag, "applying a what-if");
	grown = realloc_array(y->overrides, y->override_count + 1, sizeof *grown);
	if (!grown)
		return diag_nomem(y->diag, "applying a what-if");
	y->overrides = grown;
	y->overrides[y->override_count++] = (struct yaml_override){key_node, node, text};
	return VMAP_OK;
}

/* The what-if that put `node` (or a node inside it) into the document, or NULL. */
static const char *override_of(const struct yaml_doc *y, struct fy_node *node)
{
	for (size_t i = 0; node && i < y->override_count; i++) {
		const struct yaml_override *o = &y->overrides[i];
		for (struct fy_node *n = node; n; n = fy_node_get_parent(n))
			if (n == o->key || n == o->value)
				return o->text;
	}
	return NULL;
}

struct fy_node *yaml_root(const struct yaml_doc *y)
{
	return y->doc ? fy_document_root(y->doc) : NULL;
}

struct yaml_mark yaml_node_mark(struct fy_node *node)
{
	struct yaml_mark mark = {0, 0};
	void *iter = NULL;

	while (node && !yaml_is_scalar(node)) {
		if (yaml_is_mapping(node)) {
			struct fy_node_pair *pair = fy_node_mapping_iterate(node, &iter);
			node = pair ? fy_node_pair_key(pair) : NULL;
		} else {
			node = fy_node_sequence_iterate(node, &iter);
		}
		iter = NULL;
	}
	if (node) {
		struct fy_token *token = fy_node_get_scalar_token(node);
		const struct fy_mark *m = token ? fy_token_start_mark(token) : NULL;
		if (m) {
			mark.line = m->line + 1;
			mark.column = m->column + 1;
		}
	}
	return mark;
}

int yaml_fail(const struct yaml_doc *y, struct fy_node *at, const char *fmt, ...)
{
	struct yaml_mark mark = yaml_node_mark(at);
	char message[DIAG_MESSAGE_MAX];
	va_list args;

	const char *what_if = override_of(y, at);

	va_start(args, fmt);
	diag_vformat(message, sizeof message, fmt, args);
	va_end(args);
	if (what_if)
		return diag_fail(y->diag, VMAP_INPUT, "%s: set %s: %s", y->path, what_if, message);
	if (mark.line > 0)
		return diag_fail(y->diag, VMAP_INPUT, "%s:%d:%d: %s", y->path, mark.line,
				 mark.column, message);
	return diag_fail(y->diag, VMAP_INPUT, "%s: %s", y->path, message);
}

bool yaml_is_mapping(struct fy_node *node)
{
	return node && fy_node_get_type(node) == FYNT_MAPPING;
}

bool yaml_is_sequence(struct fy_node *node)
{
	return node && fy_node_get_type(node) == FYNT_SEQUENCE;
}

bool yaml_is_scalar(struct fy_node *node)
{
	return node && fy_node_get_type(node) == FYNT_SCALAR;
}

bool yaml_is_null(struct fy_node *node)
{
	const char *text;

	if (!node)
		return true;
	if (!yaml_is_scalar(node) || fy_node_get_style(node) != FYNS_PLAIN)
		return false;
	text = fy_node_get_scalar0(node);
	return !text || !*text || strcmp(text, "~") == 0 || strcmp(text, "null") == 0 ||
	       strcmp(text, "Null") == 0 || strcmp(text, "NULL") == 0;
}

const char *yaml_text(struct fy_node *node)
{
	return yaml_is_scalar(node) ? fy_node_get_scalar0(node) : NULL;
}

struct fy_node *yaml_lookup(struct fy_node *mapping, const char *key, struct fy_node **key_node)
{
	struct fy_node_pair *pair;
	void *iter = NULL;

	if (!yaml_is_mapping(mapping))
		return NULL;
	while ((pair = fy_node_mapping_iterate(mapping, &iter))) {
		const char *text = yaml_text(fy_node_pair_key(pair));
		if (text && strcmp(text, key) == 0) {
			if (key_node)
				*key_node = fy_node_pair_key(pair);
			return fy_node_pair_value(pair);
		}
	}
	return NULL;
}

static void list_keys(struct strbuf *sb, const char *const *allowed)
{
	for (size_t i = 0; allowed[i]; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", allowed[i]);
}

int yaml_check_keys(const struct yaml_doc *y, struct fy_node *mapping, const char *context,
		    const char *const *allowed)
{
	struct fy_node_pair *pair;
	void *iter = NULL;
	size_t count = 0;

	while (allowed[count])
		count++;
	while ((pair = fy_node_mapping_iterate(mapping, &iter))) {
		struct fy_node *key = fy_node_pair_key(pair);
		const char *text = yaml_text(key);
		bool known = false;
		char hint[160];
		struct strbuf expected;
		int rc;

		if (!text)
			return yaml_fail(y, key, "%s: keys must be plain names", context);
		for (size_t i = 0; i < count && !known; i++)
			known = strcmp(text, allowed[i]) == 0;
		if (known)
			continue;
		suggest_hint(hint, sizeof hint, text, allowed, count);
		strbuf_init(&expected);
		list_keys(&expected, allowed);
		rc = yaml_fail(y, key, "%s: unknown key '%s'%s; expected one of: %s", context, text,
			       hint, expected.failed ? "..." : expected.data);
		strbuf_release(&expected);
		return rc;
	}
	return VMAP_OK;
}

static int expect_plain_scalar(const struct yaml_doc *y, struct fy_node *node, const char *what,
			       const char *expected)
{
	if (!node || yaml_is_null(node))
		return yaml_fail(y, node, "%s: missing value; expected %s", what, expected);
	if (!yaml_is_scalar(node))
		return yaml_fail(y, node, "%s: expected %s, not a %s", what, expected,
				 yaml_is_mapping(node) ? "mapping" : "list");
	if (fy_node_get_style(node) != FYNS_PLAIN)
		return yaml_fail(y, node, "%s: expected %s, not the quoted text \"%s\"", what,
				 expected, yaml_text(node));
	return VMAP_OK;
}

int yaml_read_double(const struct yaml_doc *y, struct fy_node *node, const char *what,
		     double *out)
{
	const char *text;
	char *end;
	double value;
	int rc = expect_plain_scalar(y, node, what, "a number");

	if (rc)
		return rc;
	text = yaml_text(node);
	errno = 0;
	value = strtod(text, &end);
	if (end == text || *end != '\0' || strpbrk(text, "xXnN") || errno == ERANGE ||
	    !isfinite(value)) {
		char plain[NUMBER_TEXT_MAX];
		if (number_typed_hint(text, plain, sizeof plain))
			return yaml_fail(y, node, "%s: '%s' is not a plain number; write %s", what,
					 text, plain);
		return yaml_fail(y, node, "%s: '%s' is not a number", what, text);
	}
	*out = value;
	return VMAP_OK;
}

static int parse_int(const struct yaml_doc *y, struct fy_node *node, const char *what, long min,
		     long max, long *out)
{
	const char *text = yaml_text(node);
	char *end;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (end == text || *end != '\0' || errno == ERANGE)
		return yaml_fail(y, node, "%s: '%s' is not a whole number", what, text);
	if (value < min || value > max)
		return yaml_fail(y, node, "%s: %ld is out of range; expected %ld to %ld", what, value,
				 min, max);
	*out = value;
	return VMAP_OK;
}

int yaml_read_int(const struct yaml_doc *y, struct fy_node *node, const char *what, long min,
		  long max, long *out)
{
	int rc = expect_plain_scalar(y, node, what, "a whole number");

	return rc ? rc : parse_int(y, node, what, min, max, out);
}

int yaml_read_int_key(const struct yaml_doc *y, struct fy_node *key, const char *what, long min,
		      long max, long *out)
{
	if (!yaml_is_scalar(key))
		return yaml_fail(y, key, "%s: expected a whole number", what);
	return parse_int(y, key, what, min, max, out);
}

int yaml_read_bool(const struct yaml_doc *y, struct fy_node *node, const char *what, bool *out)
{
	const char *text;
	int rc = expect_plain_scalar(y, node, what, "true or false");

	if (rc)
		return rc;
	text = yaml_text(node);
	if (strcmp(text, "true") == 0 || strcmp(text, "True") == 0) {
		*out = true;
		return VMAP_OK;
	}
	if (strcmp(text, "false") == 0 || strcmp(text, "False") == 0) {
		*out = false;
		return VMAP_OK;
	}
	return yaml_fail(y, node, "%s: '%s' is not true or false", what, text);
}

int yaml_read_string(const struct yaml_doc *y, struct fy_node *node, const char *what,
		     const char **out)
{
	if (!node || yaml_is_null(node))
		return yaml_fail(y, node, "%s: missing value; expected text", what);
	if (!yaml_is_scalar(node))
		return yaml_fail(y, node, "%s: expected text, not a %s", what,
				 yaml_is_mapping(node) ? "mapping" : "list");
	*out = yaml_text(node);
	return *out ? VMAP_OK : diag_nomem(y->diag, "reading text");
}

int yaml_read_owned_text(const struct yaml_doc *y, struct fy_node *node, const char *what,
			 const char *doing, char **out)
{
	const char *text;
	int rc = yaml_read_string(y, node, what, &text);

	if (rc)
		return rc;
	if (!*text)
		return yaml_fail(y, node, "%s: must not be empty", what);
	*out = alloc_strdup(text);
	return *out ? VMAP_OK : diag_nomem(y->diag, doing);
}

int yaml_expect_mapping(const struct yaml_doc *y, struct fy_node *node, const char *what)
{
	if (yaml_is_mapping(node))
		return VMAP_OK;
	return yaml_fail(y, node, "%s: expected a mapping of keys to values", what);
}

int yaml_expect_sequence(const struct yaml_doc *y, struct fy_node *node, const char *what)
{
	if (yaml_is_sequence(node))
		return VMAP_OK;
	return yaml_fail(y, node, "%s: expected a list", what);
}
