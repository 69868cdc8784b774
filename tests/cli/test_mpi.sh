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
held_shares() {
  local err=$1 n=$2 total=$3 what=$4
  awk -v n="$n" -v total="$total" '
    /MPI rank .* held/ { ranks++; own = $11; others = $19; sum += own
      if (own < 0.9 * total / n || own > 1.1 * total / n) bad = 1
      if (others > 1.5 * total * (n - 1) / (n * n)) bad = 1
      if (own + others >= total) bad = 1
      printf "# rank %s: %d records of its own, at most %d of others\n", $4, own, others }
    END { exit !(ranks == n && sum == total && !bad) }' "$err"
  ok $? "$what: each rank held its share of the $total records, not all"
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
# mpienc (issue 18): begin. link --encoded shards the encodings: each rank reads its share of
# each file (its own: 1/N of the rows, within 10%), and in blocked mode holds besides only the
# copies of other ranks' rows that share a token (or sub-block) range it owns: at most the
# chance that one of a row's 4 tokens is in its range, 1 - (1 - 1/N)^4, of the others' rows
# (plus 10%), and never every row. Outputs as one process's (blocked, and refined big blocks).
# The key is drawn per run, so the counts move a little with it (about 4,160 of 5,000 at -np 2,
# the bound 4,687; the spread over keys is a few tens): the check holds for every key.
held_encodings() { # held_encodings ERR N TOTAL WHAT
  local err=$1 n=$2 total=$3 what=$4
  awk -v n="$n" -v total="$total" '
    /MPI rank .* held/ { ranks++; own = $11; others = $19; sum += own
      if (own < 0.9 * total / n || own > 1.1 * total / n) bad = 1
      if (others > 1.1 * (1 - (1 - 1 / n) ^ 4) * total * (n - 1) / n) bad = 1
      if (own + others >= total) bad = 1
      printf "# rank %s: %d encodings of its own, at most %d of others\n", $4, own, others }
    END { exit !(ranks == n && sum == total && !bad) }' "$err"
  ok $? "$what: each rank held its share of the $total encodings, not all"
}
if [ -r "$TMP/4a.enc" ]; then
  for n in 2 3; do
    export VALUEMAP_MPI_STATS=1
    run 0 mpi $n link --encoded "$TMP/4a.enc" "$TMP/4b.enc" --out "$TMP/np$n/encs" --quiet \
      --config "$TMP/blocked.yaml"
    unset VALUEMAP_MPI_STATS
    same_tree "$TMP/ref/encb" "$TMP/np$n/encs" "link --encoded FEBRL4, blocked, -np $n (shards): the same files"
    held_encodings "$TMP/err" $n 10000 "link --encoded FEBRL4 -np $n"
  done
  run 0 mpi 2 link --encoded "$TMP/crowd.enc" --out "$TMP/np2/crowd" --quiet --config "$TMP/crowd.yaml"
  same_tree "$TMP/ref/crowd" "$TMP/np2/crowd" "link --encoded, big blocks refined, -np 2: the same files"
else
  ok 0 "# SKIP the FEBRL4 encodings were not made (the shared data is missing)"
fi
# mpienc (issue 18): end
finish
