#!/usr/bin/env bash
# Determinism inside one build (docs/reliability.md, "Determinism"): appraise, pool and report
# of an example give the same bytes run twice with 1 and 7 threads, and the workbook carries a
# fixed creation date (libxlsxwriter's default is the clock: two runs a second apart differed).
# scripts/determinism compares builds (gcc and clang, -O0 and -O2) and the synthetic project;
# scripts/check runs it on the builds it makes.
. "$(dirname "$0")/tap.sh"
model=$ROOT/examples/housing-first/model.yaml
for t in 1 7; do
  run 0 "$VALUEMAP" appraise "$model" --out "$TMP/$t/appraise" --draws 300 --seed 4 --threads "$t" --quiet
  run 0 "$VALUEMAP" pool "$model" --out "$TMP/$t/pool" --quiet
  run 0 "$VALUEMAP" report "$TMP/$t" --out "$TMP/$t/report" --quiet
done
diff -r "$TMP/1" "$TMP/7" >"$TMP/diff"; ok $? "1 and 7 threads: the same bytes"
sed 's/^/#   /' "$TMP/diff" | head
python3 - "$TMP/1/report/valuemap.xlsx" <<'PY' >"$TMP/created"
import re, sys, zipfile
core = zipfile.ZipFile(sys.argv[1]).read("docProps/core.xml").decode()
print(" ".join(re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core)))
PY
[ "$(cat "$TMP/created")" = "1980-01-01T00:00:00Z 1980-01-01T00:00:00Z" ]
ok $? "valuemap.xlsx: created and modified 1980-01-01T00:00:00Z (got $(cat "$TMP/created"))"
finish
