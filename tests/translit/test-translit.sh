#!/bin/bash
# glossa translit: glossary first, inflection, clitics, schemes, errors.
GLOSSA=$1
. "$(dirname "$0")/../cli/lib.sh"
DATA="$(dirname "$0")/data"
DB="$T_TMP/g.db"

run glossary init --glossary "$DB"
expect_rc 0 "create a test glossary"
run glossary import --glossary "$DB" "$DATA/test-glossary.tsv"
expect_rc 0 "import the test glossary"

tr_is() {  # tr_is WANT DESCRIPTION ARGS...
	want=$1 desc=$2
	shift 2
	run translit --glossary "$DB" "$@"
	if [ "$T_RC" -eq 0 ] && [ "$T_OUT" = "$want" ]; then t_ok 0 "$desc"; else
		t_ok 1 "$desc"; echo "#   got:  $T_OUT (exit $T_RC) $T_ERR"; echo "#   want: $want"
	fi
}

# Russian inflection resolves to the entry
for w in Лавров Лаврова Лаврову Лавровым Лаврове; do
	tr_is "Lavrov" "$w is Lavrov" "$w"
done
for w in Сергей Сергея Сергею Сергеем; do
	tr_is "Sergei" "$w is Sergei" "$w"
done
tr_is "Zakharova" "Захарова is Zakharova" "Захарова"
tr_is "Zakharova" "Захаровой is Zakharova" "Захаровой"
tr_is "Zakharova" "Захарову is Zakharova" "Захарову"
tr_is "Sergei Lavrov" "a full name wins over its parts" "Сергей Лавров"
tr_is "Sergei Lavrov" "a full name in the instrumental" "Сергеем Лавровым"
tr_is "Maria Zakharova" "a feminine full name in the genitive" "Марии Захаровой"
tr_is "LAVROV" "capitals stay capitals" "ЛАВРОВА"
tr_is "Lavrova" "--no-glossary uses the rules" --no-glossary "Лаврова"
tr_is "Lavrov said" "Latin text is kept" "Лавров said"
tr_is "Lavrov, 2024 (Lavrov)." "punctuation and digits are kept" "Лавров, 2024 (Lavrov)."
tr_is "Sergei Shoigu" "unknown names follow the news rules" "Сергей Шойгу"
tr_is "Sergey Shoygu" "bgn-pcgn rules; the glossary still wins for Lavrov" -s bgn-pcgn --no-glossary "Сергей Шойгу"
tr_is "Lavrov" "the glossary wins in every scheme" -s iso9 "Лавровым"

# Arabic: glossary, clitics, the article
tr_is "Bashar Assad" "an Arabic full name" "بشار الأسد"
tr_is "wa-Bashar Assad" "the conjunction wa does not stop a match" "وبشار الأسد"
tr_is "Assad" "the article on a glossary name" "الأسد"
tr_is "wa-Assad" "wa + article" "والأسد"
tr_is "li-Assad" "li + article (written لل)" "للأسد"
tr_is "bi-Assad" "bi + article" "بالأسد"
tr_is "Bashar al-Asad" "unknown: news rules, al-" --no-glossary "بشار الأسد"
tr_is "al-Sisi" "news rules: the article and final ya" --no-glossary "السيسي"
tr_is "wa-al-Masri" "news rules: a clitic and the article, each with its hyphen" --no-glossary "والمصري"
tr_is "li-al-Masri" "news rules: li + article written لل" --no-glossary "للمصري"
tr_is "Walid" "news rules: a name that starts with wa is no clitic" --no-glossary "وليد"

# Mixed lines and empty input
tr_is "Lavrov (Lavrov) and Assad" "mixed scripts on one line" "Лавров (Lavrov) and الأسد"
tr_is "Lаvrov" "--from ar keeps Cyrillic" --from ar "Lаvrov"
printf 'Лавров\n\nالأسد\r\nend' | "$GLOSSA" translit --glossary "$DB" > "$T_TMP/o"
printf 'Lavrov\n\nAssad\r\nend' > "$T_TMP/w"
same_file "$T_TMP/w" "$T_TMP/o" "stdin line by line, line ends kept byte for byte"
: | "$GLOSSA" translit --glossary "$DB" > "$T_TMP/o"
t_ok $? "empty input succeeds"
[ ! -s "$T_TMP/o" ]; t_ok $? "empty input gives empty output"

# Explain and JSON mark guesses
run translit --glossary "$DB" --explain "Лаврову Шойгу"
expect_out "[glossary: lavrov-sergei, Лавров]" "--explain names the entry"
expect_out "[rules: ru news, guess]" "--explain marks rules as a guess"
run translit --glossary "$DB" --format json "Лаврову Шойгу"
expect_out '"source": "glossary", "guess": false, "entry": "lavrov-sergei"' "JSON: glossary"
expect_out '"source": "rules", "guess": true, "scheme": "news"' "JSON: rules are guesses"
expect_out '{"byte_start": 0, "byte_end": 14, "text": "Лаврову"' "JSON: byte offsets named as check names them"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T_TMP/out"
t_ok $? "JSON output parses"

# Schemes
run translit --list
expect_rc 0 "--list"
for s in news bgn-pcgn wikipedia iso9 gost-7.79-b icao ala-lc ala-lc-ascii scientific news-assimilated; do
	expect_out "$s" "--list names $s"
done
run translit --glossary "$DB" --all-schemes "Щукин"
expect_out "Ŝukin" "--all-schemes shows ISO 9"
expect_out "ru icao" "--all-schemes shows ICAO"

# Errors
printf 'ok\n\xd0\n' | "$GLOSSA" translit --glossary "$DB" > "$T_TMP/out" 2> "$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "invalid UTF-8 exits 2"
expect_err "glossa: <stdin>:2: invalid UTF-8 at byte 3" "the error names line and byte"
expect_one_line_err "the error is one line"
run translit --glossary "$DB" -s nope x
expect_rc 2 "an unknown scheme exits 2"
expect_err "unknown scheme 'nope'" "and says so"
run translit --glossary "$DB" --from ar -s iso9 x
expect_rc 2 "a Russian scheme for Arabic exits 2"
run translit --bogus
expect_rc 2 "an unknown option exits 2"
run translit --help
expect_rc 0 "--help"
n=$(awk 'length > 80' "$T_TMP/out" | wc -l)
[ "$n" -eq 0 ]; t_ok $? "--help fits in 80 columns"

# Letters with digits are words ("МиГ29", "Ту154"), not numbers.
run translit "МиГ29 и Ту154, 2024"
expect_out "MiG29 i Tu154, 2024" "Cyrillic letters next to digits are transliterated"
t_done
