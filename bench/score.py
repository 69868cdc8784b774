#!/usr/bin/python3
"""Pairwise precision, recall and F1 of a valuemap clusters.csv against a benchmark's truth.

usage: score.py CLUSTERS.csv TRUTH [--cross]
TRUTH is how the true person of a record is found:
  febrl          rec-N-org / rec-N-dup-k: N
  dsgen          the rec_id without its last digit (0 original, 1..9 duplicates)
  column:FILE:ID:CLUSTER   the CLUSTER column of FILE, keyed by its ID column
--cross counts only pairs of records from different datasets (linking, not deduplication).
Counts are made from cluster sizes (no pair is listed), so large clusters cost nothing.
Prints: predicted true tp precision recall f1
"""
import collections
import csv
import sys


def person_of(kind):
    if kind == "febrl":
        return lambda dataset, rid: rid.split("-")[1]
    if kind == "dsgen":
        return lambda dataset, rid: rid[:-1]
    _, path, id_col, cluster_col = kind.split(":")
    table = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f, skipinitialspace=True):
            table[row[id_col].strip()] = row[cluster_col].strip()
    return lambda dataset, rid: table[rid]


def pairs(counter, cross):
    """Pairs inside one group, given its records counted per dataset."""
    n = sum(counter.values())
    if not cross:
        return n * (n - 1) // 2
    return (n * n - sum(k * k for k in counter.values())) // 2


def main():
    path, kind = sys.argv[1], sys.argv[2]
    cross = "--cross" in sys.argv
    person = person_of(kind)
    predicted, truth, both = (collections.defaultdict(collections.Counter) for _ in range(3))
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            d, rid, c = row["dataset"], row["record_id"], row["cluster_id"]
            p = person(d, rid)
            predicted[c][d] += 1
            truth[p][d] += 1
            both[(c, p)][d] += 1
    n_pred = sum(pairs(g, cross) for g in predicted.values())
    n_true = sum(pairs(g, cross) for g in truth.values())
    tp = sum(pairs(g, cross) for g in both.values())
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_true if n_true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{n_pred} {n_true} {tp} {precision:.4f} {recall:.4f} {f1:.4f}")


if __name__ == "__main__":
    main()
