#!/usr/bin/env bash
# Scores `valuemap link` on every public linkage benchmark in ../shared/data/linkage/ with
# pairwise precision, recall and F1 against the truth, and times it. Not part of `make check`.
#
# usage: bench/link.sh [--config LINK.yaml | --best] [--only NAME] [--out DIR]
#   Without --config every benchmark runs with zero configuration; --best gives each the
#   config in bench/configs/ found best for its family. Prints a Markdown table.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VALUEMAP=$ROOT/build/valuemap
DATA=${VALUEMAP_DATA:-$ROOT/../shared/data/linkage}
OUT=$ROOT/out/bench
CONFIG=""
BEST=""
ONLY=""
while [ $# -gt 0 ]; do
  case $1 in
    --config) CONFIG=$2; shift 2 ;;
    --best) BEST=1; shift ;;
    --only) ONLY=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "bench/link.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
PY=/usr/bin/python3
[ -x $PY ] || PY=python3

# spec ID CSV RECORD_ID FIELDS...: writes $OUT/ID.yaml
spec() {
  local id=$1 csv=$2 rid=$3; shift 3
  { echo "dataset: {id: $id, path: $csv, record_id: $rid}"
    echo "fields:"
    for f in "$@"; do echo "  $f"; done; } > "$OUT/$id.yaml"
}

FEBRL_FIELDS=("first_name: given_name" "last_name: surname" "dob: date_of_birth"
  "postcode: postcode" "address: {columns: [street_number, address_1, address_2]}"
  "town: suburb" "id_number: soc_sec_id")
DSGEN_FIELDS=("${FEBRL_FIELDS[@]}" "phone: phone_number")

printf '| benchmark | records | mode | true pairs | precision | recall | F1 | seconds | comparisons | comparisons/s/thread |\n'
printf '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n'

best_config() {
  case $1 in
    febrl4) echo bench/configs/febrl4.yaml ;;
    dsgen_D*) echo bench/configs/dsgen_D.yaml ;;
    febrl*) echo bench/configs/febrl_wide.yaml ;;
    dsgen*) echo bench/configs/dsgen_wide.yaml ;;
    departments*) echo bench/configs/departments.yaml ;;
    *) echo "bench/configs/$1.yaml" ;;
  esac
}

# bench NAME TRUTH CROSS SPEC...: runs, scores and prints one row
bench() {
  local name=$1 truth=$2 cross=$3; shift 3
  [ -n "$ONLY" ] && [[ "$name" != $ONLY ]] && return
  local dir=$OUT/$name args=()
  for s in "$@"; do args+=("$OUT/$s.yaml"); done
  [ -n "$CONFIG" ] && args+=(--config "$CONFIG")
  [ -n "$BEST" ] && args+=(--config "$(best_config "$name")")
  local start end
  start=$(date +%s.%N)
  if ! "$VALUEMAP" link "${args[@]}" --out "$dir" --quiet 2>"$dir.err"; then
    echo "| $name | failed: $(head -1 "$dir.err") |"; return
  fi
  end=$(date +%s.%N)
  read -r npred ntrue tp p r f1 < <($PY bench/score.py "$dir/clusters.csv" "$truth" $cross)
  read -r records mode comparisons secs_cmp threads < <($PY - "$dir/linkage-summary.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["totals"]
print(t["records"], t["mode"], t["comparisons"], t["seconds_comparing"], t["threads"])
PY
)
  local rate
  rate=$($PY -c "print(f'{$comparisons / max($secs_cmp, 1e-9) / $threads:,.0f}')")
  printf '| %s | %s | %s | %s | %s | %s | %s | %.2f | %s | %s |\n' "$name" "$records" "$mode" \
    "$ntrue" "$p" "$r" "$f1" "$($PY -c "print($end - $start)")" "$comparisons" "$rate"
}

F=$DATA/febrl
for n in 1 2 3; do
  spec febrl$n "$F/dataset$n.csv" rec_id "${FEBRL_FIELDS[@]}"
  bench "febrl$n" febrl "" febrl$n
done
spec febrl4a "$F/dataset4a.csv" rec_id "${FEBRL_FIELDS[@]}"
spec febrl4b "$F/dataset4b.csv" rec_id "${FEBRL_FIELDS[@]}"
bench febrl4 febrl --cross febrl4a febrl4b

G=$DATA/febrl-dsgen
for set in A C; do
  for n in 1000 2500 5000 10000; do
    spec "dsgen_${set}_$n" "$G/dataset_${set}_$n.csv" rec_id "${DSGEN_FIELDS[@]}"
    bench "dsgen_${set}_$n" dsgen "" "dsgen_${set}_$n"
  done
done
for set in D F; do
  for n in 1000 2500 5000 10000; do
    spec "org_${set}_$n" "$G/dataset_${set}_org_$n.csv" rec_id "${DSGEN_FIELDS[@]}"
    spec "dup_${set}_$n" "$G/dataset_${set}_dup_$n.csv" rec_id "${DSGEN_FIELDS[@]}"
    bench "dsgen_${set}_$n" dsgen --cross "org_${set}_$n" "dup_${set}_$n"
  done
done

S=$DATA/splink
spec fake_1000 "$S/fake_1000.csv" unique_id "first_name: first_name" "last_name: surname" \
  "dob: dob" "town: city" "email: email"
bench fake_1000 "column:$S/fake_1000.csv:unique_id:cluster" "" fake_1000
spec historical_50k "$S/historical_figures_with_errors_50k.csv" unique_id \
  "first_name: first_name" "last_name: surname" "dob: dob" "postcode: postcode_fake" \
  "town: birth_place" "sex: gender"
bench historical_50k "column:$S/historical_figures_with_errors_50k.csv:unique_id:cluster" "" \
  historical_50k

# Three synthetic departments: the same people in three layouts and codings (bench/synth_departments.py)
SYN=$OUT/departments
[ -f "$SYN/truth.csv" ] || $PY bench/synth_departments.py 20000 7 "$SYN"
for d in health work justice; do cp "$SYN/$d.yaml" "$OUT/dept_$d.yaml"; sed -i "s|path: $d.csv|path: $SYN/$d.csv|" "$OUT/dept_$d.yaml"; done
bench departments_3x "column:$SYN/truth.csv:record_id:person_id" "" dept_health dept_work dept_justice
