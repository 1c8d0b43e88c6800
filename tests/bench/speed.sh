#!/bin/bash
# Issue 17's speed figures in one run, printed as one table: every figure
# is glossa against a peer measured side by side in the same run
# (interleaved, medians), so the machine's load hits both alike.
#
#   tests/bench/speed.sh [BUILD_DIR] [SCRATCH_DIR]
#
# Runs, each with its own header and full table first:
#   tests/bench/check/copy-bench.sh   check on copy.py's realistic copy vs hunspell -l
#   tests/bench/fix/run.sh            fix on name-dense copy vs wc -w, 1k/10k/100k entries
#   tests/bench/parallel/run.sh       -j 2 vs -j 1 on 200 stories
#   tests/bench/translit/bench.sh     translit vs uconv, built-in and 100k glossaries
# then the summary. RUNS (default 5) is passed on; FIX_SIZES (default
# "10"; the issue also names 100) the fix corpus sizes in MB; CHECK_SIZES
# (default "1.5 10") the check corpus sizes. The peers: hunspell,
# wamerican (copy.py), uconv (ICU), and GNU time; cspell is used when
# /tmp/peers has it. Takes 10-20 minutes on 2 cores.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
scratch=${2:-/tmp/glossa-bench-speed}
export RUNS=${RUNS:-5}
mkdir -p "$scratch"
out="$scratch/out"
mkdir -p "$out"

run() {  # run NAME CMD...: its output to the terminal and to $out/NAME
	local name=$1; shift
	echo "## $name: $*"
	"$@" 2>&1 | tee "$out/$name"
	echo
}
SIZES=${CHECK_SIZES:-1.5 10} run check \
	"$here/check/copy-bench.sh" "$build" "$scratch/check"
SIZES=${FIX_SIZES:-10} run fix "$here/fix/run.sh" "$build" "$scratch/fix"
run parallel "$here/parallel/run.sh" "$build" "$scratch/parallel"
GLOSSARIES="builtin 100k" WORKDIR="$scratch/translit" CORPORA=realistic \
	run translit "$here/translit/bench.sh" "$build"

ok() { awk -v v="$1" -v t="$2" -v d="$3" 'BEGIN {
	print ((d == ">=" ? v + 0 >= t + 0 : v + 0 <= t + 0) ? "yes" : "NO") }'; }
row() {  # row WHAT VALUE OP TARGET
	[ -n "$2" ] || { printf '%-46s %12s %12s %6s\n' "$1" "-" "$3 $4" "?"; return; }
	printf '%-46s %12s %12s %6s\n' "$1" "$2" "$3 $4" "$(ok "$2" "$4" "$3")"
}
echo "## summary (issue 17 targets), $(date -u +%FT%TZ), $(nproc) CPUs, RUNS=$RUNS"
printf '%-46s %12s %12s %6s\n' figure measured target met
# check: per size, the MB/s (CPU) and the ratio to hunspell -l (CPU).
awk '/^copy.py / { mb = $2 } $1 == "glossa" && $2 == "wall" && / MB\/s/ { print mb, $(NF-1) }' \
	"$out/check" | while read -r mb v; do
	row "check MB/s (cpu), copy.py ${mb} MB" "$v" ">=" 10
done
awk '/^copy.py / { mb = $2 } /glossa \/ hunspell -l/ { sub(/x/, "", $7); print mb, $7 }' \
	"$out/check" | while read -r mb v; do
	row "check / hunspell -l (cpu), ${mb} MB" "$v" ">=" 150
done
row "check, one paragraph: ms wall" \
	"$(awk '/^one paragraph/ { p = 1 } p && /^  glossa / { print $3; exit }' "$out/check")" "<=" 30
# fix: x wc (wall) per size and glossary; peak memory at 100k.
awk '$2 == "fix" && $3 == "new"' "$out/fix" |
	while read -r size _ _ n wall cpu mbs peak xw xc; do
		n=${n#(}; n=${n%)}
		row "fix x wc -w (wall), $size, $n entries" "$xw" ">=" 0.8
		case $n in *100000*) row "fix peak MB, $size, 100k (limit 100 + input)" "$peak" "<=" \
			$((100 + ${size%MB})) ;; esac
	done
awk '/^(check|fix) \(200 files\)/ { r = $(NF-2); sub(/x$/, "", r); print $1, r }' "$out/parallel" |
	while read -r what v; do
		row "$what -j 2 / -j 1 (wall), 200 files" "$v" ">=" 1.7
	done
awk '/^realistic/ { print $1, $8 }' "$out/translit" | while read -r c v; do
	row "translit uconv/glossa (cpu), $c" "$v" ">=" 1
done
