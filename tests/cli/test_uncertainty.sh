#!/usr/bin/env bash
# CLI tests of `valuemap appraise --draws`: reproducibility across threads and seeds, the
# outputs' shape, fixed inputs against the deterministic result, clamping, and input errors.
. "$(dirname "$0")/tap.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

cat >"$TMP/model.yaml" <<'YAML'
appraisal: {name: uncertain, base_year: 2024, horizon: 6}
parameters:
  effect: {dist: normal, mean: 0.2, sd: 0.05}
  dw: {dist: beta, mean: 0.3, sd: 0.1}
correlations:
  - {between: [effect, dw], rho: 0.4}
agencies: [{id: dhsc}, {id: dwp}]
outcomes:
  - {id: work, value: {dist: lognormal, mean: 9000, sd: 2000}, kind: fiscal,
     beneficiaries: {dwp: 0.8, dhsc: 0.2}}
interventions:
  - id: ips
    participants: 1000
    costs: [{agency: dhsc, amount: {dist: pert, min: 2000, mode: 2800, max: 4000}, per: participant}]
    effects:
      - {outcome: work, change: {param: effect}, start: 1, duration: 3,
         drop_off: {dist: uniform, min: 0.1, max: 0.3}, deadweight: {param: dw},
         attribution: {dist: triangular, min: 0, mode: 0.05, max: 0.2}}
YAML

run 0 "$VALUEMAP" help appraise
expect_stdout "--draws N"
run 0 "$VALUEMAP" appraise "$TMP/model.yaml" --out "$TMP/t1" --draws 3000 --seed 7 --threads 1
for f in summary.json draws.csv sensitivity.csv flows.csv; do expect_file "$TMP/t1/$f"; done
expect_stdout "expected value of perfect information"
run 0 "$VALUEMAP" appraise "$TMP/model.yaml" --out "$TMP/t2" --draws 3000 --seed 7 --threads 2 --quiet
for f in summary.json draws.csv sensitivity.csv; do
  cmp -s "$TMP/t1/$f" "$TMP/t2/$f"; ok $? "$f identical on 1 and 2 threads"
done
run 0 "$VALUEMAP" appraise "$TMP/model.yaml" --out "$TMP/t3" --draws 3000 --seed 8 --quiet
! cmp -s "$TMP/t1/draws.csv" "$TMP/t3/draws.csv"; ok $? "another seed gives other draws"
! cmp -s "$TMP/t1/summary.json" "$TMP/t3/summary.json"; ok $? "another seed gives another summary"

[ "$(wc -l <"$TMP/t1/draws.csv")" -eq 3001 ]; ok $? "draws.csv has a header and one row per draw"
head -1 "$TMP/t1/draws.csv" | grep -qx "draw,npsv,bcr,net_fiscal,net_fiscal.dhsc,net_fiscal.dwp"
ok $? "draws.csv header names the headline results"
expect_no_file "$TMP/t1/inputs.csv"
# --save-inputs: the sampled inputs, named as people read them, the same whatever the
# threads and with the SIMD sampler on or off (VMAP_NO_SIMD=1 forces its scalar twin)
for t in 1 2 7; do
  run 0 "$VALUEMAP" appraise "$TMP/model.yaml" --out "$TMP/s$t" --draws 3000 --seed 7 --threads $t --quiet --save-inputs
done
run 0 env VMAP_NO_SIMD=1 "$VALUEMAP" appraise "$TMP/model.yaml" --out "$TMP/s0" --draws 3000 --seed 7 --threads 2 --quiet --save-inputs
for f in summary.json draws.csv sensitivity.csv inputs.csv; do
  for t in 2 7 0; do
    cmp -s "$TMP/s1/$f" "$TMP/s$t/$f"; ok $? "$f: the same on 1 thread and on run s$t"
  done
done
cmp -s "$TMP/t1/draws.csv" "$TMP/s1/draws.csv"; ok $? "--save-inputs changes no result"
head -1 "$TMP/s1/inputs.csv" | grep -qx "draw,effect,dw,work / value,ips / cost / amount,ips / work / drop_off,ips / work / attribution"
ok $? "inputs.csv names every input as people read it"
[ "$(wc -l <"$TMP/s1/inputs.csv")" -eq 3001 ]; ok $? "inputs.csv has a header and one row per draw"
run 0 "$VALUEMAP" appraise "$TMP/model.yaml" --out "$TMP/s1" --draws 10 --quiet
expect_no_file "$TMP/s1/inputs.csv"
[ "$(wc -l <"$TMP/t1/sensitivity.csv")" -eq $((1 + 6 * 3)) ]; ok $? "sensitivity.csv: a row per input and output"

