#!/usr/bin/env bash
# bench/mpi_encoded.sh A.enc B.enc [BIN ...]: `link --encoded A B` under `mpirun -np NP`
# (default 2; NP=0: the binary started without mpirun) for each binary given (default
# build-mpi/valuemap), one thread a rank, under `nice -n 10` (issue 18, mpienc). Prints each
# rank's peak resident memory, user and system CPU seconds and wall seconds (/usr/bin/time
# around each rank), the bytes each rank sent and the encodings it held (VALUEMAP_MPI_STATS),
# and the load average before and after; then whether the outputs of every binary are the
# same bytes (clusters.csv, pairs.csv). Binaries given twice run interleaved (before, after,
# before, after: pass them in that order). Outputs in OUT (default out/bench/mpi_encoded).
# Not in `make check`.
set -uo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/mpi_encoded.sh A.enc B.enc [BIN ...]" >&2; exit 2; }
A=$(realpath "$1"); B=$(realpath "$2"); shift 2
[ $# -gt 0 ] || set -- build-mpi/valuemap
NP=${NP:-2}
OUT=${OUT:-$PWD/out/bench/mpi_encoded}
[ -x /usr/bin/time ] || { echo "bench/mpi_encoded.sh: needs /usr/bin/time (package time)" >&2; exit 2; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_btl=self,vader
export OMPI_MCA_mpi_yield_when_idle=1 VALUEMAP_MPI_STATS=1
mkdir -p "$OUT"
i=0
for bin in "$@"; do
  i=$((i + 1)); d=$OUT/run$i; rm -rf "$d"; mkdir -p "$d"; bin=$(realpath "$bin")
  echo "run $i: $bin, np $NP, load $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$NP" = 0 ]; then
    nice -n 10 /usr/bin/time -f "%M %U %S %e" -o "$d/time.0" "$bin" link --encoded "$A" "$B" \
      --out "$d/out" --threads 1 --quiet 2> "$d/err"
  else
    nice -n 10 mpirun -np "$NP" sh -c \
      '/usr/bin/time -f "%M %U %S %e" -o "$0/time.${OMPI_COMM_WORLD_RANK:-0}" "$@"' "$d" \
      "$bin" link --encoded "$A" "$B" --out "$d/out" --threads 1 --quiet 2> "$d/err"
  fi || { echo "  failed:"; tail -3 "$d/err"; continue; }
  for f in "$d"/time.*; do
    read -r kb user sys wall < "$f"
    echo "  rank ${f##*.}: peak memory $((kb / 1024)) MB, CPU $user s user + $sys s system, wall $wall s"
  done
  grep 'MPI rank' "$d/err" | sed 's/^valuemap: /  /'
  echo "  load after: $(cut -d' ' -f1-3 /proc/loadavg)"
done
for f in clusters.csv pairs.csv; do
  same=1
  for r in $(seq 2 $i); do cmp -s "$OUT/run1/out/$f" "$OUT/run$r/out/$f" || same=0; done
  [ $same = 1 ] && echo "$f: the same bytes in every run" || echo "$f: DIFFERS"
done
