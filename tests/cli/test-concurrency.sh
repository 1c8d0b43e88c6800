#!/bin/bash
# Concurrent editors: 8 processes each add 200 forms to one glossary file at
# the same time. Every acknowledged write must be there, with one history
# row each, and no command may fail with "database is locked".
GLOSSA=${1:?usage: test-concurrency.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/lib.sh"
WRITERS=${GLOSSA_STRESS_WRITERS:-8}
EACH=${GLOSSA_STRESS_EACH:-200}
export GLOSSA_DB="$T_TMP/shared.db"

"$GLOSSA" glossary init >/dev/null
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
t_done