"$PY" - "$TMP/t1/summary.json" <<'PY'
import json, sys
u = json.load(open(sys.argv[1]))["uncertainty"]
keys = ["mean", "sd", "p05", "p50", "p95", "prob_positive"]
ratio_keys = keys + ["prob_bcr_above_1"]
for owner in [u["totals"]] + u["agencies"]:
    for m in ["npsv", "bcr", "net_fiscal"]:
        assert sorted(owner[m]) == sorted(ratio_keys if m == "bcr" else keys), owner[m]
    assert owner["evpi"] is None or owner["evpi"] >= 0
assert [a["id"] for a in u["agencies"]] == ["dhsc", "dwp"]
assert u["draws"] == 3000 and u["seed"] == 7
t = u["totals"]["npsv"]
assert t["p05"] <= t["p50"] <= t["p95"] and 0 <= t["prob_positive"] <= 1
PY
ok $? "summary.json uncertainty has every key the contract lists"

run 0 "$VALUEMAP" appraise "$TMP/model.yaml" --out "$TMP/t0" --draws 0 --quiet
expect_no_file "$TMP/t0/draws.csv"
expect_no_file "$TMP/t0/sensitivity.csv"
! grep -q '"uncertainty"' "$TMP/t0/summary.json"; ok $? "no uncertainty key with --draws 0"
"$PY" -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); del b["uncertainty"]; sys.exit(a != b)' "$TMP/t0/summary.json" "$TMP/t1/summary.json"
ok $? "the deterministic results are the same with and without draws"

# every input fixed: the Monte Carlo mean is the deterministic result, exactly
cat >"$TMP/fixed.yaml" <<'YAML'
appraisal: {name: fixed, base_year: 2024, horizon: 8}
deflator: {2013: 73.4795, 2024: 100}
agencies: [{id: dhsc}, {id: dwp}, {id: people, government: false}]
outcomes:
  - {id: work, value: 8632, price_year: 2013, kind: fiscal, cashable: true, confidence: 2,
     beneficiaries: {dwp: 0.868860055607044, dhsc: 0.131139944392956}}
  - {id: wellbeing, value: 1300, kind: social, beneficiary: people, discount: health}
interventions:
  - id: ips
    participants: 1000
    costs: [{agency: dhsc, amount: 2800, per: participant, years: [0, 1], confidence: 2}]
    effects:
      - {outcome: work, change: 0.2, start: 1, duration: 3, drop_off: 0.2, deadweight: 0.1}
      - {outcome: wellbeing, change: 0.3, duration: 5, drop_off: 0.15, attribution: 0.05}
YAML
run 0 "$VALUEMAP" appraise "$TMP/fixed.yaml" --out "$TMP/fixed" --draws 50 --quiet
"$PY" - "$TMP/fixed/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
u = s["uncertainty"]
for m in ["npsv", "bcr", "net_fiscal"]:
    assert u["totals"][m]["mean"] == s["totals"][m], m
    assert u["totals"][m]["sd"] == 0
for a, ua in zip(s["agencies"], u["agencies"]):
    assert ua["net_fiscal"]["mean"] == a["net_fiscal"]
PY
ok $? "fixed inputs: Monte Carlo mean equals the deterministic result"
expect_stderr "warning: the model has no uncertain inputs: every one of the 50 draws is the deterministic result"
run 0 "$VALUEMAP" appraise "$TMP/model.yaml" --out "$TMP/warn" --draws 5 --quiet
! grep -q "no uncertain inputs" "$TMP/err"; ok $? "no such warning when inputs are uncertain"

# an empty switching value says why
"$PY" - "$TMP/t1/sensitivity.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert list(rows[0])[-2:] == ["switching_value", "switching_note"], list(rows[0])
for r in rows:
    assert (r["switching_value"] == "") == (r["switching_note"] != ""), r
    assert r["switching_note"] in ("", "no sign change in range",
                                   "the input does not move this output"), r
assert any(r["switching_note"] == "no sign change in range" for r in rows)
assert {r["parameter"] for r in rows} == {"effect", "dw", "work / value", "ips / cost / amount",
                                          "ips / work / drop_off", "ips / work / attribution"}
PY
ok $? "sensitivity.csv: inputs named as people read them, and why a switching value is empty"

# a share that a normal pushes outside [0, 1] is clamped to it
sed 's/deadweight: {param: dw}/deadweight: {dist: normal, mean: 0.5, sd: 0.6}/' \
  "$TMP/model.yaml" >"$TMP/clamp.yaml"
