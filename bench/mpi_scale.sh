#!/usr/bin/env bash
# bench/mpi_scale.sh [PEOPLE] [RUNS]: links synth's departments for PEOPLE people (default
# 1,000,000): the build without MPI (build/valuemap) on one thread, then the MPI build under
# `mpirun -np 2` with one thread per rank (strong scaling over ranks), RUNS times each
# (default 1), interleaved. Prints
# each run's time per step (bench/stage_times.py), the bytes each rank sent and each rank's
# peak memory, and checks that the outputs are the same bytes. Not part of `make check`.
# Figures and the load they were taken under are in docs/scaling.md.
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
for run in $(seq "$RUNS"); do
  echo "uptime: $(uptime)"
  for n in ${VALUEMAP_BENCH_RANKS:-1 2}; do # 1: the build without MPI
    d=$OUT/$PEOPLE-np$n-run$run; rm -rf "$d"; mkdir -p "$d"
    echo "run $run, $n rank(s), 1 thread each:"
    if [ $n = 1 ]; then
      nice -n 10 $PY bench/stage_times.py /usr/bin/time -f "%M %U %S" -o "$d/time.0" \
        "$ONE" link "$S"/datasets/{health,dwp,justice}.yaml --out "$d/link" --threads 1
      peak "$d"
      continue
    fi
    nice -n 10 $PY bench/stage_times.py mpirun -np $n sh -c \
      '/usr/bin/time -f "%M %U %S" -o "$0/time.${OMPI_COMM_WORLD_RANK:-0}" "$@"' "$d" \
      "$VALUEMAP" link "$S"/datasets/{health,dwp,justice}.yaml --out "$d/link" --threads 1
    peak "$d"
  done
  [ -d "$OUT/$PEOPLE-np1-run$run/link" ] && [ -d "$OUT/$PEOPLE-np2-run$run/link" ] || continue
  for f in clusters.csv pairs.csv linkmodel.json; do
    cmp -s "$OUT/$PEOPLE-np1-run$run/link/$f" "$OUT/$PEOPLE-np2-run$run/link/$f" && echo "  $f: the same bytes without MPI and on 2 ranks" || echo "  $f: DIFFERS"
  done
done
