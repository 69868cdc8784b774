#!/usr/bin/env bash
# CLI tests of what-ifs (`appraise --set PATH=VALUE`), checked like the file, and of numbers
# typed as in a spreadsheet ("9,000", "£50", "40%", "3.5%"), answered with the number to write.
. "$(dirname "$0")/tap.sh"
MODEL=$ROOT/tests/data/models/options/shortlist.yaml

# A what-if gives the figures of the file edited the same way.
run 0 "$VALUEMAP" appraise "$MODEL" --out "$TMP/set" --quiet --set interventions.a.participants=200 \
  --set 'interventions.c.costs[0].amount=1000' --set 'interventions.b.effects[0].deadweight=0.5'
sed -e '0,/participants: 100/s//participants: 200/' \
    -e 's/amount: 2000, per: participant/amount: 1000, per: participant/' \
    -e 's/{outcome: visit, change: 0.8}/{outcome: visit, change: 0.8, deadweight: 0.5}/' \
    "$MODEL" > "$TMP/edited.yaml"
run 0 "$VALUEMAP" appraise "$TMP/edited.yaml" --out "$TMP/edited" --quiet
cmp -s "$TMP/set/flows.csv" "$TMP/edited/flows.csv"; ok $? "--set gives the edited file's flows.csv"
grep -q '^a,0,2024,nhs,cost,cost,false,,20000,1,20000$' "$TMP/set/flows.csv"
ok $? "participants 200: a costs 200 x 100 = 20,000"

bad() { # bad PATH=VALUE EXPECTED-STDERR
  run 2 "$VALUEMAP" appraise "$MODEL" --out "$TMP/bad" --set "$1"
  expect_stderr "$2"
  expect_no_file "$TMP/bad/summary.json"
}
bad interventions.aa.participants=200 \
  "shortlist.yaml: set interventions.aa.participants=200: no 'aa' in 'interventions' (did you mean 'a'?)"
bad interventions.a.particpants=200 \
  "set interventions.a.particpants=200: no 'particpants' in 'a' (did you mean 'participants'?)"
bad apraisal.horizon=2 "set apraisal.horizon=2: no 'apraisal' in the model (did you mean 'appraisal'?)"
bad 'interventions.a.effects[0].deadwieght=0.5' \
  "set interventions.a.effects[0].deadwieght=0.5: intervention 'a' effect 1: unknown key 'deadwieght' (did you mean 'deadweight'?)"
bad interventions.a.participants=-5 \
  "set interventions.a.participants=-5: intervention 'a': participants: -5 is out of range; expected a value at least 0"
bad 'interventions.a.costs[3].amount=5' "set interventions.a.costs[3].amount=5: 'costs' has no item [3]"
bad 'interventions.a.costs[0]=5' "the path ends at a list item; name one of its keys"
bad outcomes.job.value= \
  "shortlist.yaml: set outcomes.job.value=: no value for 'value' after '=': expected a number, a word, or a list or mapping such as [1, 2] or {low: 1, high: 2}"
# a value that is not YAML, or null: the file and flag, the key, what was expected
bad 'x=[' \
  "shortlist.yaml: set x=[: '[' for 'x' is not a YAML value (a bracket or a quote left open? text holding ': ' or '#' needs quotes): expected a number, a word, or a list or mapping such as [1, 2] or {low: 1, high: 2}"
bad 'outcomes.job.value={' "set outcomes.job.value={: '{' for 'value' is not a YAML value"
bad 'outcomes.job.value="9' "set outcomes.job.value=\"9: '\"9' for 'value' is not a YAML value"
bad 'outcomes.job.value=a: b: c' "set outcomes.job.value=a: b: c: 'a: b: c' for 'value' is not a YAML value"
bad 'outcomes.job.value=null' \
  "set outcomes.job.value=null: 'null' for 'value' is null: expected a value (a what-if cannot take a key away)"
run 2 "$VALUEMAP" appraise "$MODEL" --out "$TMP/bad" --set horizon
expect_stderr "valuemap appraise: --set: expected PATH=VALUE, not 'horizon'"
run 2 "$VALUEMAP" appraise "$MODEL" --out "$TMP/bad" --set
expect_stderr "--set needs PATH=VALUE"

# Numbers typed as people type them.
bad outcomes.job.value=9,000 "outcome 'job': value: '9,000' is not a plain number; write 9000"
bad outcomes.job.value=£50 "outcome 'job': value: '£50' is not a plain number; write 50"
bad 'interventions.a.effects[0].deadweight=40%' "deadweight: '40%' is not a plain number; write 0.4"
bad appraisal.discount=3.5% "appraisal: discount: '3.5%' is not a plain number; write 0.035"
bad outcomes.job.value=1,2345 "outcome 'job': value: '1,2345' is not a number"
run 2 "$VALUEMAP" pool "$MODEL" --out "$TMP/pool" --budget dwp=£50,000
expect_stderr "valuemap pool: --budget: '£50,000' is not a plain number; write 50000"
finish
