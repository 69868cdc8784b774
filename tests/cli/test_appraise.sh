#!/usr/bin/env bash
# CLI tests of `valuemap appraise`: outputs, help, version and usage errors.
. "$(dirname "$0")/tap.sh"
EXAMPLE=$ROOT/examples/mental-health-employment/model.yaml

run 0 "$VALUEMAP" --version
expect_stdout "valuemap 0."
run 0 "$VALUEMAP" --help
expect_stdout "appraise"
run 0 "$VALUEMAP" help appraise
expect_stdout "--out DIR"
run 2 "$VALUEMAP" frobnicate
expect_stderr "unknown verb 'frobnicate'"
run 2 "$VALUEMAP" appraise "$EXAMPLE"
expect_stderr "missing --out DIR"
run 2 "$VALUEMAP" appraise "$TMP/nothing.yaml" --out "$TMP/o"
expect_stderr "nothing.yaml: cannot read"

run 0 "$VALUEMAP" appraise "$EXAMPLE" --out "$TMP/demo"
for f in summary.json flows.csv agencies.csv matrix.csv; do expect_file "$TMP/demo/$f"; done
expect_stdout "net present social value"
[ -z "$(ls -A "$TMP/demo" | grep '^\.')" ]
ok $? "no temporary files left behind"
finish
