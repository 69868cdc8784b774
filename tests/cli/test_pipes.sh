#!/usr/bin/env bash
# test_pipes.sh - a dataset given as a named pipe (mkfifo; cat data.csv > pipe &): link, encode
# and journeys read it once, dob's date order found from the bytes held in memory; run, which
# must read each input twice, refuses it at once (exit 2, naming the file). docs/linkage.md,
# "Datasets from a pipe".
#
# No test here can hang if the pipe were opened twice again: the writer removes the pipe's name
# as soon as the first reader has opened it, so a second opening fails at once (no such file)
# instead of waiting for a writer that never comes. No clock: every wait is for an event.
. "$(dirname "$0")/tap.sh"
D=$ROOT/tests/data
KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f

# feed PIPE FILE: makes the named pipe PIPE and, in the background, writes FILE to its first
# reader, then closes; the name PIPE is gone once that reader has opened it.
feed() {
  mkfifo "$1"
  { exec 3>"$1"; rm -f "$1"; cat "$2" >&3; exec 3>&-; } &
  writer=$!
  pipe=$1
}
# fed: waits for the writer. When the command never opened the pipe (refused it, or failed
# first), opens it here, so that the writer's wait for a reader ends.
fed() {
  [ -p "$pipe" ] && exec 4<>"$pipe"
  wait "$writer"
  exec 4>&-
}
# same_outputs DIR1 DIR2 FILE...: the files are byte for byte the same in both folders.
same_outputs() {
  local a=$1 b=$2 f bad=0; shift 2
  for f in "$@"; do cmp -s "$a/$f" "$b/$f" || { bad=1; echo "# $f differs"; }; done
  ok $bad "the same $* as from a regular file"
}

# link: dob without a format (its order is detected), day first and month first
mkdir -p "$TMP/l"
cp "$D/link/work.yaml" "$D/link/work.csv" "$TMP/l/"
sed -e 's/path: health.csv/path: health.pipe/' -e 's#dob: {column: birth_date, format: "%d/%m/%Y"}#dob: birth_date#' \
  "$D/link/health.yaml" >"$TMP/l/pipe.yaml"
sed 's/path: health.pipe/path: health.csv/' "$TMP/l/pipe.yaml" >"$TMP/l/file.yaml"
cp "$D/link/health.csv" "$TMP/l/health.csv"
run 0 cpu_limited 60 "$VALUEMAP" link "$TMP/l/file.yaml" "$TMP/l/work.yaml" --out "$TMP/l/file" --threads 1
feed "$TMP/l/health.pipe" "$TMP/l/health.csv"
run 0 cpu_limited 60 "$VALUEMAP" link "$TMP/l/pipe.yaml" "$TMP/l/work.yaml" --out "$TMP/l/pipe" --threads 1
fed
same_outputs "$TMP/l/file" "$TMP/l/pipe" clusters.csv pairs.csv review.csv linkmodel.json

# the same dates written month first: found so from the pipe too
awk -F, -v OFS=, 'NR > 1 { split($4, d, "/"); $4 = d[2] "/" d[1] "/" d[3] } 1' \
  "$D/link/health.csv" >"$TMP/l/health.csv"
grep -q '^H002,.*,11/17/1975,' "$TMP/l/health.csv"; ok $? "month-first data made"
run 0 cpu_limited 60 "$VALUEMAP" link "$TMP/l/file.yaml" "$TMP/l/work.yaml" --out "$TMP/l/file-us" --threads 1
expect_stderr "field 'dob': read as month/day/year"
feed "$TMP/l/health.pipe" "$TMP/l/health.csv"
run 0 cpu_limited 60 "$VALUEMAP" link "$TMP/l/pipe.yaml" "$TMP/l/work.yaml" --out "$TMP/l/pipe-us" --threads 1
fed
expect_stderr "field 'dob': read as month/day/year"
same_outputs "$TMP/l/file-us" "$TMP/l/pipe-us" clusters.csv pairs.csv review.csv linkmodel.json

# encode
mkdir -p "$TMP/e"
printf '%s\n' "$KEY" >"$TMP/e/k.key" && chmod 600 "$TMP/e/k.key"
sed 's/dob: {column: dob, format: "%Y-%m-%d"}/dob: dob/' "$D/pprl/people.yaml" |
  sed "s#path: people.csv#path: $D/pprl/people.csv#" >"$TMP/e/file.yaml"
