#!/usr/bin/python3
"""reference.py - an independent computation of `valuemap journeys` on a make_world.py world,
in Python and numpy: cohorts, relative years by anniversary, covariates (age, sex,
index_year), the logistic propensity model by numpy's own Newton-Raphson on the raw covariates,
odds weights, and the did/post effects and naive differences. Compares them with the effects.csv,
balance.csv and cohort.csv that valuemap wrote, and prints TAP-style "ok"/"not ok" lines.

usage: reference.py WORLD_DIR OUT_DIR
"""
import csv
import datetime as dt
import os
import sys

import numpy as np
import yaml

DEPS = [("health", "nhs"), ("dwp", "dwp"), ("justice", "moj")]


def anniversary(index, k):
    try:
        return dt.date(index.year + k, index.month, index.day)
    except ValueError:
        return dt.date(index.year + k, 3, 1)


def day(text):
    d, m, y = text.split("/")
    return dt.date(int(y), int(m), int(d))


def load(world):
    cfg = yaml.safe_load(open(os.path.join(world, "journeys.yaml")))
    cluster, order = {}, {}
    for r in csv.DictReader(open(os.path.join(world, "clusters.csv"))):
        cluster[(r["dataset"], r["record_id"])] = r["cluster_id"]
        order.setdefault(r["cluster_id"], len(order))  # persons in order of first appearance
    people = {}
    for dep, _ in DEPS:
        for r in csv.DictReader(open(os.path.join(world, dep + ".csv"))):
            people.setdefault(cluster[(dep, r["ref"])], (day(r["birth"]), r["gender"] == "F"))
    events = []
    for dep, agency in DEPS:
        for r in csv.DictReader(open(os.path.join(world, dep + "_events.csv"))):
            events.append((cluster[(dep, r["ref"])], agency, day(r["when"]), r["code"],
                           float(r["cost"])))
    return cfg, people, events, order


def cohorts(cfg, events, order):
    first = {"IPS_START": {}, "MH_TREATMENT_START": {}}
    for person, _, when, code, _ in events:
        if code in first and (person not in first[code] or when < first[code][person]):
            first[code][person] = when
    pre, post = cfg["window"]["pre"], cfg["window"]["post"]
    lo, hi = dt.date(2015, 1, 1), dt.date(2024, 12, 31)

    def observed(i):
        return anniversary(i, -pre) >= lo and anniversary(i, post) <= hi + dt.timedelta(days=1)
    treated = sorted(((p, i) for p, i in first["IPS_START"].items() if observed(i)),
                     key=lambda pi: order[pi[0]])
    comparison = []
    for p, i in first["MH_TREATMENT_START"].items():
        t = first["IPS_START"].get(p)
        if (t is None or t >= anniversary(i, post)) and observed(i):
            comparison.append((p, i))
    return treated, sorted(comparison, key=lambda pi: order[pi[0]]), pre, post


def costs(rows, events, pre, post):
    agencies = [a for _, a in DEPS]
    out = np.zeros((len(rows), len(agencies), pre + post))
    by_person = {}
    for r, (p, _) in enumerate(rows):
        by_person.setdefault(p, []).append(r)
    for person, agency, when, _, cost in events:
        for r in by_person.get(person, []):
            index = rows[r][1]
            k = when.year - index.year - ((when.month, when.day) < (index.month, index.day))
            if -pre <= k < post:
                out[r, agencies.index(agency), k + pre] += cost
    return out


def logistic(x, y):
    X = np.column_stack([np.ones(len(y)), x])
    beta = np.zeros(X.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-X @ beta))
        step = np.linalg.solve(X.T @ (X * (p * (1 - p))[:, None]), X.T @ (y - p))
        beta += step
        if np.max(np.abs(step)) < 1e-12:
            break
    return X @ beta


def main():
    world, out = sys.argv[1], sys.argv[2]
    cfg, people, events, order = load(world)
    treated, comparison, pre, post = cohorts(cfg, events, order)
    rows = treated + comparison
    nt = len(treated)
    y = costs(rows, events, pre, post)
    age = [i.year - people[p][0].year - ((i.month, i.day) < (people[p][0].month, people[p][0].day))
           for p, i in rows]
    x = np.column_stack([age, [people[p][1] for p, _ in rows], [i.year for _, i in rows]]).astype(float)
    t = np.array([1.0] * nt + [0.0] * len(comparison))
    if cfg["match"]["method"] == "weighting":
        eta = logistic(x, t)
        w = np.where(t == 1, 1.0, np.exp(eta))
    else:
        w = np.ones(len(rows))
    w[nt:] *= nt / w[nt:].sum()
    mt = y[:nt].mean(axis=0)
    mw = (y[nt:] * w[nt:, None, None]).sum(axis=0) / w[nt:].sum()
    mc = y[nt:].mean(axis=0)
    effect = mt[:, pre:] - mw[:, pre:]
    if cfg["estimate"]["method"] == "did":
        effect -= (mt[:, :pre].mean(axis=1) - mw[:, :pre].mean(axis=1))[:, None]
    naive = mt[:, pre:] - mc[:, pre:]
    got = list(csv.DictReader(open(os.path.join(out, "effects.csv"))))
    worst = max(abs(float(r["effect"]) - effect[a, int(r["year"])]) for a, (_, ag) in enumerate(DEPS)
                for r in got if r["agency"] == ag)
    worst_naive = max(abs(float(r["naive"]) - naive[a, int(r["year"])]) for a, (_, ag) in enumerate(DEPS)
                      for r in got if r["agency"] == ag)
    cohort = list(csv.DictReader(open(os.path.join(out, "cohort.csv"))))
    weights = np.array([float(r["weight"]) for r in cohort])
    same_rows = [(r["cluster_id"], r["group"]) for r in cohort] == \
        [(p, "treated") for p, _ in treated] + [(p, "comparison") for p, _ in comparison]
    print(f"# {nt} treated, {len(comparison)} comparisons; largest differences: effect "
          f"{worst:.3g}, naive {worst_naive:.3g}, weight {np.max(np.abs(weights - w)):.3g}")
    print(("ok" if same_rows else "not ok") + " - cohort.csv holds the same people in the same order")
    print(("ok" if worst < 1e-6 else "not ok") + " - effects equal the independent computation")
    print(("ok" if worst_naive < 1e-6 else "not ok") + " - naive equals the independent computation")
    print(("ok" if same_rows and np.max(np.abs(weights - w)) < 1e-9 else "not ok")
          + " - weights equal numpy's propensity model")


if __name__ == "__main__":
    main()
