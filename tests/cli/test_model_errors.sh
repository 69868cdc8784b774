#!/usr/bin/env bash
# Every bad model under tests/data/models is rejected with exit 2, a message holding the text
# its "# expect:" first line (or its .expect file) gives, and no output written; the whole of
# stderr is compared with tests/cli/exact/model-error.NAME.exact.
. "$(dirname "$0")/tap.sh"

for model in "$ROOT"/tests/data/models/*.yaml "$ROOT"/tests/data/models/*.json; do
  name=${model##*/}
  if [ -f "$model.expect" ]; then expected=$(cat "$model.expect")
  else expected=$(sed -n '1s/^# expect: //p' "$model"); fi
  out="$TMP/out-$name"
  "$VALUEMAP" appraise "$model" --out "$out" >"$TMP/out" 2>"$TMP/err"
  status=$?
  [ "$status" -eq 2 ]; ok $? "$name: exit 2 (got $status)"
  grep -qF -- "$expected" "$TMP/err"
  ok $? "$name: says '$expected'"
  [ $? -eq 0 ] || sed 's/^/#   /' "$TMP/err"
  grep -qF -- "$name" "$TMP/err"; ok $? "$name: names the file"
  expect_exact "$TMP/err" "model-error.$name"
  [ ! -e "$out" ]; ok $? "$name: writes nothing"
done
finish
