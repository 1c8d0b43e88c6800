#!/bin/bash
# -j 2 against -j 1 (issue 17: at least 1.7x on 200 files). Generated
# files go to WORKDIR (default /tmp/glossa-bench-parallel), never
# committed.
#
#   tests/bench/parallel/run.sh BUILD_DIR [WORKDIR]
#
# Inputs: CHECK_MB (default 1.3: 200 stories of ~1,000 words) of realistic English copy
# (tests/bench/check/copy.py) and FIX_MB (default 20) of the name-dense
# fix corpus with the 10,000-entry glossary (tests/bench/fix/gen.py), each
# cut at paragraph ends into 200 stories; TR_MB (default 20) of Cyrillic
# news text (tests/bench/translit/gen-corpus.py) for translit, one input
# on standard input. The runs of -j 1 and -j J (default 2) alternate, RUNS
# (default 5) of each; the table gives medians of wall and CPU (user+sys)
# time and the ratio -j 1 / -j J of the wall times. The outputs of the
# two are compared byte for byte first.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:?usage: run.sh BUILD_DIR [WORKDIR]}" && pwd)
W=${2:-/tmp/glossa-bench-parallel}
RUNS=${RUNS:-5}
J=${J:-2}
CHECK_MB=${CHECK_MB:-1.3}
FIX_MB=${FIX_MB:-20}
TR_MB=${TR_MB:-20}
G="$BUILD/cli/glossa"
mkdir -p "$W"
cd "$W" || exit 2
export HOME="$W/home" XDG_CACHE_HOME="$W/cache"
export GLOSSA_DEFAULT_DB="${GLOSSA_DEFAULT_DB:-$BUILD/glossaries/default.db}"
export GLOSSA_TRANSLIT_DIR="${GLOSSA_TRANSLIT_DIR:-$HERE/../../../glossaries/translit}"
mkdir -p "$HOME"

# split IN DIR N: IN cut at blank lines (or, with none, line ends) into
# N files of about the same size, in order.
split_stories() {
	rm -rf "$2"
	mkdir -p "$2"
	awk -v dir="$2" -v n="$3" -v total="$(stat -c %s "$1")" '
		BEGIN { k = 0; size = 0 }
		{
			f = sprintf("%s/s%03d.txt", dir, k)
			print >f
			size += length($0) + 1
			if ((/^$/ || para == 0) && size >= total * (k + 1) / n &&
			    k < n - 1) { close(f); k++ }
		}' para="$(grep -c '^$' "$1" | awk '{print ($1 > 0)}')" "$1"
}

[ -f copy.txt ] || python3 "$HERE/../check/copy.py" "$CHECK_MB" copy.txt
[ -d check ] || split_stories copy.txt check 200
[ -f g10000.tsv ] || python3 "$HERE/../fix/gen.py" glossary 10000 g10000.tsv
[ -f tpl.db ] || "$G" --glossary tpl.db glossary init >/dev/null
[ -f g10000.db ] || python3 "$HERE/../fix/mkdb.py" tpl.db g10000.tsv g10000.db
[ -f fix.txt ] || python3 "$HERE/../fix/gen.py" corpus "$FIX_MB" g10000.tsv fix.txt
[ -d fix ] || split_stories fix.txt fix 200
[ -f tr.txt ] || python3 "$HERE/../translit/gen-corpus.py" \
	"$(awk -v m="$TR_MB" 'BEGIN { printf "%d", m * 1048576 }')" >tr.txt

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# bench NAME INPUT CMD...: -j 1 and -j $J alternately, RUNS times each
# ("-" as INPUT: none on standard input).
bench() {
	local name=$1 in=$2 i j a; shift 2
	local pre=() post=() found=0
	# -j goes right after the command's name.
	for a in "$@"; do
		if [ $found = 1 ]; then
			post+=("$a")
		else
			pre+=("$a")
			case $a in check|fix|translit) found=1 ;; esac
		fi
	done
	"$G" "${pre[@]}" -j 1 "${post[@]}" <"$in" >out1 2>err1
	"$G" "${pre[@]}" -j "$J" "${post[@]}" <"$in" >outj 2>errj
	if ! cmp -s out1 outj || ! cmp -s err1 errj; then
		echo "$name: -j $J and -j 1 differ" >&2
		return 1
	fi
	: >t1; : >tj
	for i in $(seq "$RUNS"); do
		for j in 1 "$J"; do
			/usr/bin/time -f "%e %U %S" -o tt "$G" "${pre[@]}" -j "$j" \
				"${post[@]}" <"$in" >/dev/null 2>&1
			tail -1 tt >>"$([ "$j" = 1 ] && echo t1 || echo tj)"
		done
	done
	local w1 wj c1 cj
	w1=$(awk '{print $1}' t1 | median); wj=$(awk '{print $1}' tj | median)
	c1=$(awk '{print $2 + $3}' t1 | median); cj=$(awk '{print $2 + $3}' tj | median)
	printf '%-30s %9.2f %9.2f %7.2fx %9.2f %9.2f\n' "$name" "$w1" "$wj" \
		"$(echo "$w1 / $wj" | bc -l)" "$c1" "$cj"
}

mb() { du -sb "$1" | awk '{printf "%.1f MB", $1 / 1048576}'; }
echo "# glossa -j benchmark: $(date -u +%FT%TZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# check: 200 stories, $(mb check), $(cat check/* | wc -w) words (copy.py);" \
	"fix: 200 stories, $(mb fix), $(cat fix/* | wc -w) words, 10,000 entries (gen.py);" \
	"translit: $(mb tr.txt) Cyrillic on stdin; medians of $RUNS runs each, alternating"
printf '%-30s %9s %9s %8s %9s %9s\n' command "-j1 wall" "-j$J wall" ratio \
	"-j1 cpu" "-j$J cpu"
# Warm the compiled cache first: both sides load it.
"$G" -g g10000.db fix fix/s000.txt >/dev/null
bench "check (200 files)" /dev/null check -q check/*
bench "fix (200 files)" /dev/null -g g10000.db fix fix/*
bench "fix --format json (200 files)" /dev/null -g g10000.db fix --format json fix/*
bench "translit (one stdin)" tr.txt translit -
