/*
 * dice_model.c - what Dice score means a match, learnt from the scores themselves, in the
 * manner of cleartext linkage (u from pairs known to be nearly all non-matches).
 *
 * Non-matches: every candidate pair that is the best pair of neither of its records with the
 * other's dataset (a record has at most one match in each dataset, so these are non-matches
 * but for a handful); their Dice histogram gives the non-match Gaussian (mean, spread). Matches:
 * the Gaussian of the best pairs above both four non-match spreads over the non-match mean and
 * the floor (clean_floor: where the best pairs stop being nearly all matches), with their share
 * of all candidates as the prior. Nothing below the floor links. (EM on all candidates was tried and
 * dropped: with far more non-matches than matches, the match component slid into the
 * non-matches' heavy upper tail.) Without such best pairs there is no second mode and nothing
 * links. A pair's match weight is log2 of its posterior odds, made never to fall above the
 * match mean, so a higher Dice never weighs less.
 * Classes (dice_model_fit_classes): pairs that share different blocking tokens are different
 * populations (namesakes who share a name token score near 0.63 where strangers score 0.5;
 * pairs that share a date of birth and a name are nearly all matches), so each class gets its
 * own non-match Gaussian, floor and share of matches, with the pooled match Gaussian.
 */
#include "pprl.h"

#include <math.h>
#include <string.h>

#define SD_MIN 0.002
#define FLOOR_SHARE 0.05
#define FLOOR_SLACK 2 /* pairs: one duplicate above a handful of matches is no tail */
#define SHARE_ROUNDS 100
#define CLASS_MIN_OTHERS 100

static double bin_centre(size_t b)
{
	return ((double)b + 0.5) / DICE_BINS;
}

static void moments(const uint64_t hist[DICE_BINS], double lo, double *n, double *mean,
		    double *sd)
{
	double sum = 0, sq = 0;

	*n = 0;
	for (size_t b = 0; b < DICE_BINS; b++)
		if (bin_centre(b) > lo) {
			*n += (double)hist[b];
			sum += (double)hist[b] * bin_centre(b);
		}
	*mean = *n > 0 ? sum / *n : 0;
	for (size_t b = 0; b < DICE_BINS; b++)
		if (bin_centre(b) > lo)
			sq += (double)hist[b] * pow(bin_centre(b) - *mean, 2);
	*sd = fmax(*n > 0 ? sqrt(sq / *n) : 0, SD_MIN);
}

/* The lowest bin from which, counting downwards from the top, the pairs that are nobody's best
 * stay under FLOOR_SHARE of the best pairs. A best pair can be a record's best non-match
 * (a record without a match still has a best candidate), and those lie where the other
 * non-matches' upper tail lies: above this floor the best pairs are nearly all matches,
 * whatever the shape of that tail. */
static unsigned clean_floor(const uint64_t other[DICE_BINS], const uint64_t best[DICE_BINS])
{
	double others = 0, bests = 0;
	unsigned floor = DICE_BINS;

	for (unsigned b = DICE_BINS; b-- > 0;) {
		others += (double)other[b];
		bests += (double)best[b];
		if (others > FLOOR_SHARE * bests + FLOOR_SLACK)
			break;
		floor = b;
	}
	return floor;
}

static void start(struct dice_model *m, const uint64_t all[DICE_BINS],
		  const uint64_t best[DICE_BINS])
{
	uint64_t other[DICE_BINS];
	double n, total = 0;

	for (size_t b = 0; b < DICE_BINS; b++) {
		other[b] = all[b] - best[b];
		total += (double)all[b];
	}
	moments(other, -1, &n, &m->mean[0], &m->sd[0]);
	m->floor = clean_floor(other, best);
	moments(best, fmax(m->mean[0] + 4 * m->sd[0], bin_centre(m->floor) - 0.001), &n, &m->mean[1],
		&m->sd[1]);
	m->sd[1] = fmax(m->sd[1], 0.01);
	m->fitted = n > 0;
	m->lambda = n / fmax(total, 1);
	m->best_pairs = 0;
	for (size_t b = 0; b < DICE_BINS; b++)
		m->best_pairs += best[b];
}

static double log_density(double x, double mean, double sd)
{
	double z = (x - mean) / sd;

	return -0.5 * z * z - log(sd);
}

/* A second mode stands clear of the non-matches (their spread `sd`), not their upper tail. */
static bool clear_mode(const struct dice_model *m, double sd)
{
	return m->fitted && m->mean[1] >= m->mean[0] + 6 * sd;
}

void dice_model_fit(struct dice_model *m, const uint64_t hist[DICE_BINS],
		    const uint64_t best[DICE_BINS])
{
	memset(m, 0, sizeof *m);
	start(m, hist, best);
	m->fitted = clear_mode(m, m->sd[0]);
}

static double raw_weight(const struct dice_model *m, double dice)
{
	return (log(m->lambda) - log(1 - m->lambda) + log_density(dice, m->mean[1], m->sd[1]) -
		log_density(dice, m->mean[0], m->sd[0])) /
	       0.69314718055994530942;
}

uint32_t dice_cut_count(unsigned cut, uint32_t s)
{
	if (cut > DICE_BINS || s == 0)
		return UINT32_MAX;
	return (uint32_t)(((uint64_t)cut * s + 1999) / 2000);
}

