#!/usr/bin/env python3
"""Writes a synthetic valuemap model for benchmarking `valuemap pool`.

usage: gen-pool-model.py AGENCIES INTERVENTIONS [SEED [dense]] > model.yaml

Each intervention is paid for by one or two agencies and brings fiscal benefits to two to
five agencies (to every agency with `dense`, the hardest case for the exact Shapley value),
sized so that some are worth it to one agency alone, some only to government as a whole and
some to nobody: the savings game is then far from trivial.
The figures are invented; they exercise the code, they describe no real programme.
"""
import random
import sys


def agency_ids(n):
    return ["ag%02d" % (k + 1) for k in range(n)]


def shares(rng, count):
    raw = [rng.uniform(0.2, 1.0) for _ in range(count)]
    total = sum(raw)
    out = [round(r / total, 12) for r in raw[:-1]]
    out.append(round(1.0 - sum(out), 12))
    return out


def main():
    agencies = int(sys.argv[1])
    interventions = int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    dense = len(sys.argv) > 4 and sys.argv[4] == "dense"
    ids = agency_ids(agencies)
    print("appraisal:\n  name: Synthetic pool benchmark\n  base_year: 2025\n"
          "  horizon: 5\n  discount: stpr")
    print("agencies:")
    for a in ids:
        print("  - {id: %s, name: Agency %s}" % (a, a))
    print("outcomes:")
    for i in range(interventions):
        gainers = ids if dense else rng.sample(ids, rng.randint(2, min(5, agencies)))
        parts = ", ".join("%s: %.12f" % (a, s) for a, s in zip(gainers, shares(rng, len(gainers))))
        print("  - {id: o%03d, name: outcome %d, value: %d, kind: fiscal, cashable: true, "
              "beneficiaries: {%s}}" % (i, i, rng.randint(2000, 9000), parts))
    print("interventions:")
    for i in range(interventions):
        payers = rng.sample(ids, rng.randint(1, 2))
        print("  - id: i%03d\n    name: intervention %d\n    participants: %d\n    costs:"
              % (i, i, rng.randint(100, 2000)))
        for p in payers:
            print("      - {agency: %s, amount: %d, per: participant, years: [0]}"
                  % (p, rng.randint(500, 3000)))
        print("    effects:\n      - {outcome: o%03d, change: %.3f, start: 1, duration: 3}"
              % (i, rng.uniform(0.05, 0.6)))


if __name__ == "__main__":
    main()
