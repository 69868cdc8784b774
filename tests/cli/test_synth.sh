#!/usr/bin/env bash
# CLI tests of `valuemap synth`: bad arguments exit 2 with a clear message; one seed gives
# byte-identical files on 1 and 2 threads and two seeds differ; the outputs keep what
# docs/synth.md promises (checked independently by synth_check.py); the dataset specs load in
# `valuemap link` as they stand and link with F1 >= 0.95 against truth.csv.
. "$(dirname "$0")/tap.sh"
CHECK="$ROOT/tests/cli/synth_check.py"

run 0 "$VALUEMAP" help synth
expect_stdout "--people N"
run 2 "$VALUEMAP" synth --people 0 --seed 1 --out "$TMP/x"
expect_stderr "--people: expected a whole number from 1 to 100000000, not '0'"
run 2 "$VALUEMAP" synth --people 10 --seed -1 --out "$TMP/x"
expect_stderr "--seed: expected a whole number from 0"
run 2 "$VALUEMAP" synth --people 10 --seed abc --out "$TMP/x"
expect_stderr "not 'abc'"
run 2 "$VALUEMAP" synth --people 10 --seed 1 --out "$TMP/x" --departments health,police
expect_stderr "unknown department 'police'"
touch "$TMP/afile"
run 2 "$VALUEMAP" synth --people 10 --seed 1 --out "$TMP/afile"
expect_stderr "afile: exists and is not a folder"
run 2 "$VALUEMAP" synth --people 10 --out "$TMP/x"
expect_stderr "missing --seed S"
expect_no_file "$TMP/x"

run 0 "$VALUEMAP" synth --people 3000 --seed 5 --out "$TMP/t1" --threads 1
expect_stdout "3000 people"
run 0 "$VALUEMAP" synth --people 3000 --seed 5 --out "$TMP/t2" --threads 2 --quiet
diff -r "$TMP/t1" "$TMP/t2" >/dev/null
ok $? "seed 5: byte-identical files on 1 and 2 threads"
for f in datasets/health.csv datasets/dwp.csv datasets/justice.csv datasets/health_events.csv \
	datasets/dwp_events.csv datasets/justice_events.csv datasets/health.yaml \
	datasets/dwp.yaml datasets/justice.yaml truth.csv truth.json project.yaml \
	journeys.yaml model.yaml; do
  expect_file "$TMP/t1/$f"
done
run 0 "$VALUEMAP" synth --people 3000 --seed 6 --out "$TMP/t3" --quiet
! cmp -s "$TMP/t1/datasets/health.csv" "$TMP/t3/datasets/health.csv" &&
  ! cmp -s "$TMP/t1/truth.json" "$TMP/t3/truth.json"
ok $? "seeds 5 and 6 give different files"
run 0 "$VALUEMAP" synth --people 3000 --seed 5 --out "$TMP/t4" --departments dwp,health --quiet
cmp -s "$TMP/t1/datasets/dwp.csv" "$TMP/t4/datasets/dwp.csv" && [ ! -e "$TMP/t4/datasets/justice.csv" ]
ok $? "--departments writes only those, with the same people"

# Everything docs/synth.md promises, checked in Python from the files alone.
if command -v python3 >/dev/null; then
  "$VALUEMAP" synth --people 10000 --seed 11 --out "$TMP/big" --quiet
  python3 "$CHECK" "$TMP/big" "$ROOT" 10000 > "$TMP/check"
  while read -r line; do
    case $line in
      "ok "*) ok 0 "${line#ok * - }" ;;
      *) ok 1 "${line#not ok * - }" ;;
    esac
  done < "$TMP/check"
  [ -s "$TMP/check" ]; ok $? "synth_check.py ran"

  # The specs load in link as they stand; zero-configuration linkage scores well, not perfectly.
  run 0 "$VALUEMAP" link "$TMP/big/datasets/health.yaml" "$TMP/big/datasets/dwp.yaml" \
    "$TMP/big/datasets/justice.yaml" --out "$TMP/link" --quiet
  read -r _ _ _ precision recall f1 < <(python3 "$ROOT/bench/score.py" "$TMP/link/clusters.csv" \
    "column:$TMP/big/truth.csv:record_id:person_id")
  python3 -c "import sys; sys.exit(not (0.95 <= $f1 < 1.0))"
  ok $? "link F1 $f1 (precision $precision, recall $recall): at least 0.95, below 1"
fi
finish
