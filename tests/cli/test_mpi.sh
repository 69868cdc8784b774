#!/usr/bin/env bash
# CLI tests of the MPI build (issue 18): `mpirun -np 1, 2, 3 valuemap ...` on the example models
# (appraise, appraise --draws, pool), FEBRL4 (link, and link --encoded, from ../shared) and
# synth's project (run), and a CSV read in shares by the ranks (split reading)
# must write the same bytes as one process: as build/valuemap, the build without MPI, when
# scripts/check gives it in VALUEMAP_REFERENCE, else as this binary started without mpirun.
# Timings (seconds_* lines, the report's workbook and stamp, which carry them) are left out.
# Also: only rank 0 prints, an input error exits 2 on every rank with one message, a write
# failure (rank 0's alone) exits 1 on every rank with one message. Skipped,
# with the reason, where mpirun is missing.
. "$(dirname "$0")/tap.sh"
if ! command -v mpirun >/dev/null; then
  echo "1..0 # SKIP mpirun is missing: install Open MPI (scripts/install-deps mpi)"
  exit 0
fi
REF=${VALUEMAP_REFERENCE:-$VALUEMAP}
[ -x "$REF" ] || REF=$VALUEMAP
echo "# reference binary: $REF"
# Open MPI as root in a container, on one machine without network: allowed as root, more ranks
# than cores, no binding to cores, no single-copy shared memory (ptrace is often not allowed).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_btl=self,vader
mpi() { # mpi N ARGS...: valuemap under mpirun -np N, stopped after 120 s rather than hang
  local n=$1; shift
  timeout 120 mpirun -np "$n" "$VALUEMAP" "$@"
}

# same_tree A B WHAT: every file of A is in B with the same bytes (timings left out)
same_tree() {
  local a=$1 b=$2 what=$3 bad=0 f
  while IFS= read -r f; do
    case $f in */.valuemap-stamp|*/valuemap.xlsx) continue ;; esac
    if [[ $f == *.json ]]; then
      cmp -s <(grep -v '"seconds_' "$a/$f") <(grep -v '"seconds_' "$b/$f" 2>/dev/null) ||
        { echo "# differs: $f"; bad=1; }
    else
      cmp -s "$a/$f" "$b/$f" || { echo "# differs: $f"; bad=1; }
    fi
  done < <(cd "$a" && find . -type f | sort)
  [ "$(cd "$a" && find . -type f | sort)" = "$(cd "$b" && find . -type f | sort)" ] ||
    { echo "# not the same files"; bad=1; }
  ok $bad "$what"
}

# held_shares ERR N TOTAL WHAT: the records each rank held in a linkage (VALUEMAP_MPI_STATS
# lines in ERR) are shares, not all TOTAL: every record is some rank's own exactly once, each
# rank's own are its 1/N of the rows (within 10%), and the copies of other ranks' records it
# held at once for one rule are at most 1.5 times the expected (N - 1)/N^2 of the records
# (its 1/N of a rule's blocks, of which (N - 1)/N read elsewhere), so no rank held them all.
held_shares() { # held_shares ERR N TOTAL WHAT [TOKENS]: with TOKENS, encodings blocked on
  # that many tokens: a rank's copies of others' rows at most 1.1 x the chance that one of a
  # row's tokens is in its range; without, records: at most 1.5 x one rule's visitors
  local err=$1 n=$2 total=$3 what=$4 tokens=${5:-0} noun=records
  [ "$tokens" -gt 0 ] && noun=encodings
  awk -v n="$n" -v total="$total" -v tokens="$tokens" -v noun="$noun" '
    /MPI rank .* held/ { ranks++; own = $11; others = $19; sum += own
      if (own < 0.9 * total / n || own > 1.1 * total / n) bad = 1
      limit = tokens ? 1.1 * (1 - (1 - 1 / n) ^ tokens) * total * (n - 1) / n \
                     : 1.5 * total * (n - 1) / (n * n)
      if (others > limit) bad = 1
      if (own + others >= total) bad = 1
      printf "# rank %s: %d %s of its own, at most %d of others\n", $4, own, noun, others }
    END { exit !(ranks == n && sum == total && !bad) }' "$err"
  ok $? "$what: each rank held its share of the $total $noun, not all"
}

EX=$ROOT/examples
# --- appraise, deterministic and Monte Carlo, and pool
run 0 "$REF" appraise "$EX/housing-first/model.yaml" --out "$TMP/ref/appraise"
sed "s#$TMP/ref/#OUT/#g" "$TMP/out" > "$TMP/ref-appraise.out"
run 0 "$REF" appraise "$EX/mental-health-employment/model.yaml" --out "$TMP/ref/draws" \
  --draws 50001 --seed 5 --save-inputs --quiet
