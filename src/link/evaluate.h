/*
 * evaluate.h - how good a link run is (evaluate.c): the model's own expectation of precision
 * and recall from the match probabilities of the scored pairs, and, with labels (known truth:
 * dataset,record_id,entity), the measured pairwise precision, recall and F1 of the clusters
 * and the precision-recall curve of the scored pairs.
 */
#ifndef VMAP_LINK_EVALUATE_H
#define VMAP_LINK_EVALUATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vmap_linker;

#define CURVE_POINTS 12

struct quality {
	double precision, recall, f1;
};

struct curve_point {
	double threshold; /* match probability */
	uint64_t pairs, true_pairs;
	struct quality q;
};

struct evaluation {
	/* expected from the model: over the scored pairs, a pair is a match with its probability */
	double expected_matches;  /* sum of the probabilities of the pairs kept */
	struct quality expected;  /* at the run's threshold */
	double best_threshold;    /* the probability threshold of the highest expected F1 */
	struct quality expected_best;
	struct curve_point expected_curve[CURVE_POINTS];
	/* measured against labels (labelled = false without them) */
	bool labelled;
	size_t labelled_records, unlabelled_records;
	uint64_t true_pairs, predicted_pairs, true_positive; /* pairwise, clusters closed */
	struct quality clusters;
	struct curve_point curve[CURVE_POINTS]; /* the scored pairs above each threshold */
};

/* The thresholds of the curves (match probabilities). */
extern const double curve_thresholds[CURVE_POINTS];
struct quality quality_of(double true_positive, double predicted, double actual);
/* Fills the expected figures from l->pairs (best first). */
void evaluate_expected(const struct vmap_linker *l, struct evaluation *e);
/* Reads the labels CSV (columns dataset, record_id, entity; others ignored) and scores the
 * clusters and pairs against it. Records absent from the labels are left out of the counts. */
int evaluate_labels(struct vmap_linker *l, const char *path, struct evaluation *e);

#endif
