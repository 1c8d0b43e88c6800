#!/bin/bash
# Hostile input for every command that reads text: a table of inputs, each
# with the exit status it must give, the message it must print, and the
# promise that no file and no glossary changes on an error.
GLOSSA=${1:?usage: test-hostile.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/lib.sh"
FORMS=${GLOSSA_HOSTILE_FORMS:-1000000}
H="$T_TMP/in"
mkdir -p "$H"

printf '' >"$H/empty.txt"
printf '  \n\t\n\n' >"$H/white.txt"
printf '\377Kiev met envoys.\n' >"$H/u-start.txt"
printf 'Kiev met\n\377 envoys.\n' >"$H/u-mid.txt"
printf 'Kiev met envoys.\n\342\202' >"$H/u-end.txt"
printf 'Kiev \300\257 met.\n' >"$H/overlong.txt"
printf 'Kiev \355\240\200 met.\n' >"$H/surrogate.txt"
printf 'Kiev\000met.\n' >"$H/nul.txt"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' >"$H/binary.txt"
printf 'Ki\342\200\217ev and K\342\200\215iev met \330\247\342\200\215\331\204\331\202\330\260\330\247\331\201\331\212.\n' >"$H/hidden.txt"
python3 -c "print(' '.join(['Bashar al-Asad, Kiev and Lavrov.'] * 25000))" >"$H/many.txt"
# one 1.4 MB word: 200,000 names between punctuation, no space anywhere
python3 -c "print('Kiev;x;' * 200000)" >"$H/run.txt"
truncate -s 300M "$H/huge.txt"

# fix: each case, file untouched with --in-place on error.
fix_case() {  # fix_case FILE RC STDERR-SUBSTRING
	cp "$H/$1" "$T_TMP/work"
	run fix --in-place "$T_TMP/work"
	expect_rc "$2" "fix --in-place $1: exit $2"
	if [ "$2" -eq 2 ]; then
		expect_err "$3" "fix $1: '$3'"
		expect_one_line_err "fix $1: one line"
		cmp -s "$H/$1" "$T_TMP/work"; t_ok $? "fix $1: the file is untouched"
	fi
}
fix_case empty.txt 0
fix_case white.txt 0
fix_case u-start.txt 2 "work:1: invalid UTF-8 at byte 0"
fix_case u-mid.txt 2 "work:2: invalid UTF-8 at byte 9"
fix_case u-end.txt 2 "work:2: invalid UTF-8"
fix_case overlong.txt 2 "work:1: invalid UTF-8 at byte"
fix_case surrogate.txt 2 "work:1: invalid UTF-8 at byte"
fix_case nul.txt 2 "work:1: a binary file, not text (NUL byte at offset 4)"
fix_case binary.txt 2 "a binary file, not text"
fix_case hidden.txt 1
fix_case many.txt 1
n=$(grep -o 'Assad\|Kyiv' "$T_TMP/work" | wc -l)
[ "$n" -eq 50000 ]; t_ok $? "75,000 names on one line: all fixed ($n Assad and Kyiv)"
fix_case run.txt 1
n=$(grep -o Kyiv "$T_TMP/work" | wc -l)
[ "$n" -eq 200000 ]; t_ok $? "200,000 names in one 1.4 MB word: all fixed ($n Kyiv)"
run fix "$H/huge.txt"
expect_rc 2 "fix of a 300 MB file: refused"
expect_err "huge.txt: too large" "with the limit, not an out-of-memory crash"
head -c 300000000 /dev/zero | tr '\0' 'a' | "$GLOSSA" fix - >/dev/null 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "fix of a 300 MB line on stdin: refused"
expect_err "<stdin>: too large" "with the limit"

# translit: arguments and standard input.
tr_case() {  # tr_case FILE RC STDERR-SUBSTRING
	"$GLOSSA" translit <"$H/$1" >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?; T_ERR=$(cat "$T_TMP/err")
	expect_rc "$2" "translit < $1: exit $2"
	[ "$2" -eq 2 ] && { expect_err "$3" "translit $1: '$3'"; expect_one_line_err "translit $1: one line"; }
}
tr_case empty.txt 0
tr_case white.txt 0
tr_case u-start.txt 2 "<stdin>:1: invalid UTF-8 at byte 0"
tr_case u-mid.txt 2 "<stdin>:2: invalid UTF-8 at byte 9"
tr_case u-end.txt 2 "<stdin>:2: invalid UTF-8"
tr_case overlong.txt 2 "<stdin>:1: invalid UTF-8"
tr_case surrogate.txt 2 "<stdin>:1: invalid UTF-8"
tr_case nul.txt 2 "<stdin>:1: a binary file, not text (NUL byte at offset 4)"
tr_case hidden.txt 0
tr_case many.txt 0
run translit "$(printf 'Ас\377ад')"
expect_rc 2 "translit of an invalid argument"
expect_err "argument 1" "names the argument"
head -c 300000000 /dev/zero | tr '\0' 'a' | "$GLOSSA" translit >/dev/null 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "translit of a 300 MB line: refused"
expect_err "too large" "with the limit"

# A glossary with $FORMS forms: import it, then fix and translit with it.
BIG="$T_TMP/big.db"
awk -v n=$((FORMS / 4)) 'BEGIN {
	for (i = 0; i < n; i++) {
		k = sprintf("h-%07d", i)
		printf "%s\tentry\tperson\tapproved\n", k
		printf "%s\thouse\tHouse%07d Person\tLatn\ten\n", k, i
		printf "%s\tshort\tPerson%07d\tLatn\ten\n", k, i
		printf "%s\tvariant\tHaus%07d Person\tLatn\ten\n", k, i
		printf "%s\tnative\tПерсона%07d\tCyrl\tru\n", k, i
	}}' >"$T_TMP/big.tsv"
"$GLOSSA" -g "$BIG" glossary init >/dev/null
run -g "$BIG" glossary import "$T_TMP/big.tsv"
expect_rc 0 "import a glossary of $FORMS forms"
printf 'Haus0000007 Person met Персона0000042 and Person%07d.\n' $((FORMS / 4 - 1)) >"$T_TMP/d.txt"
run -g "$BIG" fix --no-cache "$T_TMP/d.txt"
expect_rc 1 "fix with $FORMS forms"
expect_out "House0000007 Person met Person0000042 and Person$(printf %07d $((FORMS / 4 - 1)))." "finds names at both ends of the glossary"
run -g "$BIG" translit "Персона0000042"
expect_out "Person0000042" "translit with $FORMS forms uses the glossary"
t_done
