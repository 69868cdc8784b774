#!/usr/bin/env bash
# test_journeys.sh - `valuemap journeys` on generated worlds with a known effect
# (tests/journeys/make_world.py): the estimate against the truth and against an independent
# numpy computation, a confounded world where naive is biased and did is not, byte-identical
# outputs on 1 and 2 threads, every bad events file refused with file:line:col, and the
# effects fragment taken into a model with effects_from.
. "$(dirname "$0")/tap.sh"
PY=/usr/bin/python3
WORLD="$ROOT/tests/journeys/make_world.py"

# check_json FILE PYTHON-EXPRESSION over truth t (agency, year -> effect) and rows r of effects.csv
check_truth() { # check_truth DIR DESCRIPTION EXPRESSION
  $PY - "$1" "$3" <<'PY'
import csv, json, sys
d, expr = sys.argv[1], sys.argv[2]
t = {(e["agency"], e["year"]): e["effect"] for e in json.load(open(d + "/truth.json"))["effects"]}
r = [dict(x, truth=t[(x["agency"], int(x["year"]))]) for x in csv.DictReader(open(d + "/out/effects.csv"))]
for x in r:
    for k in ("effect", "se", "ci_low", "ci_high", "naive"):
        x[k] = float(x[k])
ok = eval(expr)
if not ok:
    for x in r:
        print("# %s %s truth %.0f effect %.0f se %.0f naive %.0f" % (x["agency"], x["year"], x["truth"], x["effect"], x["se"], x["naive"]))
sys.exit(0 if ok else 1)
PY
  ok $? "$2"
}

# An unconfounded world: the estimate is the truth within sampling error.
$PY "$WORLD" --people 2000 --seed 11 --bootstrap 100 --out "$TMP/w" >/dev/null
run 0 "$VALUEMAP" journeys "$TMP/w/journeys.yaml" --out "$TMP/w/out"
expect_stdout "change in cost per treated person"
expect_stdout "naive"
for f in cohort.csv balance.csv profiles.csv effects.csv effects.yaml journeys-summary.json; do
  expect_file "$TMP/w/out/$f"
done
head -1 "$TMP/w/out/effects.csv" | grep -qx "agency,year,effect,se,ci_low,ci_high,naive"; ok $? "effects.csv header"
head -1 "$TMP/w/out/cohort.csv" | grep -qx "cluster_id,group,index_date,weight"; ok $? "cohort.csv header"
head -1 "$TMP/w/out/balance.csv" | grep -qx "covariate,mean_treated,mean_comparison,smd_before,mean_weighted,smd_after"; ok $? "balance.csv header"
head -1 "$TMP/w/out/profiles.csv" | grep -qx "group,agency,year,persons,mean_cost,ci_low,ci_high"; ok $? "profiles.csv header"
check_truth "$TMP/w" "unconfounded: every effect within 4 standard errors of the truth" \
  'all(abs(x["effect"] - x["truth"]) < 4 * x["se"] for x in r)'
check_truth "$TMP/w" "intervals hold the estimate and se > 0" \
  'all(x["ci_low"] < x["effect"] < x["ci_high"] and x["se"] > 0 for x in r)'
$PY "$ROOT/tests/journeys/reference.py" "$TMP/w" "$TMP/w/out" >"$TMP/ref.txt"
! grep -q "^not ok" "$TMP/ref.txt"; ok $? "effects, naive, cohort and weights equal an independent numpy computation"
grep "^#" "$TMP/ref.txt"

# The same seed on 1 and 2 threads: the same bytes.
run 0 "$VALUEMAP" journeys "$TMP/w/journeys.yaml" --out "$TMP/w/t1" --threads 1 --quiet
run 0 "$VALUEMAP" journeys "$TMP/w/journeys.yaml" --out "$TMP/w/t2" --threads 2 --quiet
[ ! -s "$TMP/out" ]; ok $? "--quiet prints nothing"
for f in cohort.csv balance.csv profiles.csv effects.csv effects.yaml journeys-summary.json; do
  cmp -s "$TMP/w/t1/$f" "$TMP/w/t2/$f"; ok $? "$f identical on 1 and 2 threads"