run 0 "$VALUEMAP" appraise "$TMP/clamp.yaml" --out "$TMP/clamp" --draws 2000 --quiet --save-inputs
"$PY" - "$TMP/clamp/inputs.csv" <<'PY'
import csv, sys
col = [float(r["ips / work / deadweight"]) for r in csv.DictReader(open(sys.argv[1]))]
assert min(col) == 0 and max(col) == 1, (min(col), max(col))
assert all(0 <= x <= 1 for x in col)
PY
ok $? "a normal deadweight is clamped to [0, 1]"

# shapes GSL cannot invert (it aborts, returns NaN or never returns) still give valid draws
cat >"$TMP/extreme.yaml" <<'YAML'
appraisal: {name: extreme, base_year: 2024, horizon: 3}
agencies: [{id: a}, {id: b}]
outcomes: [{id: o, value: {dist: gamma, mean: 1000, sd: 0.01}, kind: fiscal, beneficiary: b}]
interventions:
  - id: x
    participants: {dist: gamma, mean: 50, sd: 200}
    costs: [{agency: a, amount: {dist: pert, min: 0, mode: 0, max: 100}, per: participant}]
    effects:
      - {outcome: o, change: {dist: beta, alpha: 0.05, beta: 0.05}, duration: 3,
         deadweight: {dist: beta, mean: 0.5, sd: 0.00001}, drop_off: {dist: pert, min: 0, mode: 1, max: 1}}
YAML
run 0 cpu_limited 60 "$VALUEMAP" appraise "$TMP/extreme.yaml" --out "$TMP/extreme" --draws 3000 --quiet --save-inputs
"$PY" - "$TMP/extreme/inputs.csv" "$TMP/extreme/draws.csv" <<'PY'
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
results = list(csv.DictReader(open(sys.argv[2])))
assert len(rows) == 3000 and len(results) == 3000
for r in rows + results:
    assert all(math.isfinite(float(v)) for k, v in r.items() if v != ""), r
for r in rows:
    assert 0 <= float(r["x / o / change"]) <= 1
    assert abs(float(r["x / o / deadweight"]) - 0.5) < 1e-4
PY
ok $? "extreme shapes give finite draws inside their supports"

sed 's/rho: 0.4/rho: 0.4}\n  - {between: [dw, effect], rho: 0.1/' "$TMP/model.yaml" >"$TMP/twice.yaml"
run 2 "$VALUEMAP" appraise "$TMP/twice.yaml" --out "$TMP/e"
expect_stderr "correlations: 'dw' and 'effect' are correlated twice"
cat >"$TMP/npd.yaml" <<'YAML'
appraisal: {name: npd, base_year: 2024, horizon: 2}
parameters:
  a: {dist: normal, mean: 1, sd: 0.1}
  b: {dist: normal, mean: 1, sd: 0.1}
  c: {dist: normal, mean: 1, sd: 0.1}
correlations:
  - {between: [a, b], rho: 0.9}
  - {between: [a, c], rho: 0.9}
  - {between: [b, c], rho: -0.9}
agencies: [{id: x}]
interventions:
  - {id: i, participants: {param: a}, costs: [{agency: x, amount: {param: b}, per: participant}]}
YAML
run 2 "$VALUEMAP" appraise "$TMP/npd.yaml" --out "$TMP/e" --draws 10
expect_stderr "npd.yaml:9:6: correlations: the correlation matrix is not positive definite"
expect_stderr "'c'"
expect_no_file "$TMP/e/summary.json"
sed 's/rho: 0.4/rho: 1.4/' "$TMP/model.yaml" >"$TMP/rho.yaml"
run 2 "$VALUEMAP" appraise "$TMP/rho.yaml" --out "$TMP/e"
expect_stderr "correlations: rho 1.4 is out of range; expected -1 to 1"
sed 's/change: {param: effect}/change: {param: efect}/' "$TMP/model.yaml" >"$TMP/typo.yaml"
run 2 "$VALUEMAP" appraise "$TMP/typo.yaml" --out "$TMP/e"
expect_stderr "unknown parameter 'efect' (did you mean 'effect'?)"
run 2 "$VALUEMAP" appraise "$TMP/model.yaml" --out "$TMP/e" --draws many
expect_stderr "--draws: expected a whole number"
# A draw whose cost is clamped to 0 still keeps the intervention's benefits: whether an
# intervention pays anything is decided from the model's means, not per draw (found in
# review: 16% of draws lost their benefits and npsv fell to 0).
cat > "$TMP/zero-cost.yaml" <<'MODEL'
appraisal: {name: zero cost draws, base_year: 2024, horizon: 1}
agencies: [{id: a}]
outcomes: [{id: o, value: 5000, beneficiary: a}]
interventions:
  - id: i
    participants: 1
    costs: [{agency: a, amount: {dist: normal, mean: 10, sd: 10}, per: participant}]
    effects: [{outcome: o, change: 1}]
