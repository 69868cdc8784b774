#!/usr/bin/env bash
# CLI tests of the reference data shipped in the library: {ucd: CODE} values, ucd_agencies,
# `deflator: hmt` (the default), and `valuemap ucd search`.
. "$(dirname "$0")/tap.sh"
M=$ROOT/tests/data/models/ucd

# A model drawing its numbers from the unit cost database and the HM Treasury deflator gives
# the same figures as the same model with the numbers typed in by hand (typed.yaml).
run 0 "$VALUEMAP" appraise "$M/by-code.yaml" --out "$TMP/code" --quiet
run 0 "$VALUEMAP" appraise "$M/typed.yaml" --out "$TMP/typed" --quiet
cmp -s "$TMP/code/flows.csv" "$TMP/typed/flows.csv"; ok $? "flows.csv identical to the typed-in model's"
cmp -s "$TMP/code/matrix.csv" "$TMP/typed/matrix.csv"; ok $? "matrix.csv identical"
python3 - "$TMP/code/summary.json" "$TMP/typed/summary.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a["appraisal"]["deflator"] == "hmt" and b["appraisal"]["deflator"] == "model"
for key in ("totals", "interventions", "agencies", "matrix"):
    assert a[key] == b[key], key
PY
ok $? "summary.json: the same totals, interventions, agencies and matrix; deflator hmt vs model"

# deflator: hmt written out is the default; a model's own series wins over it.
sed 's/^ucd_agencies:/deflator: hmt\nucd_agencies:/' "$M/by-code.yaml" > "$TMP/hmt.yaml"
run 0 "$VALUEMAP" appraise "$TMP/hmt.yaml" --out "$TMP/hmt" --quiet
cmp -s "$TMP/code/flows.csv" "$TMP/hmt/flows.csv"; ok $? "deflator: hmt is the default"
sed 's/^ucd_agencies:/deflator: {2008: 50, 2013: 50, 2014: 50, 2024: 100}\nucd_agencies:/' \
  "$M/by-code.yaml" > "$TMP/own.yaml"
run 0 "$VALUEMAP" appraise "$TMP/own.yaml" --out "$TMP/own" --quiet
grep -q '^ips,0,2024,nhs,cost,cost,false,,87120,1,87120$' "$TMP/own/flows.csv"
ok $? "the model's own deflator wins: 363 x 120 x 100/50 = 87,120"

# Mistakes: an unknown code (with did-you-mean), a shared entry without shares, an agency not
# mapped, a name the database does not use, a year outside the shipped series.
bad() { # bad NAME SED-EXPRESSION EXPECTED-STDERR
  sed "$2" "$M/by-code.yaml" > "$TMP/$1.yaml"
  run 2 "$VALUEMAP" appraise "$TMP/$1.yaml" --out "$TMP/bad-$1"
  expect_stderr "$3"
  expect_no_file "$TMP/bad-$1/summary.json"
}
bad unknown 's/E&E1.0.1}/E\&E1.01}/' \
  "unknown.yaml:11:33: outcome 'benefits': value: unknown unit cost 'E&E1.01' (did you mean 'E&E1.0'?); "'`valuemap ucd search WORDS` lists the codes'
bad case 's/E&E1.0.1}/e\&e1.0.1}/' "unknown unit cost 'e&e1.0.1' (did you mean 'E&E1.0.1'?)"
bad shared 's/, beneficiaries: {dwp: 0.94, nhs: 0.06}//' \
  "outcome 'both': unit cost E&E1.0 is shared by several agencies; give 'beneficiaries', or use its parts (E&E1.0.1"
bad unmapped 's/, police: police//' \
  "outcome 'arrests': missing 'beneficiary': unit cost CR7.0 falls to 'Police'; map it to one of the model's agencies under 'ucd_agencies' (Police: ID)"
bad name 's/police: police/polise: police/' \
  "ucd_agencies: 'polise' is not an agency of the unit cost database (did you mean 'Police'?)"
bad agency 's/police: police}/police: polise}/' "ucd_agencies: unknown agency 'polise' (did you mean 'police'?)"
bad year 's/price_year: 2008/price_year: 1985/' \
  "outcome 'arrests': price_year 1985 needs a deflator index for 1985, outside the HM Treasury series (1990 to 2024); give the model its own series under 'deflator'"
bad extra 's/{ucd: CR7.0}/{ucd: CR7.0, year: 2008}/' "outcome 'arrests': value: unknown key 'year'; expected one of: ucd"
bad deflator 's/^ucd_agencies:/deflator: ons\nucd_agencies:/' \
  "deflator: expected hmt (the HM Treasury series shipped with valuemap) or a mapping of year to index"

# ucd search: every word must match (ignoring case and punctuation); the value is exact.
run 0 "$VALUEMAP" ucd search jobseeker work health
expect_stdout "E&E1.0.2         £566  2013 (2012/13)  NHS"
expect_stdout "1 entry of the GMCA Unit Cost Database v1.4"
run 0 "$VALUEMAP" ucd search "residential care" "older people" weekly
expect_stdout "SS7.0         £538.23  2014 (2013/14)  Local Authority (Social Services)"
run 0 "$VALUEMAP" ucd search
expect_stdout "674 entries of the GMCA Unit Cost Database v1.4"
run 0 "$VALUEMAP" ucd search nosuchthing
expect_stdout "no unit cost matches 'nosuchthing'"
run 2 "$VALUEMAP" ucd find x
expect_stderr "ucd: unknown action 'find'; expected search"
run 2 "$VALUEMAP" ucd
expect_stderr "expected 'search WORDS...'"
finish
