/*
 * compare_fields.c - each canonical field's default comparison and its levels, best first;
 * the last level is always "else". A missing value on either side gives LEVEL_MISSING, which
 * the model treats as neutral (it adds no weight).
 *
 * Thresholds follow Splink's defaults for names (Jaro-Winkler 0.92 and 0.80 after an exact
 * level; a config may change them) and the usual date and postcode hierarchies.
 */
#include "compare_fields.h"

#include "compare_strings.h"
#include "records.h"
#include "spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "jaro_winkler" levels are named with their thresholds by comparison_level_name. */
static const char *const first_name_levels[] = {
	"exact", "jaro_winkler", "jaro_winkler", "nickname", "swapped with last name", "else"};
static const char *const last_name_levels[] = {
	"exact", "jaro_winkler", "jaro_winkler", "swapped with first name", "else"};
static const char *const middle_name_levels[] = {"exact", "same initial", "else"};
static const char *const dob_levels[] = {
	"exact", "day and month swapped", "one character off", "one component off",
	"within a year", "else"};
static const char *const postcode_levels[] = {"exact", "sector", "district", "one character off",
					      "else"};
static const char *const text_levels[] = {"exact", "jaro_winkler", "jaro_winkler", "else"};
static const char *const exact_levels[] = {"exact", "else"};
static const char *const code_levels[] = {"exact", "one character off", "else"};
static const char *const email_levels[] = {"exact", "same user name", "else"};

#define LEVELS(list) (int)(sizeof list / sizeof list[0]), list

static void set_kind(struct comparison *c, enum compare_kind kind, int count,
		     const char *const *names)
{
	c->kind = kind;
	c->level_count = count;
	c->level_names = names;
}

bool comparison_default(enum field field, struct comparison *c)
{
	memset(c, 0, sizeof *c);
	c->field = field;
	switch (field) {
	case FIELD_FIRST_NAME:
		set_kind(c, COMPARE_FIRST_NAME, LEVELS(first_name_levels));
		c->tf = true;
		c->jw[0] = 0.92;
		c->jw[1] = 0.80;
		break;
	case FIELD_LAST_NAME:
		set_kind(c, COMPARE_LAST_NAME, LEVELS(last_name_levels));
		c->tf = true;
		c->jw[0] = 0.92;
		c->jw[1] = 0.80;
		break;
	case FIELD_MIDDLE_NAME:
		set_kind(c, COMPARE_MIDDLE_NAME, LEVELS(middle_name_levels));
		c->tf = true;
		break;
	case FIELD_DOB:
		set_kind(c, COMPARE_DOB, LEVELS(dob_levels));
		break;
	case FIELD_POSTCODE:
		set_kind(c, COMPARE_POSTCODE, LEVELS(postcode_levels));
		c->tf = true;
		break;
	case FIELD_ADDRESS:
	case FIELD_TOWN:
		set_kind(c, COMPARE_TEXT, LEVELS(text_levels));
		c->jw[0] = 0.90;
		c->jw[1] = 0.75;
		break;
	case FIELD_SEX:
		set_kind(c, COMPARE_EXACT, LEVELS(exact_levels));
		break;
	case FIELD_PHONE:
	case FIELD_ID_NUMBER:
		set_kind(c, COMPARE_CODE, LEVELS(code_levels));
		break;
	case FIELD_EMAIL:
		set_kind(c, COMPARE_EMAIL, LEVELS(email_levels));
		break;
	default:
		return false;
	}
	return true;
}

static bool same(const struct record *a, const struct record *b, enum field fa, enum field fb)
{
	return a->value[fa] && b->value[fb] && a->length[fa] == b->length[fb] &&
	       memcmp(a->value[fa], b->value[fb], a->length[fa]) == 0;
}

static double jw(const struct record *a, const struct record *b, enum field f)
{
	return jaro_winkler(a->value[f], a->length[f], b->value[f], b->length[f]);
}

static int first_name_level(const struct comparison *c, const struct record *a,
			    const struct record *b)
{
	double s = jw(a, b, FIELD_FIRST_NAME);

	if (s >= c->jw[0])
		return 1;
	if (s >= c->jw[1])
		return 2;
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++)
			if (a->nickname[i] >= 0 && a->nickname[i] == b->nickname[j])
				return 3;
	if (same(a, b, FIELD_FIRST_NAME, FIELD_LAST_NAME) &&
	    same(a, b, FIELD_LAST_NAME, FIELD_FIRST_NAME))
		return 4;
	return 5;
}

