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
# Every bundled example appraises cleanly: exit 0 and no warnings. An example with a
# project.yaml takes its effects from the project's own run (tests/cli/test_run.sh).
for example in "$ROOT"/examples/*/model.yaml; do
  name=$(basename "$(dirname "$example")")
  [ -f "$(dirname "$example")/project.yaml" ] && continue
  run 0 "$VALUEMAP" appraise "$example" --out "$TMP/ex-$name" --quiet
  [ ! -s "$TMP/err" ]; ok $? "example $name: no warnings"
done

# A folder that cannot be made: exit 1, a message naming it, nothing written.
touch "$TMP/afile"
run 1 "$VALUEMAP" appraise "$EXAMPLE" --out "$TMP/afile/out"
expect_stderr "afile/out: cannot make the output folder"

# An input is never overwritten, even when it sits where an output would go.
mkdir -p "$TMP/self"
cp "$TMP/demo/summary.json" "$TMP/self/keep.json"
printf '{"appraisal": {"name": "t", "base_year": 2024, "horizon": 1}, "agencies": [{"id": "a"}], "interventions": []}\n' \
  > "$TMP/self/summary.json"
before=$(md5sum < "$TMP/self/summary.json")
run 2 "$VALUEMAP" appraise "$TMP/self/summary.json" --out "$TMP/self"
expect_stderr "refusing to overwrite an input file"
[ "$(md5sum < "$TMP/self/summary.json")" = "$before" ]; ok $? "the input is unchanged"
[ ! -e "$TMP/self/flows.csv" ]; ok $? "no output replaced the others half-way"

# Re-running replaces outputs whole; earlier outputs stay until the new ones are complete.
run 0 "$VALUEMAP" appraise "$EXAMPLE" --out "$TMP/demo" --quiet
[ ! -s "$TMP/out" ]; ok $? "--quiet prints nothing"
finish
