#!/usr/bin/env bash
# The library's boundary: the installed static library exports (global, defined) only vmap_
# symbols, and the CLI includes nothing of the library but include/valuemap.h.
# usage: test_public_api.sh LIBVALUEMAP.A SOURCE_ROOT [NM]; prints TAP.
lib=$1 root=$2 nm=${3:-nm}
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi; }

# nm -g --defined-only prints "ADDRESS TYPE NAME" for each global definition.
exported=$("$nm" -g --defined-only "$lib" | awk 'NF == 3 { print $3 }' | sort -u)
private=$(printf '%s\n' "$exported" | grep -v '^vmap_' | grep -v '^$')
[ -z "$private" ]; ok $? "every exported symbol starts with vmap_ ($(printf '%s\n' "$private" | grep -c .) do not)"
[ -n "$private" ] && printf '%s\n' "$private" | head -20 | sed 's/^/#   /'
printf '%s\n' "$exported" | grep -qx vmap_model_new; ok $? "the public API is exported (vmap_model_new)"
# every function declared in valuemap.h is exported
declared=$(grep -oE '^VMAP_API [^(]*[ *](vmap_[a-z0-9_]+)\(' "$root/include/valuemap.h" |
  grep -oE 'vmap_[a-z0-9_]+\($' | tr -d '(' | sort -u)
missing=$(comm -23 <(printf '%s\n' "$declared") <(printf '%s\n' "$exported"))
[ -z "$missing" ]; ok $? "every function of valuemap.h is exported"
[ -n "$missing" ] && printf '%s\n' "$missing" | sed 's/^/#   missing: /'
undeclared=$(grep -nE '^(const )?[a-z_]+[ *]+vmap_[a-z0-9_]+\(' "$root/include/valuemap.h" | grep -v VMAP_API)
[ -z "$undeclared" ]; ok $? "every function of valuemap.h carries VMAP_API"

# The CLI is a client of the public header: its files include valuemap.h and cli.h only.
others=$(grep -hoE '^#include "[^"]+"' "$root"/src/cli/*.c "$root"/src/cli/*.h |
  grep -vE '"(valuemap|cli)\.h"' | sort -u)
[ -z "$others" ]; ok $? "src/cli includes only valuemap.h and cli.h"
[ -n "$others" ] && printf '%s\n' "$others" | sed 's/^/#   /'
echo "1..$n"
exit $failed
