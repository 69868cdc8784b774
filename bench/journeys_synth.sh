#!/usr/bin/env bash
# journeys_synth.sh - `valuemap synth` -> `valuemap link` (no configuration) -> `valuemap
# journeys` over several seeds, and how often the 95% intervals hold synth's truth.json.
# usage: bench/journeys_synth.sh [VALUEMAP] [PEOPLE] [SEEDS]
set -euo pipefail
VALUEMAP=$(realpath "${1:-build/valuemap}") # the loop runs inside each world
PEOPLE=${2:-30000}
SEEDS=${3:-10}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for seed in $(seq 1 "$SEEDS"); do
  d="$TMP/s$seed"
  "$VALUEMAP" synth --people "$PEOPLE" --seed "$seed" --out "$d" >/dev/null
  (cd "$d" && "$VALUEMAP" link datasets/*.yaml --out out/link --quiet &&
   "$VALUEMAP" journeys journeys.yaml --out out/journeys --quiet)
done
/usr/bin/python3 - "$TMP" "$SEEDS" "$PEOPLE" <<'PY'
import csv, json, sys
tmp, seeds, people = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cells = []
for s in range(1, seeds + 1):
    d = f"{tmp}/s{s}"
    truth = {(e["agency"], e["year"]): e["effect"] for e in json.load(open(d + "/truth.json"))["effects"]}
    for r in csv.DictReader(open(d + "/out/journeys/effects.csv")):
        t = truth[(r["agency"], int(r["year"]))]
        cells.append((r["agency"], t, float(r["effect"]), float(r["ci_low"]), float(r["ci_high"]), float(r["naive"])))
n = len(cells)
cov = sum(lo <= t <= hi for _, t, _, lo, hi, _ in cells)
print(f"{seeds} synth worlds of {people} people, linked with no configuration")
print(f"coverage of the 95% intervals: {cov}/{n} = {cov / n:.3f}")
for agency in ("nhs", "dwp", "moj"):
    c = [x for x in cells if x[0] == agency]
    k = sum(lo <= t <= hi for _, t, _, lo, hi, _ in c)
    err = sum(abs(e - t) for _, t, e, *_ in c) / len(c)
    nerr = sum(abs(nv - t) for _, t, _, _, _, nv in c) / len(c)
    print(f"  {agency}: {k}/{len(c)} covered; mean |estimate - truth| {err:.0f}, mean |naive - truth| {nerr:.0f}")
PY
