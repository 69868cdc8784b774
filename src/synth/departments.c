/*
 * departments.c - each department's extract: its share of the population, its layout and
 * codes, and the errors its records carry (docs/synth.md lists every rate).
 *
 *   health   patient_id,forename,surname,date_of_birth,sex,address,postcode
 *            "Forename", "Surname", dd/mm/yyyy, Male/Female
 *   dwp      CLAIM_REF,FORENAME,SURNAME,DOB,SEX,NINO,POSTCODE
 *            upper case, yyyy-mm-dd, 1/2, a National Insurance number on part of the records
 *   justice  offender_id,name,date_of_birth,gender,postcode
 *            "SURNAME, Forename" in one column, d/m/yyyy, M/F
 *
 * A person's records in a department (one, or two for a duplicate) each draw their own
 * errors from the department's record stream, so a duplicate differs from its twin.
 */
#include "synth/errors.h"
#include "synth/names.h"
#include "synth/synth.h"

#include <ctype.h>
#include <string.h>

const struct dept_profile dept_profiles[DEPT_COUNT] = {
	{.id = "health", .agency = "nhs", .file_id = "patient_id",
	 .share_a = 2.4423470353692043 /* logistic: 0.92 */, .share_b = 0.0,
	 .duplicate = 0.05, .typo_first = 0.02, .typo_last = 0.02, .nickname = 0.04,
	 .variant = 0.2, .swap_day_month = 0.02, .stale_address = 0.15, .stale_surname = 0.3,
	 .missing_first = 0.005, .missing_dob = 0.005, .missing_postcode = 0.02},
	{.id = "dwp", .agency = "dwp", .file_id = "CLAIM_REF",
	 .share_a = -1.0, .share_b = 0.8,
	 .duplicate = 0.02, .typo_first = 0.015, .typo_last = 0.015, .nickname = 0.02,
	 .variant = 0.2, .swap_day_month = 0.03, .stale_address = 0.2, .stale_surname = 0.1,
	 .missing_first = 0.0, .missing_dob = 0.0, .missing_postcode = 0.03,
	 .nino_present = 0.75},
	{.id = "justice", .agency = "moj", .file_id = "offender_id",
	 .share_a = -3.0, .share_b = 0.9,
	 .duplicate = 0.08, .typo_first = 0.04, .typo_last = 0.04, .nickname = 0.10,
	 .variant = 0.2, .swap_day_month = 0.04, .stale_address = 0.35, .stale_surname = 0.5,
	 .missing_first = 0.01, .missing_dob = 0.02, .missing_postcode = 0.10},
};

/* A 4-round Feistel permutation of 32-bit numbers, keyed by the seed and department. */
uint32_t record_number(uint64_t seed, int dept, uint64_t index, int copy)
{
	uint32_t x = (uint32_t)(index * 2 + (uint64_t)copy);
	uint16_t left = (uint16_t)(x >> 16), right = (uint16_t)x;
	philox4x32_key_t key = random_key(seed);

	for (uint32_t round = 0; round < 4; round++) {
		philox4x32_ctr_t c = {{right, round, (uint32_t)dept, 0xfe15e1u}};
		uint16_t f = (uint16_t)philox4x32(c, key).v[0];
		uint16_t next = (uint16_t)(left ^ f);
		left = right;
		right = next;
	}
	return (uint32_t)left << 16 | right;
}

static const char *const headers[DEPT_COUNT] = {
	"patient_id,forename,surname,date_of_birth,sex,address,postcode\n",
	"CLAIM_REF,FORENAME,SURNAME,DOB,SEX,NINO,POSTCODE\n",
	"offender_id,name,date_of_birth,gender,postcode\n",
};

const char *records_header(int dept)
{
	return headers[dept];
}

/* One record's values, before the department's layout is applied; "" is missing. */
struct record {
	char first[SYNTH_NAME_MAX], last[SYNTH_NAME_MAX];
	int year, month, day; /* year 0: missing */
	const struct address *address; /* NULL: missing postcode */
	bool nino;
};

static void copy_name(char *out, const char *name)
{
	size_t n = strlen(name);

	n = n < SYNTH_NAME_MAX ? n : SYNTH_NAME_MAX - 1;
	memcpy(out, name, n);
	out[n] = '\0';
}

static void draw_first_name(struct record *rec, const struct person *p,
			    const struct dept_profile *dp, struct synth_rng *r)
{
	double u_nick = rng_uniform(r), u_var = rng_uniform(r), u_typo = rng_uniform(r);

	copy_name(rec->first, person_first_name(p));
	if (u_nick < dp->nickname)
		(void)name_nickname(rec->first, r);
	else if (u_var < dp->variant)
		(void)name_variant(rec->first);
	if (u_typo < dp->typo_first)
		name_typo(rec->first, r);
	if (rng_chance(r, dp->missing_first))
		rec->first[0] = '\0';
}

static void draw_surname(struct record *rec, const struct person *p,
			 const struct dept_profile *dp, struct synth_rng *r)
{
	bool stale = rng_chance(r, dp->stale_surname);
	double u_var = rng_uniform(r), u_typo = rng_uniform(r);

	copy_name(rec->last, surname_text(p->married && stale ? p->birth_surname : p->surname));
	if (u_var < dp->variant)
		(void)name_variant(rec->last);
	if (u_typo < dp->typo_last)
		name_typo(rec->last, r);
}

