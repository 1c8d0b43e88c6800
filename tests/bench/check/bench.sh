#!/bin/bash
# Throughput of `glossa check` (all default rules) on the generated 100 MB
# corpus with the 10,000-entry glossary, against
#   - hunspell -l -d en_US with a personal dictionary of the house words,
#   - cspell 9 with the same words and the variants as flagWords,
# medians of 5 runs each, wall-clock and CPU (user + system) time, and
# glossa's peak memory (maximum resident set size).
#
#   tests/bench/check/bench.sh [BUILD_DIR] [SCRATCH_DIR]
#
# The inputs come from tests/bench/fix/gen.py (the fix benchmark's
# generator) and are made once in SCRATCH_DIR (default
# /tmp/glossa-bench-check), never in the repository. cspell is looked for
# as $CSPELL, else /tmp/peers/node_modules/.bin/cspell (install it there:
# mkdir -p /tmp/peers && cd /tmp/peers && npm install cspell@9).
#
# hunspell -l checks every occurrence (about 0.2 MB/s) and cspell is not
# much faster, so both run on the first $PEER_MB MB (default 2) of the same
# corpus, and throughput is compared in MB/s. cspell's own limits are
# lifted: maxNumberOfProblems and maxDuplicateProblems (default 100 and 20:
# it stops reporting past them) and maxFileSize 0 (no size limit).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=${1:-$root/build}
scratch=${2:-/tmp/glossa-bench-check}
peer_mb=${PEER_MB:-2}
runs=${RUNS:-5}
glossa="$build/cli/glossa"
cspell=${CSPELL:-/tmp/peers/node_modules/.bin/cspell}
export GLOSSA_TRANSLIT_DIR="$root/glossaries/translit"
export GLOSSA_DEFAULT_DB="$build/glossaries/default.db"
unset GLOSSA_DB
mkdir -p "$scratch"
cd "$scratch"

if [ ! -s g10k.tsv ]; then
	python3 "$root/tests/bench/fix/gen.py" glossary 10000 g10k.tsv
fi
if [ ! -s corpus100.txt ]; then
	python3 "$root/tests/bench/fix/gen.py" corpus 100 g10k.tsv corpus100.txt
fi
if [ ! -s g10k.db ]; then
	"$glossa" --glossary g10k.db glossary init > /dev/null
	"$glossa" --glossary g10k.db glossary import g10k.tsv > /dev/null
fi
head -c $((peer_mb * 1000000)) corpus100.txt > peer.txt
# The peers' word lists: house and short words, and the variants.
python3 - <<'EOF'
import json
words, flags = set(), set()
for line in open("g10k.tsv", encoding="utf-8"):
    p = line.rstrip("\n").split("\t")
    if len(p) < 3:
        continue
    if p[1] in ("house", "short", "alternate"):
        words.update(p[2].replace("-", " ").split())
    elif p[1] == "variant":
        flags.add(p[2])
with open("personal.dic", "w", encoding="utf-8") as f:
    f.write("\n".join(sorted(words)) + "\n")
json.dump({"version": "0.2", "language": "en", "words": sorted(words),
           "flagWords": sorted(flags), "maxNumberOfProblems": 10**9,
           "maxDuplicateProblems": 10**9, "maxFileSize": 0},
          open("cspell.json", "w"))
EOF
size=$(wc -c < corpus100.txt)
psize=$(wc -c < peer.txt)
echo "corpus: $size bytes; glossary: 10000 entries; peers on the first $psize bytes"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# measure NAME INPUT CMD... : one run; appends "wall cpu rss" to NAME.times
measure() {
	local name=$1; shift 2
	/usr/bin/time -f "%e %U %S %M" -o "$name.time1" "$@" > "$name.out" 2> /dev/null < /dev/null || true
	# (time says "Command exited with non-zero status" first: exit 1
	# is what check does when it finds something)
	tail -n 1 "$name.time1" | awk '{print $1, $2 + $3, $4}' >> "$name.times"
}
rm -f ./*.times
for i in $(seq "$runs"); do
	measure glossa corpus100.txt "$glossa" --glossary g10k.db check -q --no-config corpus100.txt
	measure hunspell peer.txt hunspell -l -d en_US -p personal.dic peer.txt
	if [ -x "$cspell" ]; then
		measure cspell peer.txt "$cspell" lint --no-progress --no-summary \
			--no-config-search -c cspell.json peer.txt
	fi
done
report() {  # report NAME BYTES
	local wall cpu rss
	wall=$(awk '{print $1}' "$1.times" | median)
	cpu=$(awk '{print $2}' "$1.times" | median)
	rss=$(awk '{print $3}' "$1.times" | median)
	printf '%-9s median wall %7.2f s  %7.2f MB/s | cpu %7.2f s  %7.2f MB/s | peak %6.1f MB | %s lines out\n' \
		"$1" "$wall" "$(echo "$2 / 1000000 / $wall" | bc -l)" "$cpu" \
		"$(echo "$2 / 1000000 / $cpu" | bc -l)" "$(echo "$rss / 1024" | bc -l)" \
		"$(wc -l < "$1.out")"
	echo "$2 / 1000000 / $wall" | bc -l > "$1.mbs"
	echo "$2 / 1000000 / $cpu" | bc -l > "$1.cmbs"
}
report glossa "$size"
report hunspell "$psize"
[ -x "$cspell" ] && report cspell "$psize"
printf 'glossa / hunspell -l: %.0fx (wall), %.0fx (cpu)   target >= 100x\n' \
	"$(echo "$(cat glossa.mbs) / $(cat hunspell.mbs)" | bc -l)" \
	"$(echo "$(cat glossa.cmbs) / $(cat hunspell.cmbs)" | bc -l)"
if [ -x "$cspell" ]; then
	printf 'glossa / cspell:      %.0fx (wall), %.0fx (cpu)\n' \
		"$(echo "$(cat glossa.mbs) / $(cat cspell.mbs)" | bc -l)" \
		"$(echo "$(cat glossa.cmbs) / $(cat cspell.cmbs)" | bc -l)"
fi
printf 'targets: glossa >= 40 MB/s, peak memory < 300 MB\n'
