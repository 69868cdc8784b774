#!/usr/bin/env bash
# CLI tests of `valuemap link`: two departments' layouts linked with zero configuration, bad
# specs and malformed CSV refused with file:line messages (exit 2). FEBRL dataset1 is in
# test_link_febrl.sh.
. "$(dirname "$0")/tap.sh"
DATA=$ROOT/tests/data/link

run 0 "$VALUEMAP" help link
expect_stdout "--out DIR"
run 2 "$VALUEMAP" link --out "$TMP/o"
expect_stderr "missing the dataset spec"
run 2 "$VALUEMAP" link "$DATA/health.yaml"
expect_stderr "missing --out DIR"

run 0 "$VALUEMAP" link "$DATA/health.yaml" "$DATA/work.yaml" --out "$TMP/hw"
for f in clusters.csv pairs.csv linkmodel.json linkage-summary.json; do expect_file "$TMP/hw/$f"; done
expect_stderr "dataset 'work': field 'dob': 1 value could not be read"
head -1 "$TMP/hw/clusters.csv" | grep -qx "dataset,record_id,cluster_id"
ok $? "clusters.csv header"
[ "$(wc -l < "$TMP/hw/clusters.csv")" -eq 25 ]
ok $? "clusters.csv has every record"
head -1 "$TMP/hw/pairs.csv" | grep -q "^dataset_l,record_id_l,dataset_r,record_id_r,match_weight,match_probability,first_name_level,first_name_weight"
ok $? "pairs.csv header with levels and weights"
same_cluster() { # same_cluster ID_A ID_B: both records in one cluster
  local a b
  a=$(grep -E "^[a-z]+,$1," "$TMP/hw/clusters.csv" | cut -d, -f3)
  b=$(grep -E "^[a-z]+,$2," "$TMP/hw/clusters.csv" | cut -d, -f3)
  [ -n "$a" ] && [ "$a" = "$b" ]
}
same_cluster H001 W-1; ok $? "codings and layouts: SMITH, John meets John Smith"
same_cluster H003 W-3; ok $? "accents: José García meets GARCIA, Jose"
same_cluster H004 W-4; ok $? "nicknames: Margaret meets Peggy"
same_cluster H002 W-2; ok $? "apostrophes: O'Brien meets O BRIEN"
! same_cluster H011 W-11; ok $? "different people stay apart"
! grep -q "Smith\|SMITH\|smith" "$TMP/err"; ok $? "messages hold no personal data"

run 2 "$VALUEMAP" link "$DATA/bad_key.yaml" --out "$TMP/x"
expect_stderr "bad_key.yaml:4:3: dataset: unknown key 'recordid' (did you mean 'record_id'?)"
run 2 "$VALUEMAP" link "$DATA/bad_field.yaml" --out "$TMP/x"
expect_stderr "bad_field.yaml:6:3: fields: unknown canonical field 'firstname' (did you mean 'first_name'?)"
run 2 "$VALUEMAP" link "$DATA/bad_column.yaml" --out "$TMP/x"
expect_stderr "bad_column.yaml:6:3: field 'first_name': column 'fore_name' is not in"
expect_stderr "(did you mean 'forename'?)"
run 2 "$VALUEMAP" link "$DATA/bad_format.yaml" --out "$TMP/x"
expect_stderr "bad_format.yaml:6:42: field 'postcode': 'format' applies only to dob"
run 2 "$VALUEMAP" link "$DATA/bad_delimiter.yaml" --out "$TMP/x"
expect_stderr "bad_delimiter.yaml:5:15: dataset.delimiter: expected one character"
run 2 "$VALUEMAP" link "$DATA/bad_yaml.yaml" --out "$TMP/x"
expect_stderr "bad_yaml.yaml"
run 2 "$VALUEMAP" link "$DATA/ragged.yaml" --out "$TMP/x"
expect_stderr "ragged.csv:3: row has 3 fields, the header has 2"
run 2 "$VALUEMAP" link "$DATA/unclosed.yaml" --out "$TMP/x"
expect_stderr "unclosed.csv:3: field 2 (column 'first'): quoted field never closed"
run 2 "$VALUEMAP" link "$DATA/invalid_utf8.yaml" --out "$TMP/x"
expect_stderr "invalid_utf8.csv:3: field 2 (column 'first'): not valid UTF-8"
run 2 "$VALUEMAP" link "$DATA/stray_quote.yaml" --out "$TMP/x"
expect_stderr "stray_quote.csv:3: field 2 (column 'first'): a quote inside an unquoted field"
# found by fuzz/fuzz_spec: a failed column read freed garbage; libfyaml looped on bad UTF-8
run 2 "$VALUEMAP" link "$DATA/crash_column_list.yaml" --out "$TMP/x"
expect_stderr "crash_column_list.yaml:6:16: field 'first_name': expected text, not a list"
run 2 cpu_limited 60 "$VALUEMAP" link "$DATA/hang_invalid_utf8.yaml" --out "$TMP/x"
expect_stderr "hang_invalid_utf8.yaml:1: not valid UTF-8"
run 2 "$VALUEMAP" link "$DATA/health.yaml" "$DATA/health.yaml" --out "$TMP/x"
expect_stderr "dataset id 'health' is already used"
run 2 "$VALUEMAP" link "$TMP/none.yaml" --out "$TMP/x"
expect_stderr "none.yaml: cannot read"
expect_no_file "$TMP/x"

