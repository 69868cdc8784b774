#!/usr/bin/env bash
# test_link_quality.sh - linkage quality on a synthetic three-department population
# (valuemap synth, a seed no other test uses): clusters never hold two different NI numbers
# (the strong identifier check), a dataset declared `unique: true` has at most one record
# per cluster, every record is in clusters.csv, and results are the same on 1 and 2 threads.
. "$(dirname "$0")/tap.sh"

run 0 "$VALUEMAP" synth --people 3000 --seed 4242 --out "$TMP/s"
D=$TMP/s/datasets
printf 'threads: 1\n' > "$TMP/t1.yaml"
printf 'threads: 2\n' > "$TMP/t2.yaml"
run 0 "$VALUEMAP" link "$D/health.yaml" "$D/dwp.yaml" "$D/justice.yaml" --out "$TMP/a" --config "$TMP/t1.yaml"
run 0 "$VALUEMAP" link "$D/health.yaml" "$D/dwp.yaml" "$D/justice.yaml" --out "$TMP/b" --config "$TMP/t2.yaml"
cmp -s "$TMP/a/clusters.csv" "$TMP/b/clusters.csv"
ok $? "clusters.csv the same on 1 and 2 threads"
cmp -s "$TMP/a/pairs.csv" "$TMP/b/pairs.csv"
ok $? "pairs.csv the same on 1 and 2 threads"
[ "$(($(wc -l < "$TMP/a/clusters.csv") - 1))" -eq "$(($(wc -l < "$TMP/s/truth.csv") - 1))" ]
ok $? "every record in clusters.csv"

# no cluster holds two NI numbers (dwp's NINO, column 6)
awk -F, 'FNR == 1 { next } NR == FNR { nino[$1] = $6; next }
  ($2 in nino) && nino[$2] != "" { k = $3; if ((k in seen) && seen[k] != nino[$2]) bad++; seen[k] = nino[$2] }
  END { exit bad > 0 }' "$D/dwp.csv" "$TMP/a/clusters.csv"
ok $? "no cluster holds two different NI numbers"

# health declared duplicate-free: one health record per cluster at most
sed 's/^  record_id: patient_id$/  record_id: patient_id\n  unique: true/' "$D/health.yaml" > "$D/health_unique.yaml"
grep -q 'unique: true' "$D/health_unique.yaml"
ok $? "spec with unique: true written"
run 0 "$VALUEMAP" link "$D/health_unique.yaml" "$D/dwp.yaml" --out "$TMP/u"
awk -F, '$1 == "health" { if (n[$3]++) bad++ } END { exit bad > 0 }' "$TMP/u/clusters.csv"
ok $? "unique dataset: at most one record per cluster"
awk -F, '$1 == "health" { if (n[$3]++) dup++ } END { exit dup == 0 }' "$TMP/a/clusters.csv"
ok $? "without unique: true, health duplicates do share clusters"
printf 'dataset: {id: x, path: %s, record_id: patient_id, unique: maybe}\nfields: {first_name: forename}\n' "$D/health.csv" > "$TMP/badu.yaml"
run 2 "$VALUEMAP" link "$TMP/badu.yaml" --out "$TMP/x"
expect_stderr "badu.yaml:1:"

# --labels: the summary's pairwise figures equal bench/score.py's, computed independently
run 0 "$VALUEMAP" link "$D/health.yaml" "$D/dwp.yaml" "$D/justice.yaml" --out "$TMP/l" --labels "$TMP/s/truth.csv"
mine=$(/usr/bin/python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['labels']; c=s['clusters']; print(s['predicted_pairs'], s['true_pairs'], s['true_positive_pairs'], '%.4f %.4f %.4f' % (c['precision'], c['recall'], c['f1']))" "$TMP/l/linkage-summary.json")
theirs=$(/usr/bin/python3 "$ROOT/bench/score.py" "$TMP/l/clusters.csv" "column:$TMP/s/truth.csv:record_id:person_id")
[ "$mine" = "$theirs" ]
ok $? "labels: pairwise P/R/F1 as score.py counts them ($theirs)"
/usr/bin/python3 - "$TMP/l/linkage-summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
c = s["labels"]["precision_recall_curve"]
# recall never rises with the threshold; pairs never grow; F1 at the small size >= 0.99
assert all(a["recall"] >= b["recall"] and a["pairs"] >= b["pairs"] for a, b in zip(c, c[1:]))
assert s["labels"]["clusters"]["f1"] >= 0.99 and s["labels"]["clusters"]["precision"] >= 0.995
e = s["expected_quality"]
assert s["totals"]["threshold_chosen_by"] == "expected_f1"
assert 0.5 <= s["totals"]["threshold"] <= 0.99
assert abs(e["best"]["threshold"] - s["totals"]["threshold"]) < 1e-12 or not 0.5 <= e["best"]["threshold"] <= 0.99
PY
ok $? "labels: curve monotone, F1 >= 0.99, precision >= 0.995; threshold from expected F1"
printf 'threshold: 0.9\n' > "$TMP/t09.yaml"
run 0 "$VALUEMAP" link "$D/health.yaml" "$D/dwp.yaml" --out "$TMP/t9" --config "$TMP/t09.yaml"
grep -q '"threshold_chosen_by":[[:space:]]*"given"' "$TMP/t9/linkage-summary.json"
ok $? "a configured threshold is kept"

# review.csv: pairs within 4 bits of the threshold, both sides' values
expect_file "$TMP/l/review.csv"
head -1 "$TMP/l/review.csv" | grep -q '^dataset_l,record_id_l,dataset_r,record_id_r,match_probability,same_cluster,first_name_l,first_name_r,'
ok $? "review.csv header with both sides' values"
/usr/bin/python3 - "$TMP/l/review.csv" "$TMP/l/linkage-summary.json" <<'PY'
import csv, json, math, sys
t = json.load(open(sys.argv[2]))["totals"]["threshold"]
tw = math.log2(t / (1 - t))
rows = list(csv.DictReader(open(sys.argv[1])))
assert rows
for r in rows:
    p = float(r["match_probability"])
    w = math.log2(p / (1 - p)) if p < 1 else 99
    assert abs(w - tw) <= 4.001, (w, tw)
    assert r["same_cluster"] in ("yes", "no")
PY
ok $? "review.csv: every pair within 4 bits of the threshold"

printf 'dataset,record_id\nhealth,x\n' > "$TMP/badlabels.csv"
run 2 "$VALUEMAP" link "$D/health.yaml" --out "$TMP/x" --labels "$TMP/badlabels.csv"
expect_stderr "badlabels.csv:1: labels: no column 'entity'"
finish
