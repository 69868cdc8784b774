/*
 * people.c - one person of the population, from (seed, index) alone: sex, names drawn by
 * their ONS frequency, date of birth, latent need, addresses and house moves over the window,
 * a change of surname at marriage, a National Insurance number, mental-health treatment and
 * the intervention (IPS), and which departments hold records of them. Every rate is in
 * docs/synth.md; need drives treatment, take-up and costs, which is what biases a naive
 * comparison of the treated with the untreated.
 */
#include "synth/names.h"
#include "synth/places.h"
#include "synth/synth.h"

#include <math.h>

#define MOVE_RATE 0.06      /* moves per person-year */
#define MARRIAGE_RATE 0.12  /* women who marry (and change surname) within the window */
#define MH_A (-3.6)         /* P(mental-health treatment) = logistic(MH_A + MH_B * need) */
#define MH_B 1.0
#define IPS_A (-1.0)        /* P(IPS | treatment, aged 18-64) = logistic(IPS_A + IPS_B * need) */
#define IPS_B 0.8

double logistic(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

static int32_t window_start(void)
{
	return day_from_civil(WINDOW_FIRST_YEAR, 1, 1);
}

static int32_t window_end(void) /* exclusive */
{
	return day_from_civil(WINDOW_LAST_YEAR + 1, 1, 1);
}

/* A uniform day in [from, to), moved off 29 February so that anniversaries are plain. */
static int32_t draw_day(struct synth_rng *r, int32_t from, int32_t to)
{
	int32_t n = from + (int32_t)rng_below(r, (uint32_t)(to - from));
	int y, m, d;

	civil_from_day(n, &y, &m, &d);
	return m == 2 && d == 29 ? n + 1 : n;
}

static int years_between(int32_t from, int32_t to)
{
	int y0, m0, d0, y1, m1, d1;

	civil_from_day(from, &y0, &m0, &d0);
	civil_from_day(to, &y1, &m1, &d1);
	return y1 - y0 - (m1 < m0 || (m1 == m0 && d1 < d0));
}

static void draw_names(struct person *p, struct synth_rng *r)
{
	p->female = rng_chance(r, 0.5);
	p->first = (uint16_t)names_pick(p->female ? NAMES_FEMALE : NAMES_MALE, rng_uniform(r));
	p->birth_surname = (uint16_t)names_pick(NAMES_SURNAME, rng_uniform(r));
	p->surname = p->birth_surname;
	p->dob = draw_day(r, day_from_civil(1940, 1, 1), day_from_civil(2005, 1, 1));
}

static void draw_marriage(struct person *p, struct synth_rng *r)
{
	int32_t day = draw_day(r, window_start(), window_end());
	uint16_t next = (uint16_t)names_pick(NAMES_SURNAME, rng_uniform(r));

	p->married = 0;
	if (!p->female || !rng_chance(r, MARRIAGE_RATE) || years_between(p->dob, day) < 18 ||
	    next == p->birth_surname)
		return;
	p->married = day;
	p->surname = next;
}

/* Poisson(MOVE_RATE * 10 years) moves, at most MOVES_MAX, at sorted uniform days. */
static void draw_moves(struct person *p, struct synth_rng *r)
{
	double u = rng_uniform(r), mean = MOVE_RATE * (WINDOW_LAST_YEAR - WINDOW_FIRST_YEAR + 1);
	double term = exp(-mean), cdf = term;

	p->moves = 0;
	while (u > cdf && p->moves < MOVES_MAX) {
		p->moves++;
		term *= mean / p->moves;
		cdf += term;
	}
	address_draw(&p->address[0], r);
	p->moved[0] = window_start();
	for (int k = 1; k <= p->moves; k++) {
		int32_t day = draw_day(r, window_start(), window_end());
		int j = k;
		for (; j > 1 && p->moved[j - 1] > day; j--)
			p->moved[j] = p->moved[j - 1];
		p->moved[j] = day;
		address_draw(&p->address[k], r);
	}
}

/* Treatment starts between 2017-01-01 and 2020-09-30, so that two years before and four years
 * after the index (IPS at most 90 days later) lie inside the observed window. */
static void draw_treatment(struct person *p, struct synth_rng *r)
{
	double u_mh = rng_uniform(r), u_ips = rng_uniform(r);
	int32_t start = draw_day(r, day_from_civil(2017, 1, 1), day_from_civil(2020, 10, 1));
	int32_t ips = draw_day(r, start + 7, start + 91);
	int age = years_between(p->dob, start);

	p->mh_start = p->ips_start = 0;
	if (u_mh >= logistic(MH_A + MH_B * p->need))
		return;
	p->mh_start = start;
	if (age >= 18 && age <= 64 && u_ips < logistic(IPS_A + IPS_B * p->need))
		p->ips_start = ips;
}

static void draw_departments(struct person *p, struct synth_rng *r)
{
	for (int d = 0; d < DEPT_COUNT; d++) {
		const struct dept_profile *dp = &dept_profiles[d];
		double u = rng_uniform(r), u_dup = rng_uniform(r);
		bool in = u < logistic(dp->share_a + dp->share_b * p->need) ||
			  (d == DEPT_HEALTH && p->mh_start);
		p->copies[d] = in ? 1 + (u_dup < dp->duplicate) : 0;
	}
}

void person_draw(struct person *p, uint64_t seed, uint64_t index)
{
	struct synth_rng r;

	rng_init(&r, seed, index, STREAM_PERSON);
	p->index = index;
	draw_names(p, &r);
	p->need = rng_normal(&r);
	draw_marriage(p, &r);
	draw_moves(p, &r);
	nino_draw(p->nino, &r);
	draw_treatment(p, &r);
	draw_departments(p, &r);
}