done
cmp -s "$TMP/w/out/effects.csv" "$TMP/w/t1/effects.csv"; ok $? "effects.csv identical to the default thread count"

# A confounded world: take-up follows a need that drives costs; naive is biased, did is not.
$PY "$WORLD" --people 2000 --seed 12 --confounding 1.5 --bootstrap 100 --out "$TMP/c" >/dev/null
run 0 "$VALUEMAP" journeys "$TMP/c/journeys.yaml" --out "$TMP/c/out" --quiet
check_truth "$TMP/c" "confounded: did within 4 standard errors of the truth" \
  'all(abs(x["effect"] - x["truth"]) < 4 * x["se"] for x in r)'
check_truth "$TMP/c" "confounded: naive more than 4 standard errors off for every dwp year" \
  'all(abs(x["naive"] - x["truth"]) > 4 * x["se"] for x in r if x["agency"] == "dwp")'
check_truth "$TMP/c" "confounded: naive further from the truth than did in total" \
  'sum(abs(x["naive"] - x["truth"]) for x in r) > 3 * sum(abs(x["effect"] - x["truth"]) for x in r)'
$PY "$WORLD" --people 2000 --seed 12 --confounding 1.5 --bootstrap 50 --match exact --out "$TMP/e" >/dev/null
run 0 "$VALUEMAP" journeys "$TMP/e/journeys.yaml" --out "$TMP/e/out" --quiet
grep -q '"strata_matched"' "$TMP/e/out/journeys-summary.json"; ok $? "exact matching reports its strata"
check_truth "$TMP/e" "exact matching and did: within 4 standard errors of the truth" \
  'all(abs(x["effect"] - x["truth"]) < 4 * x["se"] for x in r)'
$PY "$WORLD" --people 1000 --seed 13 --bootstrap 20 --covariates "age, sex, index_year, pre_cost, pre_events" --out "$TMP/p" >/dev/null
run 0 "$VALUEMAP" journeys "$TMP/p/journeys.yaml" --out "$TMP/p/out" --quiet
grep -q '^pre_cost_dwp_-1,' "$TMP/p/out/balance.csv"; ok $? "pre_cost covariates per agency and pre year"
grep -q '^pre_events_moj,' "$TMP/p/out/balance.csv"; ok $? "pre_events covariates per agency"
$PY "$WORLD" --people 2000 --seed 12 --confounding 1.5 --bootstrap 0 --match none --estimate post --out "$TMP/n" >/dev/null
run 0 "$VALUEMAP" journeys "$TMP/n/journeys.yaml" --out "$TMP/n/out" --quiet
$PY "$ROOT/tests/journeys/reference.py" "$TMP/n" "$TMP/n/out" >"$TMP/ref.txt"
! grep -q "^not ok" "$TMP/ref.txt"; ok $? "none/post equals the independent computation; post without weights is naive"
grep -q '{outcome: journeys_dwp, change: -\?[0-9.e+-]*, start: 0, duration: 1}' "$TMP/n/out/effects.yaml"; ok $? "without a bootstrap effects.yaml holds plain numbers"