# Ten specs, the last one's CSV inside the output folder as pairs.csv: every input is
# protected however many there are (a fixed list of 8 once let the tenth be overwritten).
mkdir -p "$TMP/ten/out"
for i in 0 1 2 3 4 5 6 7 8 9; do
  csv="d$i.csv"; [ $i -eq 9 ] && csv="out/pairs.csv"
  printf 'id,first,last\n1,Ann,Lee\n2,Bob,Kay\n' > "$TMP/ten/$csv"
  printf 'dataset: {id: d%s, path: %s, record_id: id}\nfields: {first_name: first, last_name: last}\n' \
    "$i" "$csv" > "$TMP/ten/d$i.yaml"
done
cp "$TMP/ten/out/pairs.csv" "$TMP/ten/pairs.before"
run 2 "$VALUEMAP" link "$TMP"/ten/d?.yaml --out "$TMP/ten/out"
expect_stderr "pairs.csv: refusing to overwrite an input file"
cmp -s "$TMP/ten/out/pairs.csv" "$TMP/ten/pairs.before"; ok $? "the tenth input is intact"

# A dataset with a header row and no records is an error naming the file, not "0 records".
mkdir -p "$TMP/empty"
printf 'id,first,last\n' > "$TMP/empty/none.csv"
printf 'dataset: {id: e, path: none.csv, record_id: id}\nfields: {first_name: first, last_name: last}\n' \
  > "$TMP/empty/e.yaml"
run 2 "$VALUEMAP" link "$DATA/health.yaml" "$TMP/empty/e.yaml" --out "$TMP/empty/out"
expect_stderr "none.csv: no records: the file has a header row only"
expect_no_file "$TMP/empty/out/clusters.csv"

# few fields, few records, repeated ids: still runs, and says so
run 0 "$VALUEMAP" link "$DATA/repeated_ids.yaml" --out "$TMP/rep"
expect_stderr "dataset 'r': 2 records repeat the record id of an earlier one"
[ "$(wc -l < "$TMP/rep/clusters.csv")" -eq 5 ]; ok $? "every record in clusters.csv"

# NULL, N/A and the like are missing values, not names two records can share
run 0 "$VALUEMAP" link "$DATA/null_markers.yaml" --out "$TMP/nul"
grep -A2 '"first_name"' "$TMP/nul/linkage-summary.json" | grep -Eq '"missing":[[:space:]]*2'
ok $? "NULL counted as missing"
! grep -q "^n,1,n,2," "$TMP/nul/pairs.csv"; ok $? "two NULL first names do not agree"

# month/day/year dates without a format are recognised as such, never misread silently
run 0 "$VALUEMAP" link "$DATA/us_dates.yaml" --out "$TMP/us"
expect_stderr "dataset 'us': field 'dob': read as month/day/year"
grep -A3 '"dob"' "$TMP/us/linkage-summary.json" | grep -Eq '"unreadable":[[:space:]]*0'
ok $? "every month-first date read"

# linkscale: one implausible date is kept, and the warning says so in the singular
mkdir -p "$TMP/old"
printf 'id,first,last,dob\n1,ann,lee,1700-03-04\n2,ann,lee,1980-03-04\n3,bo,ray,1990-01-02\n' \
  > "$TMP/old/old.csv"
printf 'dataset: {id: o, path: old.csv, record_id: id}\nfields: {first_name: first, last_name: last, dob: dob}\n' \
  > "$TMP/old/o.yaml"
run 0 "$VALUEMAP" link "$TMP/old/o.yaml" --out "$TMP/old/out"
expect_stderr "field 'dob': 1 date before 1850 or after 2100 is implausible for living people; kept as a date"

# --model: the saved model scores again without training, to the same clusters.
run 0 "$VALUEMAP" link "$DATA/health.yaml" "$DATA/work.yaml" --model "$TMP/hw/linkmodel.json" --out "$TMP/again"
cmp -s "$TMP/hw/clusters.csv" "$TMP/again/clusters.csv"; ok $? "--model reproduces the clusters"
run 2 "$VALUEMAP" link "$DATA/health.yaml" --model "$DATA/health.yaml" --out "$TMP/x"
expect_stderr "health.yaml:1:1: link model: unknown key 'dataset'"

