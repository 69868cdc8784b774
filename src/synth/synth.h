/*
 * synth.h - the synthetic population's internals (docs/synth.md): one person's attributes,
 * each department's profile (layout, share, error rates), and the pieces that turn a person
 * into records, events and true effects.
 *
 * A person is a pure function of (seed, index): people are simulated in fixed blocks on any
 * number of threads and written in person order. Strings a person holds point into static
 * tables; nothing here allocates except the text buffers the caller passes.
 */
#ifndef VMAP_SYNTH_SYNTH_H
#define VMAP_SYNTH_SYNTH_H

#include "core/strbuf.h"
#include "synth/random.h"

#include <stdbool.h>
#include <stdint.h>

enum { DEPT_HEALTH, DEPT_DWP, DEPT_JUSTICE, DEPT_COUNT };

#define MOVES_MAX 3
#define POST_YEARS 4 /* relative years 0..3 after the index carry the effects */
#define WINDOW_FIRST_YEAR 2015
#define WINDOW_LAST_YEAR 2024
#define PRICE_BASE 2024

/* A day as the number of days since 1970-01-01 (proleptic Gregorian). */
int32_t day_from_civil(int year, int month, int day);
void civil_from_day(int32_t n, int *year, int *month, int *day);
/* The same calendar day `years` later (no index date falls on 29 February). */
int32_t add_years(int32_t day, int years);

struct address {
	uint16_t house;
	uint16_t street;  /* index into the street names */
	uint8_t area;     /* index into the postcode areas */
	uint8_t district; /* 1..the area's last district */
	uint8_t sector;   /* 0..9 */
	char unit[2];     /* two letters of the inward code */
};

struct person {
	uint64_t index;
	bool female;
	uint16_t first;         /* into the first names of the person's sex */
	uint16_t surname;       /* current surname */
	uint16_t birth_surname; /* differs when married within the window */
	int32_t dob;
	int32_t married;        /* the day of the surname change, or 0 */
	int moves;
	struct address address[MOVES_MAX + 1]; /* address[k] from moved[k]; [0] at the start */
	int32_t moved[MOVES_MAX + 1];
	double need;            /* latent need z ~ N(0, 1) */
	char nino[10];          /* National Insurance number, AB123456C */
	int32_t mh_start;       /* MH_TREATMENT_START day, or 0 */
	int32_t ips_start;      /* IPS_START day, or 0 */
	int copies[DEPT_COUNT]; /* this person's records in each department: 0, 1 or 2 */
};

/* One department's layout, share and error rates (departments.c; docs/synth.md). */
struct dept_profile {
	const char *id, *agency, *file_id;
	double share_a, share_b;   /* P(in department) = logistic(a + b * need) */
	double duplicate;          /* a second record of the person */
	double typo_first, typo_last, nickname, variant;
	double swap_day_month;     /* of records whose day and month can swap (day <= 12 != month) */
	double stale_address;      /* of movers' records: an address before the last move */
	double stale_surname;      /* of records of people married in the window: the old name */
	double missing_first, missing_dob, missing_postcode;
	double nino_present;       /* dwp only */
};

extern const struct dept_profile dept_profiles[DEPT_COUNT];

double logistic(double x);

/* Draws person `index` (people.c). */
void person_draw(struct person *p, uint64_t seed, uint64_t index);

/* The department's own record id of copy `copy` of person `index`: a keyed permutation, so
 * unique within a department and unrelated across departments. */
uint32_t record_number(uint64_t seed, int dept, uint64_t index, int copy);
void add_record_id(struct strbuf *sb, int dept, uint32_t number);

/* Appends the person's records in department `dept`, with its errors (departments.c). */
void records_write(const struct person *p, int dept, uint64_t seed, struct strbuf *out);
const char *records_header(int dept);

/* One event before it is written; a person's events are sorted in batches of EVENTS_MAX. */
#define EVENTS_MAX 1024
struct event {
	int32_t day;
	uint8_t type;
	uint8_t copy;
	int64_t pence;
};

/* Appends the person's events in `dept` and adds to `effect` the true effect of the
 * intervention on the department's agency in each relative year (0 for the untreated), in
 * PRICE_BASE prices (events.c). `scratch` holds EVENTS_MAX events. Returns the number of
 * events written. */
size_t events_write(const struct person *p, int dept, uint64_t seed, struct strbuf *out,
		    double effect[POST_YEARS], struct event *scratch);
const char *events_header(int dept);

/* The GDP deflator (2024 = 100) of the window's years. */
double deflator(int year);

/* Text of names and places. */
const char *person_first_name(const struct person *p);
const char *surname_text(uint16_t surname);
void add_postcode(struct strbuf *sb, const struct address *a);
void add_street_address(struct strbuf *sb, const struct address *a);

/* Fast appenders for the big files. */
void add_uint(struct strbuf *sb, uint64_t value, int min_digits);
void add_pence(struct strbuf *sb, int64_t pence); /* "123.45" */

#endif
