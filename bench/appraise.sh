#!/usr/bin/env bash
# Deterministic appraisal of a large random model (see bench/make_model.py): valuemap against
# the plain-Python reference implementation (tests/reference/appraise_ref.py) run on the same
# JSON, median of 5 runs each. Prints the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
py=/usr/bin/python3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$py" bench/make_model.py 400 12 50 > "$work/model.json"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_runs() { for _ in 1 2 3 4 5; do
  local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; done | median; }

ours=$(time_runs build/valuemap appraise "$work/model.json" --out "$work/out" --quiet 2>/dev/null)
peer=$(time_runs "$py" -c "import json,sys; sys.path.insert(0,'tests/reference'); \
from appraise_ref import appraise; appraise(json.load(open('$work/model.json')))")
printf 'model: 400 interventions, 12 agencies, 50 years (%s flows rows)\n' \
  "$(($(wc -l < "$work/out/flows.csv") - 1))"
printf 'valuemap appraise (incl. reading YAML/JSON, writing 4 files): %.3f s\n' "$ours"
printf 'python reference (arithmetic only):                          %.3f s\n' "$peer"
printf 'ratio: valuemap is %.1f times faster\n' "$(echo "$peer / $ours" | bc -l)"
