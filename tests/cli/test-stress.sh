#!/bin/bash
# Concurrent editors under stress: 8 writer processes (add, alias, rm) and
# 4 reader processes (glossa check on a draft, export) share one glossary
# file for a bounded time. Afterwards
# every acknowledged write is present (and every acknowledged removal
# absent), the history has exactly one row per change, the database passes
# its integrity check, and no command failed with "locked".
GLOSSA=${1:?usage: test-stress.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/lib.sh"
WRITERS=8
READERS=4
SECONDS_LIMIT=${GLOSSA_STRESS_SECONDS:-15}
export GLOSSA_DB="$T_TMP/stress.db"
"$GLOSSA" glossary init --empty >/dev/null
# One entry from the start: a check of an empty glossary warns (stderr),
# which is not what the readers are here to catch.
"$GLOSSA" glossary add seed-entry "Seed Entry Person" >/dev/null
base_history=$("$GLOSSA" glossary stats | awk '/^history:/ {print $2}')

# Readers check a draft against the glossary while it changes (exit 0 or
# 1 are answers; 2 is a failure), and export it.
printf 'Writer1 Entry1 Persona met Writer2 Entry1 Person in Moscow.\n' >"$T_TMP/draft.txt"
reader() {
	local r=$1 end=$((SECONDS + SECONDS_LIMIT)) n=0 fails=0 rc
	while [ $SECONDS -lt $end ]; do
		"$GLOSSA" check --no-config -q "$T_TMP/draft.txt" >/dev/null 2>>"$T_TMP/rerr.$r"
		rc=$?
		[ $rc -le 1 ] || fails=$((fails + 1))
		"$GLOSSA" glossary export >/dev/null 2>>"$T_TMP/rerr.$r" ||
			fails=$((fails + 1))
		n=$((n + 1))
	done
	echo "$n $fails" >"$T_TMP/reads.$r"
}

# Each writer logs what was acknowledged (exit 0): "add KEY", "alias KEY",
# "rm KEY". Keys are the writer's own, so the expected end state is known.
writer() {
	local w=$1 end=$((SECONDS + SECONDS_LIMIT)) i=0 key
	while [ $SECONDS -lt $end ]; do
		i=$((i + 1))
		key="w$w-e$i"
		GLOSSA_USER="writer$w" "$GLOSSA" glossary add "$key" "Writer$w Entry$i Person" \
			>/dev/null 2>>"$T_TMP/werr.$w" && echo "add $key" >>"$T_TMP/acks.$w"
		GLOSSA_USER="writer$w" "$GLOSSA" glossary alias "$key" "Writer$w Entry$i Persona" \
			>/dev/null 2>>"$T_TMP/werr.$w" && echo "alias $key" >>"$T_TMP/acks.$w"
		if [ $((i % 3)) -eq 0 ]; then
			GLOSSA_USER="writer$w" "$GLOSSA" glossary rm "$key" \
				>/dev/null 2>>"$T_TMP/werr.$w" && echo "rm $key" >>"$T_TMP/acks.$w"
		fi
	done
}

for w in $(seq 1 $WRITERS); do : >"$T_TMP/acks.$w"; writer "$w" & done
for r in $(seq 1 $READERS); do reader "$r" & done
wait

cat "$T_TMP"/acks.* >"$T_TMP/acks"
adds=$(grep -c '^add ' "$T_TMP/acks")
aliases=$(grep -c '^alias ' "$T_TMP/acks")
rms=$(grep -c '^rm ' "$T_TMP/acks")
reads=$(cat "$T_TMP"/reads.* | awk '{s+=$1} END {print s}')
echo "# acknowledged: $adds adds, $aliases aliases, $rms removals; $reads reads"
[ "$adds" -gt 0 ]; t_ok $? "writers got work done ($adds adds, $aliases aliases, $rms removals)"

cat "$T_TMP"/werr.* "$T_TMP"/rerr.* >"$T_TMP/allerr" 2>/dev/null
! grep -qi locked "$T_TMP/allerr"; t_ok $? "no command failed with 'locked'"
[ ! -s "$T_TMP/allerr" ]; t_ok $? "no command failed at all"
head -3 "$T_TMP/allerr" | sed 's/^/#   /'

"$GLOSSA" glossary export >"$T_TMP/final.tsv"
missing=0 stale=0
while read -r op key; do
	case $op in
	add|alias)
		grep -q "^$key	rm$" <(awk '$1=="rm"{print $2"\trm"}' "$T_TMP/acks") && continue
		if [ "$op" = add ]; then want="Person"; else want="Persona"; fi
		grep -q "^$key	[a-z]*	Writer[0-9]* Entry[0-9]* $want	" "$T_TMP/final.tsv" ||
			missing=$((missing + 1)) ;;
	rm)
		grep -q "^$key	" "$T_TMP/final.tsv" && stale=$((stale + 1)) ;;
	esac
done <"$T_TMP/acks"
[ "$missing" -eq 0 ]; t_ok $? "every acknowledged add and alias is present ($missing missing)"
[ "$stale" -eq 0 ]; t_ok $? "every acknowledged removal is gone ($stale still there)"

history=$("$GLOSSA" glossary stats | awk '/^history:/ {print $2}')
# add = entry row + house row; alias = 1 row; rm = 1 row.
want=$((base_history + 2 * adds + aliases + rms))
[ "$history" -eq "$want" ]; t_ok $? "one history row per change ($history, want $want)"
run glossary validate
expect_rc 0 "the integrity check passes"
rfails=$(cat "$T_TMP"/reads.* | awk '{s+=$2} END {print s}')
[ "$rfails" -eq 0 ]; t_ok $? "readers never failed ($reads reads)"
t_done
