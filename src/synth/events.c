/*
 * events.c - what each department records about a person over the observed window
 * (2015-01-01 to 2024-12-31), with its cost, and the true effect of the intervention.
 *
 * health   GP, outpatient, A&E and inpatient activity: Poisson processes whose rates scale
 *          with exp(0.6 * need), at tariffs in 2024 prices; the markers MH_TREATMENT_START
 *          and IPS_START (cost 0).
 * dwp      a monthly Universal Credit payment on the claimant's pay day, made each month with
 *          probability 0.9 * logistic(-2.4 + 1.3 * need); nominal amounts (the 2024 amount
 *          scaled by the GDP deflator of the year).
 * justice  court hearings, a Poisson process with rate 0.3 * exp(0.8 * need) a year.
 *
 * From IPS_START the intervention multiplies these rates in relative years 0..3 by the
 * factors below. Rates are constant otherwise, so the expected change in a treated person's
 * cost in relative year k is rate * (factor - 1) * tariff over the days of that year (or, for
 * the monthly payments, summed over that year's pay days): the truth is computed from these
 * expectations, person by person, never from the simulated events.
 */
#include "synth/synth.h"

#include <math.h>
#include <stdlib.h>

#define DAYS_PER_YEAR 365.25

enum event_type {
	GP_APPOINTMENT, OUTPATIENT_ATTENDANCE, AE_ATTENDANCE, INPATIENT_EPISODE,
	MH_TREATMENT_START, IPS_START, UC_STANDARD, UC_LCWRA, MAGISTRATES_HEARING,
	CROWN_COURT_HEARING, EVENT_TYPES
};

static const char *const type_names[EVENT_TYPES] = {
	"GP_APPOINTMENT", "OUTPATIENT_ATTENDANCE", "AE_ATTENDANCE", "INPATIENT_EPISODE",
	"MH_TREATMENT_START", "IPS_START", "UC_STANDARD", "UC_LCWRA", "MAGISTRATES_HEARING",
	"CROWN_COURT_HEARING",
};

/* Health activity: base rate a year (times exp(0.6 * need)), tariff in pence (2024 prices;
 * sources in docs/synth.md) and the intervention's factor in relative years 0..3. */
static const struct {
	enum event_type type;
	double rate;
	int64_t tariff;
	double factor[POST_YEARS];
} health_activity[] = {
	{GP_APPOINTMENT, 0.40, 4200, {1.10, 1, 1, 1}},
	{OUTPATIENT_ATTENDANCE, 0.15, 15100, {1.10, 1, 1, 1}},
	{AE_ATTENDANCE, 0.08, 15400, {1, 0.70, 0.60, 0.60}},
	{INPATIENT_EPISODE, 0.06, 245900, {1, 0.60, 0.50, 0.50}},
};
#define HEALTH_NEED 0.6

#define CLAIM_SCALE 0.9
#define CLAIM_A (-2.4)
#define CLAIM_B 1.3
#define LCWRA_NEED 1.0 /* need above which the claim has the health element */
static const int64_t uc_pence[2] = {39345, 80964}; /* standard; with LCWRA (2024/25) */
static const double claim_factor[POST_YEARS] = {0.80, 0.45, 0.35, 0.35};

#define HEARING_RATE 0.6
#define HEARING_NEED 0.8
#define CROWN_SHARE 0.15
static const int64_t hearing_pence[2] = {66500, 599800}; /* magistrates; Crown Court */
static const double hearing_factor[POST_YEARS] = {0.85, 0.55, 0.45, 0.45};

static const double deflators[] = {75.1536, 76.4554, 77.6367, 79.1606, 81.1085,
				   85.2137, 85.6358, 90.5005, 96.2507, 100.0};

double deflator(int year)
{
	return deflators[year - WINDOW_FIRST_YEAR];
}

/* The events of one person in one department, sorted by day before they are written. */
struct batch {
	const struct person *p;
	int dept;
	uint32_t id[2];
	struct synth_rng *r;
	struct strbuf *out;
	struct event *events; /* EVENTS_MAX of them */
	size_t count, written;
};

static int by_day(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->type > y->type) - (x->type < y->type);
}

