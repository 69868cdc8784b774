#!/usr/bin/env bash
# bench/montecarlo.sh - valuemap's Monte Carlo against a straightforward vectorised NumPy
# version of the same arithmetic (bench/montecarlo-numpy.py, Debian's python3-numpy), side by
# side.
#
# Models: the example (examples/mental-health-employment with four numbers made uncertain),
# m201 (bench/montecarlo-model.py 201, the shape of issue 16), a large synthetic model (300
# interventions, 2,000+ uncertain inputs), the large one without table-sampled kinds, and
# four other shapes: wide (20 interventions, 2,505 inputs), heavy (PERT, gamma, lognormal and
# beta of shapes that all differ: a quantile table per input), long (40-year horizon, effects
# of up to 20 years with uncertain drop-off) and opts (six options). MODELS="m201 heavy"
# picks some.
# Each runs DRAWS draws. Times, best of REPEAT rounds, each round running every contender
# once, interleaved:
#   simulate   valuemap: vmap_appraisal_simulate (sampling, every draw's appraisal, summaries,
#              and also one-way sensitivity and switching values, which NumPy does not do);
#              NumPy: sampling, the arithmetic over all draws, summaries
#   cmd        the whole command `valuemap appraise --draws`, writing every output (draws.csv
#              holds the headline results; no --save-inputs), on 1 and 2 threads
#   cmd cpu    the whole command's CPU time (user + system) on 1 thread
#   np sim     NumPy's simulation alone (wall; it writes nothing), and its CPU time (np cpu)
#   sim x      NumPy's simulation over valuemap's simulation, both on 1 thread, wall clock
#   wall x     NumPy's simulation alone over valuemap's whole command on 1 thread, wall clock
#   wall2 x    the same with valuemap on 2 threads
#   cpu x      NumPy's simulation CPU time over the whole command's (1 thread), which a busy
#              shared machine distorts less; above 1, valuemap's whole command is the faster
# and the speed-up of valuemap from 1 to 2 threads, beside what the machine gives 2 threads
# on a trivial loop (bench/spin.c), since shared or hyperthreaded cores cannot speed up.
#
# usage: [MODELS="..."] bench/montecarlo.sh [DRAWS] [REPEAT]   (make bench builds valuemap
# and runs it)
# Figures and their reading: bench/montecarlo.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DRAWS=${1:-10000}
REPEAT=${2:-5}
PY=/usr/bin/python3
BUILD=build
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude bench/montecarlo-simulate.c \
  "$BUILD/libvaluemap.a" $(pkg-config --libs gsl libfyaml libcjson libutf8proc libsodium xlsxwriter) -lglpk -lm -lpthread \
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
# shapes beyond those three (issue 16, session 4), so that no figure is tuned to one shape
"$PY" bench/montecarlo-model.py 20 "$WORK/wide.yaml" 2 --effects 40 --costs 4
"$PY" bench/montecarlo-model.py 200 "$WORK/heavy.yaml" 3 --heavy
"$PY" bench/montecarlo-model.py 200 "$WORK/long.yaml" 4 --horizon 40
"$PY" bench/montecarlo-model.py 200 "$WORK/opts.yaml" 5 --options 6

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

echo "load before: $(uptime | sed 's/.*load average/load average/')"
printf '%-7s %6s | %7s %7s %7s %7s %7s | %7s %7s | %6s %6s %6s %6s\n' model inputs "sim 1" "sim 2" \
  "cmd 1" "cmd 2" "cmd cpu" "np sim" "np cpu" "sim x" "wall x" "wall2 x" "cpu x"
for name in ${MODELS:-example m201 large closed wide heavy long opts}; do
  model=$WORK/$name.yaml
  inputs=$("$BUILD/valuemap" appraise "$model" --out "$WORK/o" --draws 1 --quiet --save-inputs &&
    head -1 "$WORK/o/inputs.csv" | tr ',' '\n' | grep -vc '^draw$')
  cmd=(appraise "$model" --out "$WORK/vm" --draws "$DRAWS" --seed 1 --quiet)
  : >"$WORK/t.txt"
  # interleaved: every contender once per round, so a change of load hits them alike
  for r in $(seq "$REPEAT"); do
    {
      echo "sim1 $("$WORK/montecarlo-simulate" "$model" "$DRAWS" 1 1 | cut -d' ' -f2)"
      echo "sim2 $("$WORK/montecarlo-simulate" "$model" "$DRAWS" 1 2 | cut -d' ' -f2)"
      echo "cmd1 $(time_cmd "$BUILD/valuemap" "${cmd[@]}" --threads 1)"
      echo "cmd2 $(time_cmd "$BUILD/valuemap" "${cmd[@]}" --threads 2)"
      echo "cpu1 $(cpu_cmd "$BUILD/valuemap" "${cmd[@]}" --threads 1)"
      "$PY" bench/montecarlo-numpy.py "$model" - "$DRAWS" 1 2>&1 >/dev/null |
        awk '{print "np " $2; print "npc " $6}'
    } >>"$WORK/t.txt"
  done
  get() { awk -v k="$1" '$1 == k {print $2}' "$WORK/t.txt" | best; }
  printf '%-7s %6s | %7.3f %7.3f %7.3f %7.3f %7.3f | %7.3f %7.3f | %6s %6s %6s %6s\n' "$name" "$inputs" \
    "$(get sim1)" "$(get sim2)" "$(get cmd1)" "$(get cmd2)" "$(get cpu1)" "$(get np)" "$(get npc)" \
    "$(ratio "$(get np)" "$(get sim1)")" "$(ratio "$(get np)" "$(get cmd1)")" \
    "$(ratio "$(get np)" "$(get cmd2)")" "$(ratio "$(get npc)" "$(get cpu1)")"
done
echo "load after: $(uptime | sed 's/.*load average/load average/')"
s1=$("$WORK/spin" 1 | cut -d' ' -f2); s2=$("$WORK/spin" 2 | cut -d' ' -f2)
echo "machine: $(nproc) online cores; a trivial loop on 2 threads takes $(ratio "$s2" "$s1")x its 1-thread time (1.0 = two real cores, 2.0 = one)"