static int last_name_level(const struct comparison *c, const struct record *a,
			   const struct record *b)
{
	double s = jw(a, b, FIELD_LAST_NAME);

	if (s >= c->jw[0])
		return 1;
	if (s >= c->jw[1])
		return 2;
	if (same(a, b, FIELD_FIRST_NAME, FIELD_LAST_NAME) &&
	    same(a, b, FIELD_LAST_NAME, FIELD_FIRST_NAME))
		return 3;
	return 4;
}

static int dob_level(const struct record *a, const struct record *b)
{
	int ya = a->dob / 10000, ma = a->dob / 100 % 100, da = a->dob % 100;
	int yb = b->dob / 10000, mb = b->dob / 100 % 100, db = b->dob % 100;

	if (a->dob == DOB_MISSING || b->dob == DOB_MISSING) /* a raw unreadable date */
		return within_one_edit(a->value[FIELD_DOB], a->length[FIELD_DOB],
				       b->value[FIELD_DOB], b->length[FIELD_DOB])
			       ? 2
			       : LEVEL_MISSING;
	if (ya == yb && ma == db && da == mb)
		return 1;
	if (within_one_edit(a->value[FIELD_DOB], 8, b->value[FIELD_DOB], 8))
		return 2;
	if ((ya == yb) + (ma == mb) + (da == db) == 2)
		return 3;
	if (abs(a->dob_days - b->dob_days) <= 365)
		return 4;
	return 5;
}

/* UK postcodes: "SW1A 1AA": district "SW1A", sector "SW1A 1". */
static int postcode_level(const struct record *a, const struct record *b)
{
	const char *pa = a->value[FIELD_POSTCODE], *pb = b->value[FIELD_POSTCODE];

	if (a->postcode_uk && b->postcode_uk) {
		size_t da = strcspn(pa, " "), db = strcspn(pb, " ");
		if (da == db && memcmp(pa, pb, da) == 0)
			return pa[da + 1] == pb[db + 1] ? 1 : 2;
	}
	if (within_one_edit(pa, a->length[FIELD_POSTCODE], pb, b->length[FIELD_POSTCODE]))
		return 3;
	return 4;
}

static int email_level(const struct record *a, const struct record *b)
{
	const char *ea = a->value[FIELD_EMAIL], *eb = b->value[FIELD_EMAIL];
	size_t ua = strcspn(ea, "@"), ub = strcspn(eb, "@");

	return ua == ub && memcmp(ea, eb, ua) == 0 ? 1 : 2;
}

static int graded_level(const struct comparison *c, const struct record *a,
			const struct record *b)
{
	enum field f = c->field;
	double s;

	switch (c->kind) {
	case COMPARE_FIRST_NAME:
		return first_name_level(c, a, b);
	case COMPARE_LAST_NAME:
		return last_name_level(c, a, b);
	case COMPARE_MIDDLE_NAME:
		return a->value[f][0] == b->value[f][0] ? 1 : 2;
	case COMPARE_DOB:
		return dob_level(a, b);
	case COMPARE_POSTCODE:
		return postcode_level(a, b);
	case COMPARE_TEXT:
		s = jw(a, b, f);
		return s >= c->jw[0] ? 1 : s >= c->jw[1] ? 2 : 3;
	case COMPARE_CODE:
		return within_one_edit(a->value[f], a->length[f], b->value[f], b->length[f]) ? 1 : 2;
	case COMPARE_EMAIL:
		return email_level(a, b);
	default:
		return c->level_count - 1;
	}
}

bool comparison_has_jw(const struct comparison *c)
{
	return c->kind == COMPARE_FIRST_NAME || c->kind == COMPARE_LAST_NAME ||
	       c->kind == COMPARE_TEXT;
}

void comparison_level_name(const struct comparison *c, int level, char *out, size_t size)
{
	if (comparison_has_jw(c) && (level == 1 || level == 2))
		snprintf(out, size, "jaro_winkler>=%.2f", c->jw[level - 1]);
	else
		snprintf(out, size, "%s", c->level_names[level]);
}

int compare_level(const struct comparison *c, const struct record *a, const struct record *b)
{
	enum field f = c->field;

	if (!a->value[f] || !b->value[f])
		return LEVEL_MISSING;
	if (same(a, b, f, f))
		return 0;
	return graded_level(c, a, b);
}
