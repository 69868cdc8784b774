#!/usr/bin/env bash
# CLI tests of spreadsheet exports read by `link`: a file written with another delimiter is
# named with the delimiter found; `encoding: windows-1252` (or latin-1) converts such exports.
. "$(dirname "$0")/tap.sh"
DATA=$ROOT/tests/data/link

spec() { # spec NAME CSV EXTRA-LINE
  sed -e "s|path: health.csv|path: $2|" -e "s|record_id: nhs_ref|record_id: nhs_ref$3|" \
    "$DATA/health.yaml" > "$TMP/$1.yaml"
}
# The same records, with accents, as UTF-8, as windows-1252 and separated by semicolons.
python3 - "$DATA/health.csv" "$TMP" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read().replace("John,Smith", "José,Smith")
open(sys.argv[2] + "/utf8.csv", "w", encoding="utf-8").write(text)
open(sys.argv[2] + "/cp1252.csv", "w", encoding="cp1252").write(text.replace("Mary", "Zoë€"))
open(sys.argv[2] + "/utf8-euro.csv", "w", encoding="utf-8").write(text.replace("Mary", "Zoë€"))
open(sys.argv[2] + "/semicolon.csv", "w", encoding="utf-8").write(text.replace(",", ";"))
PY
spec semicolon semicolon.csv ""
run 2 "$VALUEMAP" link "$TMP/semicolon.yaml" --out "$TMP/o"
expect_stderr "semicolon.csv:1: the header is one column separated by ',' (comma), but it holds 5 of ';' (semicolon): the file looks separated by that; say \`delimiter: \";\"\` in its spec"
spec semicolon-ok semicolon.csv '\n  delimiter: ";"'
run 0 "$VALUEMAP" link "$TMP/semicolon-ok.yaml" --out "$TMP/semi" --quiet

spec cp1252-plain cp1252.csv ""
run 2 "$VALUEMAP" link "$TMP/cp1252-plain.yaml" --out "$TMP/o"
expect_stderr "not valid UTF-8 (a spreadsheet export? say \`encoding: windows-1252\` in its spec)"
spec cp1252 cp1252.csv '\n  encoding: windows-1252'
run 0 "$VALUEMAP" link "$TMP/cp1252.yaml" --out "$TMP/cp" --quiet
spec utf8 utf8-euro.csv ""
run 0 "$VALUEMAP" link "$TMP/utf8.yaml" --out "$TMP/u8" --quiet
cmp -s "$TMP/cp/pairs.csv" "$TMP/u8/pairs.csv"; ok $? "windows-1252 export links as its UTF-8 twin (pairs.csv)"
cmp -s "$TMP/cp/clusters.csv" "$TMP/u8/clusters.csv"; ok $? "and clusters.csv"
spec latin latin.csv '\n  encoding: latin-1'
python3 -c 'import sys; open(sys.argv[1], "w", encoding="latin-1").write(open(sys.argv[2], encoding="utf-8").read())' \
  "$TMP/latin.csv" "$TMP/utf8.csv"
run 0 "$VALUEMAP" link "$TMP/latin.yaml" --out "$TMP/l1" --quiet
spec utf8-plain utf8.csv ""
run 0 "$VALUEMAP" link "$TMP/utf8-plain.yaml" --out "$TMP/u8p" --quiet
cmp -s "$TMP/l1/pairs.csv" "$TMP/u8p/pairs.csv"; ok $? "latin-1 export links as its UTF-8 twin"
spec bad-enc utf8.csv '\n  encoding: ascii'
run 2 "$VALUEMAP" link "$TMP/bad-enc.yaml" --out "$TMP/o"
expect_stderr "dataset.encoding: unknown encoding 'ascii'; expected utf-8 (the default), windows-1252 (Excel on Windows) or latin-1"
printf 'nhs_ref,forename,surname,birth_date,gender,post_code\nH1,A\x81,B,01/01/1980,1,M1 1AA\n' > "$TMP/undefined.csv"
spec undefined undefined.csv '\n  encoding: windows-1252'
run 2 "$VALUEMAP" link "$TMP/undefined.yaml" --out "$TMP/o"
expect_stderr "undefined.csv:2: field 2 (column 'forename'): byte 0x81 is not a windows-1252 character"
finish
