#!/usr/bin/env bash
# bench/report.sh - how long `valuemap report` takes on a large run: the synthetic model of
# bench/montecarlo-model.py (300 interventions, 2,000+ uncertain inputs, 8 agencies) appraised
# with 10,000 draws (a 419 MB draws.csv of 2,108 columns) and pooled, then reported. There is
# no peer that reads these files; the target is under a second (issue 11). Best of REPEAT runs,
# wall and CPU time, with the machine's load average beside them (the machine is shared).
#
# usage: bench/report.sh [DRAWS] [REPEAT]   (make bench builds valuemap and runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
DRAWS=${1:-10000}
REPEAT=${2:-5}
VALUEMAP=build/valuemap
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

/usr/bin/python3 bench/montecarlo-model.py 300 "$WORK/model.yaml" 1
"$VALUEMAP" appraise "$WORK/model.yaml" --out "$WORK/run/appraise" --draws "$DRAWS" --seed 1 --quiet
"$VALUEMAP" pool "$WORK/model.yaml" --out "$WORK/run/pool" --quiet
echo "draws.csv: $(du -h "$WORK/run/appraise/draws.csv" | cut -f1), $(head -1 "$WORK/run/appraise/draws.csv" | tr ',' '\n' | wc -l) columns"

best_wall=999 best_cpu=999
for _ in $(seq "$REPEAT"); do
  /usr/bin/time -f "%e %U %S" -o "$WORK/time" \
    "$VALUEMAP" report "$WORK/run" --out "$WORK/report" --quiet
  read -r wall user sys <"$WORK/time"
  best_wall=$(awk -v a="$wall" -v b="$best_wall" 'BEGIN { print (a < b ? a : b) }')
  best_cpu=$(awk -v u="$user" -v s="$sys" -v b="$best_cpu" 'BEGIN { c = u + s; print (c < b ? c : b) }')
done
echo "valuemap report: best of $REPEAT: wall ${best_wall} s, CPU ${best_cpu} s" \
  "(load average $(cut -d' ' -f1 /proc/loadavg))"
ls -l "$WORK/report"
