#!/usr/bin/env bash
# regress.sh HARNESS RUNS DIR... - the fuzz regression of `make check` (fuzz/meson.build): runs
# one libFuzzer harness over the inputs of its corpus DIRs (seeds and crash inputs) and then on
# mutations of them, RUNS executions in all, new inputs going to a scratch folder so the source
# tree is never written, and prints one TAP line. Any crash, leak, timeout (-timeout=60: a hang
# guard, far above any input's time) or sanitizer report fails it, with libFuzzer's report in
# the log.
#
# The same inputs every run, so that the verdict never depends on luck or load: a fixed seed
# (libFuzzer draws one from the clock by default), a number of runs rather than a time
# (-max_total_time made the count depend on the machine's load), and the corpus handed over as
# a sorted list of files (-seed_inputs), since libFuzzer shuffles the files it reads from a
# folder in the order readdir gives, which differs from one file system to another.
set -uo pipefail
harness=$(realpath "$1") runs=$2
shift 2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
log=$scratch/log
mkdir "$scratch/corpus"
for d in "$@"; do [ -d "$d" ] && find "$(realpath "$d")" -type f; done | LC_ALL=C sort |
  paste -sd, >"$scratch/.inputs" # crash inputs may not exist; the list names no scratch file
echo "1..1"
if (cd "$scratch" && "$harness" -seed=1 -runs="$runs" -timeout=60 -rss_limit_mb=2048 \
      -close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$scratch/" \
      -seed_inputs="@$scratch/.inputs" "$scratch/corpus") >"$log" 2>&1; then
  done=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  echo "ok 1 - ${harness##*/}: ${done:-?} inputs (seed 1), no crash"
else
  cat "$log"
  for a in "$scratch"/crash-* "$scratch"/leak-* "$scratch"/timeout-* "$scratch"/oom-*; do
    [ -f "$a" ] && { echo "# input that failed (base64):"; base64 "$a" | sed 's/^/# /'; }
  done
  echo "not ok 1 - ${harness##*/}: failed (libFuzzer's report above)"
fi