# A saved model with more blocking rules than a run can hold is refused, not cut short.
/usr/bin/python3 - "$TMP/hw/linkmodel.json" "$TMP/many_rules.json" <<'PY'
import json, sys
model = json.load(open(sys.argv[1]))
model["blocking_rules"] = model["blocking_rules"] * 6
json.dump(model, open(sys.argv[2], "w"))
PY
run 2 "$VALUEMAP" link "$DATA/health.yaml" "$DATA/work.yaml" --model "$TMP/many_rules.json" --out "$TMP/x"
expect_stderr "blocking_rules: at most 16 rules"

# --config: mode, one-to-one, rules and compared fields; mistakes named with file:line:col.
run 0 "$VALUEMAP" link "$DATA/health.yaml" "$DATA/work.yaml" --config "$DATA/config_good.yaml" --out "$TMP/cfg"
grep -Eq '"mode":[[:space:]]*"link_only"' "$TMP/cfg/linkage-summary.json"; ok $? "config sets the mode"
grep -Fq 'last_name+first_name[initial]' "$TMP/cfg/linkage-summary.json"; ok $? "config sets the blocking rules"
! grep -Eq '"field":[[:space:]]*"sex"' "$TMP/cfg/linkmodel.json"; ok $? "config chooses the compared fields"
cut -d, -f1,2 "$TMP/cfg/pairs.csv" | sort | uniq -d | grep -q . ; [ $? -ne 0 ]; ok $? "one-to-one: no record in two pairs"
run 0 "$VALUEMAP" link "$DATA/health.yaml" "$DATA/work.yaml" --config "$DATA/config_jw.yaml" --out "$TMP/jw"
grep -q '"jaro_winkler>=0.95"' "$TMP/jw/linkmodel.json"; ok $? "config sets Jaro-Winkler thresholds"
run 0 "$VALUEMAP" link "$DATA/health.yaml" "$DATA/work.yaml" --model "$TMP/jw/linkmodel.json" --out "$TMP/jw2"
grep -q '"jaro_winkler>=0.95"' "$TMP/jw2/linkmodel.json"; ok $? "the model keeps its thresholds"
run 2 "$VALUEMAP" link "$DATA/health.yaml" --config "$DATA/config_bad_jw.yaml" --out "$TMP/x"
expect_stderr "config_bad_jw.yaml:2:3: jaro_winkler: 'dob' has no Jaro-Winkler levels"
run 2 "$VALUEMAP" link "$DATA/health.yaml" --config "$DATA/config_bad_jw_order.yaml" --out "$TMP/x"
expect_stderr "config_bad_jw_order.yaml:2:16: jaro_winkler: expected [high, low] with 1 >= high > low > 0"
run 2 "$VALUEMAP" link "$DATA/health.yaml" --config "$DATA/config_bad_mode.yaml" --out "$TMP/x"
expect_stderr "config_bad_mode.yaml:1:7: mode: 'linkonly' is not a mode (did you mean 'link_only'?)"
run 2 "$VALUEMAP" link "$DATA/health.yaml" --config "$DATA/config_bad_key.yaml" --out "$TMP/x"
expect_stderr "config_bad_key.yaml:1:1: link config: unknown key 'threshhold' (did you mean 'threshold'?)"
run 2 "$VALUEMAP" link "$DATA/health.yaml" --config "$DATA/config_bad_rule.yaml" --out "$TMP/x"
expect_stderr "config_bad_rule.yaml:1:13: blocking: 'dob[initial]+surname': 'surname' is not a canonical field"
run 2 "$VALUEMAP" link "$DATA/health.yaml" --config "$DATA/config_unmapped.yaml" --out "$TMP/x"
expect_stderr "blocking rule 'email': no dataset maps the field 'email'"
run 2 "$VALUEMAP" link "$DATA/health.yaml" --config "$DATA/config_bad_threshold.yaml" --out "$TMP/x"
expect_stderr "config_bad_threshold.yaml:1:12: threshold: expected a probability between 0 and 1"

# A file without a header row, or with bare \r line ends, must not have its first row of
# data quoted back as "did you mean" suggestions (found in review).
mkdir -p "$TMP/pv"
printf 'id,first,last,dob\r1,Mary,Jones,01/02/1990\r2,Bob,Smith,03/04/1980\r' > "$TMP/pv/cr.csv"
printf '1,Mary,Jones,01/02/1990\n2,Bob,Smith,03/04/1980\n' > "$TMP/pv/nh.csv"
for data in cr nh; do
  printf 'dataset: {id: d, path: %s.csv, record_id: id}\nfields:\n  first_name: first\n  last_name: last\n  dob: dob\n' \
    "$data" > "$TMP/pv/$data.yaml"
  run 2 "$VALUEMAP" link "$TMP/pv/$data.yaml" --out "$TMP/pv/out-$data"
  expect_stderr "does the file start with a header row"
  ! grep -qE "Mary|Jones|Bob|Smith|1990|1980" "$TMP/err"; ok $? "$data: no value from the data in the message"
done

finish
