#!/bin/bash
# Benchmark glossa fix against its peers (issue 4). Generated files go to
# WORKDIR (default /tmp/glossa-bench-fix) and are never committed; the npm
# peer lives in PEERS (default /tmp/peers), outside the repository.
#
#   tests/bench/fix/run.sh BUILD_DIR [WORKDIR]
#
# Prints one table: MB/s (medians of RUNS runs, default 5) of glossa fix on
# a generated 100 MB news-like text with 1,000/10,000/100,000-entry
# glossaries, peak memory, matcher build time, and the peers side by side:
# `wc -w` (the floor), a Perl alternation regex, textlint --fix with prh.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:?usage: run.sh BUILD_DIR [WORKDIR]}" && pwd)
W=${2:-/tmp/glossa-bench-fix}
PEERS=${PEERS:-/tmp/peers}
RUNS=${RUNS:-5}
MB=${MB:-100}
G="$BUILD/cli/glossa"
mkdir -p "$W"
cd "$W" || exit 2
export HOME="$W/home" XDG_CACHE_HOME="$W/cache"
mkdir -p "$HOME"

# ---- inputs ----
for n in 1000 10000 100000; do
	[ -f g$n.tsv ] || python3 "$HERE/gen.py" glossary $n g$n.tsv
done
[ -f tpl.db ] || "$G" --glossary tpl.db glossary init >/dev/null
for n in 1000 10000 100000; do
	[ -f g$n.db ] || python3 "$HERE/mkdb.py" tpl.db g$n.tsv g$n.db
done
[ -f corpus.txt ] || python3 "$HERE/gen.py" corpus "$MB" g1000.tsv corpus.txt
[ -f s1m.txt ] || head -c 1048576 corpus.txt >s1m.txt
[ -f s100k.txt ] || head -c 102400 corpus.txt >s100k.txt
[ -f s10k.txt ] || head -c 10240 corpus.txt >s10k.txt
cc -O2 -I"$HERE/../../../core/include" -I"$BUILD/core/include" \
	"$HERE/bench-build.c" -L"$BUILD/core" -lglossa \
	-Wl,-rpath,"$BUILD/core" -o bench-build || exit 2
SIZE=$(stat -c %s corpus.txt)

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN {v = b / 1048576 / s; printf (v >= 10 ? "%.0f" : "%.3g"), v}'; }

# time_runs N CMD...: N runs; prints "median-elapsed median-cpu max-rss-KB"
time_runs() {
	local n=$1 i; shift
	: >times
	for i in $(seq "$n"); do
		/usr/bin/time -f "%e %U %S %M" -o t1 "$@" >/dev/null 2>&1
		tail -1 t1 >>times
	done
	echo "$(awk '{print $1}' times | median) \
$(awk '{print $2 + $3}' times | median) \
$(awk '{print $4}' times | sort -n | tail -1)"
}

echo "# glossa fix benchmark: $(date -u +%FT%TZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# corpus: $SIZE bytes, $(wc -w <corpus.txt) words; medians of $RUNS runs"
printf '%-34s %12s %12s %10s\n' "tool (glossary size)" "MB/s (wall)" "MB/s (cpu)" "peak MB"

read -r e c m < <(time_runs "$RUNS" wc -w corpus.txt)
printf '%-34s %12s %12s %10s\n' "wc -w" "$(mbps $SIZE $e)" "$(mbps $SIZE $c)" "$((m / 1024))"
WC_E=$e; WC_C=$c

