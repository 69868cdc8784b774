#!/usr/bin/env python3
"""An independent reference for `valuemap pool`, from `valuemap appraise`'s flows.csv.

usage: pool_reference.py FLOWS.csv POOL.json GOVERNMENT_AGENCY_IDS...

Recomputes from the flows alone, by DESIGN.md's definitions and with none of the C code:
B(i,k) (fiscal present values), C(i) (all costs), v(S) for every coalition by brute force,
the Shapley value by the subset formula, the funded sets, contributions, spend and balance,
and the portfolio; then compares them with pool.json. Exits 1 on the first difference.
"""
import csv
import json
import sys
from collections import defaultdict
from itertools import combinations
from math import factorial


def read_flows(path):
    benefit, cost, paid = defaultdict(float), defaultdict(float), defaultdict(float)
    order = []
    with open(path) as f:
        for row in csv.DictReader(f):
            i, k, pv = row["intervention"], row["agency"], float(row["pv"])
            if i not in order:
                order.append(i)
            if row["role"] == "cost":
                cost[i] += pv
                paid[i, k] += pv
            elif row["kind"] == "fiscal":
                benefit[i, k] += pv
    return order, benefit, cost, paid


def value(coalition, items, benefit, cost):
    return sum(max(0.0, sum(benefit[i, k] for k in coalition) - cost[i]) for i in items)


def shapley(players, items, benefit, cost):
    n = len(players)
    phi = {}
    for k in players:
        others = [p for p in players if p != k]
        total = 0.0
        for size in range(n):
            weight = factorial(size) * factorial(n - size - 1) / factorial(n)
            for s in combinations(others, size):
                total += weight * (value(s + (k,), items, benefit, cost) -
                                   value(s, items, benefit, cost))
        phi[k] = total
    return phi


def close(a, b):
    return abs(a - b) <= 1e-7 * (1 + abs(b))


def main():
    flows, pool_path, players = sys.argv[1], sys.argv[2], sys.argv[3:]
    items, benefit, cost, paid = read_flows(flows)
    pool = json.load(open(pool_path))
    gained = {i: sum(benefit[i, k] for k in players) for i in items}
    pooled = {i: gained[i] > cost[i] for i in items}
    siloed = {i: cost[i] > 0 and max(benefit[i, k] for k in players) >= cost[i] for i in items}
    phi = shapley(players, items, benefit, cost)
    checks = [("surplus", pool["surplus"], value(players, items, benefit, cost))]
    for a in pool["agencies"]:
        k = a["id"]
        fb = sum(benefit[i, k] for i in items if pooled[i])
        spend = sum(paid[i, k] for i in items if pooled[i])
        checks += [(k + " shapley", a["shapley"], phi[k]),
                   (k + " fiscal_benefit", a["fiscal_benefit"], fb),
                   (k + " contribution", a["contribution"], fb - phi[k]),
                   (k + " spend", a["spend"], spend),
                   (k + " balance", a["balance"], fb - phi[k] - spend)]
    for entry in pool["interventions"]:
        i = entry["id"]
        if entry["funded_pooled"] != pooled[i] or entry["funded_siloed"] != siloed[i]:
            print("intervention %s: funded sets differ" % i)
            return 1
    net = {i: gained[i] - cost[i] for i in items}
    checks += [("pooled_net", pool["portfolio"]["pooled_net"],
                sum(net[i] for i in items if pooled[i])),
               ("siloed_net", pool["portfolio"]["siloed_net"],
                sum(net[i] for i in items if siloed[i]))]
    for name, got, want in checks:
        if not close(got, want):
            print("%s: pool.json has %r, the reference %r" % (name, got, want))
            return 1
    if sorted(a["id"] for a in pool["agencies"]) != sorted(players):
        print("players differ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
