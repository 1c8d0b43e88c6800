#!/bin/bash
# Persian names typed every way drafts type them (Persian keyboard: ی ک
# and the ZWNJ; Arabic keyboard: ي ك ى; the hamza seat written or not,
# tatweel, harakat, a PDF's presentation forms) meet the shipped
# glossary's native forms: translit, fix and check all give the house form.
# The people and their house forms are those of glossaries/default.tsv.
GLOSSA=$1
. "$(dirname "$0")/../cli/lib.sh"

# give HOUSE SPELLING...: queue each spelling with the house form it must
# give; check_all then runs translit, fix and check once over all of them
# (one glossa run per command keeps the test fast).
HOUSES=() SPELLINGS=()
give() {
	house=$1
	shift
	for s in "$@"; do
		HOUSES+=("$house")
		SPELLINGS+=("$s")
	done
}

# nth N FILE: line N of FILE
nth() { sed -n "${1}p" "$2"; }

check_all() {
	local i n=${#SPELLINGS[@]}
	: > "$T_TMP/in.txt"
	for ((i = 0; i < n; i++)); do
		printf 'Talks with %s on Monday.\n' "${SPELLINGS[i]}" >> "$T_TMP/in.txt"
	done
	"$GLOSSA" translit --from fa "${SPELLINGS[@]}" > "$T_TMP/fa.out" 2>&1
	"$GLOSSA" translit "${SPELLINGS[@]}" > "$T_TMP/auto.out" 2>&1
	"$GLOSSA" fix "$T_TMP/in.txt" > "$T_TMP/fix.out" 2>&1
	"$GLOSSA" check "$T_TMP/in.txt" > "$T_TMP/check.out" 2>&1
	# check: "FILE:LINE:COL: ..." then "    suggestion: TEXT" -> "LINE TEXT"
	# (the file name holds no colon)
	awk '/^[^ ]/ { split($0, f, ":"); line = f[2] }
		/^    suggestion: / { sub(/^    suggestion: /, ""); print line "\t" $0 }' \
		"$T_TMP/check.out" > "$T_TMP/sugg.out"
	for ((i = 0; i < n; i++)); do
		s=${SPELLINGS[i]} house=${HOUSES[i]}
		got=$(nth $((i + 1)) "$T_TMP/fa.out")
		[ "$got" = "$house" ]
		t_ok $? "translit --from fa $s -> $house"
		[ "$got" = "$house" ] || echo "#   got: $got"
		got=$(nth $((i + 1)) "$T_TMP/auto.out")
		[ "$got" = "$house" ]
		t_ok $? "translit (auto) $s -> $house"
		[ "$got" = "$house" ] || echo "#   got: $got"
		got=$(nth $((i + 1)) "$T_TMP/fix.out")
		[ "$got" = "Talks with $house on Monday." ]
		t_ok $? "fix $s -> $house"
		[ "$got" = "Talks with $house on Monday." ] || echo "#   got: $got"
		grep -qFx "$((i + 1))	$house" "$T_TMP/sugg.out"
		t_ok $? "check $s suggests $house"
	done
}

ZWNJ=$'\u200c'
give "Ebrahim Raisi" "ابراهیم رئیسی" "ابراهیم رییسی" "ابراهيم رئيسي" \
	"ابراهیم رئیسى" "ﺍﺑﺮﺍﻫﯿﻢ ﺭﺋﯿﺴﯽ"
give "Ali Khamenei" "علی خامنه${ZWNJ}ای" "علی خامنهای" "علي خامنه${ZWNJ}اي" \
	"على خامنه${ZWNJ}ای" "علی خامنـه${ZWNJ}ای" "علی خامنه ای"
give "Masoud Pezeshkian" "مسعود پزشکیان" "مسعود پزشكيان" \
	"مسعود پزشـکیان" "مَسعود پِزِشکیان" "ﻣﺴﻌﻮﺩ ﭘﺰﺷﮑﯿﺎﻥ"
give "Abbas Araghchi" "عباس عراقچی" "عباس عراقچي" "عبّاس عراقچی"
give "Mohammad Javad Zarif" "محمدجواد ظریف" "محمد جواد ظریف" \
	"محمد${ZWNJ}جواد ظریف" "محمدجواد ظريف"
give "Hassan Rouhani" "حسن روحانی" "حسن روحاني"
give "Mahmoud Ahmadinejad" "محمود احمدی${ZWNJ}نژاد" "محمود احمدینژاد" \
	"محمود احمدي${ZWNJ}نژاد" "محمود احمدی نژاد"
give "Mohammad Bagher Qalibaf" "محمدباقر قالیباف" "محمد باقر قالیباف" \
	"محمدباقر قاليباف"
give "Mahsa Amini" "مهسا امینی" "مهسا اميني"
give "Narges Mohammadi" "نرگس محمدی" "نرگس محمدي"
give "Qassem Soleimani" "قاسم سلیمانی" "قاسم سليماني"
give "Ruhollah Khomeini" "روح${ZWNJ}الله خمینی" "روحالله خمینی" \
	"روح${ZWNJ}الله خميني"
check_all

# The Persian lexicon: a given name the glossary does not hold as a
# person, in Persian letters, is the Persian spelling (Mohammad, not the
# Arabic lexicon's Mohammed); --explain names the lexicon entry.
run translit --from fa "محمدرضا"
expect_out "Mohammad Reza" "محمدرضا is Mohammad Reza (one word in Persian, two in English)"
run translit --from fa --explain "غلامحسین"
expect_out "given-fa-gholamhossein" "--explain names the Persian lexicon entry"
run translit "حسین"
expect_out "Hossein" "a Persian letter (ی) picks Persian in auto mode: Hossein"
run translit --from fa "ابراهیم"
expect_out "Ebrahim" "ابراهیم with --from fa is Ebrahim"

# Names not in the glossary: the fa news rules, marked as a guess
run translit --from fa --explain "علی${ZWNJ}زاده"
expect_out "Alizadeh" "ZWNJ joins: علی‌زاده -> Alizadeh"
expect_out "guess" "a rule spelling is marked as a guess"
run translit --from fa "کیمیا علیزاده"
expect_out "Kimia Alizadeh" "lexicon given name + rule family name"
for s in "محمود احمدی${ZWNJ}نژاد" "شجریان" "ﻣﺴﻌﻮﺩ" "ژاله چمران"; do
	run translit --from fa --no-glossary "$s"
	# (UTF-8 of U+0600-06FF and of the presentation forms U+FB50-FEFF)
	if printf '%s' "$T_OUT" | LC_ALL=C grep -qE $'[\xd8-\xdb]|\xef[\xad-\xbb]'; then
		t_ok 1 "no Arabic-script letter left in the rules' $s"
		echo "#   got: $T_OUT"
	else
		t_ok 0 "no Arabic-script letter left in the rules' $s"
	fi
done
t_done