for n in 1000 10000 100000; do
	rm -rf "$XDG_CACHE_HOME"
	/usr/bin/time -f "%e" -o cold "$G" -g g$n.db fix -v s10k.txt >/dev/null 2>cold.v
	read -r e c m < <(time_runs "$RUNS" "$G" -g g$n.db fix corpus.txt)
	printf '%-34s %12s %12s %10s\n' "glossa fix ($n)" "$(mbps $SIZE $e)" "$(mbps $SIZE $c)" "$((m / 1024))"
	eval "GE_$n=$e GC_$n=$c GM_$n=$m"
	echo "#   first run (no cache): $(grep -o 'read and compiled in [0-9.]* s' cold.v)"
	grep -q 'read and compiled' cold.v || echo "#   (the first run did not compile: bad set-up)"
	: >loads
	for i in $(seq "$RUNS"); do
		"$G" -g g$n.db fix -v s10k.txt 2>&1 >/dev/null |
			grep -o 'loaded from the cache in [0-9.]*' | awk '{print $6}' >>loads
	done
	echo "#   cached matcher load: $(median <loads) s (median)"
done
echo "#   build without cache (100k): $(./bench-build g100000.db 1)"

# Perl: one alternation regex + hash. Slower sizes run on smaller slices.
for spec in 1000:s1m.txt:$RUNS 10000:s100k.txt:3 100000:s10k.txt:3; do
	IFS=: read -r n f r <<<"$spec"
	: >times
	for i in $(seq "$r"); do
		/usr/bin/time -f "%e %U %S %M" -o t1 perl "$HERE/perl-fix.pl" g$n.tsv <"$f" >/dev/null 2>&1
		tail -1 t1 >>times
	done
	e=$(awk '{print $1}' times | median); c=$(awk '{print $2 + $3}' times | median)
	m=$(awk '{print $4}' times | sort -n | tail -1)
	printf '%-34s %12s %12s %10s\n' "perl regex ($n, $(stat -c %s $f) B)" "$(mbps $(stat -c %s $f) $e)" "$(mbps $(stat -c %s $f) $c)" "$((m / 1024))"
done

# textlint --fix with prh, in $PEERS (npm install textlint textlint-rule-prh)
if [ -x "$PEERS/node_modules/.bin/textlint" ]; then
	for spec in 1000:s1m.txt:3 10000:s100k.txt:3 100000:s10k.txt:1; do
		IFS=: read -r n f r <<<"$spec"
		python3 "$HERE/prh-yml.py" g$n.tsv >"$PEERS/prh.yml"
		printf '{ "rules": { "prh": { "rulePaths": ["%s"] } } }\n' \
			"$PEERS/prh.yml" >"$PEERS/.textlintrc.json"
		: >times
		for i in $(seq "$r"); do
			cp "$f" "$PEERS/t.txt"
			(cd "$PEERS" && /usr/bin/time -f "%e %U %S %M" -o "$W/t1" \
				./node_modules/.bin/textlint --fix t.txt >/dev/null 2>&1)
			tail -1 t1 >>times
		done
		e=$(awk '{print $1}' times | median); c=$(awk '{print $2 + $3}' times | median)
		m=$(awk '{print $4}' times | sort -n | tail -1)
		printf '%-34s %12s %12s %10s\n' "textlint+prh ($n, $(stat -c %s $f) B)" "$(mbps $(stat -c %s $f) $e)" "$(mbps $(stat -c %s $f) $c)" "$((m / 1024))"
	done
else
	echo "# textlint: not installed in $PEERS (npm install textlint textlint-rule-prh)"
fi

awk -v a="$GE_1000" -v m="$GE_10000" -v b="$GE_100000" -v w="$WC_E" -v ca="$GC_1000" -v cm="$GC_10000" -v cb="$GC_100000" -v cw="$WC_C" 'BEGIN {
	printf "# 100k vs 1k: %+.0f%% wall, %+.0f%% cpu (target: no more than 20%% slower)\n", (b / a - 1) * 100, (cb / ca - 1) * 100
	printf "# glossa / wc -w at 1k, 10k, 100k: %.2fx %.2fx %.2fx wall, %.2fx %.2fx %.2fx cpu (target >= 0.8)\n", w / a, w / m, w / b, cw / ca, cw / cm, cw / cb }'
echo "# peak memory at 100k: $((GM_100000 / 1024)) MB for a $((SIZE / 1048576)) MB input (target <= 200 MB + input)"
