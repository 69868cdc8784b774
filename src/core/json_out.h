/*
 * json_out.h - building JSON outputs with cJSON without losing allocation failures.
 *
 * cJSON's add functions return NULL when memory runs out and the document silently lacks the
 * item. A json_out remembers any such failure, so a writer builds the whole document and
 * checks once (json_out_render) before anything reaches a file.
 *
 * `key` is the member name when `parent` is an object, and NULL when it is an array.
 */
#ifndef VMAP_CORE_JSON_OUT_H
#define VMAP_CORE_JSON_OUT_H

#include "strbuf.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

struct json_out {
	cJSON *root;
	bool failed;
};

void json_out_init(struct json_out *j); /* root is an empty object */
void json_out_release(struct json_out *j);

cJSON *json_add_object(struct json_out *j, cJSON *parent, const char *key);
cJSON *json_add_array(struct json_out *j, cJSON *parent, const char *key);
void json_add_number(struct json_out *j, cJSON *parent, const char *key, double value);
void json_add_string(struct json_out *j, cJSON *parent, const char *key, const char *value);
void json_add_bool(struct json_out *j, cJSON *parent, const char *key, bool value);
void json_add_null(struct json_out *j, cJSON *parent, const char *key);

/* Prints the document, indented, with a final newline, into `sb`. False on any failure. */
bool json_out_render(struct json_out *j, struct strbuf *sb);

#endif
