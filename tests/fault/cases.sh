# cases.sh - the CLI runs the fault loops try, one (or more) per verb; sourced by
# test_alloc_faults.sh, test_io_faults.sh and test_kill.sh after tap.sh.
#
# fault_setup BIN makes the inputs under $W with a clean run of BIN: a small synthetic project
# (synth), run once so that report and appraise have stage outputs to read, a key and two
# encoded files. Then `case_run NAME BIN` runs case NAME with BIN into its output (`case_out
# NAME`: a folder, or a file for keygen and encode); stdout and stderr go to $W/stdout and
# $W/stderr. Every case runs with one thread, so that the N-th allocation or call is the same
# one on every run.
# (VMAP_FAULT_CASES="pool synth" runs only those, e.g. for a full loop by hand.)
FAULT_CASES=${VMAP_FAULT_CASES:-"appraise appraise_draws pool link keygen encode link_encoded
journeys synth report run ucd"}

ENC_FIELDS=first_name,last_name,dob,sex,postcode
# The key of the encoded cases is fixed, not keygen's: the encodings, and so the calls and
# allocations that link --encoded makes (the N the loops sample), are then the same every run.
FAULT_KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
fault_setup() {
  local bin=$1
  W=$TMP/w
  mkdir -p "$W"
  "$bin" synth --people 150 --seed 17 --threads 1 --out "$W/syn" --quiet >/dev/null &&
    "$bin" run "$W/syn/project.yaml" --threads 1 --quiet >/dev/null &&
    printf '%s\n' "$FAULT_KEY" >"$W/k.key" && chmod 600 "$W/k.key" &&
    "$bin" encode "$W/syn/datasets/health.yaml" --key-file "$W/k.key" --fields "$ENC_FIELDS" \
      --out "$W/a.enc" --threads 1 --quiet >/dev/null &&
    "$bin" encode "$W/syn/datasets/dwp.yaml" --key-file "$W/k.key" --fields "$ENC_FIELDS" \
      --out "$W/b.enc" --threads 1 --quiet >/dev/null
}

case_out() {
  case $1 in
  keygen) echo "$W/new.key" ;;
  encode) echo "$W/out-encode.enc" ;;
  run) echo "$W/syn/out" ;;
  ucd) echo "$W/out-ucd" ;; # ucd writes to stdout only: an empty folder stays empty
  *) echo "$W/out-$1" ;;
  esac
}

case_run() {
  local name=$1 bin=$2 out
  out=$(case_out "$1")
  shift 2
  case $name in
  appraise) set -- appraise "$ROOT/examples/mental-health-employment/model.yaml" --out "$out" ;;
  appraise_draws) set -- appraise "$ROOT/examples/housing-first/model.yaml" --out "$out" \
    --draws 300 --seed 3 --threads 1 ;;
  pool) set -- pool "$W/syn/model.yaml" --out "$out" ;;
  link) set -- link "$ROOT/tests/data/link/health.yaml" "$ROOT/tests/data/link/work.yaml" \
    --out "$out" --threads 1 ;;
  keygen) set -- keygen "$out" ;;
  encode) set -- encode "$ROOT/tests/data/pprl/people.yaml" --key-file "$W/k.key" \
    --out "$out" --threads 1 ;;
  link_encoded) set -- link --encoded "$W/a.enc" "$W/b.enc" --out "$out" --threads 1 ;;
  journeys) set -- journeys "$W/syn/journeys.yaml" --out "$out" --threads 1 ;;
  synth) set -- synth --people 60 --seed 9 --threads 1 --out "$out" ;;
  report) set -- report "$W/syn/out" --out "$out" ;;
  run) set -- run "$W/syn/project.yaml" --force --threads 1 ;;
  ucd) set -- ucd search jobseeker work ;;
  esac
  "$bin" "$@" >"$W/stdout" 2>"$W/stderr"
}

# The inputs every case reads: must never change, whatever fails.
fault_inputs() {
  echo "$W/k.key" "$W/a.enc" "$W/b.enc" "$W/syn/project.yaml" "$W/syn/journeys.yaml" \
    "$W/syn/model.yaml" "$W"/syn/datasets/* "$ROOT"/tests/data/link/health.* \
    "$ROOT"/tests/data/link/work.* "$ROOT"/tests/data/pprl/people.* \
    "$ROOT"/examples/*/model.yaml
}

