#!/usr/bin/env bash
# bench/synth.sh [VALUEMAP] [PEOPLE] [LINK_PEOPLE]: times `valuemap synth` on PEOPLE people
# (default 1,000,000) on 1 and 2 threads, then links LINK_PEOPLE (default 50,000) people's
# datasets with zero configuration and scores pairwise precision, recall and F1 against
# truth.csv (bench/score.py).
set -eu
VALUEMAP=${1:-build/valuemap}
PEOPLE=${2:-1000000}
LINK_PEOPLE=${3:-50000}
HERE=$(dirname "$0")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for threads in 1 2; do
  /usr/bin/time -f "synth $PEOPLE people, $threads threads: %e s wall, %U s user, %M KB peak" \
    "$VALUEMAP" synth --people "$PEOPLE" --seed 1 --out "$TMP/big" --threads "$threads" --quiet
  rm -rf "$TMP/big"
done
"$VALUEMAP" synth --people "$LINK_PEOPLE" --seed 1 --out "$TMP/s" --quiet
/usr/bin/time -f "link: %e s wall" "$VALUEMAP" link "$TMP"/s/datasets/*.yaml --out "$TMP/l" --quiet
echo "predicted true tp precision recall f1"
python3 "$HERE/score.py" "$TMP/l/clusters.csv" "column:$TMP/s/truth.csv:record_id:person_id"
