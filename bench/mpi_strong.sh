#!/usr/bin/env bash
# bench/mpi_strong.sh [RUNS]: strong scaling of the MPI build on this machine, 1 rank against
# `mpirun -np 2`, one thread a rank, interleaved, RUNS times (default 5): Monte Carlo (appraise
# --draws 1000000 on examples/mental-health-employment), linkage (FEBRL4, 5,000 + 5,000
# records, from ../shared) and synth's whole project (`run`, 20,000 people: link, journeys
# with its bootstrap, appraise, pool, report). For each: the best wall time, and the best of
# the busiest rank's CPU seconds (user + system, /usr/bin/time around each rank), which is
# what the wall time would be with a free core per rank; on the shared 2-core box the wall
# time mostly measures the others' load. Prints a Markdown table and the load. Not part of
# `make check`; figures in docs/scaling.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
VALUEMAP=$PWD/build-mpi/valuemap
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_btl=self,vader
FEBRL=$PWD/../shared/data/linkage/febrl
for x in a b; do
  printf 'dataset: {id: febrl4%s, path: %s/dataset4%s.csv, record_id: rec_id}\nfields: {first_name: given_name, last_name: surname, dob: date_of_birth, postcode: postcode, address: {columns: [street_number, address_1, address_2]}, town: suburb, id_number: soc_sec_id}\n' \
    "$x" "$FEBRL" "$x" > "$TMP/febrl4$x.yaml"
done
"$VALUEMAP" synth --people 20000 --seed 3 --out "$TMP/synth" --quiet
wall() { # wall CMD...: "wall-seconds busiest-rank-CPU-seconds"
  local t0 t1 cpu=0 c; rm -f "$TMP"/cpu.*; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
  for f in "$TMP"/cpu.*; do c=$(cat "$f"); [ "$(echo "$c > $cpu" | bc)" = 1 ] && cpu=$c; done
  echo "$(echo "$t1 - $t0" | bc) $cpu"
}
declare -A best bestcpu
job() { # job NAME RANKS: one run
  local n=$2 pre=() out=$TMP/o-$1-$2
  # also for 1 rank, so both pay mpirun's start; each rank's CPU seconds into $TMP/cpu.RANK
  pre=(mpirun -np "$n" sh -c '/usr/bin/time -f "%U + %S" -o "$0.tmp.${OMPI_COMM_WORLD_RANK}" "$@";
    echo "$(cat "$0.tmp.${OMPI_COMM_WORLD_RANK}" | bc)" > "$0.${OMPI_COMM_WORLD_RANK}"' "$TMP/cpu")
  rm -rf "$out"
  case $1 in
    montecarlo) wall "${pre[@]}" "$VALUEMAP" appraise examples/mental-health-employment/model.yaml \
      --out "$out" --draws 1000000 --threads 1 --quiet ;;
    link) wall "${pre[@]}" "$VALUEMAP" link "$TMP/febrl4a.yaml" "$TMP/febrl4b.yaml" --out "$out" \
      --threads 1 --quiet ;;
    run) rm -rf "$TMP/synth/out"; wall "${pre[@]}" "$VALUEMAP" run "$TMP/synth/project.yaml" \
      --threads 1 --force ;;
  esac
}
echo "load before: $(uptime)"
for r in $(seq "$RUNS"); do
  for name in montecarlo link run; do
    for n in 1 2; do
      read -r t c < <(job $name $n)
      k="$name-$n"
      if [ -z "${best[$k]:-}" ] || [ "$(echo "$t < ${best[$k]}" | bc)" = 1 ]; then best[$k]=$t; fi
      if [ -z "${bestcpu[$k]:-}" ] || [ "$(echo "$c < ${bestcpu[$k]}" | bc)" = 1 ]; then bestcpu[$k]=$c; fi
    done
  done
done
echo "load after: $(uptime)"
printf '| work | wall, 1 rank (s) | wall, 2 ranks (s) | CPU, 1 rank (s) | CPU, busiest of 2 ranks (s) | speed-up from CPU |\n'
printf '|---|---:|---:|---:|---:|---:|\n'
for name in montecarlo link run; do
  a=${best[$name-1]} b=${best[$name-2]} ca=${bestcpu[$name-1]} cb=${bestcpu[$name-2]}
  printf '| %s | %.2f | %.2f | %.2f | %.2f | %.2f |\n' "$name" "$a" "$b" "$ca" "$cb" \
    "$(echo "$ca / $cb" | bc -l)"
done