static void add_day(struct strbuf *sb, int32_t day, bool iso)
{
	int y, m, d;

	civil_from_day(day, &y, &m, &d);
	if (iso) {
		add_uint(sb, (uint64_t)y, 4);
		strbuf_add(sb, "-", 1);
		add_uint(sb, (uint64_t)m, 2);
		strbuf_add(sb, "-", 1);
		add_uint(sb, (uint64_t)d, 2);
		return;
	}
	add_uint(sb, (uint64_t)d, 2);
	strbuf_add(sb, "/", 1);
	add_uint(sb, (uint64_t)m, 2);
	strbuf_add(sb, "/", 1);
	add_uint(sb, (uint64_t)y, 4);
}

static void flush(struct batch *b)
{
	qsort(b->events, b->count, sizeof b->events[0], by_day);
	for (size_t i = 0; i < b->count; i++) {
		const struct event *e = &b->events[i];
		add_record_id(b->out, b->dept, b->id[e->copy]);
		strbuf_add(b->out, ",", 1);
		add_day(b->out, e->day, b->dept == DEPT_DWP);
		strbuf_add(b->out, ",", 1);
		strbuf_adds(b->out, type_names[e->type]);
		strbuf_add(b->out, ",", 1);
		add_pence(b->out, e->pence);
		strbuf_add(b->out, "\n", 1);
	}
	b->written += b->count;
	b->count = 0;
}

static void emit(struct batch *b, int32_t day, enum event_type type, int64_t pence)
{
	struct event *e;

	if (b->count == EVENTS_MAX)
		flush(b);
	e = &b->events[b->count++];
	e->day = day;
	e->type = (uint8_t)type;
	e->pence = pence;
	e->copy = (uint8_t)(b->p->copies[b->dept] > 1 ? rng_below(b->r, 2) : 0);
}

/* The window cut at the anniversaries of the index: segment s runs [cut[s], cut[s + 1]);
 * segments 1..POST_YEARS are relative years 0..3; untreated people have one segment. */
struct segments {
	int32_t cut[POST_YEARS + 3];
	int count;
};

static void segments_of(const struct person *p, struct segments *s)
{
	s->cut[0] = day_from_civil(WINDOW_FIRST_YEAR, 1, 1);
	if (!p->ips_start) {
		s->cut[1] = day_from_civil(WINDOW_LAST_YEAR + 1, 1, 1);
		s->count = 1;
		return;
	}
	for (int k = 0; k <= POST_YEARS; k++)
		s->cut[1 + k] = add_years(p->ips_start, k);
	s->cut[POST_YEARS + 2] = day_from_civil(WINDOW_LAST_YEAR + 1, 1, 1);
	s->count = POST_YEARS + 2;
}

/* The intervention's factor in segment `s` (1 outside relative years 0..3). */
static double factor_in(const struct segments *s, int segment, const double factor[POST_YEARS])
{
	return s->count > 1 && segment >= 1 && segment <= POST_YEARS ? factor[segment - 1] : 1.0;
}

/* Poisson arrivals at `rate` a year (times the factor of each segment), each an event of
 * `type` costing `pence`; for hearings, each is in the Crown Court with CROWN_SHARE. */
static void arrivals(struct batch *b, const struct segments *s, double rate,
		     const double factor[POST_YEARS], enum event_type type, int64_t pence)
{
	bool hearing = type == MAGISTRATES_HEARING;

	for (int seg = 0; seg < s->count; seg++) {
		double per_day = rate * factor_in(s, seg, factor) / DAYS_PER_YEAR;
		double t = s->cut[seg];
		if (per_day <= 0)
			continue;
		for (;;) {
			t += rng_exponential(b->r, per_day);
			if (t >= s->cut[seg + 1])
				break;
			if (hearing && rng_chance(b->r, CROWN_SHARE))
				emit(b, (int32_t)floor(t), CROWN_COURT_HEARING, hearing_pence[1]);
			else
				emit(b, (int32_t)floor(t), type, pence);
		}
	}
}

/* Expected extra cost in relative year k at `rate` a year: rate * (factor - 1) * days. */
static double year_effect(const struct segments *s, int k, double rate, double factor,
			  double mean_pence)
{
	double days = s->cut[k + 2] - s->cut[k + 1];

	return rate * (factor - 1.0) * days / DAYS_PER_YEAR * mean_pence / 100.0;
}

