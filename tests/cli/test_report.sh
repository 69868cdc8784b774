#!/bin/sh
# CLI tests of `valuemap report`: a whole run and single stages reported, the workbook checked
# independently (zip, well-formed XML, sheet names, formula injection stored as text), the HTML
# self-contained and escaped, and every malformed or missing input refused with file:line and
# nothing written.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/report_fixture.sh"
CHECK="/usr/bin/python3 $ROOT/tests/cli/report_checks.py"

make_run; ok $? "the stages write a run folder"

run 0 "$VALUEMAP" report "$TMP/run" --out "$TMP/rep"
expect_file "$TMP/rep/report.html"
expect_file "$TMP/rep/valuemap.xlsx"
expect_stdout "report of link, journeys, appraise, pool"
expect_stdout "$TMP/rep/report.html"
for id in headline value-map lenses over-time uncertainty pool journeys linkage; do
  grep -q "<section id=\"$id\"" "$TMP/rep/report.html"; ok $? "report.html has the $id section"
done
$CHECK workbook "$TMP/rep/valuemap.xlsx" "Summary,Agencies,Interventions,Value map,Flows,Uncertainty,Sensitivity,Pool,Portfolio,Credits,Journeys,Journey profiles,Journey balance,Linkage,Blocking"
ok $? "the workbook is a valid xlsx with a sheet per table"

# Self-contained: no script, nothing fetched from anywhere.
! grep -qi '<script\|<link\|@import\|url(' "$TMP/rep/report.html"; ok $? "no script, stylesheet link, import or url()"
! grep -Eqi '(src|href)="[a-z]+:' "$TMP/rep/report.html"; ok $? "no src or href to another place"
grep -q '@media print' "$TMP/rep/report.html"; ok $? "a print stylesheet"
# Figures that people read: the deal in words, from credits.csv (DWP's Shapley balance).
balance=$(awk -F, '$1=="shapley" && $2=="dwp" {printf "%.0f", $5}' "$TMP/run/pool/credits.csv")
[ "$balance" -gt 1000000 ]; ok $? "DWP owes the pool more than £1m in the demo ($balance)"
grep -q "DWP pays the pool £2.3m" "$TMP/rep/report.html"; ok $? "the deal in words: DWP pays the pool £2.3m"

# A title, and the same outputs again replace the earlier ones.
run 0 "$VALUEMAP" report "$TMP/run" --out "$TMP/rep" --title "Joined-up <support>" --quiet
[ ! -s "$TMP/out" ]; ok $? "--quiet prints nothing"
grep -q "<h1>Joined-up &lt;support&gt;</h1>" "$TMP/rep/report.html"; ok $? "the title, escaped"

# One stage's own folder.
run 0 "$VALUEMAP" report "$TMP/run/appraise" --out "$TMP/one"
expect_stdout "report of appraise in"
! grep -q 'id="pool"' "$TMP/one/report.html"; ok $? "no pool section without pool's files"
$CHECK workbook "$TMP/one/valuemap.xlsx" "Summary,Agencies,Interventions,Value map,Flows,Uncertainty,Sensitivity"
ok $? "appraise alone: its sheets only"
run 0 "$VALUEMAP" report "$TMP/run/pool" --out "$TMP/pool-only"
expect_stderr "valuemap: warning: $TMP/run/pool: pool's files without appraise's"
grep -q 'id="pool"' "$TMP/pool-only/report.html"; ok $? "pool alone: its section"
run 0 "$VALUEMAP" report "$ROOT/tests/data/report/journeys" --out "$TMP/j"
grep -q 'id="journeys"' "$TMP/j/report.html"; ok $? "journeys alone: its section"

# Real journeys outputs (synth, link, journeys), beside the hand-written fixture.
"$VALUEMAP" synth --people 1500 --seed 3 --out "$TMP/syn" --quiet &&
  "$VALUEMAP" link "$TMP"/syn/datasets/health.yaml "$TMP"/syn/datasets/dwp.yaml \
    "$TMP"/syn/datasets/justice.yaml --out "$TMP/syn/out/link" --quiet 2>/dev/null &&
  "$VALUEMAP" journeys "$TMP/syn/journeys.yaml" --clusters "$TMP/syn/out/link/clusters.csv" \
    --out "$TMP/syn/out/journeys" --quiet
ok $? "synth, link and journeys write their files"
run 0 "$VALUEMAP" report "$TMP/syn/out" --out "$TMP/syn/report"
expect_stdout "report of link, journeys in"
grep -q 'id="journeys"' "$TMP/syn/report/report.html"; ok $? "journeys' own files: the journeys section"

# Names that a spreadsheet or a browser would run.
model=$ROOT/tests/data/report/inject-model.yaml
"$VALUEMAP" appraise "$model" --out "$TMP/inj/appraise" --draws 100 --quiet &&
  "$VALUEMAP" pool "$model" --out "$TMP/inj/pool" --quiet; ok $? "the injection model runs"
run 0 "$VALUEMAP" report "$TMP/inj" --out "$TMP/inj/out"
$CHECK workbook "$TMP/inj/out/valuemap.xlsx" "Summary,Agencies,Interventions,Value map,Flows,Uncertainty,Sensitivity,Pool,Portfolio,Credits" \
  '=HYPERLINK("http://example.invalid/x","click")' "+cmd|' /C calc'!A0" '@SUM(1+1)' '=1+1'
