#!/usr/bin/env bash
# CLI test of `valuemap link` on FEBRL dataset1 (1,000 records, 500 duplicate pairs) from the
# shared data beside the project (../shared, as CI has it): pairwise F1 computed here from
# rec_id, independently of the code, and the same outputs on 1 and 2 threads. Without the
# data the test is reported as skipped, with the reason, never silently left out.
. "$(dirname "$0")/tap.sh"
FEBRL=$ROOT/../shared/data/linkage/febrl
if [ ! -r "$FEBRL/dataset1.csv" ]; then
  echo "1..0 # SKIP $FEBRL/dataset1.csv is missing: the shared data must sit beside the project"
  exit 0
fi

# FEBRL dataset1: 1,000 records, 500 duplicate pairs; truth from rec_id (rec-N-org/-dup-k).
cat > "$TMP/febrl1.yaml" <<SPEC
dataset: {id: febrl1, path: $FEBRL/dataset1.csv, record_id: rec_id}
fields:
  first_name: given_name
  last_name: surname
  dob: date_of_birth
  postcode: postcode
  address: {columns: [street_number, address_1]}
  town: suburb
  id_number: soc_sec_id
SPEC
run 0 "$VALUEMAP" link "$TMP/febrl1.yaml" --out "$TMP/f1" --threads 2
f1=$(/usr/bin/python3 - "$TMP/f1/clusters.csv" <<'PY'
import csv, sys, collections
clusters, people = collections.defaultdict(list), collections.defaultdict(list)
for row in csv.DictReader(open(sys.argv[1])):
  clusters[row["cluster_id"]].append(row["record_id"])
  people[row["record_id"].split("-")[1]].append(row["record_id"])
def pairs(groups):
  return {frozenset((g[i], g[j])) for g in groups for i in range(len(g)) for j in range(i + 1, len(g))}
found, truth = pairs(clusters.values()), pairs(people.values())
tp = len(found & truth)
p, r = tp / max(len(found), 1), tp / len(truth)
print(f"{2 * p * r / max(p + r, 1e-9):.4f}")
PY
)
echo "# FEBRL dataset1 zero-config pairwise F1 $f1"
/usr/bin/python3 -c "import sys; sys.exit(0 if float('$f1') >= 0.97 else 1)"
ok $? "FEBRL dataset1 zero-config F1 >= 0.97 (got $f1)"
# The thread count changes the speed, never the result.
run 0 "$VALUEMAP" link "$TMP/febrl1.yaml" --out "$TMP/f1-one" --threads 1
for f in clusters.csv pairs.csv linkmodel.json; do
  cmp -s "$TMP/f1/$f" "$TMP/f1-one/$f"; ok $? "$f: identical on 1 and 2 threads"
done
finish
