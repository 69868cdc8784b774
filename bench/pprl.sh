#!/usr/bin/env bash
# Privacy-preserving linkage on FEBRL4 (dataset4a + 4b, the specs of bench/link.sh): pairwise
# precision, recall and F1 of `link --encoded` for each hardening, next to cleartext `link`;
# encodings per second; Dice comparisons per second per core of each kernel
# (bench/pprl-dice.c, CPU time of one thread). Not part of `make check`.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VALUEMAP=$ROOT/build/valuemap
DATA=${VALUEMAP_DATA:-$ROOT/../shared/data/linkage}/febrl
OUT=$ROOT/out/bench/pprl
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
mkdir -p "$OUT"
rm -f "$OUT/project.key"
"$VALUEMAP" keygen "$OUT/project.key" 2>/dev/null
for x in a b; do
  printf 'dataset: {id: febrl4%s, path: %s/dataset4%s.csv, record_id: rec_id}\nfields:\n  first_name: given_name\n  last_name: surname\n  dob: date_of_birth\n  postcode: postcode\n  address: {columns: [street_number, address_1, address_2]}\n  town: suburb\n  id_number: soc_sec_id\n' \
    $x "$DATA" $x > "$OUT/$x.yaml"
done
cpu() { # cpu COMMAND...: user+system CPU seconds of the command
  $PY - "$@" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(round(r.ru_utime + r.ru_stime, 3))
PY
}
echo "| linkage | encoding bits | precision | recall | F1 | threshold (Dice) |"
echo "|---|---:|---:|---:|---:|---:|"
"$VALUEMAP" link "$OUT/a.yaml" "$OUT/b.yaml" --out "$OUT/clear" --config bench/configs/febrl4.yaml --quiet 2>/dev/null
read -r _ _ _ p r f < <($PY bench/score.py "$OUT/clear/clusters.csv" febrl --cross)
echo "| cleartext link (bench/configs/febrl4.yaml) | - | $p | $r | $f | - |"
for h in diffusion none xor-fold blip; do
  for x in a b; do
    "$VALUEMAP" encode "$OUT/$x.yaml" --key-file "$OUT/project.key" --out "$OUT/$x-$h.enc" --hardening $h --quiet 2>/dev/null
  done
  "$VALUEMAP" link --encoded "$OUT/a-$h.enc" "$OUT/b-$h.enc" --out "$OUT/L-$h" --quiet 2>/dev/null
  read -r _ _ _ p r f < <($PY bench/score.py "$OUT/L-$h/clusters.csv" febrl --cross)
  read -r bits cut < <($PY -c "import json; e = json.load(open('$OUT/L-$h/linkage-summary.json'))['encoded']; print(e['bits'], e['across_datasets']['dice_threshold'])")
  echo "| encoded, hardening $h | $bits | $p | $r | $f | $cut |"
done

# Three synthetic departments (valuemap synth): the fields all three map, encoded by each;
# PEOPLE:SEED pairs in SYNTH (default: all-pairs and blocked sizes, seeds not tuned on first)
for ps in ${SYNTH:-2000:5 6000:11 6000:12 20000:3 50000:12}; do
  people=${ps%%:*} seed=${ps##*:}
  SYN=$OUT/synth-$people-$seed
  [ -f "$SYN/truth.csv" ] || "$VALUEMAP" synth --people "$people" --seed "$seed" --out "$SYN" --quiet
  TRUTH="column:$SYN/truth.csv:record_id:person_id"
  "$VALUEMAP" link "$SYN"/datasets/{health,dwp,justice}.yaml --out "$SYN/clear" --quiet 2>/dev/null
  read -r _ _ _ p r f < <($PY bench/score.py "$SYN/clear/clusters.csv" "$TRUTH")
  echo "| synth $people people, seed $seed: cleartext link (all mapped fields) | - | $p | $r | $f | - |"
  for d in health dwp justice; do
    "$VALUEMAP" encode "$SYN/datasets/$d.yaml" --key-file "$OUT/project.key" --out "$SYN/$d.enc" \
      --fields first_name,last_name,dob,sex,postcode --quiet 2>/dev/null
  done
  "$VALUEMAP" link --encoded "$SYN"/{health,dwp,justice}.enc --out "$SYN/enc" --quiet 2>/dev/null
  read -r _ _ _ p r f < <($PY bench/score.py "$SYN/enc/clusters.csv" "$TRUTH")
  cut=$($PY -c "import json; print(json.load(open('$SYN/enc/linkage-summary.json'))['encoded']['across_datasets']['dice_threshold'])")
  echo "| synth $people people, seed $seed: encoded (5 common fields) | 2048 | $p | $r | $f | $cut (lowest class) |"
done
echo
secs=$(cpu "$VALUEMAP" encode "$OUT/a.yaml" --key-file "$OUT/project.key" --out "$OUT/t.enc" --threads 1 --quiet)
echo "encode, one thread, defaults: $($PY -c "print(f'{5000 / $secs:,.0f}')") encodings per CPU second"
secs=$(cpu "$VALUEMAP" link --encoded "$OUT/a-diffusion.enc" "$OUT/b-diffusion.enc" --out "$OUT/t" --threads 1 --quiet)
echo "link --encoded, one thread, FEBRL4 (49,995,000 pairs scored twice, 2,048-bit encodings): $secs CPU seconds end to end"
echo
# the kernels are private: link the internal archive (it keeps every symbol)
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc bench/pprl-dice.c \
  build/libvaluemap_internal.a -lsodium -lutf8proc -lcjson -lyaml -lm -pthread -o "$OUT/pprl-dice"
uptime
for round in 1 2 3 4 5; do for bits in 1024 2048; do "$OUT/pprl-dice" $bits; done; done
uptime
