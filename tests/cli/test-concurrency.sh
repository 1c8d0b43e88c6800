#!/bin/bash
# Concurrent editors: 8 processes each add 200 forms to one glossary file at
# the same time. Every acknowledged write must be there, with one history
# row each, and no command may fail with "database is locked".
# Then snapshot reads: 4 `fix --no-cache` and 2 `export` readers against an
# importer that swaps the glossary between two states: every read shows
# exactly one of them (issue 15: none torn).
GLOSSA=${1:?usage: test-concurrency.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/lib.sh"
WRITERS=${GLOSSA_STRESS_WRITERS:-8}
EACH=${GLOSSA_STRESS_EACH:-200}
export GLOSSA_DB="$T_TMP/shared.db"

"$GLOSSA" glossary init --empty >/dev/null
"$GLOSSA" glossary add -k person shared-entry "Shared Person" >/dev/null
t_ok $? "set up one glossary file"

writer() {  # writer N: add EACH forms, one command (transaction) each
	local w=$1 i acked=0
	for i in $(seq 1 "$EACH"); do
		if GLOSSA_USER="writer$w" "$GLOSSA" glossary alias shared-entry \
			"Writer$w Form$i Person" >/dev/null 2>>"$T_TMP/err.$w"; then
			acked=$((acked + 1))
		fi
	done
	echo "$acked" >"$T_TMP/acked.$w"
}

start=$(date +%s)
for w in $(seq 1 "$WRITERS"); do writer "$w" & done
wait
secs=$(( $(date +%s) - start ))

acked=$(cat "$T_TMP"/acked.* | awk '{s+=$1} END {print s}')
want=$((WRITERS * EACH))
[ "$acked" -eq "$want" ]; t_ok $? "all $want writes acknowledged ($acked in ${secs}s)"
cat "$T_TMP"/err.* >"$T_TMP/allerr"
! grep -qi "locked" "$T_TMP/allerr"; t_ok $? "no command failed with 'locked'"
[ ! -s "$T_TMP/allerr" ]; t_ok $? "no command printed an error"
head -3 "$T_TMP/allerr" | sed 's/^/#   /'

present=$("$GLOSSA" glossary show shared-entry | grep -c "variant   Writer")
[ "$present" -eq "$acked" ]; t_ok $? "every acknowledged form is present ($present)"
rows=$("$GLOSSA" glossary log shared-entry | grep -c " add    shared-entry variant")
[ "$rows" -eq "$acked" ]; t_ok $? "one history row per write ($rows)"
for w in 1 "$WRITERS"; do
	n=$("$GLOSSA" glossary log shared-entry | grep -c "writer$w ")
	[ "$n" -eq "$EACH" ]; t_ok $? "the history names writer$w for its $EACH writes ($n)"
done
run glossary validate
expect_rc 0 "the glossary validates (integrity check included)"
expect_out "0 errors" "with no errors"

# ---- snapshot reads against a looping importer ----
# A glossary of E static entries and three that an importer swaps between
# state A (approved, house "ZqhouseN Alpha", note "state A") and state B
# (deprecated, house "ZqhouseN Beta", note "state B"), each swap one small
# import (one commit), as fast as it can. fix turns the draft's variants
# into the Alpha house forms in A and leaves them in B; an export is byte
# for byte the one of A or of B. A read that saw two commits (the entries
# of one, the forms of the other) is neither: "Beta" fixed in, or a note
# of one state beside a house form of the other. (Before reads were
# snapshots, about 3 in 100 were torn so.)
E=${GLOSSA_SNAPSHOT_ENTRIES:-1000}
READS=${GLOSSA_SNAPSHOT_READS:-36}  # per reader: 6 readers, 216 reads
LIMIT=${GLOSSA_SNAPSHOT_SECONDS:-45}  # (a bound; 216 reads take about 20 s)
export GLOSSA_DB="$T_TMP/snap.db"
awk -v n="$E" 'BEGIN { for (i = 0; i < n; i++) {
	k = sprintf("zs-%04d", i)
	printf "%s\tentry\tperson\tapproved\tStatic %d\n", k, i
	printf "%s\thouse\tZshouse%04d Name\tLatn\ten\n", k, i }}' >"$T_TMP/static.tsv"
for s in A B; do
	awk -v s=$s 'BEGIN { for (i = 0; i < 3; i++) {
		k = sprintf("zq-%d", i)
		printf "%s\tentry\tperson\t%s\tstate %s\n", k,
			s == "A" ? "approved" : "deprecated", s
		printf "%s\thouse\tZqhouse%d %s\tLatn\ten\n", k, i,
			s == "A" ? "Alpha" : "Beta"
		printf "%s\tvariant\tZqvar%d Name\tLatn\ten\n", k, i }}' >"$T_TMP/$s.tsv"
