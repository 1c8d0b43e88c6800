#!/bin/bash
# Benchmark glossary edits on a large glossary (issue 14). Generated files
# go to WORKDIR (default /tmp/glossa-bench-edit) and are never committed.
#
#   tests/bench/edit/run.sh BUILD_DIR [WORKDIR]
#
# A 100,000-entry glossary (tests/bench/fix/gen.py: 1-5 variants each,
# about 400,000 forms) is loaded straight into the tables (mkdb.py) and
# upgraded by glossa itself, so every form's name keys are glossa's own.
# Then each command runs RUNS times (default 7) and the table gives the
# median wall time of the whole process (start, open, write, commit), with
# a read of one entry (`glossary show`) beside it as the yardstick: the
# edit/read ratio is what the edit's validation costs on top of opening.
# The issue's target: an edit at most 50 ms.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:?usage: run.sh BUILD_DIR [WORKDIR]}" && pwd)
W=${2:-/tmp/glossa-bench-edit}
RUNS=${RUNS:-7}
N=${N:-100000}
G="$BUILD/cli/glossa"
mkdir -p "$W"
cd "$W" || exit 2
export HOME="$W/home" XDG_CACHE_HOME="$W/cache" GLOSSA_USER=bench
mkdir -p "$HOME"

[ -f g$N.tsv ] || python3 "$HERE/../fix/gen.py" glossary $N g$N.tsv
if [ ! -f g$N.db ]; then
	rm -f tpl.db
	"$G" --glossary tpl.db glossary init >/dev/null || exit 2
	python3 "$HERE/../fix/mkdb.py" tpl.db g$N.tsv g$N.tmp.db || exit 2
	# The first write upgrades the glossary: every form gets its keys.
	"$G" -g g$N.tmp.db glossary add bench-warm-up "Warm Up" >/dev/null || exit 2
	mv g$N.tmp.db g$N.db
fi
DB=g$N.db
# One real entry of the generated glossary to read, alias and change.
KEY=$(awk -F'\t' '$2 == "entry" {print $1; exit}' g$N.tsv)
HOUSE=$(awk -F'\t' -v k="$KEY" '$1 == k && $2 == "house" {print $3; exit}' g$N.tsv)

T="python3 $HERE/timeit.py $RUNS"

entries=$("$G" -g $DB glossary stats | awk '/^entries:/ {print $2; exit}')
forms=$(sqlite3 $DB 'SELECT count(*) FROM form' 2>/dev/null || echo '?')
echo "# glossa glossary edit benchmark: $(date -u +%FT%TZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# glossary: $entries entries, $forms forms; medians of $RUNS runs (ms, whole process)"
read -r _ read_ms <<<"$($T show -- "$G" -g $DB glossary show "$KEY")" || exit 1
read -r _ find_ms <<<"$($T find -- "$G" -g $DB glossary find "$HOUSE")" || exit 1
read -r _ ver_ms <<<"$($T version -- "$G" --version)" || exit 1
read -r _ add_ms rm_ms <<<"$($T add -- "$G" -g $DB glossary add bench-new \
	'Qwerty Zxcvbnm' 'Qwerty al-Zxcvbnm' -- "$G" -g $DB glossary rm bench-new)" || exit 1
read -r _ alias_ms unalias_ms <<<"$($T alias -- "$G" -g $DB glossary alias "$KEY" \
	'Bench Variantname' -- "$G" -g $DB glossary rm "$KEY" 'Bench Variantname')" || exit 1
read -r _ set1_ms set2_ms <<<"$($T set -- "$G" -g $DB glossary set --status proposed "$KEY" \
	-- "$G" -g $DB glossary set --status approved "$KEY")" || exit 1
printf '%-40s %8s %8s\n' "command" "ms" "x read"
row() { printf '%-40s %8.1f %8.2f\n' "$1" "$2" "$(awk -v a="$2" -v b="$read_ms" 'BEGIN {print a / b}')"; }
row "start-up: glossa --version" "$ver_ms"
row "read: glossary show KEY" "$read_ms"
row "read: glossary find HOUSE" "$find_ms"
row "edit: glossary add (new entry, 2 forms)" "$add_ms"
row "edit: glossary rm (that entry)" "$rm_ms"
row "edit: glossary alias KEY VARIANT" "$alias_ms"
row "edit: glossary rm KEY VARIANT" "$unalias_ms"
row "edit: glossary set --status proposed" "$set1_ms"
row "edit: glossary set --status approved" "$set2_ms"
worst=$(printf '%s\n' "$add_ms" "$rm_ms" "$alias_ms" "$unalias_ms" "$set1_ms" "$set2_ms" | sort -g | tail -1)
echo "# slowest edit: ${worst} ms (target: at most 50 ms)"
