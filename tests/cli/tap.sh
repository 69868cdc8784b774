# tap.sh - a tiny TAP producer for CLI tests, sourced by each tests/cli/test_*.sh.
# Usage in a test:  . "$(dirname "$0")/tap.sh"; run 2 "$VALUEMAP" appraise bad.yaml --out "$TMP/o"
#                   expect_stderr "bad.yaml:3:5: unknown key"; finish
# $1 of every test script is the valuemap binary; $2 the source tree's root.
set -u
VALUEMAP=$1
ROOT=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
tap_count=0
tap_failed=0
STATUS=0

ok() { # ok CONDITION-EXIT-CODE DESCRIPTION
  tap_count=$((tap_count + 1))
  if [ "$1" -eq 0 ]; then echo "ok $tap_count - $2"
  else echo "not ok $tap_count - $2"; tap_failed=$((tap_failed + 1)); fi
}

# run EXPECTED-STATUS COMMAND...: runs it, keeps stdout/stderr in $TMP/out and $TMP/err.
run() {
  local expected=$1; shift
  "$@" >"$TMP/out" 2>"$TMP/err"
  STATUS=$?
  [ "$STATUS" -eq "$expected" ]
  ok $? "exit $expected: ${*##*/}"
  if [ "$STATUS" -ne "$expected" ]; then
    echo "# got exit $STATUS; stderr:"; sed 's/^/#   /' "$TMP/err" | head -20
  fi
}

# cpu_limited SECONDS COMMAND...: runs COMMAND with a limit on the CPU time it may use (killed
# past it: exit 137 or 152). A hang guard for a command that once looped. It counts CPU
# seconds, not wall-clock ones, so a machine busy with other work cannot trip it, as
# `timeout N` could (the guarded runs need 0.2 to 0.3 s of CPU under AddressSanitizer, and
# took 0.7 s of wall time at a load of 17). A hang that blocks without spinning is left to
# meson's per-test timeout.
cpu_limited() { local seconds=$1; shift; (ulimit -t "$seconds" && exec "$@"); }

expect_stderr() { grep -qF -- "$1" "$TMP/err"; ok $? "stderr has: $1"; }
expect_stdout() { grep -qF -- "$1" "$TMP/out"; ok $? "stdout has: $1"; }
expect_file() { [ -s "$1" ]; ok $? "file exists: ${1##*/}"; }
# expect_exact FILE NAME: FILE, with this run's $TMP and $ROOT written TMP and ROOT and wall-clock
# timings left out, must equal tests/cli/exact/NAME.exact byte for byte (zstd's cli-tests
# shape). VMAP_UPDATE_EXACT=1 rewrites the expected file instead: review its diff before you
# commit it.
expect_exact() {
  local want="$ROOT/tests/cli/exact/$2.exact"
  sed -e "s#$TMP#TMP#g" -e "s#$ROOT#ROOT#g" -e '/"seconds_[a-z]*":/d' -e '/comparisons\/s per thread/d' \
    "$1" > "$TMP/exact.got"
  if [ "${VMAP_UPDATE_EXACT:-}" = 1 ]; then mkdir -p "${want%/*}"; cp "$TMP/exact.got" "$want"; fi
  cmp -s "$TMP/exact.got" "$want"; ok $? "$2: exactly as expected"
  cmp -s "$TMP/exact.got" "$want" || diff "$want" "$TMP/exact.got" | head -20 | sed 's/^/#   /'
}
expect_no_file() { [ ! -e "$1" ]; ok $? "no file: ${1##*/}"; }

finish() {
  echo "1..$tap_count"
  [ "$tap_failed" -eq 0 ]
}