# A listing of a case's output (every file under it, with its checksum), to compare the
# outputs before and after a failed run. Timings aside, which differ run to run, it is exact.
fault_snapshot() {
  local out=$1
  if [ -d "$out" ]; then
    (cd "$out" && find . -type f | LC_ALL=C sort | while read -r f; do
      printf '%s %s\n' "$(sha256sum <"$f" | cut -c1-64)" "$f"; done)
  elif [ -e "$out" ]; then
    printf '%s file\n' "$(sha256sum <"$out" | cut -c1-64)"
  fi
}

# Outputs compared with timings left out (the same lines expect_exact leaves out), and an
# xlsx by its members but its creation time (docProps/core.xml).
normalized() {
  local out=$1
  if [ -d "$out" ]; then
    (cd "$out" && find . -type f | LC_ALL=C sort | while read -r f; do
      case $f in
      *.xlsx) printf '%s %s\n' "$(/usr/bin/python3 -c 'import sys, zipfile, hashlib
z = zipfile.ZipFile(sys.argv[1]); h = hashlib.sha256()
for n in sorted(z.namelist()):
    if n != "docProps/core.xml": h.update(n.encode() + z.read(n))
print(h.hexdigest())' "$f")" "$f" ;;
      *) printf '%s %s\n' "$(sed -e '/"seconds_[a-z]*":/d' "$f" | sha256sum | cut -c1-64)" "$f" ;;
      esac
    done)
  elif [ -e "$out" ]; then sha256sum <"$out"; fi
}

# Stamps (run's record of what each stage read) hash upstream outputs, timings included, and
# an input that could not be read for hashing: they are left out of the comparisons.
unstamped() { grep -v '/.valuemap-stamp$'; }

# fault_kept NAME OUT BEFORE CLEAN: after a failed run, are the earlier outputs kept? Exactly
# (BEFORE, a fault_snapshot), but for `run`, whose stages before the failed one commit again
# (the clean run's outputs, CLEAN) and whose failed stage keeps its outputs but loses its
# stamp so that the next run reruns it (src/project/run.c).
fault_kept() {
  if [ "$1" = run ]; then
    [ "$(normalized "$2" | unstamped)" = "$(unstamped <<<"$4")" ]
  else
    [ "$(fault_snapshot "$2")" = "$3" ]
  fi
}

# fault_verdict NAME OUT BEFORE CLEAN STATUS CHECK...: what is wrong with a faulted run of case
# NAME that exited STATUS into OUT (empty when nothing is). Exit 1 must pass CHECK (a command
# that reads $W/stderr: the fault's own message) and keep the earlier outputs (BEFORE, as
# fault_kept); exit 0 must give the clean run's outputs (CLEAN, stamps aside); any other
# status is wrong.
fault_verdict() {
  local name=$1 out=$2 before=$3 clean=$4 status=$5 why=""
  shift 5
  if [ "$status" -eq 1 ]; then
    "$@" || why="exit 1, but $* fails"
    fault_kept "$name" "$out" "$before" "$clean" || why="${why:+$why; }outputs changed"
  elif [ "$status" -eq 0 ]; then
    [ "$(normalized "$out" | unstamped)" = "$(unstamped <<<"$clean")" ] ||
      why="exit 0 with outputs unlike the clean run's"
  else
    why="exit $status"
  fi
  echo "$why"
}

# Marks the earlier outputs (a line added to each file) so that they differ from anything a
# new run writes: a failed run that replaced even one of them is then seen. Not for `run`
# (whose stages before a failure commit again by design) nor keygen (no earlier key).
fault_mark() {
  local out=$1
  case $out in */syn/out | *.key) return ;; esac
  if [ -d "$out" ]; then
    find "$out" -type f -exec sh -c 'for f; do echo "# earlier run" >>"$f"; done' sh {} +
  elif [ -f "$out" ]; then echo "# earlier run" >>"$out"; fi
}

# The N to try out of 1..TOTAL: every one when VMAP_FAULT_LOOP=full (make torture); else the
# first FIRST, every STEP-th, the last two and SEEDED more from a fixed seed (a sample that is
# the same on every run).
fault_sample() {
  local total=$1 first=$2 step=$3 seeded=$4
  [ "$total" -gt 0 ] || return 0
  if [ "${VMAP_FAULT_LOOP:-sample}" = full ]; then seq 1 "$total"; return; fi
  {
    seq 1 $((first < total ? first : total))
    [ "$step" -gt 0 ] && seq "$step" "$step" "$total"
    [ "$total" -gt 1 ] && echo $((total - 1))
    echo "$total"
    local s=1
    for _ in $(seq 1 "$seeded"); do
      s=$(((s * 1103515245 + 12345) % 2147483648)); echo $((s % total + 1))
    done
  } | sort -n | uniq
}
