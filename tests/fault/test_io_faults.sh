#!/usr/bin/env bash
# test_io_faults.sh - I/O faults on every verb (issue 17, docs/reliability.md).
#
# For each case of cases.sh, a clean run under the iofault.c shim (LD_PRELOAD) counts its
# open, read, write, fsync and rename calls; then, for N in a sample of each count (all of them
# with VMAP_FAULT_LOOP=full, `make torture`), the N-th call fails: open EIO, read EIO, read cut
# short, write ENOSPC, write cut short then ENOSPC, fsync EIO, rename EIO. Each run must exit 1
# with a message naming the file and the error, leave the earlier outputs exactly as they were
# (no partial file, no temporary left) and every input untouched; or, where the failure does
# not matter (a short read is legal), exit 0 with the clean run's outputs.
# $1 valuemap, $2 the source root, $3 libiofault.so. Runs in the normal build only: the shim
# and AddressSanitizer both interpose the C library.
. "$2/tests/cli/tap.sh"
. "$ROOT/tests/fault/cases.sh"
SHIM=$3

if [ "${VMAP_FAULT_SANITIZED:-0}" = 1 ]; then
  echo "1..0 # SKIP the I/O loop runs in the normal build (an LD_PRELOAD shim and ASan do not mix)"
  exit 0
fi

fault_setup "$VALUEMAP"; ok $? "setup: synth, run, a key, encode"
inputs_before=$(sha256sum $(fault_inputs))

# The shim counts: a run that fails nothing counts calls of each kind.
LD_PRELOAD=$SHIM VMAP_IOFAULT_COUNT=$TMP/count "$VALUEMAP" ucd search work >/dev/null
grep -qE '^open=[0-9]+ read=[0-9]+ write=[0-9]+ fsync=[0-9]+ rename=[0-9]+$' "$TMP/count"
ok $? "the shim counts calls"
out=$TMP/shimcheck; mkdir -p "$out"
LD_PRELOAD=$SHIM VMAP_IOFAULT_OP=rename VMAP_IOFAULT_N=1 "$VALUEMAP" appraise \
  "$ROOT/examples/mental-health-employment/model.yaml" --out "$out" >/dev/null 2>"$TMP/err"
[ $? -eq 1 ] && grep -q 'Input/output error' "$TMP/err"; ok $? "the shim fails the first rename"

# The faults tried, as OP:ERR.
FAULTS="open:EIO read:EIO read:short write:ENOSPC write:short fsync:EIO rename:EIO"

# The error's text, on a line that names a file (a path with a slash).
names_file_and_error() {
  grep -E '(Input/output error|No space left on device)' "$W/stderr" | grep -q '/'
}

total_runs=0
for name in $FAULT_CASES; do
  out=$(case_out "$name")
  [ "$name" = keygen ] && rm -f "$out"
  [ "$name" = ucd ] && mkdir -p "$out"
  LD_PRELOAD=$SHIM VMAP_IOFAULT_COUNT=$W/count case_run "$name" "$VALUEMAP"
  status=$?
  [ $status -eq 0 ]; ok $? "$name: a clean run succeeds under the shim"
  [ $status -eq 0 ] || { sed 's/^/#   /' "$W/stderr" | head -5; continue; }
  counts=$(cat "$W/count")
  clean=$(normalized "$out")
  bad=""
  for fault in $FAULTS; do
    op=${fault%:*} err=${fault#*:}
    total=$(sed -E "s/.*\\b$op=([0-9]+).*/\\1/" <<<"$counts")
    for n in $(fault_sample "$total" 2 $(((total + 1) / 2)) 1); do
      [ "$name" = keygen ] && rm -f "$out"
      fault_mark "$out"
      before=$(fault_snapshot "$out")
      LD_PRELOAD=$SHIM VMAP_IOFAULT_OP=$op VMAP_IOFAULT_N=$n VMAP_IOFAULT_ERR=$err \
        case_run "$name" "$VALUEMAP"
      status=$?
      total_runs=$((total_runs + 1))
      why=$(fault_verdict "$name" "$out" "$before" "$clean" $status names_file_and_error)
      if [ -n "$why" ]; then
        bad="$bad $op:$err:$n"
        echo "# $name $op $err N=$n: $why"; sed 's/^/#   /' "$W/stderr" | tail -3
      fi
    done
  done
  [ -z "$bad" ]; ok $? "$name: every I/O fault handled ($counts)${bad:+; failed:$bad}"
done
[ "$(sha256sum $(fault_inputs))" = "$inputs_before" ]; ok $? "no input changed"
echo "# $total_runs runs with a failed call"
finish
