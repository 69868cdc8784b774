#!/usr/bin/env bash
# bench/montecarlo.sh - valuemap's Monte Carlo against a straightforward vectorised NumPy
# version of the same arithmetic (bench/montecarlo-numpy.py, Debian's python3-numpy), side by
# side.
#
# Models: the example (examples/mental-health-employment with four numbers made uncertain) and
# a large synthetic model (bench/montecarlo-model.py: 300 interventions, 2,000+ uncertain
# inputs). Each runs 10,000 draws. Times, best of REPEAT runs:
#   simulate   valuemap: vmap_appraisal_simulate (sampling, every draw's appraisal, summaries,
#              and also one-way sensitivity and switching values, which NumPy does not do);
#              NumPy: sampling, the arithmetic over all draws, summaries
#   end-to-end the whole command, writing draws.csv (17 digits both) and the summaries
# and the speed-up of valuemap from 1 to 2 threads, beside what the machine gives 2 threads
# on a trivial loop (bench/spin.c), since shared or hyperthreaded cores cannot speed up.
#
# usage: bench/montecarlo.sh [DRAWS] [REPEAT]   (make bench builds valuemap and runs it)
# Figures and their reading: bench/montecarlo.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DRAWS=${1:-10000}
REPEAT=${2:-3}
PY=/usr/bin/python3
BUILD=build
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude bench/montecarlo-simulate.c \
  "$BUILD/libvaluemap.a" $(pkg-config --libs gsl libfyaml libcjson) -lm -lpthread \
  -o "$WORK/montecarlo-simulate"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L bench/spin.c -lpthread -o "$WORK/spin"

sed -e 's/change: 0.2$/change: {dist: normal, mean: 0.2, sd: 0.05}/' \
    -e 's/deadweight: 0.1$/deadweight: {dist: beta, mean: 0.1, sd: 0.03}/' \
    -e 's/drop_off: 0.2$/drop_off: {dist: uniform, min: 0.1, max: 0.3}/' \
    -e 's/value: 8632$/value: {dist: lognormal, mean: 8632, sd: 1500}/' \
    examples/mental-health-employment/model.yaml >"$WORK/example.yaml"
"$PY" bench/montecarlo-model.py 300 "$WORK/large.yaml"
"$PY" bench/montecarlo-model.py 300 "$WORK/closed.yaml" 1 --closed-form

best() { sort -n | head -1; }
time_cmd() { # prints wall seconds of the command
  local start end
  start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
ratio() { echo "scale=1; $1 / $2" | bc -l; }

printf '%-9s %7s %12s %12s %7s %12s %12s %7s %9s\n' model inputs "vm sim s" "np sim s" ratio \
  "vm total s" "np total s" ratio "1->2 thr"
for name in example large closed; do
  model=$WORK/$name.yaml
  inputs=$("$BUILD/valuemap" appraise "$model" --out "$WORK/o" --draws 1 --quiet &&
    head -1 "$WORK/o/draws.csv" | tr ',' '\n' | grep -vc -E '^(draw|npsv|bcr|net_fiscal.*)$')
  vm1=$(for r in $(seq "$REPEAT"); do "$WORK/montecarlo-simulate" "$model" "$DRAWS" 1 1 | cut -d' ' -f2; done | best)
  vm2=$(for r in $(seq "$REPEAT"); do "$WORK/montecarlo-simulate" "$model" "$DRAWS" 1 2 | cut -d' ' -f2; done | best)
  np=$(for r in $(seq "$REPEAT"); do mkdir -p "$WORK/np"; "$PY" bench/montecarlo-numpy.py "$model" "$WORK/np" "$DRAWS" 1 2>&1 >/dev/null | cut -d' ' -f2; done | best)
  vmt=$(for r in $(seq "$REPEAT"); do time_cmd "$BUILD/valuemap" appraise "$model" --out "$WORK/vm" --draws "$DRAWS" --seed 1 --threads 1 --quiet; done | best)
  npt=$(for r in $(seq "$REPEAT"); do time_cmd "$PY" bench/montecarlo-numpy.py "$model" "$WORK/np" "$DRAWS" 1; done | best)
  printf '%-9s %7s %12.3f %12.3f %7s %12.3f %12.3f %7s %9s\n' "$name" "$inputs" "$vm1" "$np" \
    "$(ratio "$np" "$vm1")" "$vmt" "$npt" "$(ratio "$npt" "$vmt")" "$(ratio "$vm1" "$vm2")"
done
s1=$("$WORK/spin" 1 | cut -d' ' -f2); s2=$("$WORK/spin" 2 | cut -d' ' -f2)
echo "machine: $(nproc) online cores; a trivial loop on 2 threads takes $(ratio "$s2" "$s1")x its 1-thread time (1.0 = two real cores, 2.0 = one)"
