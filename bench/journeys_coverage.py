#!/usr/bin/python3
"""journeys_coverage.py - coverage of `valuemap journeys` intervals over many seeded worlds.

For each seed, tests/journeys/make_world.py makes a world with a known effect on the treated
(confounded by a latent need when --confounding > 0); journeys estimates it; we count how often
the 95% interval holds the truth, and compare the estimate's and the naive difference's errors.

usage: bench/journeys_coverage.py VALUEMAP [--seeds 20] [--people 3000] [--confounding 1.0]
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
WORLD = os.path.join(HERE, "..", "tests", "journeys", "make_world.py")


def run_seed(valuemap, seed, args, tmp):
    out = os.path.join(tmp, f"w{seed}")
    subprocess.run([sys.executable, WORLD, "--people", str(args.people), "--seed", str(seed),
                    "--confounding", str(args.confounding), "--bootstrap", str(args.bootstrap),
                    "--match", args.match, "--estimate", args.estimate, "--out", out], check=True)
    subprocess.run([valuemap, "journeys", os.path.join(out, "journeys.yaml"), "--out",
                    os.path.join(out, "out"), "--quiet"], check=True)
    truth = {(e["agency"], e["year"]): e["effect"]
             for e in json.load(open(os.path.join(out, "truth.json")))["effects"]}
    rows = list(csv.DictReader(open(os.path.join(out, "out", "effects.csv"))))
    return [(truth[(r["agency"], int(r["year"]))], float(r["effect"]), float(r["ci_low"]),
             float(r["ci_high"]), float(r["naive"])) for r in rows]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("valuemap")
    p.add_argument("--seeds", type=int, default=20)
    p.add_argument("--people", type=int, default=3000)
    p.add_argument("--confounding", type=float, default=1.0)
    p.add_argument("--bootstrap", type=int, default=200)
    p.add_argument("--match", default="weighting")
    p.add_argument("--estimate", default="did")
    args = p.parse_args()
    cells = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, args.seeds + 1):
            cells += run_seed(args.valuemap, seed, args, tmp)
    covered = sum(lo <= t <= hi for t, _, lo, hi, _ in cells)
    rmse = (sum((e - t) ** 2 for t, e, *_ in cells) / len(cells)) ** 0.5
    naive = (sum((n - t) ** 2 for t, _, _, _, n in cells) / len(cells)) ** 0.5
    bias = sum(e - t for t, e, *_ in cells) / len(cells)
    naive_bias = sum(n - t for t, _, _, _, n in cells) / len(cells)
    print(f"{args.seeds} worlds of {args.people} people, confounding {args.confounding}, "
          f"{args.match}/{args.estimate}, bootstrap {args.bootstrap}")
    print(f"coverage of the 95% intervals: {covered}/{len(cells)} = {covered / len(cells):.3f}")
    print(f"estimate: mean error {bias:.1f}, rmse {rmse:.1f}; naive: mean error "
          f"{naive_bias:.1f}, rmse {naive:.1f} (pounds per treated person and year)")


if __name__ == "__main__":
    main()
