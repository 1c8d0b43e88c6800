#!/bin/bash
# Throughput of `glossa translit --scheme bgn-pcgn` (glossary on) against
# `uconv -x Russian-Latin/BGN` on the same 10 MB Cyrillic text, on two
# corpora (gen-corpus.py):
#   realistic  Zipf-distributed news-like text, ~120k distinct word forms
#              (real news has 100-200k per 10 MB), glossary names declined
#   diverse    the worst case: mostly unique pseudo-words
# For each: the median wall time of RUNS runs (default 5) per tool, their
# ratio (>= 1: glossa is at least as fast), the median CPU time (user +
# system: steadier than wall time on a busy machine) and the peak resident
# memory (/usr/bin/time %M, median over the runs).
#
#   tests/bench/translit/bench.sh [BUILD_DIR]   (default: build)
#   GLOSSA=path/to/glossa  RUNS=5  SIZE=10000000  CORPORA="realistic diverse"
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=${1:-$root/build}
glossa=${GLOSSA:-$build/cli/glossa}
runs=${RUNS:-5}
size=${SIZE:-10000000}
corpora=${CORPORA:-realistic diverse}
export GLOSSA_TRANSLIT_DIR="$root/glossaries/translit"
export GLOSSA_DEFAULT_DB="$build/glossaries/default.db"
unset GLOSSA_DB
export HOME=$(mktemp -d)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$HOME"' EXIT
[ -x /usr/bin/time ] || { echo "bench.sh: needs /usr/bin/time" >&2; exit 1; }

. "$here/lib.sh"

declare -A res
for c in $corpora; do
	flag=
	[ "$c" = diverse ] && flag=--diverse
	python3 "$here/gen-corpus.py" $flag "$size" > "$tmp/$c.txt"
	words=$(python3 -c 'import re, sys
print(len(set(re.findall(r"\w+", open(sys.argv[1], encoding="utf-8").read()))))' \
		"$tmp/$c.txt")
	echo "corpus $c: $(wc -c < "$tmp/$c.txt") bytes," \
		"$(wc -l < "$tmp/$c.txt") lines, $words distinct words"
	gt=() gm=() gc=() ut=() um=() uc=()
	for i in $(seq "$runs"); do
		read -r t m cpu < <(run_it "$tmp/$c.txt" "$tmp/g.out" \
			"$glossa" translit --scheme bgn-pcgn)
		gt+=("$t") gm+=("$m") gc+=("$cpu")
		read -r t m cpu < <(run_it "$tmp/$c.txt" "$tmp/u.out" \
			uconv -f utf-8 -t utf-8 -x Russian-Latin/BGN)
		ut+=("$t") um+=("$m") uc+=("$cpu")
	done
	printf '  glossa runs: %s\n  uconv runs:  %s\n' "${gt[*]}" "${ut[*]}"
	res[$c.gt]=$(printf '%s\n' "${gt[@]}" | median)
	res[$c.gm]=$(printf '%s\n' "${gm[@]}" | median)
	res[$c.ut]=$(printf '%s\n' "${ut[@]}" | median)
	res[$c.um]=$(printf '%s\n' "${um[@]}" | median)
	res[$c.gc]=$(printf '%s\n' "${gc[@]}" | median)
	res[$c.uc]=$(printf '%s\n' "${uc[@]}" | median)
done

results_table $corpora
echo "(median of $runs runs each; uconv/glossa >= 1 means glossa is at least as fast)"
