#!/bin/sh
# public-archive.sh OUT.a INTERNAL.a [LD OBJCOPY AR]: makes the installed static library.
#
# Every object of the library is compiled with -fvisibility=hidden; only what
# include/valuemap.h marks VMAP_API has default visibility. Hidden symbols still link between
# the objects of one program, so a static archive alone would export them all. Here the whole
# library becomes ONE relocatable object (ld -r), in which every hidden symbol is made local
# (objcopy --localize-hidden): the archive then exports the public API and nothing else, so
# a host program with its own strbuf_add or yaml_load links cleanly.
set -eu
out=$1 internal=$2 ld=${3:-ld} objcopy=${4:-objcopy} ar=${5:-ar}
work=$(mktemp -d "$(dirname "$out")/.public-archive.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$ld" -r -o "$work/valuemap.o" --whole-archive "$internal" --no-whole-archive
"$objcopy" --localize-hidden "$work/valuemap.o"
rm -f "$out"
"$ar" rcs "$out" "$work/valuemap.o"
