#!/usr/bin/env bash
# Every private header compiles on its own and twice in a row (its include guard covers all
# of it: link/link.h once closed its guard at line 318, so including it twice, or with a
# header that included it, failed). Any header a stage adds under src/ is checked too.
# usage: test_headers.sh SOURCE_ROOT CC [CFLAGS...]; prints TAP.
root=$1; shift
cd "$root" || exit 1
flags="-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wshadow -Wmissing-prototypes -Wvla -Werror"
n=0; failed=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT
for h in src/*/*.h; do
  n=$((n + 1))
  if printf '#include "%s"\n#include "%s"\n' "${h#src/}" "${h#src/}" |
      "$@" $flags $(pkg-config --cflags libfyaml libcjson 2>/dev/null) -Iinclude -Isrc \
        -fsyntax-only -x c - 2>"$err"; then
    echo "ok $n - $h compiles alone and twice"
  else
    failed=1; echo "not ok $n - $h compiles alone and twice"; sed 's/^/# /' "$err"
  fi
done
echo "1..$n"
exit $failed
