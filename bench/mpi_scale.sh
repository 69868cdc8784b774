#!/usr/bin/env bash
# bench/mpi_scale.sh [PEOPLE] [RUNS]: links synth's departments for PEOPLE people (default
# 1,000,000): the build without MPI (build/valuemap) on one thread, then the MPI build under
# `mpirun -np 2` with one thread per rank (strong scaling over ranks), RUNS rounds (default 1),
# interleaved, the order reversed every other round so that a drift in the load falls on both.
# Prints each run's time per step (bench/stage_times.py), the bytes each rank sent and each
# rank's peak memory, then one table (bench/mpi_table.py): best wall and CPU per rank with the
# worst beside them, per step, memory, bytes, records per rank, the ratios to the build without
# MPI, and whether every run's outputs were the same bytes. Not part of `make check`.
# VALUEMAP_BENCH_RANKS="1 2 3" chooses the rank counts (1 is the build without MPI);
# VALUEMAP_BENCH_PEER=path/to/another/build-mpi/valuemap adds that binary on 2 ranks as a
# further interleaved column ("peer", labelled VALUEMAP_BENCH_PEER_LABEL), e.g. a branch
# against main. Figures and the load they were taken under are in docs/scaling.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-1000000}
RUNS=${2:-1}
VALUEMAP=${VALUEMAP_BENCH_MPI:-$PWD/build-mpi/valuemap}
ONE=${VALUEMAP_BENCH_ONE:-$PWD/build/valuemap} # the build without MPI: the reference
OUT=${VALUEMAP_BENCH_OUT:-$PWD/out/bench-mpi}
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
[ -x "$VALUEMAP" ] || { echo "bench/mpi_scale.sh: build build-mpi first (meson setup build-mpi -Dmpi=enabled)" >&2; exit 2; }
[ -x "$ONE" ] || { echo "bench/mpi_scale.sh: build build first (meson setup build)" >&2; exit 2; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_btl=self,vader
# a rank waiting in an exchange yields its core instead of spinning: on a shared machine the
# spinning would otherwise count as the waiting rank's CPU
export OMPI_MCA_mpi_yield_when_idle=1
export VALUEMAP_PROGRESS=1 VALUEMAP_MPI_STATS=1
mkdir -p "$OUT"
S=$OUT/synth-$PEOPLE
[ -f "$S/project.yaml" ] || nice -n 10 "$VALUEMAP" synth --people "$PEOPLE" --seed 3 --out "$S" --quiet
echo "synth $PEOPLE people: $(for f in "$S"/datasets/{health,dwp,justice}.csv; do echo -n "$(($(wc -l < "$f") - 1)) "; done)records (health dwp justice)"
# each rank's peak resident memory and CPU time, from /usr/bin/time around each rank
peak() { # peak DIR: one line per file DIR/time.R ("KB user-seconds system-seconds")
  for f in "$1"/time.*; do
    read -r kb user sys < "$f"
    echo "  rank ${f##*.}: peak memory $((kb / 1024)) MB, CPU ${user} s user + ${sys} s system"
  done
}
configs=()
for n in ${VALUEMAP_BENCH_RANKS:-1 2}; do configs+=("np$n"); done
[ -n "${VALUEMAP_BENCH_PEER:-}" ] && configs+=(peer)
for c in "${configs[@]}"; do rm -rf "$OUT/$PEOPLE-$c-run"*; done
for run in $(seq "$RUNS"); do
  echo "uptime: $(uptime)"
  order=("${configs[@]}")
  if [ $((run % 2)) = 0 ]; then # every other round in reverse order
    order=(); for c in "${configs[@]}"; do order=("$c" "${order[@]}"); done
  fi
  for c in "${order[@]}"; do
    d=$OUT/$PEOPLE-$c-run$run; mkdir -p "$d"
    bin=$VALUEMAP n=${c#np}
    [ "$c" = peer ] && bin=$VALUEMAP_BENCH_PEER n=${VALUEMAP_BENCH_PEER_RANKS:-2}
    echo "run $run, $c: $n rank(s), 1 thread each:"
    cut -d' ' -f1-3 /proc/loadavg > "$d/load"
    if [ "$c" = np1 ]; then # the build without MPI, the reference
      nice -n 10 $PY bench/stage_times.py --json "$d/stages.json" /usr/bin/time -f "%M %U %S" \
        -o "$d/time.0" "$ONE" link "$S"/datasets/{health,dwp,justice}.yaml --out "$d/link" --threads 1
    else
      nice -n 10 $PY bench/stage_times.py --json "$d/stages.json" mpirun -np $n sh -c \
        '/usr/bin/time -f "%M %U %S" -o "$0/time.${OMPI_COMM_WORLD_RANK:-0}" "$@"' "$d" \
        "$bin" link "$S"/datasets/{health,dwp,justice}.yaml --out "$d/link" --threads 1
    fi
    cut -d' ' -f1-3 /proc/loadavg >> "$d/load"
    peak "$d"
  done
done
echo "uptime: $(uptime)"
labels=()
for c in "${configs[@]}"; do
  case $c in
    np1) labels+=("np1=without MPI") ;;
    peer) labels+=("peer=${VALUEMAP_BENCH_PEER_LABEL:-peer} on ${VALUEMAP_BENCH_PEER_RANKS:-2} ranks") ;;
    *) labels+=("$c=${c#np} ranks") ;;
  esac
done
echo "$PEOPLE people, $RUNS round(s), one thread a rank, nice -n 10:"
$PY bench/mpi_table.py "$OUT" "$PEOPLE" "${labels[@]}"