run 0 "$REF" pool "$EX/housing-first/model.yaml" --out "$TMP/ref/pool" --quiet
# (every rank count on the cheap deterministic appraisal; 2 and 3 on the rest, to stay
# within make check's 90 s budget for MPI)
for n in 1 2 3; do
  run 0 mpi $n appraise "$EX/housing-first/model.yaml" --out "$TMP/np$n/appraise"
  sed "s#$TMP/np$n/#OUT/#g" "$TMP/out" | cmp -s - "$TMP/ref-appraise.out"
  ok $? "appraise -np $n prints once, as one process"
  same_tree "$TMP/ref/appraise" "$TMP/np$n/appraise" "appraise -np $n: the same files"
done
for n in 2 3; do
  run 0 mpi $n appraise "$EX/mental-health-employment/model.yaml" --out "$TMP/np$n/draws" \
    --draws 50001 --seed 5 --save-inputs --quiet
  same_tree "$TMP/ref/draws" "$TMP/np$n/draws" "appraise --draws 50001 -np $n (two gather rounds a rank): the same files"
done
run 0 mpi 3 pool "$EX/housing-first/model.yaml" --out "$TMP/np3/pool" --quiet
same_tree "$TMP/ref/pool" "$TMP/np3/pool" "pool -np 3: the same files"
# fewer draws than ranks: a rank with none
run 0 "$REF" appraise "$EX/mental-health-employment/model.yaml" --out "$TMP/ref/two" --draws 2 --quiet
run 0 mpi 3 appraise "$EX/mental-health-employment/model.yaml" --out "$TMP/np3/two" --draws 2 --quiet
same_tree "$TMP/ref/two" "$TMP/np3/two" "2 draws on 3 ranks: the same files"

# --- an input error: exit 2 on every rank, said once
printf 'appraisal: {name: x, base_year: 2024, horizon: 3}\nagencies: [{id: a}]\nbogus: 1\n' \
  > "$TMP/bad.yaml"
run 2 mpi 3 appraise "$TMP/bad.yaml" --out "$TMP/bad"
[ "$(grep -c 'bogus' "$TMP/err")" -eq 1 ]; ok $? "the error is printed once (rank 0)"
expect_no_file "$TMP/bad"
# a failure only rank 0 meets (it alone writes): every rank ends with exit 1, said once
touch "$TMP/afile"
run 1 mpi 3 appraise "$EX/housing-first/model.yaml" --out "$TMP/afile/sub" --quiet
[ "$(grep -c 'cannot make the output folder' "$TMP/err")" -eq 1 ]
ok $? "rank 0's write failure reaches every rank, printed once"

# --- link: FEBRL4 (5,000 + 5,000 records)
FEBRL=$ROOT/../shared/data/linkage/febrl
if [ -r "$FEBRL/dataset4a.csv" ]; then
  for x in a b; do
    cat > "$TMP/febrl4$x.yaml" <<SPEC
dataset: {id: febrl4$x, path: $FEBRL/dataset4$x.csv, record_id: rec_id}
fields:
  first_name: given_name
  last_name: surname
  dob: date_of_birth
  postcode: postcode
  address: {columns: [street_number, address_1, address_2]}
  town: suburb
  id_number: soc_sec_id