double dice_model_weight(const struct dice_model *m, double dice)
{
	double w;

	if (!m->fitted || dice * DICE_BINS < m->floor)
		return -INFINITY;
	w = raw_weight(m, dice);
	if (dice > m->mean[1])
		w = fmax(w, raw_weight(m, m->mean[1]));
	return w;
}

unsigned dice_model_cut(const struct dice_model *m, double p)
{
	double need = p >= 1 ? INFINITY : log2(p / (1 - p));

	if (!m->fitted)
		return DICE_BINS + 1;
	for (unsigned d = m->floor; d <= DICE_BINS; d++)
		if (dice_model_weight(m, (double)d / DICE_BINS) >= need)
			return d;
	return DICE_BINS + 1;
}

double dice_model_share(const struct dice_model *m, const uint64_t hist[DICE_BINS])
{
	double lambda = m->lambda, n = 0;

	for (size_t b = 0; b < DICE_BINS; b++)
		n += (double)hist[b];
	if (!m->fitted || n == 0)
		return 0;
	lambda = fmin(fmax(lambda, 1e-3), 1 - 1e-3);
	for (int round = 0; round < SHARE_ROUNDS; round++) {
		double matches = 0;
		for (size_t b = 0; b < DICE_BINS; b++) {
			double odds;
			if (!hist[b])
				continue;
			odds = lambda / (1 - lambda) *
			       exp(log_density(bin_centre(b), m->mean[1], m->sd[1]) -
				   log_density(bin_centre(b), m->mean[0], m->sd[0]));
			matches += (double)hist[b] * (isfinite(odds) ? odds / (1 + odds) : 1);
		}
		lambda = fmin(fmax(matches / n, 1e-9), 1 - 1e-9);
	}
	return lambda;
}

/* The non-match Gaussian and floor of one class of pairs: from its pairs that are nobody's best
 * when there are at least CLASS_MIN_OTHERS of them; *n_others says how many there were. */
static void class_non_matches(struct dice_model *m, const uint64_t all[DICE_BINS],
			      const uint64_t best[DICE_BINS], double *n_others)
{
	uint64_t other[DICE_BINS];

	for (size_t b = 0; b < DICE_BINS; b++)
		other[b] = all[b] - best[b];
	moments(other, -1, n_others, &m->mean[0], &m->sd[0]);
	m->floor = clean_floor(other, best);
	m->best_pairs = 0;
	for (size_t b = 0; b < DICE_BINS; b++)
		m->best_pairs += best[b];
}

/* A class's pairs that are nobody's best give its non-match Gaussian when there are enough
 * of them and they are not swamped by its best pairs: in a class of nearly all matches they
 * are mostly a record's second match (a duplicate in the other dataset), not non-matches. */
static bool own_non_matches(double n_others, const struct dice_model *m)
{
	return n_others >= CLASS_MIN_OTHERS && 4 * n_others >= (double)m->best_pairs;
}

void dice_model_fit_classes(struct dice_model *out, size_t classes,
			    const uint64_t (*hist)[DICE_BINS], const uint64_t (*best)[DICE_BINS])
{
	uint64_t all_hist[DICE_BINS] = {0}, all_best[DICE_BINS] = {0};
	struct dice_model pooled;
	double fallback_mean = -1, fallback_sd = SD_MIN, within_n = 0, within_var = 0;

	for (size_t c = 0; c < classes; c++)
		for (size_t b = 0; b < DICE_BINS; b++) {
			all_hist[b] += hist[c][b];
			all_best[b] += best[c][b];
		}
	memset(&pooled, 0, sizeof pooled);
	start(&pooled, all_hist, all_best);
	for (size_t c = 0; c < classes; c++) {
		double n;
		out[c] = pooled;
		class_non_matches(&out[c], hist[c], best[c], &n);
		if (!own_non_matches(n, &out[c]))
			continue;
		within_n += n;
		within_var += n * out[c].sd[0] * out[c].sd[0];
		if (__builtin_popcountll(c) == 1 && out[c].mean[0] > fallback_mean) {
			fallback_mean = out[c].mean[0];
			fallback_sd = out[c].sd[0];
		}
	}
	/* The gate takes the non-matches' spread within their classes where that is smaller than
	 * the pooled spread, which also spans the distance between the classes' means (strangers
	 * near 0.52, namesakes near 0.64): at a million records per file that distance alone put
	 * six pooled spreads above the match mean, and nothing linked within the files. */
	pooled.fitted = clear_mode(&pooled, within_n > 0 ? fmin(pooled.sd[0],
								 sqrt(within_var / within_n))
							 : pooled.sd[0]);
	for (size_t c = 0; c < classes; c++) {
		double n = 0;
		for (size_t b = 0; b < DICE_BINS; b++)
			n += (double)(hist[c][b] - best[c][b]);
		if (!own_non_matches(n, &out[c])) {
			out[c].mean[0] = fallback_mean < 0 ? pooled.mean[0] : fallback_mean;
			out[c].sd[0] = fallback_mean < 0 ? pooled.sd[0] : fallback_sd;
		}
		out[c].fitted = pooled.fitted && out[c].mean[1] > out[c].mean[0];
		out[c].lambda = dice_model_share(&out[c], hist[c]);
	}
	/* Pairs that share no token (class 0) hold nearly no matches, so their best pairs are best
	 * non-matches and their own floor says nothing: they keep the pooled floor. */
	if (classes && out[0].floor < pooled.floor)
		out[0].floor = pooled.floor;
}
