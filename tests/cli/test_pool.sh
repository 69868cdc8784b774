#!/usr/bin/env bash
# CLI tests of `valuemap pool`: outputs against the hand-worked figures of
# tests/data/pool/three.yaml (see the comments there and in tests/unit/test_pool_credits.c),
# budgets, and usage errors.
. "$(dirname "$0")/tap.sh"
THREE=$ROOT/tests/data/pool/three.yaml
EXAMPLE=$ROOT/examples/mental-health-employment/model.yaml

# json_is FILE PYTHON-EXPRESSION DESCRIPTION: the expression, over the document `d`, is true.
json_is() {
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"
  ok $? "$3"
}
near() { echo "abs(($1) - ($2)) < 1e-6"; }

run 0 "$VALUEMAP" help pool
expect_stdout "--budget AGENCY=AMOUNT"
run 2 "$VALUEMAP" pool "$THREE"
expect_stderr "missing --out DIR"

run 0 "$VALUEMAP" pool "$THREE" --out "$TMP/p"
for f in pool.json portfolio.csv credits.csv; do expect_file "$TMP/p/$f"; done
expect_stdout "Pooling unlocks £10 of net fiscal value"
expect_stdout "funded only by pooling (the collaboration gap): x"
J=$TMP/p/pool.json
json_is "$J" "$(near "d['surplus']" 40)" "surplus is v(all) = 40"
json_is "$J" "[round(a['shapley'], 9) for a in d['agencies']] == [5, 35, 0]" "shapley (5, 35, 0)"
json_is "$J" "[round(a['contribution'], 9) for a in d['agencies']] == [55, 95, 0]" \
  "contributions (55, 95, 0)"
json_is "$J" "[round(a['balance'], 9) for a in d['agencies']] == [-45, 45, 0]" \
  "balances (-45, 45, 0): a is owed, b owes"
json_is "$J" "[round(a['scrb'], 9) for a in d['agencies']] == [55, 95, 0]" "scrb (55, 95, 0)"
json_is "$J" "$(near "d['agencies'][0]['proportional_contribution']" "150 * 60 / 190")" \
  "proportional contribution of a is 150 * 60/190"
json_is "$J" "[(i['funded_pooled'], i['funded_siloed'], i['collaboration_gap']) \
  for i in d['interventions']] == [(True, False, True), (True, True, False), (False, False, False)]" \
  "funded sets: x pooled only, y both, z neither"
json_is "$J" "d['portfolio']['siloed_net'] == 30 and d['portfolio']['pooled_net'] == 40 \
  and d['portfolio']['unlocked'] == 10" "portfolio 30 siloed, 40 pooled, 10 unlocked"
json_is "$J" "[a['id'] for a in d['agencies']] == ['a', 'b', 'c']" \
  "only government agencies are players"
grep -q '^shapley,b,95,50,45$' "$TMP/p/credits.csv"
ok $? "credits.csv: b contributes 95, spends 50, owes 45"
grep -q '^x,100,110,10,true,false,,true$' "$TMP/p/portfolio.csv"
ok $? "portfolio.csv: x is in the collaboration gap"
[ -z "$(ls -A "$TMP/p" | grep '^\.')" ]
ok $? "no temporary files left behind"

# b's budget (40) is below y's cost (50): siloed budgets fund nothing; the pool (140) funds y,
# the better of x (net 10) and y (net 30) since both would cost 150.
run 0 "$VALUEMAP" pool "$THREE" --out "$TMP/b" --budget a=100 --budget b=40
J=$TMP/b/pool.json
json_is "$J" "[i['funded_pooled'] for i in d['interventions']] == [False, True, False]" \
  "budgeted pool funds y only"
json_is "$J" "d['portfolio']['unlocked'] == 30 and d['portfolio']['budgets']['pooled'] == 140" \
  "budgeted: pooling unlocks 30 within 140"
run 0 "$VALUEMAP" pool "$THREE" --out "$TMP/c" --pooled 160 --quiet
json_is "$TMP/c/pool.json" "[i['funded_pooled'] for i in d['interventions']] == [True, True, False]" \
  "a pooled budget of 160 funds x and y"
[ ! -s "$TMP/out" ]
ok $? "--quiet prints nothing"

