#!/bin/bash
# Throughput of `glossa translit --from L` (news scheme, shipped glossary on)
# against the ICU transform uconv offers for the same script, on the same
# text: a news-like corpus that gen-mixed.sh makes from a hand-written
# sample (ar-, uk-, fa-news-sample.txt).
#   ar         Arabic, against `uconv -x Arabic-Latin` (issue 16's target:
#              glossa within 2x, i.e. uconv/glossa >= 0.5)
#   ar-varied  the same sample with more clitics, pronoun suffixes and a
#              flatter Zipf skew (more distinct words: fewer hits in
#              glossa's word cache)
#   uk         Ukrainian, against `uconv -x Ukrainian-Latin/BGN`
#   fa         Persian, against `uconv -x Persian-Latin/BGN` (like ICU's Arabic
#              transforms, it leaves letters unconverted in unvowelled text)
# For each: the corpus statistics, then the median wall time of RUNS runs
# (default 5) per tool, their ratio uconv/glossa, the median CPU time (user
# + system: steadier than wall time on a busy machine) and the peak
# resident memory (/usr/bin/time %M, median over the runs).
#
#   tests/bench/translit/bench-ar.sh [BUILD_DIR]   (default: build)
#   GLOSSA=path/to/glossa  RUNS=5  SIZE=5000000  CORPORA="ar ar-varied uk fa"
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=${1:-$root/build}
glossa=${GLOSSA:-$build/cli/glossa}
runs=${RUNS:-5}
size=${SIZE:-5000000}
corpora=${CORPORA:-ar ar-varied uk fa}
export GLOSSA_TRANSLIT_DIR="$root/glossaries/translit"
export GLOSSA_DEFAULT_DB="$build/glossaries/default.db"
unset GLOSSA_DB
HOME=$(mktemp -d)
export HOME
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$HOME"' EXIT
[ -x /usr/bin/time ] || { echo "bench-ar.sh: needs /usr/bin/time" >&2; exit 1; }
command -v bc > /dev/null || { echo "bench-ar.sh: needs bc" >&2; exit 1; }
command -v uconv > /dev/null || {
	echo "bench-ar.sh: needs uconv (Debian package icu-devtools)" >&2
	exit 1
}
[ -x "$glossa" ] || { echo "bench-ar.sh: no $glossa (build first)" >&2; exit 1; }

# left LANG < TEXT -> how many letters (\p{L}, not punctuation or digits)
# of LANG's script TEXT holds
left() {
	local s=Cyrillic
	case $1 in ar|fa) s=Arabic ;; esac
	LC_ALL=C.UTF-8 grep -oP "(?=\\p{$s})\\p{L}" | wc -l
}
. "$here/lib.sh"

declare -A res
done_corpora=
for c in $corpora; do
	case $c in
	ar)        lang=ar sample=ar-news-sample.txt peer=Arabic-Latin knobs=() ;;
	ar-varied) lang=ar sample=ar-news-sample.txt peer=Arabic-Latin
	           knobs=(ZIPF=0.3 CLITIC=0.35 SUFFIX=0.2) ;;
	uk)        lang=uk sample=uk-news-sample.txt peer=Ukrainian-Latin/BGN knobs=() ;;
	fa)        lang=fa sample=fa-news-sample.txt peer=Persian-Latin/BGN knobs=() ;;
	*) echo "bench-ar.sh: unknown corpus $c" >&2; exit 2 ;;
	esac
	env "${knobs[@]}" "$here/gen-mixed.sh" "$here/$sample" "$size" > "$tmp/$c.txt"
	echo "corpus $c (${knobs[*]:-default knobs}): $("$here/gen-mixed.sh" \
		--stats "$here/$sample" < "$tmp/$c.txt")"
	cmd=("$glossa" translit --from "$lang")
	if ! "${cmd[@]}" < "$here/$sample" > "$tmp/try.out" 2> "$tmp/try.err"; then
		echo "  skipped: '${cmd[*]##*/}' failed: $(head -n 1 "$tmp/try.err")"
		continue
	fi
	gt=() gm=() gc=() ut=() um=() uc=()
	for _ in $(seq "$runs"); do
		read -r t m cpu < <(run_it "$tmp/$c.txt" "$tmp/g.out" "${cmd[@]}")
		gt+=("$t") gm+=("$m") gc+=("$cpu")
		read -r t m cpu < <(run_it "$tmp/$c.txt" "$tmp/u.out" \
			uconv -f utf-8 -t utf-8 -x "$peer")
		ut+=("$t") um+=("$m") uc+=("$cpu")
	done
	printf '  glossa translit --from %s runs: %s\n' "$lang" "${gt[*]}"
	printf '  uconv -x %s runs: %s\n' "$peer" "${ut[*]}"
	echo "  letters of the source script left in the output: glossa $(left "$lang" < "$tmp/g.out"), uconv $(left "$lang" < "$tmp/u.out")"
	res[$c.gt]=$(printf '%s\n' "${gt[@]}" | median)
	res[$c.gm]=$(printf '%s\n' "${gm[@]}" | median)
	res[$c.ut]=$(printf '%s\n' "${ut[@]}" | median)
	res[$c.um]=$(printf '%s\n' "${um[@]}" | median)
	res[$c.gc]=$(printf '%s\n' "${gc[@]}" | median)
	res[$c.uc]=$(printf '%s\n' "${uc[@]}" | median)
	done_corpora="$done_corpora $c"
done

results_table $done_corpora
echo "(median of $runs runs each; ratio = uconv/glossa: >= 1 glossa is at least"
echo " as fast, >= 0.5 glossa is within 2x)"
