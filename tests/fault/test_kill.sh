#!/usr/bin/env bash
# test_kill.sh - kill -9 at chosen moments, and a disk that is really full (issue 17,
# docs/reliability.md).
#
# kill -9: the iofault.c shim sends the process SIGKILL at its N-th open, write, fsync or
# rename (VMAP_IOFAULT_ERR=kill), N from a fixed seed: moments chosen by counting calls, so
# the verdict never depends on timing. Each run writes a new set over an old one that differs
# from it (another seed). After the kill the folder's files (names not starting with a dot)
# must be exactly the old set or exactly the new one; when the kill came mid-commit (the
# journal .valuemap-commit is there), the next run into the folder must first put the old set
# back (checked with a run whose first fsync fails, so that it commits nothing itself).
#
# Full disk: a 320 KB tmpfs (mount needs root; skipped with a message where it is refused);
# appraise with many draws and synth must fail with "No space left on device", naming the
# file, and leave the old set as it was with no temporary file behind.
# $1 valuemap, $2 the source root, $3 libiofault.so. Normal build only (the shim).
. "$2/tests/cli/tap.sh"
. "$ROOT/tests/fault/cases.sh"
SHIM=$3

if [ "${VMAP_FAULT_SANITIZED:-0}" = 1 ]; then
  echo "1..0 # SKIP kill -9 and full disk run in the normal build (an LD_PRELOAD shim and ASan do not mix)"
  exit 0
fi

# Visible files of a set (what a reader sees) with their checksums.
visible() {
  (cd "$1" 2>/dev/null && find . -type f ! -name '.*' | LC_ALL=C sort | while read -r f; do
    printf '%s %s\n' "$(sha256sum <"$f" | cut -c1-64)" "$f"; done)
}

# kill_case NAME OLD-ARGS NEW-ARGS: the verb's arguments without --out.
kill_runs=0 mid_commit=0
kill_case() {
  local name=$1 old=$2 new=$3 out=$TMP/kill-$1 bad="" counts
  rm -rf "$out" "$TMP/new-$name"
  $VALUEMAP $new --out "$TMP/new-$name" >/dev/null 2>&1 &&
    LD_PRELOAD=$SHIM VMAP_IOFAULT_COUNT=$TMP/count $VALUEMAP $new --out "$TMP/count-$name" \
      >/dev/null 2>&1
  ok $? "$name: a clean run of the new set"
  counts=$(cat "$TMP/count")
  local want_new want_old
  want_new=$(visible "$TMP/new-$name")
  $VALUEMAP $old --out "$out" >/dev/null 2>&1
  want_old=$(visible "$out")
  [ "$want_old" != "$want_new" ]; ok $? "$name: the old and the new set differ"
  for op in open write fsync rename; do
    local total
    total=$(sed -E "s/.*\\b$op=([0-9]+).*/\\1/" <<<"$counts")
    for n in $(fault_sample "$total" 2 $(((total + 2) / 3)) 2); do
      kill_runs=$((kill_runs + 1))
      # (in a subshell, whose own "Killed" notice goes nowhere)
      (LD_PRELOAD=$SHIM VMAP_IOFAULT_OP=$op VMAP_IOFAULT_N=$n VMAP_IOFAULT_ERR=kill \
        $VALUEMAP $new --out "$out" >/dev/null 2>&1) 2>/dev/null
      local status=$? got
      got=$(visible "$out")
      if [ -e "$out/.valuemap-commit" ]; then
        mid_commit=$((mid_commit + 1))
        # killed mid-commit: the next run into the folder rolls it back before anything else
        LD_PRELOAD=$SHIM VMAP_IOFAULT_OP=fsync VMAP_IOFAULT_N=1 $VALUEMAP $new --out "$out" \
          >/dev/null 2>&1
        [ "$(visible "$out")" = "$want_old" ] && [ ! -e "$out/.valuemap-commit" ] ||
          bad="$bad $op:$n(not rolled back)"
      elif [ "$got" != "$want_old" ] && [ "$got" != "$want_new" ]; then
        bad="$bad $op:$n(a mix)"
        diff <(echo "$want_old") <(echo "$got") | sed 's/^/#   /' | head -6
      fi
      [ $status -eq 137 ] || [ $status -eq 0 ] || bad="$bad $op:$n(exit $status)"
      # back to the old set for the next moment
      rm -rf "$out"; $VALUEMAP $old --out "$out" >/dev/null 2>&1
    done
  done
  [ -z "$bad" ]; ok $? "$name: killed at seeded moments, the folder holds the old set or the new (${counts})${bad:+; failed:$bad}"
}

kill_case appraise_draws "appraise $ROOT/examples/housing-first/model.yaml --draws 400 --seed 3 --threads 1" \
  "appraise $ROOT/examples/housing-first/model.yaml --draws 400 --seed 4 --threads 1"
kill_case synth "synth --people 80 --seed 9 --threads 1" "synth --people 80 --seed 10 --threads 1"
echo "# $kill_runs runs killed, $mid_commit of them mid-commit (rolled back by the next run)"
[ "$mid_commit" -gt 0 ]; ok $? "some kills came mid-commit"

# ----- a full disk, for real -----
mnt=$TMP/mnt
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=320k tmpfs "$mnt" 2>/dev/null; then
  echo "ok $((tap_count + 1)) # SKIP full disk: cannot mount a tmpfs here (needs root, and a container may refuse)"
  tap_count=$((tap_count + 1))
else
  trap 'umount "$mnt" 2>/dev/null; rm -rf "$TMP"' EXIT
  out=$mnt/appraise
  run 0 "$VALUEMAP" appraise "$ROOT/examples/housing-first/model.yaml" --out "$out"
  before=$(cd "$out" && find . -type f | LC_ALL=C sort | xargs sha256sum)
  run 1 "$VALUEMAP" appraise "$ROOT/examples/housing-first/model.yaml" --out "$out" \
    --draws 20000 --seed 1 --threads 1
  expect_stderr "No space left on device"
  grep -q "$out/" "$TMP/err"; ok $? "the message names the file"
  after=$(cd "$out" && find . -type f | LC_ALL=C sort | xargs sha256sum)
  [ "$before" = "$after" ]; ok $? "full disk: the old set is exactly as it was, nothing left behind"
  run 1 "$VALUEMAP" synth --people 3000 --seed 2 --threads 1 --out "$mnt/synth"
  expect_stderr "No space left on device"
  [ -z "$(find "$mnt/synth" -type f 2>/dev/null)" ]; ok $? "full disk: synth leaves no file"
  umount "$mnt"
fi
finish