MODEL
run 0 "$VALUEMAP" appraise "$TMP/zero-cost.yaml" --out "$TMP/zero-cost" --draws 2000 --seed 3 --quiet --save-inputs
/usr/bin/python3 - "$TMP/zero-cost/draws.csv" "$TMP/zero-cost/inputs.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
inputs = list(csv.DictReader(open(sys.argv[2])))
clamped = sum(1 for r in inputs if float(r["i / cost / amount"]) == 0)
low = [r for r in rows if float(r["npsv"]) < 4000]
print(f"# {clamped} draws with the cost clamped to 0; {len(low)} with npsv below 4000")
sys.exit(0 if clamped > 100 and not low else 1)
PY
ok $? "zero-cost draws keep their benefits (npsv = 5000 - cost in every draw)"
# A run without draws into a folder that held a Monte Carlo run leaves no stale draws.csv or
# sensitivity.csv beside its summary.json (found in review).
run 0 "$VALUEMAP" appraise "$TMP/zero-cost.yaml" --out "$TMP/zero-cost" --quiet
[ ! -e "$TMP/zero-cost/draws.csv" ] && [ ! -e "$TMP/zero-cost/sensitivity.csv" ] &&
  [ ! -e "$TMP/zero-cost/inputs.csv" ]
ok $? "draws.csv, sensitivity.csv and inputs.csv removed by a run without draws"
# The draws' results go to a temporary file in TMPDIR (issue 16: memory flat as draws grow);
# one that cannot be made is a run-time failure (exit 1) that says where and why, and leaves
# no output folder behind.
run 1 env TMPDIR="$TMP/no-such-dir" "$VALUEMAP" appraise "$TMP/zero-cost.yaml" --out "$TMP/no-tmp" --draws 10 --quiet
expect_stderr "no-such-dir: cannot make a temporary file for the draws' results"
expect_stderr "expected a writable folder in TMPDIR"
expect_no_file "$TMP/no-tmp"
# The same seed gives the same draws.csv whether draws are split 1, 2 or 7 ways and with
# the scalar sampler, on a model whose PERT and gamma inputs share quantile tables (three
# PERTs of one shape, two gammas of one shape) and whose blocks of draws are evaluated at a
# time: 5,000 draws, so blocks of 256 straddle the thread splits.
cat > "$TMP/shared.yaml" <<'MODEL'
appraisal: {name: shared tables, base_year: 2024, horizon: 5}
agencies: [{id: a}, {id: b}]
outcomes:
  - {id: o, value: {dist: gamma, mean: 400, sd: 100}, beneficiaries: {a: 0.5, b: 0.5}}
  - {id: p, value: {dist: gamma, mean: 4000, sd: 1000}, beneficiary: b}
interventions:
  - id: i
    participants: {dist: pert, min: 80, mode: 100, max: 160}
    costs: [{agency: a, amount: {dist: pert, min: 800, mode: 1000, max: 1600}, per: participant}]
    effects:
      - {outcome: o, change: {dist: pert, min: 0.08, mode: 0.1, max: 0.16}, duration: 3,
         drop_off: {dist: uniform, min: 0.1, max: 0.3}, deadweight: {dist: beta, mean: 0.2, sd: 0.05}}
      - {outcome: p, change: {dist: normal, mean: 0.02, sd: 0.01}, start: 1, duration: 2}
MODEL
for t in 1 2 7; do
  run 0 "$VALUEMAP" appraise "$TMP/shared.yaml" --out "$TMP/sh$t" --draws 5000 --seed 11 --threads $t --quiet
done
run 0 env VMAP_NO_SIMD=1 "$VALUEMAP" appraise "$TMP/shared.yaml" --out "$TMP/sh0" --draws 5000 --seed 11 --threads 2 --quiet
for f in summary.json draws.csv; do
  for t in 2 7 0; do
    cmp -s "$TMP/sh1/$f" "$TMP/sh$t/$f"; ok $? "shared tables: $f the same on 1 thread and on run sh$t"
  done
done
finish
