#!/usr/bin/env bash
# bench/pprl_1m.sh [VALUEMAP [BEFORE]]: 1M x 1M privacy-preserving linkage end to end (issue 13).
#
# `valuemap synth` makes 3,400,000 people's health and DWP records (seed 31: 3.3M health,
# 1.02M DWP); the health extract is its first HEALTH_ROWS (default 1,000,000) records, so two
# extracts of about a million records each, about 300,000 of them the same people. Each is
# encoded with defaults on the five fields both map (a fresh key), the two files are linked
# with `link --encoded`, and the same two extracts with cleartext `link`. Prints, per step,
# wall and CPU seconds and peak memory (/usr/bin/time -v), encodings per CPU second, and
# pairwise precision / recall / F1 against synth's truth (bench/score.py: all pairs, then
# pairs across the two files only), with the load average when each step began.
# With BEFORE (another valuemap binary), its `link --encoded` of the same encodings is timed
# and scored too (before/after a change, one key). REUSE=1 keeps the key and encodings of an
# earlier run (only the links run again). Sizes: PEOPLE=340000 HEALTH_ROWS=100000 gives two
# extracts of about 100,000. Runs under `nice -n 10`; about 10-20 minutes on two shared cores
# at a million. Not in `make check`.
set -uo pipefail
cd "$(dirname "$0")/.."
VALUEMAP=$(realpath "${1:-build/valuemap}")
BEFORE=${2:+$(realpath "$2")}
OUT=${OUT:-$PWD/out/bench/pprl_1m}
PEOPLE=${PEOPLE:-3400000}
SEED=${SEED:-31}
HEALTH_ROWS=${HEALTH_ROWS:-1000000}
FIELDS=first_name,last_name,dob,sex,postcode
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
[ -x /usr/bin/time ] || { echo "bench/pprl_1m.sh: needs /usr/bin/time (package time)" >&2; exit 2; }
mkdir -p "$OUT"
POP=$OUT/pop
[ -f "$POP/truth.csv" ] || nice -n 10 "$VALUEMAP" synth --people "$PEOPLE" --seed "$SEED" \
  --out "$POP" --departments health,dwp --quiet || exit 1

# the two extracts: health's first HEALTH_ROWS records, DWP whole; specs without events
X=$OUT/extracts
mkdir -p "$X"
head -n $((HEALTH_ROWS + 1)) "$POP/datasets/health.csv" > "$X/health.csv"
cp "$POP/datasets/dwp.csv" "$X/dwp.csv"
for d in health dwp; do
  sed -n '/^events:/q;p' "$POP/datasets/$d.yaml" > "$X/$d.yaml"
done
$PY - "$POP/truth.csv" "$X" > "$X/truth.csv" <<'PY'
import csv, sys
keep = set()
for d in ("health", "dwp"):
    with open(f"{sys.argv[2]}/{d}.csv", newline="") as f:
        next(f)
        keep.update(line.split(",", 1)[0] for line in f)
with open(sys.argv[1], newline="") as f:
    for i, line in enumerate(f):
        if i == 0 or line.split(",", 2)[1] in keep:
            sys.stdout.write(line)
PY
TRUTH="column:$X/truth.csv:record_id:person_id"
echo "extracts: health $(($(wc -l < "$X/health.csv") - 1)), dwp $(($(wc -l < "$X/dwp.csv") - 1)) records; $($PY - "$X/truth.csv" <<'PY'
import collections, csv, sys
people = collections.defaultdict(set)
for row in csv.DictReader(open(sys.argv[1], newline="")):
    people[row["person_id"]].add(row["dataset"])
print(sum(len(s) == 2 for s in people.values()), "people in both")
PY
)"

# timed NAME COMMAND...: runs the command under nice and /usr/bin/time -v into $OUT/NAME.time
timed() {
  local name=$1
  shift
  echo "$name: load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/loads"
  nice -n 10 /usr/bin/time -v -o "$OUT/$name.time" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err" ||
    { echo "bench/pprl_1m.sh: $name failed:"; tail -3 "$OUT/$name.err"; return 1; }
}
# row NAME RECORDS SCORED_DIR: one Markdown row from $OUT/NAME.time (and scores when a dir)
row() {
  $PY - "$OUT/$1.time" "$1" "$2" "$(grep "^$1:" "$OUT/loads" | tail -1 | cut -d' ' -f3)" \
    "${3:-}" "$TRUTH" <<'PY'
import re, subprocess, sys
time, name, records, load, scored, truth = sys.argv[1:]
text = open(time).read()
def field(f):
    return re.search(re.escape(f) + r": (.*)", text).group(1).strip()
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(
    field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"))))
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
mb = int(field("Maximum resident set size (kbytes)")) / 1024
rate = f"{int(records) / cpu:,.0f}" if records != "-" else "-"
scores = ["-"] * 6
if scored:
    for k, extra in enumerate(([], ["--cross"])):
        out = subprocess.run([sys.executable, "bench/score.py", scored + "/clusters.csv", truth]
                             + extra, capture_output=True, text=True).stdout.split()
        scores[3 * k:3 * k + 3] = out[3:6]
print(f"| {name} | {wall:.1f} | {cpu:.1f} | {mb:,.0f} | {rate} | " + " | ".join(scores)
      + f" | {load} |")
PY
}

rm -f "$OUT/loads"
echo "| step | wall s | CPU s | peak MB | records per CPU s | precision | recall | F1 | precision across | recall across | F1 across | load (1 min) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
if [ "${REUSE:-0}" != 1 ] || [ ! -f "$OUT/dwp.enc" ]; then
  rm -f "$OUT/project.key"
  "$VALUEMAP" keygen "$OUT/project.key" > /dev/null 2>&1 || exit 1
  for d in health dwp; do
    n=$(($(wc -l < "$X/$d.csv") - 1))
    timed "encode-$d" "$VALUEMAP" encode "$X/$d.yaml" --key-file "$OUT/project.key" \
      --out "$OUT/$d.enc" --fields "$FIELDS" --quiet && row "encode-$d" "$n"
  done
fi
if [ -n "$BEFORE" ]; then
  timed link-encoded-before "$BEFORE" link --encoded "$OUT/health.enc" "$OUT/dwp.enc" \
    --out "$OUT/link-encoded-before" && row link-encoded-before - "$OUT/link-encoded-before"
fi
timed link-encoded "$VALUEMAP" link --encoded "$OUT/health.enc" "$OUT/dwp.enc" \
  --out "$OUT/link-encoded" && row link-encoded - "$OUT/link-encoded"
if [ "${REUSE:-0}" != 1 ] || [ ! -f "$OUT/link-clear.time" ]; then
  timed link-clear "$VALUEMAP" link "$X/health.yaml" "$X/dwp.yaml" --out "$OUT/link-clear"
fi
[ -f "$OUT/link-clear.time" ] && row link-clear - "$OUT/link-clear"
for run in link-encoded-before link-encoded link-clear; do
  [ -f "$OUT/$run.out" ] || continue
  echo "$run: $(grep -E 'candidate pair|matching pair' "$OUT/$run.out" | tr '\n' ' ')"
done
for run in link-encoded-before link-encoded; do
  [ -f "$OUT/$run/linkage-summary.json" ] || continue
  $PY -c "import json, sys; e = json.load(open(sys.argv[1]))['encoded']; print(sys.argv[2] + ':', {k: e[k] for k in e if not isinstance(e[k], (dict, list)) and 'settings' not in k})" \
    "$OUT/$run/linkage-summary.json" $run
done
