#!/usr/bin/env bash
# regress.sh HARNESS SECONDS DIR... - the fuzz regression of `make check` (fuzz/meson.build):
# runs one libFuzzer harness for SECONDS over its corpus DIRs (seeds and crash inputs), new
# inputs going to a scratch folder so the source tree is never written, and prints one TAP
# line. Any crash, leak, timeout (-timeout=60: a hang guard, far above any input's time) or
# sanitizer report fails it, with libFuzzer's report in the log.
set -uo pipefail
harness=$(realpath "$1") seconds=$2
shift 2
dirs=()
for d in "$@"; do [ -e "$d" ] && dirs+=("$(realpath "$d")"); done # crash inputs may not exist
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
log=$scratch/log
echo "1..1"
if (cd "$scratch" && "$harness" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2048 \
      -close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$scratch/" \
      "$scratch" "${dirs[@]}") >"$log" 2>&1; then
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  echo "ok 1 - ${harness##*/}: ${runs:-?} inputs in ${seconds} s, no crash"
else
  cat "$log"
  for a in "$scratch"/crash-* "$scratch"/leak-* "$scratch"/timeout-* "$scratch"/oom-*; do
    [ -f "$a" ] && { echo "# input that failed (base64):"; base64 "$a" | sed 's/^/# /'; }
  done
  echo "not ok 1 - ${harness##*/}: failed (libFuzzer's report above)"
fi
