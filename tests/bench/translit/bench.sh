#!/bin/bash
# Throughput of `glossa translit --scheme bgn-pcgn` (glossary on) against
# `uconv -x Russian-Latin/BGN` on the same 10 MB Cyrillic text: the
# median of 5 runs each, and their ratio (> 1: glossa is faster).
#
#   tests/bench/translit/bench.sh [BUILD_DIR]   (default: build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=${1:-$root/build}
glossa="$build/cli/glossa"
export GLOSSA_TRANSLIT_DIR="$root/glossaries/translit"
export GLOSSA_DEFAULT_DB="$build/glossaries/default.db"
unset GLOSSA_DB
export HOME=$(mktemp -d)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$HOME"' EXIT
python3 "$here/gen-corpus.py" 10000000 > "$tmp/corpus.txt"
echo "corpus: $(wc -c < "$tmp/corpus.txt") bytes, $(wc -l < "$tmp/corpus.txt") lines"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_it() {  # time_it OUT CMD... -> seconds on stdout
	local out=$1; shift
	local t0 t1
	t0=$(date +%s.%N)
	"$@" < "$tmp/corpus.txt" > "$out"
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc -l
}
g=() u=()
for i in 1 2 3 4 5; do
	g+=("$(time_it "$tmp/g.out" "$glossa" translit --scheme bgn-pcgn)")
	u+=("$(time_it "$tmp/u.out" uconv -f utf-8 -t utf-8 -x Russian-Latin/BGN)")
done
gm=$(printf '%s\n' "${g[@]}" | median)
um=$(printf '%s\n' "${u[@]}" | median)
printf 'glossa translit --scheme bgn-pcgn: median %.3f s  (runs: %s)\n' "$gm" "${g[*]}"
printf 'uconv -x Russian-Latin/BGN:        median %.3f s  (runs: %s)\n' "$um" "${u[*]}"
printf 'ratio uconv/glossa: %.2f (>= 1 means glossa is at least as fast)\n' \
	"$(echo "$um / $gm" | bc -l)"
