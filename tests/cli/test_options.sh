#!/usr/bin/env bash
# CLI tests of the shortlist (`options:`): totals, per-agency net and ranks, checked by hand on
# tests/data/models/options/shortlist.yaml (year 0 only: no discounting, no deflator).
. "$(dirname "$0")/tap.sh"
MODEL=$ROOT/tests/data/models/options/shortlist.yaml

run 0 "$VALUEMAP" appraise "$MODEL" --out "$TMP/o"
expect_stdout "options side by side (present values; rank 1 is best)"
expect_stdout "  npsv                             £0          £20,000          £23,000         -£15,000           £8,000"
expect_stdout "  rank by npsv                      4                2                1                5                3"
expect_stdout "  rank by bcr                       -                1                2                4                3"
expect_stdout "  net to nhs                       £0          -£2,500           £5,500           £1,250           £6,750"
expect_stdout "outputs in $TMP/o: summary.json flows.csv agencies.csv matrix.csv"
# By hand: a costs 10,000 and brings 30 jobs x 1,000 (dwp 3/4, nhs 1/4); b costs 5,000 and
# brings 80 visits x 100 to nhs; c costs 20,000 and brings 5 jobs x 1,000.
python3 - "$TMP/o/summary.json" <<'PY'
import json, sys
options = {o["id"]: o for o in json.load(open(sys.argv[1]))["options"]}
want = {  # id: cost, benefit, rank by npsv, rank by bcr, net to dwp, net to nhs
    "do_minimum": (0, 0, 4, None, 0, 0),
    "a_only": (10000, 30000, 2, 1, 22500, 7500 - 10000),
    "a_and_b": (15000, 38000, 1, 2, 22500 - 5000, 7500 - 10000 + 8000),
    "c_only": (20000, 5000, 5, 4, 3750 - 20000, 1250),
    "all": (35000, 43000, 3, 3, 22500 - 5000 + 3750 - 20000, 7500 - 10000 + 8000 + 1250),
}
assert list(options) == list(want), list(options)
for key, (cost, benefit, rank_npsv, rank_bcr, dwp, nhs) in want.items():
    o = options[key]
    assert abs(o["pv_cost"] - cost) < 1e-9 and abs(o["pv_benefit"] - benefit) < 1e-9, key
    assert abs(o["npsv"] - (benefit - cost)) < 1e-9, key
    assert o["bcr"] is None if cost == 0 else abs(o["bcr"] - benefit / cost) < 1e-12, key
    assert (o["rank_npsv"], o["rank_bcr"]) == (rank_npsv, rank_bcr), key
    nets = {a["id"]: a["net"] for a in o["agencies"]}
    assert abs(nets["dwp"] - dwp) < 1e-9 and abs(nets["nhs"] - nhs) < 1e-9, key
assert options["a_and_b"]["interventions"] == ["a", "b"]
PY
ok $? "options[]: totals, per-agency net and ranks as computed by hand"

bad() { # bad NAME SED-EXPRESSION EXPECTED-STDERR
  sed "$2" "$MODEL" > "$TMP/$1.yaml"
  run 2 "$VALUEMAP" appraise "$TMP/$1.yaml" --out "$TMP/bad-$1"
  expect_stderr "$3"
}
bad unknown 's/interventions: \[a, b\]}/interventions: [a, bb]}/' \
  "option 'a_and_b': unknown intervention 'bb' (did you mean 'b'?)"
bad twice 's/interventions: \[a, b\]}/interventions: [a, a]}/' \
  "option 'a_and_b': intervention 'a' is listed twice"
bad empty 's/interventions: \[c\]}/interventions: []}/' \
  "option 'c_only': interventions: the list is empty; the do-minimum (no intervention) is implied and need not be listed"
bad reserved 's/id: all,/id: do_minimum,/' "option 'do_minimum': the id do_minimum is kept for the implied option"
bad key 's/{id: c_only, /{id: c_only, intervention: [c], /' "option 3: unknown key 'intervention' (did you mean 'interventions'?)"
bad same 's/id: all,/id: c_only,/' "option 'c_only' is declared twice"
finish