SPEC
  done
  run 0 "$REF" link "$TMP/febrl4a.yaml" "$TMP/febrl4b.yaml" --out "$TMP/ref/link" --quiet
  for n in 2 3; do # (-np 1 is tested on appraise above)
    export VALUEMAP_MPI_STATS=1
    run 0 mpi $n link "$TMP/febrl4a.yaml" "$TMP/febrl4b.yaml" --out "$TMP/np$n/link" --quiet
    unset VALUEMAP_MPI_STATS
    same_tree "$TMP/ref/link" "$TMP/np$n/link" "link FEBRL4 -np $n: the same files"
    held_shares "$TMP/err" $n 10000 "link FEBRL4 -np $n"
  done
  # a model given (--model): no training, the shuffle still blocks and scores
  run 0 "$REF" link "$TMP/febrl4a.yaml" "$TMP/febrl4b.yaml" --model "$TMP/ref/link/linkmodel.json" \
    --out "$TMP/ref/linkm" --quiet
  run 0 mpi 3 link "$TMP/febrl4a.yaml" "$TMP/febrl4b.yaml" --model "$TMP/ref/link/linkmodel.json" \
    --out "$TMP/np3/linkm" --quiet
  same_tree "$TMP/ref/linkm" "$TMP/np3/linkm" "link FEBRL4 --model -np 3: the same files"
  # encoded: all pairs (tiles of queries over ranks) and blocked (all_pairs_max: 0)
  run 0 "$REF" keygen "$TMP/k.key"
  for x in a b; do
    run 0 "$REF" encode "$TMP/febrl4$x.yaml" --key-file "$TMP/k.key" --out "$TMP/4$x.enc" --quiet
  done
  echo "all_pairs_max: 0" > "$TMP/blocked.yaml"
  run 0 "$REF" link --encoded "$TMP/4a.enc" "$TMP/4b.enc" --out "$TMP/ref/enc" --quiet
  run 0 "$REF" link --encoded "$TMP/4a.enc" "$TMP/4b.enc" --out "$TMP/ref/encb" --quiet \
    --config "$TMP/blocked.yaml"
  run 0 mpi 2 link --encoded "$TMP/4a.enc" "$TMP/4b.enc" --out "$TMP/np2/enc" --quiet
  same_tree "$TMP/ref/enc" "$TMP/np2/enc" "link --encoded FEBRL4, all pairs, -np 2: the same files"
  run 0 mpi 3 link --encoded "$TMP/4a.enc" "$TMP/4b.enc" --out "$TMP/np3/encb" --quiet \
    --config "$TMP/blocked.yaml"
  same_tree "$TMP/ref/encb" "$TMP/np3/encb" "link --encoded FEBRL4, blocked, -np 3: the same files"
  # pprl3 (issue 13): begin. Big token blocks refined by slot pairs, sub-blocks over ranks
  run 0 "$REF" encode "$ROOT/tests/data/pprl/crowd.yaml" --key-file "$TMP/k.key" --out "$TMP/crowd.enc" --quiet
  printf 'all_pairs_max: 0\nmax_block_size: 3\n' > "$TMP/crowd.yaml"
  run 0 "$REF" link --encoded "$TMP/crowd.enc" --out "$TMP/ref/crowd" --quiet --config "$TMP/crowd.yaml"
  run 0 mpi 3 link --encoded "$TMP/crowd.enc" --out "$TMP/np3/crowd" --quiet --config "$TMP/crowd.yaml"
  same_tree "$TMP/ref/crowd" "$TMP/np3/crowd" "link --encoded, big blocks refined, -np 3: the same files"
  # pprl3 (issue 13): end
  # --- split reading (each rank reads a byte range of each CSV, cut at row boundaries):
  # dataset4a rewritten with a byte-order mark, CRLF line ends, quoted fields holding line
  # breaks and doubled quotes in every other row, blank lines, 4,999 rows (3 does not divide
  # them); odd_csv OUT [ROW WITH AN EMPTY ID] [ROW WITH AN EXTRA FIELD] (rows counted from 2)
  odd_csv() {
    { printf '\xef\xbb\xbf'; tr -d '\r' < "$FEBRL/dataset4a.csv" |
      awk -F', ' -v bad="${2:-0}" -v extra="${3:-0}" 'BEGIN { OFS = "," }
        NR == 1 { $1 = $1; printf "%s\r\n", $0; next }
        { if (NR % 2 == 0) $6 = "\"" $6 " \"\"x\"\"\n" NR % 5 "\""
          if (NR == bad) $1 = ""
          if (NR == extra) $12 = "z"
          $1 = $1; printf "%s\r\n", $0; if (NR % 13 == 0) printf "\r\n  \r\n" }'
    } > "$TMP/$1.csv"
    sed "s#$FEBRL/dataset4a.csv#$TMP/$1.csv#" "$TMP/febrl4a.yaml" > "$TMP/$1.yaml"
  }
  odd_csv odd; odd_csv badid 4500; odd_csv twobad 4500 2500; head -3 "$FEBRL/dataset4a.csv" > "$TMP/tiny.csv"
  sed "s#$FEBRL/dataset4a.csv#$TMP/tiny.csv#" "$TMP/febrl4a.yaml" > "$TMP/tiny.yaml"
  run 0 "$REF" link "$TMP/odd.yaml" --out "$TMP/ref/odd" --quiet
  export VALUEMAP_MPI_STATS=1
  run 0 mpi 3 link "$TMP/odd.yaml" --out "$TMP/np3/odd" --quiet
  unset VALUEMAP_MPI_STATS
  same_tree "$TMP/ref/odd" "$TMP/np3/odd" "split reading on 3 ranks (BOM, CRLF, quoted line breaks, blank lines, 4,999 rows): the same files"
  held_shares "$TMP/err" 3 5000 "split reading, 5,000 records on 3 ranks"
  run 0 "$REF" link "$TMP/tiny.yaml" --out "$TMP/ref/tiny" --quiet
  run 0 mpi 3 link "$TMP/tiny.yaml" --out "$TMP/np3/tiny" --quiet
  same_tree "$TMP/ref/tiny" "$TMP/np3/tiny" "2 rows read on 3 ranks (ranks without rows): the same files"
  # the empty id is at 90% of the file's bytes (rank 2 of 3 reads it); with an extra field at
  # 50% too (rank 1), the earlier row is the one reported, as one process reports it
  for bad in badid twobad; do
    run 2 "$REF" link "$TMP/$bad.yaml" --out "$TMP/ref/$bad" --quiet
    cp "$TMP/err" "$TMP/$bad.ref-err"
    run 2 mpi 3 link "$TMP/$bad.yaml" --out "$TMP/np3/$bad" --quiet
    grep '^valuemap:' "$TMP/err" | cmp -s - "$TMP/$bad.ref-err"
    ok $? "$bad on 3 ranks: exit 2, the one-process message, with its line, once"
    expect_no_file "$TMP/np3/$bad"
  done
