#!/usr/bin/env bash
# The reference data compiled into the library (src/model/reference_data.c) is exactly what
# scripts/reference-data.py makes from the shipped CSVs in data/, and the UCD CSV is what the
# script makes from the shared JSON extraction (when the shared data is there).
ROOT=$1
echo "1..2"
if python3 "$ROOT/scripts/reference-data.py" c | cmp -s - "$ROOT/src/model/reference_data.c"; then
  echo "ok 1 - src/model/reference_data.c matches data/"
else
  echo "not ok 1 - src/model/reference_data.c differs from data/: run scripts/reference-data.py c"
fi
JSON=$ROOT/../shared/data/unit-costs/gmca-ucd-v1.4.json
if [ ! -r "$JSON" ]; then
  echo "ok 2 # SKIP no shared data at $JSON"
elif python3 "$ROOT/scripts/reference-data.py" csv "$JSON" |
    cmp -s - "$ROOT/data/unit-costs/gmca-ucd-v1.4.csv"; then
  echo "ok 2 - data/unit-costs/gmca-ucd-v1.4.csv matches the shared JSON"
else
  echo "not ok 2 - data/unit-costs/gmca-ucd-v1.4.csv differs from the shared JSON"
fi