# Synthetic models (bench/gen-pool-model.py): efficiency and balance through the whole verb,
# exact with 12 agencies, estimated with 22 agencies that every intervention touches.
for shape in "12 40 3 sparse exact" "22 30 5 dense sampled"; do
  set -- $shape
  python3 "$ROOT/bench/gen-pool-model.py" "$1" "$2" "$3" "$4" >"$TMP/gen.yaml"
  run 0 "$VALUEMAP" pool "$TMP/gen.yaml" --out "$TMP/gen" --quiet
  J=$TMP/gen/pool.json
  json_is "$J" "d['shapley']['method'] == '$5'" "$1 agencies, $4: $5 Shapley"
  json_is "$J" "$(near "sum(a['shapley'] for a in d['agencies']) / d['surplus']" 1)" \
    "$1 agencies: shares sum to the surplus"
  for m in contribution proportional_contribution scrb; do
    json_is "$J" "$(near "sum(a['$m'] for a in d['agencies']) / d['funded_cost']" 1)" \
      "$1 agencies: ${m}s sum to the funded cost"
  done
done
json_is "$J" "all(a['shapley_se'] > 0 for a in d['agencies'])" "estimates carry standard errors"

# Against an independent reference (pool_reference.py) computed from appraise's flows.csv:
# harm elsewhere, non-government payers and health discounting; sparse and dense models.
reference() { # reference NAME MODEL AGENCY...
  local name=$1 model=$2; shift 2
  "$VALUEMAP" appraise "$model" --out "$TMP/$name" --quiet &&
    "$VALUEMAP" pool "$model" --out "$TMP/$name" --quiet &&
    python3 "$(dirname "$0")/pool_reference.py" "$TMP/$name/flows.csv" "$TMP/$name/pool.json" "$@"
  ok $? "$name: shares, credits, funded sets and portfolio match the reference"
}
reference harm "$ROOT/tests/data/pool/harm.yaml" a b c
reference three "$THREE" a b c
python3 "$ROOT/bench/gen-pool-model.py" 8 30 4 sparse >"$TMP/sparse.yaml"
reference sparse "$TMP/sparse.yaml" ag01 ag02 ag03 ag04 ag05 ag06 ag07 ag08
python3 "$ROOT/bench/gen-pool-model.py" 6 20 8 dense >"$TMP/dense.yaml"
reference dense "$TMP/dense.yaml" ag01 ag02 ag03 ag04 ag05 ag06

run 2 "$VALUEMAP" pool "$EXAMPLE" --out "$TMP/e" --budget dwpp=100
expect_stderr "unknown agency 'dwpp' (did you mean 'dwp'?)"
run 2 "$VALUEMAP" pool "$THREE" --out "$TMP/e" --budget d=1
expect_stderr "unknown agency 'd' (expected one of: a, b, c)"
run 2 "$VALUEMAP" pool "$THREE" --out "$TMP/e" --budget people=1
expect_stderr "'people' is not a government agency"
run 2 "$VALUEMAP" pool "$THREE" --out "$TMP/e" --budget a=lots
expect_stderr "--budget: expected an amount of at least 0, not 'lots'"
run 2 "$VALUEMAP" pool "$THREE" --out "$TMP/e" --budget a
expect_stderr "expected AGENCY=AMOUNT, not 'a'"
run 2 "$VALUEMAP" pool "$THREE" --out "$TMP/e" --pooled -5
expect_stderr "--pooled: expected an amount of at least 0, not '-5'"
expect_no_file "$TMP/e"
# A budget given twice, or in hexadecimal, is a usage error (found in review).
run 2 "$VALUEMAP" pool "$ROOT/tests/data/pool/three.yaml" --out "$TMP/twice" --budget a=5 --budget a=7
expect_stderr "'a' has a budget already"
run 2 "$VALUEMAP" pool "$ROOT/tests/data/pool/three.yaml" --out "$TMP/hex" --budget a=0x10
expect_stderr "expected an amount of at least 0, not '0x10'"
# Every government agency is a candidate suggestion, not only the first 256 (a fixed list).
/usr/bin/python3 - "$TMP/many.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("appraisal: {name: many, base_year: 2025, horizon: 1, discount: 0}\nagencies:\n")
    for k in range(300):
        f.write(f"  - {{id: dept{k}}}\n")
    f.write("outcomes:\n  - {id: o, value: 10, kind: fiscal, beneficiary: dept299}\n")
    f.write("interventions:\n  - {id: x, participants: 1, costs: [{agency: dept0, amount: 5, per: total}],\n")
    f.write("     effects: [{outcome: o, change: 1}]}\n")
PY
run 2 "$VALUEMAP" pool "$TMP/many.yaml" --out "$TMP/many" --budget dept299x=5
expect_stderr "unknown agency 'dept299x' (did you mean 'dept299'?)"
finish
