#!/usr/bin/env bash
# CLI runs compared with whole expected files in tests/cli/exact/ (zstd's tests/cli-tests
# *.exact shape): every byte of the outputs, the terminal summaries and the help, so that no
# change of format goes unseen. The figures themselves are checked independently elsewhere
# (tests/reference, pool_reference.py, the hand-worked three.yaml); regenerate after an
# intended change with VMAP_UPDATE_EXACT=1 meson test cli_exact, and review the diff.
. "$(dirname "$0")/tap.sh"
THREE=$ROOT/tests/data/pool/three.yaml
LINK=$ROOT/tests/data/link

for verb in appraise pool link report; do
  run 0 "$VALUEMAP" help $verb
  expect_exact "$TMP/out" "help-$verb"
done

# three.yaml: no discounting, one year, figures worked by hand in its comments.
run 0 "$VALUEMAP" appraise "$THREE" --out "$TMP/a"
expect_exact "$TMP/out" appraise-three.stdout
for f in summary.json flows.csv agencies.csv matrix.csv; do expect_exact "$TMP/a/$f" "appraise-three.$f"; done

run 0 "$VALUEMAP" pool "$THREE" --out "$TMP/p"
expect_exact "$TMP/out" pool-three.stdout
for f in pool.json portfolio.csv credits.csv; do expect_exact "$TMP/p/$f" "pool-three.$f"; done

mkdir "$TMP/run" && cp -r "$TMP/a" "$TMP/run/appraise" && cp -r "$TMP/p" "$TMP/run/pool"
run 0 "$VALUEMAP" report "$TMP/run" --out "$TMP/r"
expect_exact "$TMP/out" report-three.stdout

run 0 "$VALUEMAP" link "$LINK/health.yaml" "$LINK/work.yaml" --out "$TMP/l" --threads 2
expect_exact "$TMP/err" link-health-work.stderr
for f in clusters.csv pairs.csv linkmodel.json linkage-summary.json; do
  expect_exact "$TMP/l/$f" "link-health-work.$f"
done

# Messages for bad input, whole.
run 2 "$VALUEMAP" appraise "$ROOT/tests/data/models/unknown-key-suggests.yaml" --out "$TMP/x"
expect_exact "$TMP/err" error-unknown-key.stderr
run 2 "$VALUEMAP" link "$LINK/bad_column.yaml" --out "$TMP/x"
expect_exact "$TMP/err" error-bad-column.stderr
run 2 "$VALUEMAP" pool "$THREE" --out "$TMP/x" --budget d=5
expect_exact "$TMP/err" error-unknown-budget.stderr
finish
