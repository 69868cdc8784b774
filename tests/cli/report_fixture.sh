# report_fixture.sh - sourced by the report tests: makes a run's output folder in $TMP/run
# (link/, journeys/, appraise/, pool/ as `valuemap run` lays them out) from the demo model,
# FEBRL-style link data and the hand-written journeys files in tests/data/report/journeys.
make_run() {
  local model=$ROOT/tests/data/report/demo-model.yaml run=$TMP/run
  "$VALUEMAP" appraise "$model" --out "$run/appraise" --draws 2000 --seed 1 --quiet &&
  "$VALUEMAP" pool "$model" --out "$run/pool" --quiet &&
  "$VALUEMAP" link "$ROOT/tests/data/link/health.yaml" "$ROOT/tests/data/link/work.yaml" \
    --out "$run/link" --quiet 2>/dev/null &&
  cp -r "$ROOT/tests/data/report/journeys" "$run/journeys"
}
