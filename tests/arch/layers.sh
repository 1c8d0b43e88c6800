#!/bin/sh
# Layers only call downwards: every call from one module of libglossa to
# another goes to its own component or to a lower one (core/layers.txt).
# The calls are read from the object files: each undefined glossa symbol
# of a module is resolved to the module that defines it (nm).
#
#   tests/arch/layers.sh LAYERS_TXT OBJECT_DIR
#
# TAP: one test per module (its calls all go down) and one that every
# module has a place in the table.
set -u
table=$1
objdir=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# module -> rank, component
awk '!/^#/ && NF >= 3 { for (i = 3; i <= NF; i++) print $i, $1, $2 }' \
	"$table" >"$tmp/rank"
for o in "$objdir"/*.c.o; do
	m=$(basename "$o" .c.o)
	nm --defined-only "$o" | awk -v m="$m" \
		'$2 ~ /^[TDRB]$/ && $3 ~ /glossa/ { print $3, m }'
done | sort >"$tmp/def"
for o in "$objdir"/*.c.o; do
	m=$(basename "$o" .c.o)
	nm --undefined-only "$o" | awk -v m="$m" '$2 ~ /glossa/ { print $2, m }'
done | sort >"$tmp/undef"
# caller callee symbol
join "$tmp/undef" "$tmp/def" | awk '$2 != $3 { print $2, $3, $1 }' \
	| sort -u >"$tmp/calls"

n=0
fail=0
mods=$(ls "$objdir"/*.c.o | sed 's|.*/||; s|\.c\.o$||' | sort)
missing=""
for m in $mods; do
	grep -q "^$m " "$tmp/rank" || missing="$missing $m"
done
n=$((n + 1))
if [ -z "$missing" ]; then
	echo "ok $n - every module has a layer in $(basename "$table")"
else
	echo "not ok $n - modules without a layer in $(basename "$table"):$missing"
	fail=1
fi
for m in $mods; do
	n=$((n + 1))
	bad=$(awk -v m="$m" '
		FNR == NR { rank[$1] = $2; comp[$1] = $3; next }
		$1 == m && ($2 in rank) && (m in rank) &&
		    comp[$2] != comp[m] && rank[$2] + 0 >= rank[m] + 0 {
			printf " %s (%s, layer %s) calls %s in %s (%s, layer %s);",
				m, comp[m], rank[m], $3, $2, comp[$2], rank[$2]
		}' "$tmp/rank" "$tmp/calls")
	if [ -z "$bad" ]; then
		echo "ok $n - $m calls only down"
	else
		echo "not ok $n - $m calls up:$bad"
		fail=1
	fi
done
echo "1..$n"
exit $fail
