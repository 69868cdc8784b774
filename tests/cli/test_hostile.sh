#!/usr/bin/env bash
# Hostile inputs (docs/reliability.md, "Hostile inputs"): each is refused with exit 2 and a
# message "file:line[:col]: what: what was expected", or handled, in bounded memory (peak
# resident memory measured with getrusage, tests/cli/bounded.py) and time (a limit of 120 s of
# CPU time is only a hang guard; CPU, not wall-clock, time so that load cannot trip it). The big files are sparse (truncate): they take no disk and are never read
# whole. Under AddressSanitizer the quarantine is kept small so that the peak is the program's.
. "$(dirname "$0")/tap.sh"
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16
LIMIT_MB=512 # far below the 1 GB and 10 GB inputs; each run here needs < 200 MB

# bounded EXPECTED-STATUS NAME COMMAND...: runs it, checks its status and peak memory.
bounded() {
  local expected=$1 name=$2 result status peak; shift 2
  result=$(python3 "$ROOT/tests/cli/bounded.py" "$TMP/out" "$TMP/err" "$@")
  status=${result% *} peak=${result#* }
  [ "$status" -eq "$expected" ]; ok $? "$name: exit $expected (got $status)"
  [ "$status" -eq "$expected" ] || sed 's/^/#   /' "$TMP/err" | cut -c1-300 | head -5
  [ "$peak" -lt "$LIMIT_MB" ]; ok $? "$name: peak memory ${peak} MB < $LIMIT_MB MB"
}
says() { grep -qF -- "$1" "$TMP/err"; ok $? "says: $1"; grep -qF -- "$1" "$TMP/err" ||
  cut -c1-300 "$TMP/err" | sed 's/^/#   /'; }
says_re() { grep -qE -- "$1" "$TMP/err"; ok $? "says: /$1/"; grep -qE -- "$1" "$TMP/err" ||
  cut -c1-300 "$TMP/err" | sed 's/^/#   /'; }

D=$TMP/data
mkdir -p "$D"
cp "$ROOT"/tests/data/link/{health,work}.{yaml,csv} "$ROOT"/tests/data/projects/model.yaml "$D/"
header=$(head -1 "$D/health.csv")
# A spec like health.yaml over another CSV (and another dataset id).
spec_over() { sed -e "s/health.csv/$2/" -e "s/id: health/id: $1/" "$D/health.yaml" > "$D/$1.yaml"; }

# --- CSV: a line of 1 GB (its header, then 1 GB of NUL bytes and no line break) --------------
{ echo "$header"; } > "$D/long.csv"
truncate -s 1G "$D/long.csv"
spec_over long long.csv
bounded 2 "1 GB line" "$VALUEMAP" link "$D/long.yaml" "$D/work.yaml" --out "$TMP/o-long"
says "long.csv:2: a row longer than 64 MB: expected rows of at most 64 MB"
expect_no_file "$TMP/o-long"

# --- CSV: a 10 GB sparse file as a dataset --------------------------------------------------
truncate -s 10G "$D/sparse.csv"
spec_over sparse sparse.csv
bounded 2 "10 GB sparse CSV" "$VALUEMAP" link "$D/sparse.yaml" "$D/work.yaml" --out "$TMP/o-sparse"
says "sparse.csv:1: a row longer than 64 MB"

# --- CSV: a million columns, linked (handled: nothing in it is quadratic) ---------------------
python3 - "$D/wide.csv" "$header" <<'PY'
import sys
path, header = sys.argv[1], sys.argv[2]
extra = 1_000_000 - header.count(",") - 1
with open(path, "w") as f:
    f.write(header + "," + ",".join(f"c{i}" for i in range(extra)) + "\n")
    for line in open(path.replace("wide.csv", "health.csv")).read().splitlines()[1:]:
        f.write(line + "," * extra + "\n")
PY
spec_over wide wide.csv
bounded 0 "a million columns" "$VALUEMAP" link "$D/wide.yaml" "$D/work.yaml" --out "$TMP/o-wide" --quiet
expect_file "$TMP/o-wide/clusters.csv"

# --- YAML: nesting 100,000 deep -------------------------------------------------------------
python3 -c "print('appraisal: ' + '[' * 100000 + ']' * 100000)" > "$D/deep.yaml"
bounded 2 "YAML nested 100000 deep" "$VALUEMAP" appraise "$D/deep.yaml" --out "$TMP/o-deep"
says "deep.yaml:1:74: not valid YAML or JSON: Max depth (64) exceeded"

# --- YAML: a billion laughs (10 levels of 10 aliases: 10^10 values once expanded) ------------
python3 - "$D/laughs.yaml" <<'PY'
import sys
lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
lines.append("appraisal: *a9")
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
bounded 2 "YAML billion laughs" "$VALUEMAP" appraise "$D/laughs.yaml" --out "$TMP/o-laughs"
says_re "laughs.yaml:[0-9]+:[0-9]+: aliases expand the document past 1000000 values \(an alias bomb\?\): expected at most 1000000"
# ... while anchors and aliases of a sane size still work (a merge key, an alias).
sed -e 's/^appraisal:/appraisal: \&app/' "$D/model.yaml" > "$D/anchored.yaml"
echo "extra: *app" >> "$D/anchored.yaml"
bounded 2 "a small alias still resolves" "$VALUEMAP" appraise "$D/anchored.yaml" --out "$TMP/o-anch"
says "unknown key 'extra'"

# --- 10 GB sparse files as a model, a JSON model, an encoding and a stage's summary -----------
truncate -s 10G "$D/big.yaml" "$D/big.json" "$D/big.enc"
bounded 2 "10 GB sparse model" "$VALUEMAP" appraise "$D/big.yaml" --out "$TMP/o-big"
says "big.yaml: 10737418240 bytes is too large: expected a YAML or JSON file of at most 64 MB"
bounded 2 "10 GB sparse JSON model" "$VALUEMAP" appraise "$D/big.json" --out "$TMP/o-bigj"
says "big.json: 10737418240 bytes is too large"
bounded 2 "10 GB sparse encoding" "$VALUEMAP" link --encoded "$D/big.enc" "$D/big.enc" --out "$TMP/o-enc"
says "big.enc:1:1: expected 'valuemap-encoded': not a file written by \`valuemap encode\`"
mkdir -p "$D/stage"
truncate -s 10G "$D/stage/summary.json"
bounded 2 "10 GB sparse summary.json" "$VALUEMAP" report "$D/stage" --out "$TMP/o-rep"
says "summary.json: 10737418240 bytes is too large: expected a JSON file of at most 64 MB"

# --- a 10 GB sparse file as a stage's table (the report maps it: memory held the whole row) ---
"$VALUEMAP" appraise "$D/model.yaml" --out "$D/run/appraise" --draws 10 --quiet
rm "$D/run/appraise/draws.csv"
truncate -s 10G "$D/run/appraise/draws.csv"
bounded 2 "10 GB sparse draws.csv" "$VALUEMAP" report "$D/run" --out "$TMP/o-rep2"
says "draws.csv:1: a row longer than 64 MB"

# --- Names of 1 MB: refused where a name is checked, with the rest of the message intact -----
python3 - "$D" <<'PY'
import sys
d = sys.argv[1]
model = open(f"{d}/model.yaml").read()
big = "d" * (1 << 20)
open(f"{d}/bigid.yaml", "w").write(model.replace("id: dhsc", "id: " + big).replace("agency: dhsc", "agency: " + big))
open(f"{d}/bigref.yaml", "w").write(model.replace("agency: dhsc", "agency: " + big))
open(f"{d}/bigkey.yaml", "w").write(model.replace("horizon: 2", "horizon: 2\n  " + big + ": 3"))
spec = open(f"{d}/health.yaml").read()
open(f"{d}/bigcol.yaml", "w").write(spec.replace("id: health", "id: bigcol").replace("forename", big))
PY
bounded 2 "1 MB unknown agency" "$VALUEMAP" appraise "$D/bigref.yaml" --out "$TMP/o-n1"
says_re "bigref.yaml:[0-9]+:[0-9]+: intervention 'support' cost 1: unknown agency 'd{64}\.\.\.' \(1048576 bytes\)"
bounded 2 "1 MB unknown key" "$VALUEMAP" appraise "$D/bigkey.yaml" --out "$TMP/o-n2"
says_re "bigkey.yaml:7:3: appraisal: unknown key 'd{64}\.\.\.' \(1048576 bytes\).*expected one of"
bounded 2 "1 MB agency id" "$VALUEMAP" appraise "$D/bigid.yaml" --out "$TMP/o-n3"
says_re "bigid.yaml:[0-9]+:[0-9]+: agency 1: id: .d{64}\.\.\.. \(1048576 bytes\) is not a valid id; expected 1 to 64"
bounded 2 "1 MB column name" "$VALUEMAP" link "$D/bigcol.yaml" "$D/work.yaml" --out "$TMP/o-n4"
says_re "bigcol.yaml:[0-9]+:[0-9]+: .*\(1048576 bytes\)"
# --- What fuzzing found (fuzz_cli; the inputs replay in tests/data/fuzz/cli) ----------------
# A --set value libfyaml complained about made it write its message into a dead stack frame
# (the load's, kept by the document's diag): a crash under ASan, silent corruption without.
bounded 2 "--set with a value that is not YAML" "$VALUEMAP" appraise "$D/model.yaml" \
  --out "$TMP/o-s1" --set 'appraisal.horizon=['
says "set appraisal.horizon=[: '[' for 'horizon' is not a YAML value"
bounded 2 "--set that is not UTF-8" "$VALUEMAP" appraise "$D/model.yaml" --out "$TMP/o-s2" \
  --set $'appraisal.horizon=8\x85'
says "set: the assignment is not valid UTF-8; expected PATH=VALUE as text"
finish
