#!/bin/bash
# `glossa check` (built-in glossary, all default rules) on realistic
# English news copy (copy.py: 31 unknown words per 1,000, 83% of them
# capitalised), side by side with `hunspell -d en_US -l` and, when
# installed, cspell, interleaved, medians of $RUNS runs (default 5),
# wall-clock and CPU (user + system) time; then the start-up figure: the
# same on one 160-word paragraph, against hunspell -l on it.
#
#   tests/bench/check/copy-bench.sh [BUILD_DIR] [SCRATCH_DIR]
#
# Sizes: $SIZES (default "1.5 10", in MB). The corpora are made once in
# SCRATCH_DIR (default /tmp/glossa-bench-copy), never in the repository.
# glossa's word set cache is warmed first (its own folder in SCRATCH_DIR);
# a run with GLOSSA_NO_CACHE=1 (Hunspell alone, as before issue 17) is
# printed too when $COLD is set. Targets (issue 17): >= 10 MB/s and
# >= 150x hunspell -l on the corpus, <= 30 ms wall on the paragraph.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=${1:-$root/build}
scratch=${2:-/tmp/glossa-bench-copy}
runs=${RUNS:-5}
sizes=${SIZES:-1.5 10}
glossa="$build/cli/glossa"
cspell=${CSPELL:-/tmp/peers/node_modules/.bin/cspell}
export GLOSSA_TRANSLIT_DIR="$root/glossaries/translit"
export GLOSSA_DEFAULT_DB="$build/glossaries/default.db"
export XDG_CACHE_HOME="$scratch/cache"
unset GLOSSA_DB GLOSSA_NO_CACHE
mkdir -p "$scratch"
cd "$scratch"

for mb in $sizes; do
	[ -s "copy$mb.txt" ] || python3 "$here/copy.py" "$mb" "copy$mb.txt"
done
# The paragraph: the first 160 words of a story in the middle.
[ -s para.txt ] || awk 'NR > 40 && NF { for (i = 1; i <= NF && n < 160; i++) { printf "%s%s", (n ? " " : ""), $i; n++ } } END { print "" }' "copy${sizes%% *}.txt" > para.txt
printf '{"version":"0.2","language":"en","maxNumberOfProblems":1000000000,"maxDuplicateProblems":1000000000,"maxFileSize":0}\n' > cspell.json
# Warm the word set cache (built once per dictionary).
"$glossa" check -q --no-config para.txt > /dev/null || true

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# measure NAME CMD...: one run; appends "wall cpu" to NAME.times
measure() {
	local name=$1; shift
	/usr/bin/time -f "%e %U %S" -o "$name.time1" "$@" > "$name.out" 2> /dev/null < /dev/null || true
	tail -n 1 "$name.time1" | awk '{print $1, $2 + $3}' >> "$name.times"
}
med() { awk "{print \$$2}" "$1.times" | median; }

for mb in $sizes; do
	f=copy$mb.txt
	bytes=$(wc -c < "$f")
	words=$(wc -w < "$f")
	rm -f ./*.times
	for i in $(seq "$runs"); do
		measure glossa "$glossa" check -q --no-config "$f"
		measure hunspell hunspell -d en_US -l "$f"
		[ -x "$cspell" ] && measure cspell "$cspell" lint --no-progress \
			--no-summary --no-config-search -c cspell.json "$f"
		[ -n "${COLD:-}" ] && measure nocache env GLOSSA_NO_CACHE=1 \
			"$glossa" check -q --no-config "$f"
	done
	echo "copy.py $mb MB: $bytes bytes, $words words; $(grep -c '\[spelling\]' glossa.out) spelling findings"
	for t in glossa hunspell cspell nocache; do
		[ -s "$t.times" ] || continue
		w=$(med $t 1); c=$(med $t 2)
		printf '  %-9s wall %7.2f s %7.2f MB/s | cpu %7.2f s %7.2f MB/s\n' \
			"$t" "$w" "$(echo "$bytes / 1000000 / $w" | bc -l)" "$c" \
			"$(echo "$bytes / 1000000 / $c" | bc -l)"
	done
	printf '  glossa / hunspell -l: %.1fx wall, %.1fx cpu (target 150x; glossa >= 10 MB/s)\n' \
		"$(echo "$(med hunspell 1) / $(med glossa 1)" | bc -l)" \
		"$(echo "$(med hunspell 2) / $(med glossa 2)" | bc -l)"
	[ -s cspell.times ] && printf '  glossa / cspell:      %.1fx wall, %.1fx cpu\n' \
		"$(echo "$(med cspell 1) / $(med glossa 1)" | bc -l)" \
		"$(echo "$(med cspell 2) / $(med glossa 2)" | bc -l)"
done

# Start-up: one paragraph, more runs (milliseconds).
rm -f ./*.times
for i in $(seq $((runs * 3))); do
	measure glossa "$glossa" check -q --no-config para.txt
	measure hunspell hunspell -d en_US -l para.txt
	[ -n "${COLD:-}" ] && measure nocache env GLOSSA_NO_CACHE=1 \
		"$glossa" check -q --no-config para.txt
done
echo "one paragraph ($(wc -w < para.txt) words):"
for t in glossa hunspell nocache; do
	[ -s "$t.times" ] || continue
	printf '  %-9s wall %5.0f ms | cpu %5.0f ms\n' "$t" \
		"$(echo "$(med $t 1) * 1000" | bc -l)" \
		"$(echo "$(med $t 2) * 1000" | bc -l)"
done
echo "  target: glossa <= 30 ms wall"
