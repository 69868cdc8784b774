#!/usr/bin/env bash
# Linkage at scale (issue 14): zero-configuration `valuemap link` on synthetic three-department
# populations (`valuemap synth`) of growing size, scored against their truth.csv with --labels.
# Prints one Markdown row per size: records, candidate pairs compared and per record,
# precision / recall / F1, the stage seconds from the summary, wall and CPU seconds and peak
# memory from /usr/bin/time, and the load average when it ran. Not part of `make check`.
#
# usage: bench/link_scale.sh [VALUEMAP] [PEOPLE:SEED ...]
#   default sizes: 10000:101 100000:202 650000:303 (650,000 people is about 870,000 records)
set -uo pipefail
cd "$(dirname "$0")/.."
VALUEMAP=$(realpath "${1:-build/valuemap}")
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000:101 100000:202 650000:303)
OUT=${OUT:-$PWD/out/bench/link_scale}
mkdir -p "$OUT"
[ -x /usr/bin/time ] || { echo "bench/link_scale.sh: needs /usr/bin/time (package time)" >&2; exit 2; }

printf '| people | records | pairs compared | per record | precision | recall | F1 | blocking / training / comparing / clustering s | wall s | CPU s | peak MB | load |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n'
for size in "${SIZES[@]}"; do
  people=${size%%:*} seed=${size##*:}
  pop=$OUT/synth_${people}_$seed
  [ -f "$pop/truth.csv" ] || "$VALUEMAP" synth --people "$people" --seed "$seed" --out "$pop" \
    --departments health,dwp,justice > /dev/null || exit 1
  run=$OUT/link_${people}_$seed
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v -o "$run.time" "$VALUEMAP" link "$pop"/datasets/{health,dwp,justice}.yaml \
    --out "$run" --labels "$pop/truth.csv" --quiet 2> "$run.err" || { echo "| $people | failed |"; continue; }
  python3 - "$run" "$people" "$load" <<'PY'
import json, re, sys
run, people, load = sys.argv[1:]
s = json.load(open(run + "/linkage-summary.json"))
t, q = s["totals"], s["labels"]["clusters"]
time = open(run + ".time").read()
def field(name):
    return re.search(re.escape(name) + r": (.*)", time).group(1).strip()
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
mb = int(field("Maximum resident set size (kbytes)")) / 1024
stages = " / ".join("%.1f" % t["seconds_" + k] for k in ("blocking", "training", "comparing", "clustering"))
print("| %s | %s | %s | %.2f | %.4f | %.4f | %.4f | %s | %.1f | %.1f | %.0f | %s |" % (
    f"{int(people):,}", f"{t['records']:,}", f"{t['comparisons']:,}", t["comparisons"] / t["records"],
    q["precision"], q["recall"], q["f1"], stages, wall, cpu, mb, load))
PY
done