else
  ok 0 "# SKIP $FEBRL/dataset4a.csv is missing: the shared data must sit beside the project"
fi

# --- synth's project, every stage (link, journeys with its bootstrap, appraise, pool, report)
run 0 "$REF" synth --people 2000 --seed 11 --out "$TMP/synth" --quiet
for n in ref 2 3; do
  cp -r "$TMP/synth" "$TMP/synth-$n"
  if [ $n = ref ]; then run 0 "$REF" run "$TMP/synth-$n/project.yaml"
  else run 0 mpi $n run "$TMP/synth-$n/project.yaml"; fi
done
for n in 2 3; do
  same_tree "$TMP/synth-ref/out" "$TMP/synth-$n/out" "synth's project run -np $n: the same files"
done

# compact (issue 18, session 6): begin. Rank 0's table of records: after a linkage rank 0
# keeps for every record only its id (a pointer and the id's bytes: no 168-byte record slot)
# and holds whole only the kept pairs' records, fetched for clustering and writing. Checked
# on synth's three departments with --labels (the evaluation reads every record's dataset and
# id on rank 0): the same files as one process, and VALUEMAP_MPI_STATS's line for rank 0
# against figures counted here from the reference outputs.
# table_is ERR REF WHAT: ERR has one "kept" line (rank 0's); its bytes are 8 a record (and
# one spare) plus each id and its terminating byte, counted from REF's clusters.csv, under 64
# a record (a slot alone was 168); its records whole are the records named in REF's pairs.csv
table_is() {
  local err=$1 ref=$2 what=$3 lines want records whole
  lines=$(grep -c 'MPI rank .* kept' "$err")
  [ "$lines" = 1 ]; ok $? "$what: one rank (rank 0) kept a table of records"
  want=$(awk -F, 'NR > 1 { n++; b += length($2) + 1 } END { print 8 * (n + 1) + b, n }' "$ref/clusters.csv")
  whole=$(awk -F, 'NR > 1 { s[$1 "," $2]; s[$3 "," $4] } END { print length(s) }' "$ref/pairs.csv")
  awk -v want="$want" -v whole="$whole" '/MPI rank 0 kept/ {
      split(want, w, " "); printf "# rank 0: %s bytes for %s records (%s expected), %s whole (%s in pairs.csv)\n", $6, $12, w[1], $18, whole
      exit !($6 == w[1] && $12 == w[2] && $6 < 64 * $12 && $18 == whole) }
    END { if (NR == 0) exit 1 }' "$err"
  ok $? "$what: rank 0 kept the ids alone (under 64 bytes a record) and the kept pairs' records whole"
}
SD=$TMP/synth/datasets
run 0 "$REF" link "$SD/health.yaml" "$SD/dwp.yaml" "$SD/justice.yaml" --labels "$TMP/synth/truth.csv" \
  --out "$TMP/ref/labels" --quiet
