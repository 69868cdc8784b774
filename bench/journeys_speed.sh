#!/usr/bin/env bash
# journeys_speed.sh - `valuemap journeys` on about a million people and 30 million events.
# `valuemap synth --people 1060000` writes ~15M events; each events file is then written twice
# over (every event twice: the same work for the reader as 30M distinct events), and
# synth's truth.csv serves as clusters.csv (so linkage time is not counted here).
# Prints wall time, CPU time and peak memory; the second run's bootstrap is set to 0 to show
# what reading and joining cost alone.
# usage: bench/journeys_speed.sh [VALUEMAP] [PEOPLE] [THREADS]
set -euo pipefail
VALUEMAP=${1:-build/valuemap}
PEOPLE=${2:-1060000}
THREADS=${3:-2}
TMP=${TMPDIR:-/tmp}/journeys-speed
rm -rf "$TMP"
"$VALUEMAP" synth --people "$PEOPLE" --seed 2 --out "$TMP" --threads "$THREADS" >/dev/null
cd "$TMP"
for d in health dwp justice; do
  f=datasets/${d}_events.csv
  { cat "$f"; tail -n +2 "$f"; } >"$f.2" && mv "$f.2" "$f"
done
echo "events: $(cat datasets/*_events.csv | wc -l) lines; records: $(cat datasets/{health,dwp,justice}.csv | wc -l) lines"
{ echo "dataset,record_id,cluster_id"; tail -n +2 truth.csv; } >clusters.csv
sed 's|clusters: out/link/clusters.csv|clusters: clusters.csv|' journeys.yaml >j.yaml
sed 's/bootstrap: [0-9]*/bootstrap: 0/' j.yaml >j0.yaml
for f in j.yaml j0.yaml; do
  echo "== $f ($(grep -o 'bootstrap: [0-9]*' $f)), $THREADS threads"
  /usr/bin/time -f "wall %e s, cpu %U s user + %S s system, peak memory %M KB" \
    "$VALUEMAP" journeys "$f" --out "out-$f" --threads "$THREADS" --quiet
done
