#!/usr/bin/env bash
# CLI tests of `valuemap run`: bad project files refused with file:line:col, stages skipped
# when their inputs are unchanged and rerun downstream of a change, a failing stage leaving the
# earlier outputs intact, and the end summary equal to summary.json and pool.json.
. "$(dirname "$0")/tap.sh"
DATA=$ROOT/tests/data/projects

# --- bad project files: exit 2, the expected message, the file named, nothing written
for project in "$DATA"/bad/*.yaml; do
  name=${project##*/}
  expected=$(sed -n '1s/^# expect: //p' "$project")
  "$VALUEMAP" run "$project" >"$TMP/out" 2>"$TMP/err"
  status=$?
  [ "$status" -eq 2 ]; ok $? "$name: exit 2 (got $status)"
  grep -qF -- "$expected" "$TMP/err"; ok $? "$name: says '$expected'"
  [ $? -eq 0 ] || sed 's/^/#   /' "$TMP/err"
done
[ ! -e "$DATA/bad/out" ]; ok $? "bad projects write nothing"

run 2 "$VALUEMAP" run
expect_stderr "missing the project file"
run 2 "$VALUEMAP" run "$DATA/project.yaml" --thread 2
expect_stderr "unknown option '--thread'"
run 2 "$VALUEMAP" run "$TMP/none.yaml"
expect_stderr "none.yaml: cannot read"

# Of files at the same distance from a missing one, the suggestion names the first by name,
# whatever order the folder lists them in (it took readdir's: tmpfs lists the newest first, ext4
# in an order of its own, so with eight candidates the old code named data1 only by chance).
mkdir -p "$TMP/tie"
cp "$DATA/model.yaml" "$TMP/tie/"
for i in 1 2 3 4 5 6 7 8; do touch "$TMP/tie/data$i.yaml"; done
printf 'project: {name: p}\ndatasets: [data9.yaml]\nmodel: model.yaml\n' >"$TMP/tie/project.yaml"
run 2 "$VALUEMAP" run "$TMP/tie/project.yaml"
expect_stderr "datasets: no file 'data9.yaml' (did you mean 'data1.yaml'?)"

# --- a project in a scratch folder: link, appraise and pool
P=$TMP/p
mkdir -p "$P"
cp "$DATA/project.yaml" "$DATA/model.yaml" "$ROOT"/tests/data/link/{health,work}.{yaml,csv} "$P/"
OUT=$P/out

# The state each stage ended in, from the stage lines on stderr: "link=done appraise=..."
states() {
  sed -n 's/^\([a-z]*\) *\.\.\. \([a-z]*\).*/\1=\2/p' "$TMP/err" | tr '\n' ' ' | sed 's/ $//'
}
expect_states() { [ "$(states)" = "$1" ]; ok $? "stages: $1"; [ "$(states)" = "$1" ] || echo "#   got: $(states)"; }
checksums() { (cd "$OUT" && find . -type f | sort | xargs sha256sum); }

run 0 "$VALUEMAP" run "$P/project.yaml" --threads 2
expect_states "link=done appraise=done pool=done report=done"
for f in link/clusters.csv link/linkmodel.json appraise/summary.json appraise/draws.csv \
         pool/pool.json pool/credits.csv report/report.html report/valuemap.xlsx; do
  expect_file "$OUT/$f"
done
for s in link appraise pool report; do expect_file "$OUT/$s/.valuemap-stamp"; done
expect_stdout "report: $OUT/report/report.html"
cp "$TMP/out" "$TMP/summary.txt"

# The summary equals what summary.json and pool.json say (read independently).
python3 - "$OUT" "$TMP/summary.txt" <<'PY'
import json, sys, math
out, text = sys.argv[1], open(sys.argv[2], encoding='utf-8').read()
summary = json.load(open(out + '/appraise/summary.json'))
pool = json.load(open(out + '/pool/pool.json'))
def money(x):
    r = math.floor(abs(x) + 0.5)
    return ('-' if x < 0 and r > 0 else '') + '\u00a3' + format(r, ',')
balance = {a['id']: a['balance'] for a in pool['agencies']}
failed = 0
def check(cond, what):
    global failed
    if not cond:
        failed += 1
        print('# summary mismatch:', what)
lines = text.splitlines()
for a in summary['agencies']:
    if not a['government']:
        check(not any(l.split()[:1] == [a['id']] for l in lines), a['id'] + ' is listed')
        continue
    row = [l.split() for l in lines if l.split()[:1] == [a['id']]]
    want = [a['id'], money(a['pv_cost']), money(a['pv_benefit_fiscal']), money(a['net_fiscal']),
            money(balance[a['id']])]
    check(row == [want], '%s: %s, want %s' % (a['id'], row, want))
check('net present social value ' + money(summary['totals']['npsv']) in text, 'npsv')
check('pooling unlocks ' + money(pool['portfolio']['unlocked']) + ' ' in text, 'unlocked')
gaps = [i['id'] for i in summary['interventions'] if i['collaboration_gap']]
check(gaps and ('no single department): ' + ' '.join(gaps)) in text, 'gap')
sys.exit(1 if failed else 0)
PY
ok $? "summary figures equal summary.json and pool.json"
expect_stdout "pooling unlocks £20,000"   # 2 x 600 x 100 - 1000 x 100: by hand
checksums >"$TMP/first"

