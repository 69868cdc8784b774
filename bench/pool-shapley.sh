#!/usr/bin/env bash
# Times `valuemap pool` on synthetic models of 20 agencies and 200 interventions, best of three
# runs each, and prints the figures: "sparse" (each intervention felt by 2 to 5 agencies,
# solved one intervention at a time) and "dense" (every intervention felt by every agency,
# solved over the whole table of 2^20 coalitions).
# usage: bench/pool-shapley.sh [VALUEMAP] [AGENCIES] [INTERVENTIONS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
valuemap=${1:-$here/../build/valuemap}
agencies=${2:-20}
interventions=${3:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for kind in sparse dense; do
  python3 "$here/gen-pool-model.py" "$agencies" "$interventions" 1 "$kind" >"$tmp/model.yaml"
  best=
  for run in 1 2 3; do
    start=$(date +%s.%N)
    "$valuemap" pool "$tmp/model.yaml" --out "$tmp/out" --quiet
    end=$(date +%s.%N)
    t=$(python3 -c "print('%.3f' % ($end - $start))")
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then
      best=$t
    fi
  done
  method=$(python3 -c "import json; print(json.load(open('$tmp/out/pool.json'))['shapley']['method'])")
  echo "pool ($kind): $agencies agencies, $interventions interventions, $method Shapley:" \
    "${best}s (best of 3, whole command)"
done