static void draw_dob(struct record *rec, const struct person *p, const struct dept_profile *dp,
		     struct synth_rng *r)
{
	bool swap = rng_chance(r, dp->swap_day_month), missing = rng_chance(r, dp->missing_dob);

	civil_from_day(p->dob, &rec->year, &rec->month, &rec->day);
	if (swap && rec->day <= 12 && rec->day != rec->month) {
		int d = rec->day;
		rec->day = rec->month;
		rec->month = d;
	}
	if (missing)
		rec->year = 0;
}

static void draw_record(struct record *rec, const struct person *p, int dept,
			struct synth_rng *r)
{
	const struct dept_profile *dp = &dept_profiles[dept];
	bool stale, missing_postcode;

	draw_first_name(rec, p, dp, r);
	draw_surname(rec, p, dp, r);
	draw_dob(rec, p, dp, r);
	stale = rng_chance(r, dp->stale_address);
	missing_postcode = rng_chance(r, dp->missing_postcode);
	rec->nino = rng_chance(r, dp->nino_present);
	rec->address = &p->address[p->moves - (stale && p->moves > 0)];
	if (missing_postcode)
		rec->address = NULL;
}

static void add_upper(struct strbuf *sb, const char *text)
{
	char buf[SYNTH_NAME_MAX];
	size_t n = 0;

	for (; text[n] && n < sizeof buf; n++)
		buf[n] = (char)toupper((unsigned char)text[n]);
	strbuf_add(sb, buf, n);
}

static void add_date(struct strbuf *sb, const struct record *rec, bool iso, bool padded)
{
	if (!rec->year)
		return;
	if (iso) {
		add_uint(sb, (uint64_t)rec->year, 4);
		strbuf_add(sb, "-", 1);
		add_uint(sb, (uint64_t)rec->month, 2);
		strbuf_add(sb, "-", 1);
		add_uint(sb, (uint64_t)rec->day, 2);
		return;
	}
	add_uint(sb, (uint64_t)rec->day, padded ? 2 : 1);
	strbuf_add(sb, "/", 1);
	add_uint(sb, (uint64_t)rec->month, padded ? 2 : 1);
	strbuf_add(sb, "/", 1);
	add_uint(sb, (uint64_t)rec->year, 4);
}

static void add_postcode_field(struct strbuf *sb, const struct record *rec)
{
	if (rec->address)
		add_postcode(sb, rec->address);
	strbuf_add(sb, "\n", 1);
}

static void write_health(struct strbuf *sb, const struct record *rec, const struct person *p)
{
	strbuf_adds(sb, rec->first);
	strbuf_add(sb, ",", 1);
	strbuf_adds(sb, rec->last);
	strbuf_add(sb, ",", 1);
	add_date(sb, rec, false, true);
	strbuf_adds(sb, p->female ? ",Female," : ",Male,");
	if (rec->address)
		add_street_address(sb, rec->address);
	strbuf_add(sb, ",", 1);
	add_postcode_field(sb, rec);
}

static void write_dwp(struct strbuf *sb, const struct record *rec, const struct person *p)
{
	add_upper(sb, rec->first);
	strbuf_add(sb, ",", 1);
	add_upper(sb, rec->last);
	strbuf_add(sb, ",", 1);
	add_date(sb, rec, true, true);
	strbuf_adds(sb, p->female ? ",2," : ",1,");
	if (rec->nino)
		strbuf_adds(sb, p->nino);
	strbuf_add(sb, ",", 1);
	add_postcode_field(sb, rec);
}

static void write_justice(struct strbuf *sb, const struct record *rec, const struct person *p)
{
	strbuf_add(sb, "\"", 1);
	add_upper(sb, rec->last);
	if (rec->first[0]) {
		strbuf_add(sb, ", ", 2);
		strbuf_adds(sb, rec->first);
	}
	strbuf_add(sb, "\",", 2);
	add_date(sb, rec, false, false);
	strbuf_adds(sb, p->female ? ",F," : ",M,");
	add_postcode_field(sb, rec);
}

void records_write(const struct person *p, int dept, uint64_t seed, struct strbuf *out)
{
	struct synth_rng r;

	rng_init(&r, seed, p->index, STREAM_RECORDS + (uint32_t)dept);
	for (int copy = 0; copy < p->copies[dept]; copy++) {
		struct record rec;
		draw_record(&rec, p, dept, &r);
		add_record_id(out, dept, record_number(seed, dept, p->index, copy));
		strbuf_add(out, ",", 1);
		if (dept == DEPT_HEALTH)
			write_health(out, &rec, p);
		else if (dept == DEPT_DWP)
			write_dwp(out, &rec, p);
		else
			write_justice(out, &rec, p);
	}
}

const char *person_first_name(const struct person *p)
{
	return names_text(p->female ? NAMES_FEMALE : NAMES_MALE, p->first);
}

const char *surname_text(uint16_t surname)
{
	return names_text(NAMES_SURNAME, surname);
}
