#!/bin/bash
# What a change costs fix and check on realistic copy (issue 13: "nothing
# gets slower by more than 10%"): two glossa checkouts, built, side by side.
#
#   tests/bench/precision/compare.sh BASE_TREE HEAD_TREE [RUNS]
#
# Each TREE is a source tree with its build in TREE/build (meson). The
# corpus is made from tests/precision of HEAD: the news articles (correct
# copy) with the recall sentences spliced in, so that names and their
# variants are dense: about 32 MB for fix (4 MB ten times), 1.5 MB of
# plain news for check.
# Prints the median CPU time (user + sys) of RUNS (default 9) interleaved
# runs each, with the built-in glossary of each tree and a warm cache.
set -u
BASE=$(cd "${1:?usage: compare.sh BASE_TREE HEAD_TREE [RUNS]}" && pwd)
HEAD=$(cd "${2:?usage: compare.sh BASE_TREE HEAD_TREE [RUNS]}" && pwd)
RUNS=${3:-9}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
python3 - "$HEAD/tests/precision" "$W" <<'PY'
import glob, os, random, sys
src, w = sys.argv[1], sys.argv[2]
random.seed(7)
news = [open(f, encoding="utf-8").read()
        for f in sorted(glob.glob(os.path.join(src, "news", "*.txt")))]
sent = [s for s in open(os.path.join(src, "recall", "sentences.txt"),
                        encoding="utf-8").read().split("\n")
        if s and not any(0x600 <= ord(c) <= 0x6FF for c in s)]
out, size = [], 0
while size < 4_000_000:
    for p in random.choice(news).split("\n\n"):
        out.append(p + " " + random.choice(sent))
        size += len(p) + 200
# Ten times over: CPU time is counted in hundredths of a second.
open(os.path.join(w, "fix.txt"), "w", encoding="utf-8").write(
    ("\n\n".join(out) + "\n") * 10)
out, size = [], 0
while size < 1_500_000:
    a = random.choice(news)
    out.append(a)
    size += len(a)
open(os.path.join(w, "check.txt"), "w", encoding="utf-8").write("\n\n".join(out))
PY
echo "fix corpus:   $(wc -c <"$W/fix.txt") bytes, $(wc -w <"$W/fix.txt") words"
echo "check corpus: $(wc -c <"$W/check.txt") bytes, $(wc -w <"$W/check.txt") words"
one() {  # one TREE ARGS...: CPU seconds
	local t=$1
	shift
	GLOSSA_DEFAULT_DB=$t/build/glossaries/default.db \
	GLOSSA_TRANSLIT_DIR=$t/glossaries/translit XDG_CACHE_HOME=$W/cache-${t//\//_} \
		/usr/bin/time -o "$W/t" -f '%U %S' "$t/build/cli/glossa" "$@" \
		>/dev/null 2>&1
	tail -n 1 "$W/t" | awk '{ print $1 + $2 }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
for what in "fix $W/fix.txt" "check --no-config $W/check.txt"; do
	one "$BASE" $what >/dev/null
	one "$HEAD" $what >/dev/null
	: >"$W/b"
	: >"$W/h"
	for i in $(seq "$RUNS"); do
		one "$BASE" $what >>"$W/b"
		one "$HEAD" $what >>"$W/h"
	done
	b=$(median <"$W/b")
	h=$(median <"$W/h")
	printf '%-6s base %6.3f s  head %6.3f s  head/base %.3f\n' \
		"${what%% *}" "$b" "$h" "$(echo "$h / $b" | bc -l)"
done
