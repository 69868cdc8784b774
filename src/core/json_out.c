/*
 * json_out.c - cJSON building with failure tracking.
 */
#include "json_out.h"

void json_out_init(struct json_out *j)
{
	j->root = cJSON_CreateObject();
	j->failed = j->root == NULL;
}

void json_out_release(struct json_out *j)
{
	cJSON_Delete(j->root);
	j->root = NULL;
}

static cJSON *attach(struct json_out *j, cJSON *parent, const char *key, cJSON *item)
{
	bool ok;

	if (!item || !parent) {
		cJSON_Delete(item);
		j->failed = true;
		return NULL;
	}
	ok = key ? cJSON_AddItemToObject(parent, key, item) : cJSON_AddItemToArray(parent, item);
	if (!ok) {
		cJSON_Delete(item);
		j->failed = true;
		return NULL;
	}
	return item;
}

cJSON *json_add_object(struct json_out *j, cJSON *parent, const char *key)
{
	return attach(j, parent, key, cJSON_CreateObject());
}

cJSON *json_add_array(struct json_out *j, cJSON *parent, const char *key)
{
	return attach(j, parent, key, cJSON_CreateArray());
}

void json_add_number(struct json_out *j, cJSON *parent, const char *key, double value)
{
	attach(j, parent, key, cJSON_CreateNumber(value));
}

void json_add_string(struct json_out *j, cJSON *parent, const char *key, const char *value)
{
	attach(j, parent, key, cJSON_CreateString(value));
}

void json_add_bool(struct json_out *j, cJSON *parent, const char *key, bool value)
{
	attach(j, parent, key, cJSON_CreateBool(value));
}

void json_add_null(struct json_out *j, cJSON *parent, const char *key)
{
	attach(j, parent, key, cJSON_CreateNull());
}

bool json_out_render(struct json_out *j, struct strbuf *sb)
{
	char *text;

	if (j->failed)
		return false;
	text = cJSON_Print(j->root);
	if (!text)
		return false;
	strbuf_adds(sb, text);
	strbuf_add(sb, "\n", 1);
	cJSON_free(text);
	return !sb->failed;
}