static void health_events(struct batch *b, const struct segments *s, double effect[POST_YEARS])
{
	double scale = exp(HEALTH_NEED * b->p->need);

	for (size_t i = 0; i < sizeof health_activity / sizeof health_activity[0]; i++) {
		double rate = health_activity[i].rate * scale;
		arrivals(b, s, rate, health_activity[i].factor, health_activity[i].type,
			 health_activity[i].tariff);
		for (int k = 0; s->count > 1 && k < POST_YEARS; k++)
			effect[k] += year_effect(s, k, rate, health_activity[i].factor[k],
						 (double)health_activity[i].tariff);
	}
	if (b->p->mh_start)
		emit(b, b->p->mh_start, MH_TREATMENT_START, 0);
	if (b->p->ips_start)
		emit(b, b->p->ips_start, IPS_START, 0);
}

static int64_t nominal_pence(int64_t pence_2024, int year)
{
	return llround((double)pence_2024 * deflator(year) / deflator(PRICE_BASE));
}

static void dwp_events(struct batch *b, const struct segments *s, double effect[POST_YEARS])
{
	double claim = CLAIM_SCALE * logistic(CLAIM_A + CLAIM_B * b->p->need);
	bool lcwra = b->p->need > LCWRA_NEED;
	int pay_day = 1 + (int)rng_below(b->r, 28), seg = 0;

	for (int year = WINDOW_FIRST_YEAR; year <= WINDOW_LAST_YEAR; year++) {
		int64_t pence = nominal_pence(uc_pence[lcwra], year);
		for (int month = 1; month <= 12; month++) {
			int32_t day = day_from_civil(year, month, pay_day);
			double factor;
			while (day >= s->cut[seg + 1])
				seg++;
			factor = factor_in(s, seg, claim_factor);
			if (rng_uniform(b->r) < claim * factor)
				emit(b, day, lcwra ? UC_LCWRA : UC_STANDARD, pence);
			if (s->count > 1 && seg >= 1 && seg <= POST_YEARS)
				effect[seg - 1] += claim * (factor - 1.0) * (double)pence / 100.0 *
						   deflator(PRICE_BASE) / deflator(year);
		}
	}
}

static void justice_events(struct batch *b, const struct segments *s,
			   double effect[POST_YEARS])
{
	double rate = HEARING_RATE * exp(HEARING_NEED * b->p->need);
	double mean = CROWN_SHARE * (double)hearing_pence[1] +
		      (1 - CROWN_SHARE) * (double)hearing_pence[0];

	arrivals(b, s, rate, hearing_factor, MAGISTRATES_HEARING, hearing_pence[0]);
	for (int k = 0; s->count > 1 && k < POST_YEARS; k++)
		effect[k] += year_effect(s, k, rate, hearing_factor[k], mean);
}

size_t events_write(const struct person *p, int dept, uint64_t seed, struct strbuf *out,
		    double effect[POST_YEARS], struct event *scratch)
{
	struct synth_rng r;
	struct segments s;
	struct batch b = {.p = p, .dept = dept, .r = &r, .out = out, .events = scratch};

	rng_init(&r, seed, p->index, STREAM_EVENTS + (uint32_t)dept);
	for (int copy = 0; copy < p->copies[dept] && copy < 2; copy++)
		b.id[copy] = record_number(seed, dept, p->index, copy);
	segments_of(p, &s);
	if (dept == DEPT_HEALTH)
		health_events(&b, &s, effect);
	else if (dept == DEPT_DWP)
		dwp_events(&b, &s, effect);
	else
		justice_events(&b, &s, effect);
	flush(&b);
	return b.written;
}

static const char *const event_headers[DEPT_COUNT] = {
	"patient_id,event_date,event_code,cost_gbp\n",
	"CLAIM_REF,PAYMENT_DATE,PAYMENT_TYPE,AMOUNT\n",
	"offender_id,hearing_date,hearing_type,cost\n",
};

const char *events_header(int dept)
{
	return event_headers[dept];
}