ok $? "=HYPERLINK, +cmd, @SUM and =1+1 are stored as text, never formulas"
! grep -q '<script\|<img' "$TMP/inj/out/report.html"; ok $? "markup in names is escaped in the HTML"
grep -q '&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; co' "$TMP/inj/out/report.html"
ok $? "the appraisal's name shows as text"

# Each stage ends by saying where its files are and how to make them a report.
run 0 "$VALUEMAP" pool "$ROOT/tests/data/pool/three.yaml" --out "$TMP/three"
expect_stdout "outputs in $TMP/three: pool.json portfolio.csv credits.csv"
expect_stdout "valuemap report $TMP/three --out $TMP/three/report"
run 0 "$VALUEMAP" appraise "$ROOT/tests/data/pool/three.yaml" --out "$TMP/three"
expect_stdout "valuemap report $TMP/three --out $TMP/three/report"
run 0 "$VALUEMAP" link "$ROOT/tests/data/link/health.yaml" --out "$TMP/l1"
expect_stdout "valuemap report $TMP/l1 --out $TMP/l1/report"
run 0 "$VALUEMAP" appraise "$ROOT/tests/data/pool/three.yaml" --out "$TMP/three" --quiet
[ ! -s "$TMP/out" ]; ok $? "--quiet: no hint either"

# draws.csv: quoted fields take the general reader, CRLF lines the fast one; same figures.
cp -r "$TMP/run/appraise" "$TMP/q"; sed -i '1s/^draw,/"draw",/' "$TMP/q/draws.csv"
run 0 "$VALUEMAP" report "$TMP/q" --out "$TMP/q/out"
cp -r "$TMP/run/appraise" "$TMP/crlf"; sed -i 's/$/\r/' "$TMP/crlf/draws.csv"
run 0 "$VALUEMAP" report "$TMP/crlf" --out "$TMP/crlf/out"
"$VALUEMAP" report "$TMP/run/appraise" --out "$TMP/plain" --quiet
for d in q crlf; do
  sed -n '/npsv-spread-t npsv-spread-d/,/<\/svg>/p' "$TMP/$d/out/report.html" >"$TMP/$d.svg"
  sed -n '/npsv-spread-t npsv-spread-d/,/<\/svg>/p' "$TMP/plain/report.html" >"$TMP/plain.svg"
  [ -s "$TMP/plain.svg" ] && cmp -s "$TMP/$d.svg" "$TMP/plain.svg"; ok $? "draws.csv read the same way ($d)"
done

# Usage.
run 2 "$VALUEMAP" report "$TMP/run"
expect_stderr "missing --out DIR"
run 2 "$VALUEMAP" report --out "$TMP/x"
expect_stderr "missing the folder to report"
run 2 "$VALUEMAP" report "$TMP/run" --out "$TMP/x" --colour red
expect_stderr "unknown option '--colour'"

# Bad inputs: file:line, exit 2, nothing written (and earlier outputs untouched).
mkdir -p "$TMP/empty"
run 2 "$VALUEMAP" report "$TMP/empty" --out "$TMP/bad"
expect_stderr "no stage outputs found"
expect_no_file "$TMP/bad/report.html"

cp -r "$TMP/run/appraise" "$TMP/a1"; rm "$TMP/a1/flows.csv"
run 2 "$VALUEMAP" report "$TMP/a1" --out "$TMP/bad"
expect_stderr "a1/flows.csv: missing"
expect_no_file "$TMP/bad/valuemap.xlsx"

cp -r "$TMP/run/appraise" "$TMP/a2"; printf '{\n  "totals": {\n    "npsv": 1,,\n' > "$TMP/a2/summary.json"
run 2 "$VALUEMAP" report "$TMP/a2" --out "$TMP/bad"
expect_stderr "a2/summary.json:3:"
expect_stderr ": not valid JSON"

cp -r "$TMP/run/appraise" "$TMP/a3"; sed -i '3s/,[^,]*$/,lots/' "$TMP/a3/flows.csv"
run 2 "$VALUEMAP" report "$TMP/a3" --out "$TMP/bad"
expect_stderr "a3/flows.csv:3: column 'pv': expected a number"

cp -r "$TMP/run/appraise" "$TMP/a4"; sed -i '1s/,pv$/,present_value/' "$TMP/a4/flows.csv"
run 2 "$VALUEMAP" report "$TMP/a4" --out "$TMP/bad"
expect_stderr "a4/flows.csv:1: missing column 'pv'"

cp -r "$TMP/run/pool" "$TMP/p1"; printf 'method,agency\n' > "$TMP/p1/credits.csv"
run 2 "$VALUEMAP" report "$TMP/p1" --out "$TMP/rep"
expect_stderr "p1/credits.csv:1: missing column 'contribution'"
grep -q "Joined-up &lt;support&gt;" "$TMP/rep/report.html"; ok $? "a failed report leaves the earlier one untouched"

cp -r "$TMP/run/appraise" "$TMP/a5"; printf 'draw,npsv\n0,1,2\n' > "$TMP/a5/draws.csv"
run 2 "$VALUEMAP" report "$TMP/a5" --out "$TMP/bad"
expect_stderr "a5/draws.csv:2:"
expect_no_file "$TMP/bad/report.html"
[ ! -d "$TMP/bad" ] || [ -z "$(ls -A "$TMP/bad")" ]; ok $? "no output folder or temporary file left"
finish
