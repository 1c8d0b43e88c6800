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
# glossa runs with two glossaries, interleaved with uconv in each round:
#   builtin  the built-in glossary (2,500 entries, 2,900 native forms)
#   100k     the built-in glossary plus 100,000 generated Latin-script
#            entries (tests/bench/fix/gen.py), a large house glossary;
#            made once in WORKDIR (python3, about 20 s)
# A row per corpus and glossary ("realistic/100k"), each against the
# uconv runs of the same rounds.
#
#   tests/bench/translit/bench.sh [BUILD_DIR]   (default: build)
#   GLOSSA=path/to/glossa  RUNS=5  SIZE=10000000  CORPORA="realistic diverse"
#   GLOSSARIES="builtin 100k"  WORKDIR=/tmp/glossa-bench-translit
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=${1:-$root/build}
glossa=${GLOSSA:-$build/cli/glossa}
runs=${RUNS:-5}
size=${SIZE:-10000000}
corpora=${CORPORA:-realistic diverse}
glossaries=${GLOSSARIES:-builtin 100k}
work=${WORKDIR:-/tmp/glossa-bench-translit}
export GLOSSA_TRANSLIT_DIR="$root/glossaries/translit"
export GLOSSA_DEFAULT_DB="$build/glossaries/default.db"
unset GLOSSA_DB
export HOME=$(mktemp -d)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$HOME"' EXIT
[ -x /usr/bin/time ] || { echo "bench.sh: needs /usr/bin/time" >&2; exit 1; }

. "$here/lib.sh"

# The 100k glossary: the built-in one's entries and 100,000 generated ones
big="$work/builtin+100k.db"
if [[ " $glossaries " == *" 100k "* && ! -s "$big" ]]; then
	mkdir -p "$work"
	python3 "$root/tests/bench/fix/gen.py" glossary 100000 "$tmp/g.tsv"
	"$glossa" --glossary "$GLOSSA_DEFAULT_DB" glossary export > "$tmp/b.tsv"
	grep -v '^#' "$tmp/g.tsv" >> "$tmp/b.tsv"
	"$glossa" --glossary "$tmp/tpl.db" glossary init > /dev/null
	python3 "$root/tests/bench/fix/mkdb.py" "$tmp/tpl.db" "$tmp/b.tsv" \
		"$tmp/big.db"
	mv "$tmp/big.db" "$big"
fi
db_of() { [ "$1" = 100k ] && echo "$big" || echo "$GLOSSA_DEFAULT_DB"; }
echo "glossaries: $glossaries$([[ " $glossaries " == *" 100k "* ]] &&
	echo " (100k: $(sqlite3 "$big" 'SELECT count(*) FROM entry' 2>/dev/null ||
	echo '?') entries)")"

declare -A res
rows=
for c in $corpora; do
	flag=
	[ "$c" = diverse ] && flag=--diverse
	python3 "$here/gen-corpus.py" $flag "$size" > "$tmp/$c.txt"
	words=$(python3 -c 'import re, sys
print(len(set(re.findall(r"\w+", open(sys.argv[1], encoding="utf-8").read()))))' \
		"$tmp/$c.txt")
	echo "corpus $c: $(wc -c < "$tmp/$c.txt") bytes," \
		"$(wc -l < "$tmp/$c.txt") lines, $words distinct words"
	declare -A gt=() gm=() gc=()
	ut=() um=() uc=()
	for i in $(seq "$runs"); do
		for g in $glossaries; do
			read -r t m cpu < <(run_it "$tmp/$c.txt" "$tmp/g.out" \
				"$glossa" --glossary "$(db_of "$g")" \
				translit --scheme bgn-pcgn)
			gt[$g]+="$t " gm[$g]+="$m " gc[$g]+="$cpu "
		done
		read -r t m cpu < <(run_it "$tmp/$c.txt" "$tmp/u.out" \
			uconv -f utf-8 -t utf-8 -x Russian-Latin/BGN)
		ut+=("$t") um+=("$m") uc+=("$cpu")
	done
	printf '  uconv runs:  %s\n' "${ut[*]}"
	for g in $glossaries; do
		r=$c/$g
		[ "$g" = builtin ] && r=$c
		rows+=" $r"
		printf '  glossa runs (%s): %s\n' "$g" "${gt[$g]}"
		res[$r.gt]=$(printf '%s\n' ${gt[$g]} | median)
		res[$r.gm]=$(printf '%s\n' ${gm[$g]} | median)
		res[$r.gc]=$(printf '%s\n' ${gc[$g]} | median)
		res[$r.ut]=$(printf '%s\n' "${ut[@]}" | median)
		res[$r.um]=$(printf '%s\n' "${um[@]}" | median)
		res[$r.uc]=$(printf '%s\n' "${uc[@]}" | median)
	done
	unset gt gm gc
done

results_table $rows
echo "(median of $runs runs each; uconv/glossa >= 1 means glossa is at least as fast)"
