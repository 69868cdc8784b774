#!/usr/bin/env bash
# CLI tests that every verb behaves alike: where its files are, --threads, --out "", a folder
# or a missing file where a file is expected, help for an unknown verb; and that pool states
# its transfers in the same words on stdout and in pool.json, and says why it funds nothing.
. "$(dirname "$0")/tap.sh"
MODEL=$ROOT/tests/data/models/options/shortlist.yaml

run 0 "$VALUEMAP" pool "$MODEL" --out "$TMP/p"
expect_stdout "transfers: dwp pays the pool £1,250; nhs receives £1,250"
expect_stdout "outputs in $TMP/p: pool.json portfolio.csv credits.csv"
python3 -c 'import json,sys; print("transfers: " + json.load(open(sys.argv[1]))["transfers"])' \
  "$TMP/p/pool.json" > "$TMP/words"
grep -qxF -f "$TMP/words" "$TMP/out"; ok $? "pool.json states the transfers in the words stdout uses"
# (The balances themselves are checked against an independent reference in test_pool.sh.)
run 0 "$VALUEMAP" pool "$MODEL" --out "$TMP/poor" --pooled 100
expect_stdout "the pool funds nothing: its budget of £100 is below £5,000, the cost of 'b', the cheapest intervention whose fiscal benefit covers its cost"
expect_stdout "transfers: none: each agency's contribution equals what it spends"
run 0 "$VALUEMAP" pool "$MODEL" --out "$TMP/loss" --set outcomes.job.value=1 \
  --set outcomes.visit.value=1 --pooled 1000000
expect_stdout "the pool funds nothing: no intervention's fiscal benefit to government covers its cost"

# Every verb says where its files are.
run 0 "$VALUEMAP" appraise "$MODEL" --out "$TMP/a"
expect_stdout "outputs in $TMP/a: summary.json flows.csv agencies.csv matrix.csv"

# --out "" is refused clearly, in every verb.
for verb in appraise pool link journeys; do
  run 2 "$VALUEMAP" $verb "$MODEL" --out ""
  expect_stderr "valuemap $verb: --out: the folder name is empty"
done
run 2 "$VALUEMAP" synth --people 1 --seed 1 --out ""
expect_stderr "valuemap synth: --out: the folder name is empty"

# --threads: 0 or 1..1024 in every verb that has it.
run 2 "$VALUEMAP" appraise "$MODEL" --out "$TMP/t" --threads 1025
expect_stderr "--threads: expected 0 (one per online core) or 1 to 1024, not '1025'"
run 2 "$VALUEMAP" link "$MODEL" --out "$TMP/t" --threads -1
expect_stderr "--threads: expected 0 (one per online core) or 1 to 1024, not '-1'"
run 2 "$VALUEMAP" journeys "$MODEL" --out "$TMP/t" --threads 2000
expect_stderr "valuemap journeys: --threads: expected 0 (one per online core) or 1 to 1024, not '2000'"
run 2 "$VALUEMAP" synth --people 1 --seed 1 --out "$TMP/t" --threads 5000
expect_stderr "--threads: expected 0 (one per online core) or 1 to 1024, not '5000'"
run 0 "$VALUEMAP" appraise "$MODEL" --out "$TMP/t" --threads 1024 --draws 10 --quiet

# A folder or a missing file where a file is expected: exit 2 and the same words everywhere.
mkdir -p "$TMP/folder.yaml"
for verb in appraise pool link; do
  run 2 "$VALUEMAP" $verb "$TMP/folder.yaml" --out "$TMP/f"
  expect_stderr "folder.yaml: is a folder; expected a file"
  run 2 "$VALUEMAP" $verb "$TMP/missing.yaml" --out "$TMP/f"
  expect_stderr "missing.yaml: cannot read: No such file or directory"
done
if [ "$(id -u)" != 0 ]; then
  printf 'x: 1\n' > "$TMP/locked.yaml"; chmod 000 "$TMP/locked.yaml"
  run 2 "$VALUEMAP" appraise "$TMP/locked.yaml" --out "$TMP/f"
  expect_stderr "locked.yaml: cannot read: Permission denied"
else
  ok 0 "# SKIP permission denied cannot be tested as root"
fi

run 2 "$VALUEMAP" help nosuch
expect_stderr "valuemap: unknown verb 'nosuch'"
expect_stderr "(see 'valuemap --help' for the verbs)"
finish
