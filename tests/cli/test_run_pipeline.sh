#!/usr/bin/env bash
# CLI tests of `valuemap run` over every stage, on a small synthetic population: the journeys
# intervals cover synth's true effects, each department's benefits follow from the measured
# effects (computed here independently), and changing one input reruns only the stages that
# read it or read what it changed.
. "$(dirname "$0")/tap.sh"

S=$TMP/s
run 0 "$VALUEMAP" synth --people 10000 --seed 11 --out "$S" --quiet
OUT=$S/out

states() {
  sed -n 's/^\([a-z]*\) *\.\.\. \([a-z]*\).*/\1=\2/p' "$TMP/err" | tr '\n' ' ' | sed 's/ $//'
}
expect_states() {
  [ "$(states)" = "$1" ]; ok $? "stages: $1"
  [ "$(states)" = "$1" ] || echo "#   got: $(states)"
}
ALL_DONE="link=done journeys=done appraise=done pool=done report=done"
ALL_SKIPPED="link=skipped journeys=skipped appraise=skipped pool=skipped report=skipped"

run 0 "$VALUEMAP" run "$S/project.yaml"
expect_states "$ALL_DONE"
for f in link/clusters.csv journeys/effects.csv journeys/effects.yaml appraise/summary.json \
         pool/pool.json report/report.html report/valuemap.xlsx; do expect_file "$OUT/$f"; done
expect_stdout "report: "

# The journeys' intervals cover the true effects, and the value map's benefits per department
# are the measured savings, discounted (STPR: 3.5% a year), times the participants.
python3 - "$S" <<'PY'
import csv, json, sys, re
s = sys.argv[1]
truth = {(e['agency'], e['year']): e['effect'] for e in json.load(open(s + '/truth.json'))['effects']}
rows = list(csv.DictReader(open(s + '/out/journeys/effects.csv')))
covered = sum(float(r['ci_low']) <= truth[(r['agency'], int(r['year']))] <= float(r['ci_high']) for r in rows)
print('# %d of %d intervals cover the truth' % (covered, len(rows)))
participants = int(re.search(r'participants: (\d+)', open(s + '/model.yaml').read()).group(1))
summary = json.load(open(s + '/out/appraise/summary.json'))
failed = covered < len(rows) - 2
for a in summary['agencies']:
    want = sum(-float(r['effect']) * participants / 1.035 ** int(r['year'])
               for r in rows if r['agency'] == a['id'])
    if abs(a['pv_benefit_fiscal'] - want) > 1e-6 * max(1, abs(want)):
        print('# %s: pv_benefit_fiscal %r, want %r' % (a['id'], a['pv_benefit_fiscal'], want))
        failed = True
sys.exit(1 if failed else 0)
PY
ok $? "journeys intervals cover the truth; benefits per department follow from the effects"

run 0 "$VALUEMAP" run "$S/project.yaml"
expect_states "$ALL_SKIPPED"

# examples/cross-government runs as its README says, here on this smaller population in place
# of the demo's (its paths point into out/demo).
X=$TMP/x
mkdir -p "$X/examples" "$X/out"
cp -r "$ROOT/examples/cross-government" "$X/examples/"
ln -s "$S" "$X/out/demo"
run 0 "$VALUEMAP" run "$X/examples/cross-government/project.yaml"
expect_states "$ALL_DONE"
run 0 "$VALUEMAP" pool "$X/examples/cross-government/price-scenario.yaml" --out "$X/out/xg-price"
expect_file "$X/out/xg-price/pool.json"

# An events file is read by journeys only: link is skipped, the rest follows the new effects.
sed -i '2,$ s/,\([0-9][0-9.]*\)$/,1\1/' "$S/datasets/justice_events.csv"
run 0 "$VALUEMAP" run "$S/project.yaml"
expect_states "link=skipped journeys=done appraise=done pool=done report=done"

# The model is read by appraise and pool. A comment changes their inputs, not their outputs,
# so the report, which reads only outputs, is skipped; a new figure reruns it too.
echo "# changed" >>"$S/model.yaml"
run 0 "$VALUEMAP" run "$S/project.yaml"
expect_states "link=skipped journeys=skipped appraise=done pool=done report=skipped"
sed -i 's/participants: \([0-9]*\)/participants: 1\1/' "$S/model.yaml"
run 0 "$VALUEMAP" run "$S/project.yaml"
expect_states "link=skipped journeys=skipped appraise=done pool=done report=done"

# The title is the report's alone.
sed -i 's/^report: {title: /report: {title: New /' "$S/project.yaml"
run 0 "$VALUEMAP" run "$S/project.yaml"
expect_states "link=skipped journeys=skipped appraise=skipped pool=skipped report=done"

# A journeys file that fails: link keeps its outputs, the failure names the stage (exit 2).
(cd "$OUT" && find . -type f | sort | xargs sha256sum) >"$TMP/before"
sed -i 's/method: weighting/method: weighing/' "$S/journeys.yaml"
run 2 "$VALUEMAP" run "$S/project.yaml"
expect_states "link=skipped journeys=failed"
expect_stderr "valuemap: journeys: "
(cd "$OUT" && find . -type f | sort | xargs sha256sum) | grep -v journeys/.valuemap-stamp >"$TMP/after"
grep -v journeys/.valuemap-stamp "$TMP/before" | cmp -s - "$TMP/after"
ok $? "a failed journeys stage leaves every output as it was"

# link.encoded: each dataset encoded with the project key into OUT/encode/, the encodings
# linked; the key never reaches an output, and it is part of the link stage's inputs. The keys
# are fixed here (keygen has its own tests in test_pprl.sh): what encoded linkage finds depends
# on the key, and a test's verdict must not depend on a key drawn per run.
put_key() { rm -f "$E/project.key"; printf '%s\n' "$1" >"$E/project.key"; chmod 600 "$E/project.key"; }
E=$TMP/e
run 0 "$VALUEMAP" synth --people 3000 --seed 5 --out "$E" --quiet
put_key 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
sed -i 's|^datasets: .*|&\nlink: {encoded: {key_file: project.key, fields: [first_name, last_name, dob, sex, postcode]}}|' "$E/project.yaml"
run 0 "$VALUEMAP" run "$E/project.yaml"
expect_states "$ALL_DONE"
for f in encode/1-health.enc encode/2-dwp.enc encode/3-justice.enc link/clusters.csv; do
  expect_file "$E/out/$f"
done
! grep -rqF "$(cat "$E/project.key")" "$E/out"; ok $? "the key appears in no output or stamp"
run 0 "$VALUEMAP" run "$E/project.yaml"
expect_states "$ALL_SKIPPED"
put_key fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0
run 0 "$VALUEMAP" run "$E/project.yaml"
states | grep -q "^link=done "; ok $? "a new key reruns link"   # what follows depends on the key
chmod 644 "$E/project.key"
run 2 "$VALUEMAP" run "$E/project.yaml" --force
expect_stderr "valuemap: link: "
finish