# The stamps hold SHA-256 over the framed inputs that docs/projects.md defines, computed here
# independently: appraise reads the model with draws and seed, pool the model with budgets.
python3 - "$P" "$("$VALUEMAP" --version | cut -d' ' -f2)" <<'PY'
import hashlib, struct, sys
folder, version = sys.argv[1], sys.argv[2]
def item(tag, label, value):
    label = label.encode()
    return tag + struct.pack('<Q', len(label)) + label + struct.pack('<Q', len(value)) + value
def stamp(stage, options, files):
    h = hashlib.sha256(item(b'v', 'valuemap', version.encode()) + item(b's', 'stage', stage.encode()))
    for key, value in options:
        h.update(item(b'o', key, value.encode()))
    for label, path in files:
        h.update(item(b'f', label, hashlib.sha256(open(folder + '/' + path, 'rb').read()).digest()))
    return 'valuemap-stamp sha256 ' + h.hexdigest() + '\n'
want = {'appraise': stamp('appraise', [('draws', '200'), ('seed', '7')], [('model', 'model.yaml')]),
        'pool': stamp('pool', [('dhsc', '200000')], [('model', 'model.yaml')]),
        'link': stamp('link', [('mode', 'cleartext')], [('spec', 'health.yaml'), ('data', 'health.csv'),
                                                        ('spec', 'work.yaml'), ('data', 'work.csv')])}
bad = [s for s in want if open(folder + '/out/' + s + '/.valuemap-stamp').read() != want[s]]
print('# stamps that differ:', bad) if bad else None
sys.exit(1 if bad else 0)
PY
ok $? "each stamp is the SHA-256 of its stage's framed inputs (computed independently)"

# A second run skips every stage and rewrites nothing.
run 0 "$VALUEMAP" run "$P/project.yaml"
expect_states "link=skipped appraise=skipped pool=skipped report=skipped"
checksums >"$TMP/second"
cmp -s "$TMP/first" "$TMP/second"; ok $? "a skipped run leaves every output as it was"
cmp -s "$TMP/out" "$TMP/summary.txt"; ok $? "a skipped run prints the same summary"

# Only the contents count: a new timestamp changes nothing.
touch "$P"/*.yaml "$P"/*.csv
run 0 "$VALUEMAP" run "$P/project.yaml"
expect_states "link=skipped appraise=skipped pool=skipped report=skipped"

# A changed model reruns appraise and pool, not link. A comment changes none of their outputs,
# so the report, which reads only outputs, is skipped.
echo "# a comment changes the file" >>"$P/model.yaml"
run 0 "$VALUEMAP" run "$P/project.yaml"
expect_states "link=skipped appraise=done pool=done report=skipped"

# A changed dataset reruns link, and the report of link's new outputs; appraise and pool do
# not read it.
sed -i 's/Smith/Smyth/' "$P/health.csv"
run 0 "$VALUEMAP" run "$P/project.yaml"
expect_states "link=done appraise=skipped pool=skipped report=done"

# Options count: draws rerun appraise; a budget reruns pool.
sed -i 's/draws: 200/draws: 300/' "$P/project.yaml"
run 0 "$VALUEMAP" run "$P/project.yaml"
expect_states "link=skipped appraise=done pool=skipped report=done"
sed -i 's/dhsc: 200000/dhsc: 150000/' "$P/project.yaml"
run 0 "$VALUEMAP" run "$P/project.yaml"
expect_states "link=skipped appraise=skipped pool=done report=done"

# --force reruns everything.
run 0 "$VALUEMAP" run "$P/project.yaml" --force --quiet
[ ! -s "$TMP/out" ] && ! grep -q '\.\.\.' "$TMP/err"; ok $? "--quiet prints no stage lines or summary"
run 0 "$VALUEMAP" run "$P/project.yaml"
expect_states "link=skipped appraise=skipped pool=skipped report=skipped"
run 0 "$VALUEMAP" run "$P/project.yaml" --force
expect_states "link=done appraise=done pool=done report=done"

# --- a failing stage: bad input (exit 2) in appraise
checksums >"$TMP/before"
cp "$P/model.yaml" "$TMP/model.good"
sed -i 's/discount: stpr/discount: stpx/' "$P/model.yaml"
run 2 "$VALUEMAP" run "$P/project.yaml"
expect_states "link=skipped appraise=failed"
expect_stderr "valuemap: appraise: $P/model.yaml:"
checksums | grep -v 'appraise/.valuemap-stamp' >"$TMP/after"
grep -v 'appraise/.valuemap-stamp' "$TMP/before" | cmp -s - "$TMP/after"
ok $? "the failed stage and the stages before keep their outputs"
expect_no_file "$OUT/appraise/.valuemap-stamp"
cp "$TMP/model.good" "$P/model.yaml"
run 0 "$VALUEMAP" run "$P/project.yaml"
expect_states "link=skipped appraise=done pool=skipped report=skipped"   # the same outputs again

# --- a run-time failure (exit 1): the pool's folder cannot be made
rm -rf "$OUT/pool" && echo "not a folder" >"$OUT/pool"
run 1 "$VALUEMAP" run "$P/project.yaml"
expect_states "link=skipped appraise=skipped pool=failed"
expect_stderr "valuemap: pool: "
expect_file "$OUT/appraise/summary.json"
rm -f "$OUT/pool"
run 0 "$VALUEMAP" run "$P/project.yaml"
expect_states "link=skipped appraise=skipped pool=done report=skipped"   # the same outputs again

finish
