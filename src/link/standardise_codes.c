/*
 * standardise_codes.c - coded fields: sex (a department's own codes mapped by the spec, then
 * the common codings), UK postcodes (with or without the space; other countries' codes kept
 * as letters and digits), phone numbers (digits, +44 to 0), e-mail addresses and identifiers.
 */
#include "spec.h"
#include "standardise.h"

#include <ctype.h>
#include <strings.h>
#include <string.h>

static void set(struct std_buffer *out, const char *s)
{
	size_t n = strlen(s);

	if (n >= sizeof out->text)
		n = sizeof out->text - 1;
	memcpy(out->text, s, n);
	out->text[n] = '\0';
	out->length = n;
}

static const char *mapped(const char *raw, const struct field_spec *spec)
{
	for (size_t i = 0; spec && i < spec->code_count; i++)
		if (strcasecmp(raw, spec->codes[i].from) == 0)
			return spec->codes[i].to;
	return raw;
}

static bool in_list(const char *value, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcasecmp(value, list[i]) == 0)
			return true;
	return false;
}

bool std_sex(const char *raw, const struct field_spec *spec, struct std_buffer *out)
{
	static const char *const male[] = {"m", "male", "man", "boy", "1", NULL};
	static const char *const female[] = {"f", "female", "woman", "girl", "2", NULL};
	static const char *const unknown[] = {"u", "unknown", "0", "9", "x", "n", "not known",
					      "not specified", NULL};
	const char *value = mapped(raw, spec);

	out->length = 0;
	out->text[0] = '\0';
	if (in_list(value, male))
		set(out, "m");
	else if (in_list(value, female))
		set(out, "f");
	else if (!in_list(value, unknown))
		return false;
	return true; /* "unknown" leaves the value empty: missing, not unreadable */
}

/* Keeps letters (upper-cased) and digits only. */
static void alnum_upper(const char *raw, struct std_buffer *out)
{
	out->length = 0;
	for (; *raw && out->length + 1 < sizeof out->text; raw++)
		if (isalnum((unsigned char)*raw))
			out->text[out->length++] = (char)toupper((unsigned char)*raw);
	out->text[out->length] = '\0';
}

/* Outward codes: A9, A99, AA9, AA99, A9A, AA9A. */
static bool uk_outward(const char *s, size_t n)
{
	if (n < 2 || n > 4 || !isalpha((unsigned char)s[0]))
		return false;
	if (n == 2)
		return isdigit((unsigned char)s[1]);
	if (isdigit((unsigned char)s[1]))
		return n == 3 && isalnum((unsigned char)s[2]);
	if (!isalpha((unsigned char)s[1]) || !isdigit((unsigned char)s[2]))
		return false;
	return n == 3 || isalnum((unsigned char)s[3]);
}

bool std_postcode(const char *raw, struct std_buffer *out, bool *is_uk)
{
	struct std_buffer code;
	size_t n;

	alnum_upper(raw, &code);
	n = code.length;
	*is_uk = n >= 5 && n <= 7 && isdigit((unsigned char)code.text[n - 3]) &&
		 isalpha((unsigned char)code.text[n - 2]) &&
		 isalpha((unsigned char)code.text[n - 1]) && uk_outward(code.text, n - 3);
	if (!*is_uk) {
		*out = code;
		return n > 0 || !*raw;
	}
	memcpy(out->text, code.text, n - 3);
	out->text[n - 3] = ' ';
	memcpy(out->text + n - 2, code.text + n - 3, 4);
	out->length = n + 1;
	return true;
}

bool std_phone(const char *raw, struct std_buffer *out)
{
	out->length = 0;
	for (; *raw && out->length + 1 < sizeof out->text; raw++)
		if (isdigit((unsigned char)*raw))
			out->text[out->length++] = *raw;
	out->text[out->length] = '\0';
	if (out->length == 13 && memcmp(out->text, "440", 3) == 0) { /* +44 (0)20 ... */
		memmove(out->text, out->text + 2, 12);
		out->length = 11;
	}
	if (out->length == 12 && memcmp(out->text, "44", 2) == 0) {
		memmove(out->text + 1, out->text + 2, 11);
		out->text[0] = '0';
		out->length = 11;
	}
	if (out->length < 6) {
		out->length = 0;
		out->text[0] = '\0';
		return false;
	}
	return true;
}

bool std_email(const char *raw, struct std_buffer *out)
{
	const char *at;

	out->length = 0;
	for (; *raw && out->length + 1 < sizeof out->text; raw++)
		if (!isspace((unsigned char)*raw))
			out->text[out->length++] = (char)tolower((unsigned char)*raw);
	out->text[out->length] = '\0';
	at = strchr(out->text, '@');
	if (!at || at == out->text || !at[1] || strchr(at + 1, '@')) {
		out->length = 0;
		out->text[0] = '\0';
		return false;
	}
	return true;
}

bool std_identifier(const char *raw, struct std_buffer *out)
{
	alnum_upper(raw, out);
	return out->length > 0;
}