# Bad events files: each refused with file:line:col, naming the column, never the value.
$PY "$WORLD" --people 200 --seed 3 --bootstrap 10 --out "$TMP/b" >/dev/null
cp -r "$TMP/b" "$TMP/good"
bad_row() { # bad_row ROW EXPECTED-COLUMN MESSAGE
  cp "$TMP/good/health_events.csv" "$TMP/b/health_events.csv"
  echo "$1" >>"$TMP/b/health_events.csv"
  local line; line=$(wc -l <"$TMP/b/health_events.csv")
  run 2 "$VALUEMAP" journeys "$TMP/b/journeys.yaml" --out "$TMP/b/out"
  expect_stderr "health_events.csv:$line:$2: $3"
}
bad_row "H9999999,01/02/2018,VISIT,10" 1 "the record id is not in the dataset's records (column 'ref')"
bad_row "H0000001,31/02/2018,VISIT,10" 2 "unreadable date"
bad_row "H0000001,2018-02-01,VISIT,10" 2 "unreadable date"
bad_row "H0000001,01/02/2018,VISIT,12abc" 4 "unreadable cost: expected a number of pounds (column 'cost')"
bad_row "H0000001,01/02/2018,VISIT," 4 "unreadable cost"
! grep -q "H9999999\|12abc" "$TMP/err"; ok $? "messages never quote the data"
cp "$TMP/good/health_events.csv" "$TMP/b/health_events.csv"
echo "H0000001,01/02/2018,VISIT,£12.50" >>"$TMP/b/health_events.csv"
run 0 "$VALUEMAP" journeys "$TMP/b/journeys.yaml" --out "$TMP/b/out" --quiet
cp "$TMP/good/health_events.csv" "$TMP/b/health_events.csv"
echo "H0000001,01/02/2031,VISIT,10" >>"$TMP/b/health_events.csv"
run 0 "$VALUEMAP" journeys "$TMP/b/journeys.yaml" --out "$TMP/b/out" --quiet
expect_stderr "warning: 1 events fall outside window.observed"
grep -q '"events_outside_observed":.1,' "$TMP/b/out/journeys-summary.json"; ok $? "the summary counts it"
cp "$TMP/good/health_events.csv" "$TMP/b/health_events.csv"
sed -i 's/  cost: cost/  cost: costs/' "$TMP/b/health.yaml"
run 2 "$VALUEMAP" journeys "$TMP/b/journeys.yaml" --out "$TMP/b/out"
expect_stderr "health.yaml:12:9: events: column 'costs' is not in the header of"
sed -i 's/  cost: costs/  cots: cost/' "$TMP/b/health.yaml"
run 2 "$VALUEMAP" journeys "$TMP/b/journeys.yaml" --out "$TMP/b/out"
expect_stderr "health.yaml:12:3: events: unknown key 'cots' (did you mean 'cost'?)"
sed -i 's/  cots: cost/  cost: cost/; s/price_year: 2024/price_year: event/' "$TMP/b/health.yaml"
run 2 "$VALUEMAP" journeys "$TMP/b/journeys.yaml" --out "$TMP/b/out"
expect_stderr "journeys.deflator: no index for price_base 2024, which the costs of $TMP/b/health.yaml need"
sed -i 's/  price_base: 2024/  price_base: 2024\n  deflator: {2024: 100.0}/' "$TMP/b/journeys.yaml"
run 2 "$VALUEMAP" journeys "$TMP/b/journeys.yaml" --out "$TMP/b/out"
expect_stderr "(price_year: event) needs the deflator for 20"
sed -i 's/  deflator: {2024: 100.0}/  deflator: {2015: 85.0, 2016: 86.0, 2017: 88.0, 2018: 90.0, 2019: 92.0, 2020: 94.0, 2021: 95.0, 2022: 97.0, 2023: 99.0, 2024: 100.0}/' "$TMP/b/journeys.yaml"
run 0 "$VALUEMAP" journeys "$TMP/b/journeys.yaml" --out "$TMP/b/nominal" --quiet
sed -i 's/price_year: event/price_year: 2019/' "$TMP/b/health.yaml"
run 0 "$VALUEMAP" journeys "$TMP/b/journeys.yaml" --out "$TMP/b/fixed" --quiet
$PY - "$TMP/b" <<'PY'
import csv, sys
d = sys.argv[1]
def nhs(out):
    return [float(r["mean_cost"]) for r in csv.DictReader(open(f"{d}/{out}/profiles.csv"))
            if r["group"] == "comparison" and r["agency"] == "nhs"]
sys.exit(0 if all(abs(x * 92 / 100 - y) < 1e-9 * max(1, y) for x, y in zip(nhs("fixed"), nhs("out")))
         else 1)
PY
ok $? "costs at price_year 2019 are in price_base prices: x 100/92"
sed -i '/^events:/,$d' "$TMP/b/justice.yaml"
run 2 "$VALUEMAP" journeys "$TMP/b/journeys.yaml" --out "$TMP/b/out"
expect_stderr "justice.yaml:1:1: dataset spec: no 'events' block, which journeys needs"