done
printf 'Zqvar0 Name, Zqvar1 Name and Zqvar2 Name spoke.\n' >"$T_TMP/snap.txt"
fix1() {  # fix exits 1 when it changed something: an answer, not an error
	"$GLOSSA" fix --no-cache "$T_TMP/snap.txt"
	[ $? -le 1 ]
}
"$GLOSSA" glossary init --empty >/dev/null &&
"$GLOSSA" glossary import "$T_TMP/static.tsv" >/dev/null &&
"$GLOSSA" glossary import "$T_TMP/A.tsv" >/dev/null &&
"$GLOSSA" glossary export -o "$T_TMP/A.export" &&
fix1 >"$T_TMP/A.fix" &&
"$GLOSSA" glossary import "$T_TMP/B.tsv" >/dev/null &&
"$GLOSSA" glossary export -o "$T_TMP/B.export" &&
fix1 >"$T_TMP/B.fix"
t_ok $? "set up a glossary of $E entries and two states of three more"
! cmp -s "$T_TMP/A.fix" "$T_TMP/B.fix" && grep -q "Zqhouse2 Alpha" "$T_TMP/A.fix"
t_ok $? "fix tells the two states apart"
# (So an export that is byte for byte one of them can be restored.)
for s in A B; do
	"$GLOSSA" -g "$T_TMP/re$s.db" glossary init >/dev/null &&
	"$GLOSSA" -g "$T_TMP/re$s.db" glossary import "$T_TMP/$s.export" >/dev/null &&
	"$GLOSSA" -g "$T_TMP/re$s.db" glossary export | cmp -s - "$T_TMP/$s.export"
	t_ok $? "the export of state $s imports again to the same glossary"
done

importer() {  # swap states until the readers are done (or the limit)
	local end=$((SECONDS + LIMIT)) n=0 s
	while [ ! -e "$T_TMP/readers.done" ] && [ $SECONDS -lt $end ]; do
		for s in A B; do
			"$GLOSSA" glossary import "$T_TMP/$s.tsv" >/dev/null \
				2>>"$T_TMP/imperr" && n=$((n + 1))
		done
	done
	echo "$n" >"$T_TMP/imports"
}
sreader() {  # sreader N fix|export: READS reads, each one of the two states
	local r=$1 what=$2 i=0 torn=0 n=0 end=$((SECONDS + LIMIT)) out="$T_TMP/sr.$1"
	while [ $i -lt "$READS" ] && [ $SECONDS -lt $end ]; do
		i=$((i + 1))
		if [ "$what" = fix ]; then
			fix1 >"$out" 2>>"$T_TMP/srerr"
		else
			"$GLOSSA" glossary export >"$out" 2>>"$T_TMP/srerr"
		fi || { torn=$((torn + 1)); continue; }
		n=$((n + 1))
		if ! cmp -s "$out" "$T_TMP/A.$what" && ! cmp -s "$out" "$T_TMP/B.$what"; then
			torn=$((torn + 1)); cp "$out" "$T_TMP/torn.$r"
		fi
	done
	echo "$n $torn" >"$T_TMP/sreads.$r"
}
: >"$T_TMP/srerr"
importer &
ipid=$!
start=$(date +%s)
for r in 1 2 3 4; do sreader $r fix & done
for r in 5 6; do sreader $r export & done
wait $(jobs -p | grep -vx "$ipid")
touch "$T_TMP/readers.done"
wait "$ipid"
secs=$(( $(date +%s) - start ))
read -r reads torn <<<"$(cat "$T_TMP"/sreads.* | awk '{r+=$1; t+=$2} END {print r, t}')"
imports=$(cat "$T_TMP/imports")
echo "# $reads reads, $torn torn, $imports imports in ${secs}s"
[ "$reads" -ge 200 ]; t_ok $? "at least 200 reads during the imports ($reads)"
[ "$imports" -ge 4 ]; t_ok $? "the importer swapped states meanwhile ($imports imports)"
[ "$torn" -eq 0 ]; t_ok $? "no read was torn: every export and fix is state A or B ($torn torn)"
ls "$T_TMP"/torn.* 2>/dev/null | head -1 | xargs -r head -3 | sed 's/^/#   /'
[ ! -s "$T_TMP/srerr" ] && [ ! -s "$T_TMP/imperr" ]; t_ok $? "no reader or importer failed"
cat "$T_TMP/srerr" "$T_TMP/imperr" | head -3 | sed 's/^/#   /'
t_done