for n in 2 3; do
  export VALUEMAP_MPI_STATS=1
  run 0 mpi $n link "$SD/health.yaml" "$SD/dwp.yaml" "$SD/justice.yaml" --labels "$TMP/synth/truth.csv" \
    --out "$TMP/np$n/labels" --quiet
  unset VALUEMAP_MPI_STATS
  same_tree "$TMP/ref/labels" "$TMP/np$n/labels" "link synth with --labels -np $n: the same files"
  table_is "$TMP/err" "$TMP/ref/labels" "link synth -np $n"
done
# compact (issue 18, session 6): end
# --- mpicpu (issue 18, session 6): begin. Pass two sends again only the records of blocks
# of two or more and rebuilds each rule's blocks from the numbers they carry: FEBRL4 with
# blocks over 4 refined, those still over 3 dropped (both in most rules) and link_only (where
# many blocks hold one record or records of one file), on 2 and 3 ranks
if [ -r "$FEBRL/dataset4a.csv" ]; then
  printf 'mode: link_only\nrefine_block_size: 4\nmax_block_size: 3\n' > "$TMP/small.yaml"
  run 0 "$REF" link "$TMP/febrl4a.yaml" "$TMP/febrl4b.yaml" --config "$TMP/small.yaml" \
    --out "$TMP/ref/small" --quiet
  for n in 2 3; do
    run 0 mpi $n link "$TMP/febrl4a.yaml" "$TMP/febrl4b.yaml" --config "$TMP/small.yaml" \
      --out "$TMP/np$n/small" --quiet
    same_tree "$TMP/ref/small" "$TMP/np$n/small" "link FEBRL4, blocks refined and dropped, link_only, -np $n: the same files"
  done
else
  ok 0 "# SKIP $FEBRL/dataset4a.csv is missing: the shared data must sit beside the project"
fi
# mpicpu: end

# sweep (session 6): begin. Cases the audit of every verb on 1, 2 and 3 ranks covered that the
# blocks above do not: draw counts that 2 and 3 do not divide (and fewer than the ranks), a
# model with named parameters, correlations and options, journeys with fewer bootstrap
# replicates than ranks and exact matching, link modes with --labels, encode, report, and a
# named pipe (refused on several ranks with exit 2: every rank opens its inputs, and a pipe
# gives its bytes to one reader only; before, link said 'empty file' or waited for ever).
cat > "$TMP/corr.yaml" <<'YAML'
appraisal: {name: uncertain, base_year: 2024, horizon: 6}
parameters:
  effect: {dist: normal, mean: 0.2, sd: 0.05}
  dw: {dist: beta, mean: 0.3, sd: 0.1}
correlations:
  - {between: [effect, dw], rho: 0.4}
agencies: [{id: dhsc}, {id: dwp}]
outcomes:
  - {id: work, value: {dist: lognormal, mean: 9000, sd: 2000}, kind: fiscal,
     beneficiaries: {dwp: 0.8, dhsc: 0.2}}
interventions:
  - id: ips
    participants: 1000
    costs: [{agency: dhsc, amount: {dist: pert, min: 2000, mode: 2800, max: 4000}, per: participant}]
    effects:
      - {outcome: work, change: {param: effect}, start: 1, duration: 3,
         drop_off: {dist: uniform, min: 0.1, max: 0.3}, deadweight: {param: dw}}
  - id: alt
    participants: 200
    costs: [{agency: dwp, amount: {dist: gamma, mean: 900, sd: 200}, per: participant, years: [0, 1]}]
    effects:
      - {outcome: work, change: {dist: triangular, min: 0, mode: 0.1, max: 0.3}, duration: 2}
options:
  - {id: both, interventions: [ips, alt]}
  - {id: alt_only, interventions: [alt]}
YAML
# sweep_same NAME N ARGS...: the reference's files and stdout against mpirun -np N's (OUT is
# the output folder)
sweep_same() {
  local name=$1 n=$2; shift 2
  run 0 "$REF" "${@//OUT/$TMP/ref/$name}"
  sed "s#$TMP/ref/##g" "$TMP/out" > "$TMP/$name.ref-out"
  run 0 mpi "$n" "${@//OUT/$TMP/np$n/$name}"
  sed "s#$TMP/np$n/##g" "$TMP/out" | cmp -s - "$TMP/$name.ref-out"
  ok $? "$name -np $n: prints as one process"
  same_tree "$TMP/ref/$name" "$TMP/np$n/$name" "$name -np $n: the same files"
}
sweep_same corr7 2 appraise "$TMP/corr.yaml" --out OUT --draws 7 --seed 4 --save-inputs
sweep_same corr1 3 appraise "$TMP/corr.yaml" --out OUT --draws 1 --seed 4 --save-inputs
sweep_same corr1001 3 appraise "$TMP/corr.yaml" --out OUT --draws 1001 --seed 4 --threads 3 --quiet
sweep_same options 3 pool "$ROOT/tests/data/models/options/shortlist.yaml" --out OUT --quiet
S=$TMP/synth-ref
sed -e 's/bootstrap: [0-9]*/bootstrap: 2/' -e 's/method: weighting/method: exact/' \
  -e 's/covariates: \[.*\]/covariates: [age, pre_cost]/' "$S/journeys.yaml" > "$S/j2.yaml"
