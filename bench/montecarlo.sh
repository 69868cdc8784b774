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
#   cmd        the whole command `valuemap appraise --draws`, writing every output (draws.csv
#              holds the headline results; no --save-inputs), on 1 and 2 threads
#   np sim     NumPy's simulation alone (wall), and its CPU time (np cpu)
#   wall x     NumPy's simulation alone over valuemap's whole command on 1 thread, wall clock
#   cpu x      the same in CPU time (user + system for valuemap), which a busy shared
#              machine distorts less; above 1, valuemap's whole command is the faster
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
  "$BUILD/libvaluemap.a" $(pkg-config --libs gsl libfyaml libcjson libutf8proc) -lglpk -lm -lpthread \
  -o "$WORK/montecarlo-simulate"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L bench/spin.c -lpthread -o "$WORK/spin"

sed -e 's/change: 0.2$/change: {dist: normal, mean: 0.2, sd: 0.05}/' \
    -e 's/deadweight: 0.1$/deadweight: {dist: beta, mean: 0.1, sd: 0.03}/' \
    -e 's/drop_off: 0.2$/drop_off: {dist: uniform, min: 0.1, max: 0.3}/' \
    -e 's/value: 8632$/value: {dist: lognormal, mean: 8632, sd: 1500}/' \
    examples/mental-health-employment/model.yaml >"$WORK/example.yaml"
"$PY" bench/montecarlo-model.py 300 "$WORK/large.yaml"
"$PY" bench/montecarlo-model.py 201 "$WORK/m201.yaml"
"$PY" bench/montecarlo-model.py 300 "$WORK/closed.yaml" 1 --closed-form

best() { sort -n | head -1; }
time_cmd() { # prints wall seconds of the command
  local start end
  start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
ratio() { echo "scale=1; $1 / $2" | bc -l; }

cpu_cmd() { # prints user + system CPU seconds of the command
  /usr/bin/time -f '%U %S' "$@" 2>&1 >/dev/null | tail -1 | awk '{print $1 + $2}'
}
printf '%-7s %6s | %9s %9s %9s %9s | %9s %9s | %7s %7s\n' model inputs "sim 1" "sim 2" \
  "cmd 1" "cmd 2" "np sim" "np cpu" "wall x" "cpu x"
for name in example m201 large closed; do
  model=$WORK/$name.yaml
  inputs=$("$BUILD/valuemap" appraise "$model" --out "$WORK/o" --draws 1 --quiet --save-inputs &&
    head -1 "$WORK/o/inputs.csv" | tr ',' '\n' | grep -vc '^draw$')
  vm1=$(for r in $(seq "$REPEAT"); do "$WORK/montecarlo-simulate" "$model" "$DRAWS" 1 1 | cut -d' ' -f2; done | best)
  vm2=$(for r in $(seq "$REPEAT"); do "$WORK/montecarlo-simulate" "$model" "$DRAWS" 1 2 | cut -d' ' -f2; done | best)
  cmd=(appraise "$model" --out "$WORK/vm" --draws "$DRAWS" --seed 1 --quiet)
  vmt=$(for r in $(seq "$REPEAT"); do time_cmd "$BUILD/valuemap" "${cmd[@]}" --threads 1; done | best)
  vmt2=$(for r in $(seq "$REPEAT"); do time_cmd "$BUILD/valuemap" "${cmd[@]}" --threads 2; done | best)
  vmc=$(for r in $(seq "$REPEAT"); do cpu_cmd "$BUILD/valuemap" "${cmd[@]}" --threads 1; done | best)
  mkdir -p "$WORK/np"
  for r in $(seq "$REPEAT"); do "$PY" bench/montecarlo-numpy.py "$model" "$WORK/np" "$DRAWS" 1 2>&1 >/dev/null; done >"$WORK/np.txt"
  np=$(cut -d' ' -f2 "$WORK/np.txt" | best); npc=$(cut -d' ' -f6 "$WORK/np.txt" | best)
  printf '%-7s %6s | %9.3f %9.3f %9.3f %9.3f | %9.3f %9.3f | %7s %7s\n' "$name" "$inputs" "$vm1" \
    "$vm2" "$vmt" "$vmt2" "$np" "$npc" "$(ratio "$np" "$vmt")" "$(ratio "$npc" "$vmc")"
done
s1=$("$WORK/spin" 1 | cut -d' ' -f2); s2=$("$WORK/spin" 2 | cut -d' ' -f2)
echo "machine: $(nproc) online cores; a trivial loop on 2 threads takes $(ratio "$s2" "$s1")x its 1-thread time (1.0 = two real cores, 2.0 = one)"