sed "s#path: $D/pprl/people.csv#path: people.pipe#" "$TMP/e/file.yaml" >"$TMP/e/pipe.yaml"
grep -q 'path: people.pipe' "$TMP/e/pipe.yaml"; ok $? "encode's spec names the pipe"
run 0 cpu_limited 60 "$VALUEMAP" encode "$TMP/e/file.yaml" --key-file "$TMP/e/k.key" --out "$TMP/e/file.enc" --threads 1
feed "$TMP/e/people.pipe" "$D/pprl/people.csv"
run 0 cpu_limited 60 "$VALUEMAP" encode "$TMP/e/pipe.yaml" --key-file "$TMP/e/k.key" --out "$TMP/e/pipe.enc" --threads 1
fed
cmp -s "$TMP/e/file.enc" "$TMP/e/pipe.enc"; ok $? "encode: the same encoding as from a regular file"

# journeys: one department's records through a pipe
run 0 "$VALUEMAP" synth --people 150 --seed 17 --threads 1 --out "$TMP/s" --quiet
run 0 "$VALUEMAP" link "$TMP"/s/datasets/*.yaml --out "$TMP/s/out/link" --threads 1 --quiet
sed 's#dob: {column: date_of_birth, format: "%d/%m/%Y"}#dob: date_of_birth#' \
  "$TMP/s/datasets/health.yaml" >"$TMP/s/datasets/health-file.yaml"
sed 's/path: health.csv/path: health.pipe/' "$TMP/s/datasets/health-file.yaml" \
  >"$TMP/s/datasets/health-pipe.yaml"
for how in file pipe; do
  sed "s#datasets/health.yaml#datasets/health-$how.yaml#" "$TMP/s/journeys.yaml" >"$TMP/s/j-$how.yaml"
done
run 0 cpu_limited 120 "$VALUEMAP" journeys "$TMP/s/j-file.yaml" --out "$TMP/s/jfile" --threads 1 --quiet
feed "$TMP/s/datasets/health.pipe" "$TMP/s/datasets/health.csv"
run 0 cpu_limited 120 "$VALUEMAP" journeys "$TMP/s/j-pipe.yaml" --out "$TMP/s/jpipe" --threads 1 --quiet
fed
same_outputs "$TMP/s/jfile" "$TMP/s/jpipe" $(cd "$TMP/s/jfile" && ls)

# run: refused before anything is read, naming the file
sed 's#datasets/health.yaml#datasets/health-pipe.yaml#' "$TMP/s/project.yaml" >"$TMP/s/p.yaml"
feed "$TMP/s/datasets/health.pipe" "$TMP/s/datasets/health.csv"
run 2 cpu_limited 60 "$VALUEMAP" run "$TMP/s/p.yaml" --threads 1 --quiet
fed
expect_stderr "health.pipe: a named pipe or device: expected a regular file"

# sweep (session 6): begin. A pipe named twice in one journeys file (a dataset's records and
# its events) waited for ever at its second opening; it is refused before either is opened.
# A model from a pipe waited too (a YAML file is read twice: checked, then parsed).
sed 's/path: health_events.csv/path: health.pipe/' "$TMP/s/datasets/health-pipe.yaml" \
  >"$TMP/s/datasets/health-twice.yaml"
grep -c 'path: health.pipe' "$TMP/s/datasets/health-twice.yaml" | grep -qx 2
ok $? "a spec naming one pipe as its records and as its events"
sed "s#datasets/health.yaml#datasets/health-twice.yaml#" "$TMP/s/journeys.yaml" >"$TMP/s/j-twice.yaml"
feed "$TMP/s/datasets/health.pipe" "$D/link/health.csv"
run 2 cpu_limited 60 "$VALUEMAP" journeys "$TMP/s/j-twice.yaml" --out "$TMP/s/jtwice" --threads 1 --quiet
fed
expect_stderr "health.pipe: a named pipe or device given twice: expected a regular file, as a pipe can be read only once"
expect_no_file "$TMP/s/jtwice"
feed "$TMP/model.pipe" "$ROOT/examples/housing-first/model.yaml"
run 2 cpu_limited 60 "$VALUEMAP" appraise "$TMP/model.pipe" --out "$TMP/mpipe" --quiet
fed
expect_stderr "model.pipe: a named pipe or device: expected a regular file, as a YAML or JSON file is read twice"
expect_no_file "$TMP/mpipe"
# sweep: end
finish
