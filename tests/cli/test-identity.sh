#!/bin/bash
# One definition of "the same name" (core/name.c): the same spelling gets
# the same answer from glossary find, fix, check and translit. Each row
# of the table is a spelling as copy may write it and the entry it is
# (or "ambiguous" when two entries share it); every command is asked.
GLOSSA=${1:?usage: test-identity.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/lib.sh"
DATA="$(dirname "$0")/data"
DB="$T_TMP/id.db"

run -g "$DB" glossary init
run -g "$DB" glossary import "$DATA/identity.tsv"
expect_rc 0 "the table's glossary imports"

# spelling <TAB> entry (or "ambiguous") <TAB> native: translit is asked too
table=$(cat <<'T'
Abdul-Aziz Bouteflika	bouteflika-abdelaziz	no
Abdul Aziz Bouteflika	bouteflika-abdelaziz	no
AbdulAziz Bouteflika	bouteflika-abdelaziz	no
Abdul Aziz BOUTEFLIKA	bouteflika-abdelaziz	no
Bashar el-Asad	assad-bashar	no
Bashar al Asad	assad-bashar	no
Башар Асад	assad-bashar	yes
Башара Асада	assad-bashar	yes
Башаром Асадом	assad-bashar	yes
بشار الأسد	assad-bashar	yes
بشار الاسد	assad-bashar	yes
Zorin Warkadse	ambiguous	no
Zorin-Warkadse	ambiguous	no
Zoran Warkadse	zz-two	no
T
)

while IFS=$'\t' read -r spelling want native; do
	[ -n "$spelling" ] || continue
	# find: the entries with a form of that name key
	run -g "$DB" glossary find "$spelling"
	if [ "$want" = ambiguous ]; then
		grep -q "zz-one" "$T_TMP/out" && grep -q "zz-two" "$T_TMP/out"
		t_ok $? "find \"$spelling\": both entries"
	else
		grep -q "of $want," "$T_TMP/out" &&
			! grep -v "of $want," "$T_TMP/out" | grep -q " of "
		t_ok $? "find \"$spelling\": $want and nothing else"
	fi
	printf 'Yesterday %s said the talks would go on.\n' "$spelling" >"$T_TMP/d.txt"
	# fix: the change it makes (or the ambiguity it reports)
	run -g "$DB" fix --format json "$T_TMP/d.txt"
	if [ "$want" = ambiguous ]; then
		grep -q '"status": "ambiguous"' "$T_TMP/out" &&
			grep -q '"entry": "zz-one, zz-two"' "$T_TMP/out"
		t_ok $? "fix \"$spelling\": ambiguous between both, unchanged"
	else
		grep -q "\"entry\": \"$want\"" "$T_TMP/out" &&
			grep -q '"status": "fix"' "$T_TMP/out"
		t_ok $? "fix \"$spelling\": fixed as $want"
	fi
	# check: the finding names the same entry
	run -g "$DB" check --format json "$T_TMP/d.txt"
	if [ "$want" = ambiguous ]; then
		grep -q '"entry": "zz-one, zz-two"' "$T_TMP/out"
		t_ok $? "check \"$spelling\": names both entries, as fix does"
	else
		grep -q "\"entry\": \"$want\"" "$T_TMP/out"
		t_ok $? "check \"$spelling\": a finding for $want"
	fi
	# translit: a native spelling gives the same entry
	if [ "$native" = yes ]; then
		run -g "$DB" translit --format json "$spelling"
		grep -q "\"entry\": \"$want\"" "$T_TMP/out"
		t_ok $? "translit \"$spelling\": $want"
	fi
done <<<"$table"

# validate reports the shared variant, as fix and check do
run -g "$DB" glossary validate
expect_out "Zorin Warkadse" "validate reports the variant two entries share"
t_done
