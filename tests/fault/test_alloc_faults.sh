#!/usr/bin/env bash
# test_alloc_faults.sh - allocation failure on every verb (issue 17, docs/reliability.md).
#
# For each case of cases.sh: a clean run of valuemap-faultinj counts the allocations (T) and
# leaves the outputs; then runs with VMAP_FAIL_ALLOC=N (the N-th allocation fails) for N in a
# sample of 1..T (all of them with VMAP_FAULT_LOOP=full, `make torture`) into the same output.
# Each run must either exit 1 saying "out of memory" with the earlier outputs exactly as they
# were (no partial, no temporary file left), or exit 0 with the same outputs as the clean run
# (the failure was absorbed); never crash, never leak (LeakSanitizer, in the sanitizer build
# where the loop runs), never touch an input.
# $1 valuemap-faultinj, $2 the source root, $3 the release valuemap (must ignore the switch).
. "$2/tests/cli/tap.sh"
. "$ROOT/tests/fault/cases.sh"
RELEASE=$3
export ASAN_OPTIONS=detect_leaks=1:exitcode=99:abort_on_error=0
export LSAN_OPTIONS=exitcode=99
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=99

if [ "${VMAP_FAULT_SANITIZED:-0}" != 1 ] && [ "${VMAP_FAULT_LOOP:-sample}" != full ]; then
  # Without LeakSanitizer the loop proves less; the sanitizer build of make check runs it.
  echo "1..0 # SKIP the allocation loop runs in the sanitizer build (leaks are part of it)"
  exit 0
fi

# The switch is for test builds only: the installed binary ignores it.
out=$TMP/release
VMAP_FAIL_ALLOC=1 "$RELEASE" appraise "$ROOT/examples/mental-health-employment/model.yaml" \
  --out "$out" >/dev/null 2>&1
ok $? "the release binary ignores VMAP_FAIL_ALLOC"

fault_setup "$VALUEMAP"; ok $? "setup: synth, run, a key, encode"
inputs_before=$(sha256sum $(fault_inputs))

# stdout with wall-clock times left out ("in 0.21 s", "done in 0.1 s").
timeless() { sed -E -e 's/[0-9]+(\.[0-9]+)? s\b/T s/g' -e 's/[0-9]+ comparisons\/s/N comparisons\/s/'; }

says_out_of_memory() { grep -q "out of memory" "$W/stderr"; }

total_runs=0
for name in $FAULT_CASES; do
  out=$(case_out "$name")
  [ "$name" = keygen ] && rm -f "$out"
  [ "$name" = ucd ] && mkdir -p "$out"
  VMAP_ALLOC_COUNT=$W/count case_run "$name" "$VALUEMAP"
  status=$?
  [ $status -eq 0 ]; ok $? "$name: a clean run succeeds"
  [ $status -eq 0 ] || { sed 's/^/#   /' "$W/stderr" | head -5; continue; }
  total=$(cat "$W/count")
  clean=$(normalized "$out"); clean_stdout=$(timeless <"$W/stdout")
  bad=""
  for n in $(fault_sample "$total" 8 $(((total + 9) / 10)) 6); do
    [ "$name" = keygen ] && rm -f "$out"
    fault_mark "$out"
    before=$(fault_snapshot "$out")
    VMAP_FAIL_ALLOC=$n case_run "$name" "$VALUEMAP"
    status=$?
    total_runs=$((total_runs + 1))
    why=$(fault_verdict "$name" "$out" "$before" "$clean" $status says_out_of_memory)
    [ $status -eq 0 ] && [ "$(timeless <"$W/stdout")" != "$clean_stdout" ] &&
      why="${why:+$why; }stdout differs"
    grep -q 'Sanitizer' "$W/stderr" && why="$why; $(grep -m1 'Sanitizer' "$W/stderr")"
    if [ -n "$why" ]; then
      bad="$bad $n"
      echo "# $name N=$n: $why"; sed 's/^/#   /' "$W/stderr" | grep -v '^#   $' | head -8
    fi
  done
  [ -z "$bad" ]; ok $? "$name: every failed allocation handled (T=$total)${bad:+; failed at N =$bad}"
done
[ "$(sha256sum $(fault_inputs))" = "$inputs_before" ]; ok $? "no input changed"
echo "# $total_runs runs with a failed allocation"
finish