# Usage.
run 2 "$VALUEMAP" journeys
expect_stderr "missing the journeys file"
run 2 "$VALUEMAP" journeys "$TMP/w/journeys.yaml"
expect_stderr "missing --out DIR"
run 2 "$VALUEMAP" journeys "$TMP/w/journeys.yaml" --out "$TMP/x" --bogus
expect_stderr "unknown option '--bogus'"
mkdir -p "$TMP/w/p" && cp "$TMP/w/clusters.csv" "$TMP/w/p/effects.csv"
run 2 "$VALUEMAP" journeys "$TMP/w/journeys.yaml" --out "$TMP/w/p" --clusters "$TMP/w/p/effects.csv"
expect_stderr "effects.csv"
cmp -s "$TMP/w/clusters.csv" "$TMP/w/p/effects.csv"; ok $? "an input is never overwritten"
run 0 "$VALUEMAP" journeys "$TMP/w/journeys.yaml" --out "$TMP/w/o3" --clusters "$TMP/w/clusters.csv" --quiet
sed 's/^journeys:/journeys:\n  nmae: x/' "$TMP/w/journeys.yaml" >"$TMP/w/bad.yaml"
run 2 "$VALUEMAP" journeys "$TMP/w/bad.yaml" --out "$TMP/x"
expect_stderr "bad.yaml:2:3: journeys: unknown key 'nmae' (did you mean 'name'?)"
sed 's/dataset: health, type: IPS_START/dataset: helth, type: IPS_START/' "$TMP/w/journeys.yaml" >"$TMP/w/bad.yaml"
run 2 "$VALUEMAP" journeys "$TMP/w/bad.yaml" --out "$TMP/x"
expect_stderr "cohorts.treated.dataset: no dataset 'helth' among journeys.datasets (did you mean 'health'?)"

# The fragment in a model: effects_from, and the errors naming both files.
cat >"$TMP/w/model.yaml" <<'YAML'
appraisal: {name: IPS, base_year: 2024, price_base: 2024, horizon: 5}
agencies: [{id: nhs}, {id: dwp}, {id: moj}]
interventions:
  - id: ips
    participants: 100
    costs: [{agency: nhs, amount: 2800, per: participant}]
    effects_from: out/effects.yaml
YAML
run 0 "$VALUEMAP" appraise "$TMP/w/model.yaml" --out "$TMP/w/a1" --draws 300 --seed 5 --threads 1 --save-inputs
run 0 "$VALUEMAP" appraise "$TMP/w/model.yaml" --out "$TMP/w/a2" --draws 300 --seed 5 --threads 2
cmp -s "$TMP/w/a1/draws.csv" "$TMP/w/a2/draws.csv"; ok $? "draws from the fragment are seed-reproducible"
head -1 "$TMP/w/a1/inputs.csv" | grep -qE "ips / [a-z_]+( \([0-9]+\))? / change"; ok $? "the fragment's distributions are sampled (inputs.csv with --save-inputs)"
sed 's/^agencies: \[{id: nhs}, {id: dwp}, {id: moj}\]/agencies: [{id: nhs}, {id: dwp}]/' "$TMP/w/model.yaml" >"$TMP/w/m2.yaml"
run 2 "$VALUEMAP" appraise "$TMP/w/m2.yaml" --out "$TMP/w/a3"
expect_stderr "effects.yaml:27:18: beneficiary 'moj' is not an agency of $TMP/w/m2.yaml"
sed 's/^interventions:/outcomes: [{id: journeys_dwp, value: 1, beneficiary: dwp}]\ninterventions:/' "$TMP/w/model.yaml" >"$TMP/w/m3.yaml"
run 2 "$VALUEMAP" appraise "$TMP/w/m3.yaml" --out "$TMP/w/a4"
expect_stderr "effects.yaml:14:9: outcome 'journeys_dwp' is already declared by $TMP/w/m3.yaml"
finish