sweep_same journeys2 3 journeys "$S/j2.yaml" --out OUT --quiet
L=$ROOT/tests/data/link
printf 'mode: link_and_dedupe\nthreshold: 0.6\npairs_threshold: 0.1\nterm_frequency: false\n' > "$TMP/lod.yaml"
sweep_same labels 3 link "$S"/datasets/{health,dwp,justice}.yaml --out OUT --config "$TMP/lod.yaml" \
  --labels "$S/truth.csv" --quiet
sweep_same report 3 report "$S/out" --out OUT --quiet
printf '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n' > "$TMP/fixed.key"
chmod 600 "$TMP/fixed.key"
run 0 "$REF" encode "$ROOT/tests/data/pprl/people.yaml" --key-file "$TMP/fixed.key" --out "$TMP/ref.enc" --quiet
run 0 mpi 2 encode "$ROOT/tests/data/pprl/people.yaml" --key-file "$TMP/fixed.key" --out "$TMP/np2.enc" --quiet
cmp -s "$TMP/ref.enc" "$TMP/np2.enc"; ok $? "encode -np 2: the same file"
# a named pipe: its writer removes the name once a reader has it, so nothing here can hang
mkdir -p "$TMP/pipe"
sed 's/path: health.csv/path: health.pipe/' "$L/health.yaml" > "$TMP/pipe/health.yaml"
mkfifo "$TMP/pipe/health.pipe"
{ exec 3>"$TMP/pipe/health.pipe"; rm -f "$TMP/pipe/health.pipe"; cat "$L/health.csv" >&3; exec 3>&-; } &
writer=$!
run 2 mpi 2 link "$TMP/pipe/health.yaml" "$L/work.yaml" --out "$TMP/pipe/out" --quiet
[ -p "$TMP/pipe/health.pipe" ] && exec 4<>"$TMP/pipe/health.pipe"
wait "$writer"; exec 4>&-
[ "$(grep -c 'health.pipe: a named pipe or device: expected a regular file' "$TMP/err")" -eq 1 ]
ok $? "a named pipe on 2 ranks: refused with exit 2, said once"
expect_no_file "$TMP/pipe/out"
# sweep: end
# mpienc (issue 18): begin. link --encoded shards the encodings: each rank reads its share of
# each file (its own: 1/N of the rows, within 10%), and in blocked mode holds besides only the
# copies of other ranks' rows that share a token (or sub-block) range it owns: at most the
# chance that one of a row's 4 tokens is in its range, 1 - (1 - 1/N)^4, of the others' rows
# (plus 10%), and never every row. Outputs as one process's (blocked, and refined big blocks).
# The key is drawn per run, so the counts move a little with it (about 4,160 of 5,000 at -np 2,
# the bound 4,687; the spread over keys is a few tens): the check holds for every key.
if [ -r "$TMP/4a.enc" ]; then
  for n in 2 3; do
    export VALUEMAP_MPI_STATS=1
    run 0 mpi $n link --encoded "$TMP/4a.enc" "$TMP/4b.enc" --out "$TMP/np$n/encs" --quiet \
      --config "$TMP/blocked.yaml"
    unset VALUEMAP_MPI_STATS
    same_tree "$TMP/ref/encb" "$TMP/np$n/encs" "link --encoded FEBRL4, blocked, -np $n (shards): the same files"
    held_shares "$TMP/err" $n 10000 "link --encoded FEBRL4 -np $n" 4
  done
  run 0 mpi 2 link --encoded "$TMP/crowd.enc" --out "$TMP/np2/crowd" --quiet --config "$TMP/crowd.yaml"
  same_tree "$TMP/ref/crowd" "$TMP/np2/crowd" "link --encoded, big blocks refined, -np 2: the same files"
else
  ok 0 "# SKIP the FEBRL4 encodings were not made (the shared data is missing)"
fi
# mpienc (issue 18): end
finish
