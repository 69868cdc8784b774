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
finish
