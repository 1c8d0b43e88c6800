#!/bin/bash
# One flag vocabulary across the commands (issue 18): -t input type,
# -f output format, -o output, -g glossary, -n dry run, -q quiet, -j jobs,
# -l language. A short flag that once meant something else in a command
# is refused with its long name; -o writes atomically, and not at all
# when the run fails.
# Usage: test-flags.sh GLOSSA
GLOSSA=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 2

# translit
run translit -n "Шойгу"
expect_rc 2 "translit -n (once --no-glossary) is refused"
expect_err "write --no-glossary in full" "... naming the long option"
run translit -a "Шойгу"
expect_rc 2 "translit -a (once --all-schemes) is refused"
expect_err "write --all-schemes in full" "... naming the long option"
run translit --no-glossary "Шойгу"
expect_rc 0 "translit --no-glossary still works"
run translit -l uk "Ігор Клименко"
expect_rc 0 "translit -l is the language"
expect_out "Ihor Klymenko" "... and -l uk reads Ukrainian"
run translit --from uk "Ігор Клименко"
expect_out "Ihor Klymenko" "--from is still the language"
run translit --list
expect_out "bgn-pcgn" "translit --list lists the schemes"
run translit -o out.txt "Сергей Шойгу"
expect_rc 0 "translit -o FILE"
[ "$(cat out.txt)" = "Sergei Shoigu" ] && [ -z "$T_OUT" ]
t_ok $? "... writes the file, not standard output"
printf 'Путин\n' > in.txt
"$GLOSSA" translit -j 2 -o out2.txt - < in.txt; rc=$?
[ $rc -eq 0 ] && [ "$(cat out2.txt)" = "Putin" ]
t_ok $? "translit -j 2 -o FILE from standard input"
printf 'old\n' > keep.txt
printf '\377\n' | "$GLOSSA" translit -o keep.txt > /dev/null 2> err; rc=$?
[ $rc -eq 2 ] && [ "$(cat keep.txt)" = old ]
t_ok $? "a failed translit leaves the -o file as it was"
mkfifo fifo
timeout 10 "$GLOSSA" translit -o fifo "Путин" > /dev/null 2> err; rc=$?
[ $rc -eq 2 ] && grep -q fifo err
t_ok $? "-o refuses a FIFO without blocking"


# glossary export: the file's name says the format
run glossary export -o names.xlsx
expect_rc 2 "export -o names.xlsx is refused (no TSV under a spreadsheet's name)"
expect_err "cannot write xlsx files" "... saying why"
[ ! -e names.xlsx ]; t_ok $? "... and writes no file"
run glossary export -f csv -o names.xlsx
expect_rc 2 "export -f csv -o names.xlsx is refused too"
run glossary export -f csv -o names.json
expect_rc 2 "export -f csv -o names.json: the name and --format disagree"
[ ! -e names.json ]; t_ok $? "... and no file is written"
run glossary export -o names.csv
expect_rc 0 "export -o names.csv"
head -1 names.csv | grep -q '^key,kind,'; t_ok $? "... writes CSV, from the name"
run glossary export -o names.json
head -c 200 names.json | grep -q '"glossa": 1'; t_ok $? "export -o names.json writes JSON"
run glossary export -f tbx -o names.xml
grep -q '<tbx ' names.xml; t_ok $? "export -f tbx -o names.xml writes TBX"

# fix: -i -n says what would change; -i -d shows the diff of what it wrote
printf 'President Bashar al-Asad spoke.\n' > a.txt
cp a.txt a.orig
run fix -i -n a.txt
expect_rc 1 "fix -i -n: exit 1 (something would change)"
expect_out "a.txt:1:11: Bashar al-Asad -> Bashar Assad" "... says what would change"
cmp -s a.txt a.orig; t_ok $? "... and changes nothing"
run fix -i -d a.txt
expect_out "+President Bashar Assad spoke." "fix -i -d prints the diff"
grep -q 'Bashar Assad' a.txt; t_ok $? "... and writes the file"
cp a.orig b.txt
run fix -o fixed.txt b.txt
expect_rc 1 "fix -o FILE"
[ -z "$T_OUT" ] && grep -q 'President Bashar Assad spoke.' fixed.txt && cmp -s b.txt a.orig
t_ok $? "... writes the fixed text to FILE, not standard output, and leaves the draft"
run fix -f json -o changes.json b.txt
grep -q '"replacement"' changes.json; t_ok $? "fix -f json -o FILE"
printf 'old\n' > keep.txt
printf 'caf\351\n' > bad.txt
run fix -o keep.txt bad.txt
expect_rc 2 "fix -o with a bad draft: exit 2"
[ "$(cat keep.txt)" = old ]; t_ok $? "... and the -o file is left as it was"

# check -o
run check -f sarif -o report.sarif b.txt
expect_rc 1 "check -o FILE: exit 1 for findings"
[ -z "$T_OUT" ] && grep -q '"version": "2.1.0"' report.sarif
t_ok $? "... the SARIF report in FILE, nothing on standard output"
run check -j 2 -o report.txt b.txt a.txt
grep -q '1 finding (1 error' report.txt; t_ok $? "check -j 2 -o FILE"

# glossary: -n is the dry run, never the note
run glossary init --empty -g g.db
run glossary add -g g.db -n "who" odd-one "Odd One"
expect_rc 2 "glossary add -n (once --note) is refused"
expect_err "write --note in full" "... naming the long option"
run glossary add -g g.db --note "who" odd-one "Odd One"
expect_rc 0 "glossary add --note works"
run glossary set -g g.db -n "x" odd-one
expect_rc 2 "glossary set -n is refused too"
run glossary alias -g g.db -n "x" odd-one "Odd Wan"
expect_rc 2 "glossary alias -n is refused too"

# fix --diff is coloured like check's report: on a terminal, or --color always
cp a.orig c.txt
run fix -d --color always c.txt
printf '%s' "$T_OUT" | grep -q "$(printf '\033\\[31m-President Bashar al-Asad')" &&
	printf '%s' "$T_OUT" | grep -q "$(printf '\033\\[32m+President Bashar Assad')"
t_ok $? "fix -d --color always: removed lines red, added green"
run fix -d c.txt
printf '%s' "$T_OUT" | grep -q "$(printf '\033')"; [ $? -ne 0 ]
t_ok $? "fix -d into a pipe: no colour"
run fix -d --color sometimes c.txt
expect_rc 2 "--color wants auto, always or never"

# -o naming a file the run reads would put the output in its place: the
# draft, standard input's file, the glossary, the settings: refused, and
# nothing changed.
printf 'Bashar al-Asad went to Kiev.\n' > story.txt
cp story.txt story.orig
run check -o story.txt story.txt
expect_rc 2 "check -o naming its draft is refused"
expect_err "story.txt: is a draft being checked" "... naming the file"
cmp -s story.txt story.orig; t_ok $? "... and the draft is as it was"
run fix -o ./story.txt c.txt story.txt
expect_rc 2 "fix -o naming one of its drafts is refused"
expect_err "-i fixes it in place" "... pointing to -i"
cmp -s story.txt story.orig; t_ok $? "... and the draft is as it was"
"$GLOSSA" check -o story.txt < story.txt > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && cmp -s story.txt story.orig
t_ok $? "check -o FILE < FILE is refused, the file kept"
"$GLOSSA" fix -o story.txt < story.txt > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && cmp -s story.txt story.orig
t_ok $? "fix -o FILE < FILE too"
mkdir -p desk && cp story.txt desk/a.txt && cp story.txt desk/report.txt
run check -o desk/report.txt desk
expect_rc 2 "check -o naming a draft of the folder walked is refused"
cmp -s desk/report.txt story.orig; t_ok $? "... and it is kept"
cp g.db g.orig
run check -g g.db -o g.db story.txt
expect_rc 2 "check -o naming the glossary is refused"
expect_err "g.db: is the glossary being read" "... saying so"
cmp -s g.db g.orig; t_ok $? "... and the glossary is as it was"
run fix -g g.db -o g.db story.txt
expect_rc 2 "fix -o naming the glossary is refused"
cmp -s g.db g.orig; t_ok $? "... and the glossary is as it was"
"$GLOSSA" translit -g g.db -o g.db "Путин" > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && cmp -s g.db g.orig
t_ok $? "translit -o naming the glossary is refused, the glossary kept"
printf '[rules]\nspelling = off\n' > my.ini && cp my.ini my.ini.orig
run check -c my.ini -o my.ini story.txt
expect_rc 2 "check -o naming its --config file is refused"
cmp -s my.ini my.ini.orig; t_ok $? "... and the settings are as they were"
run check -o other.txt story.txt
expect_rc 1 "check -o another file still writes the report"
grep -q '"Bashar al-Asad" is a variant' other.txt; t_ok $? "... into it"

# fix -i with a draft that cannot be read still writes the others: the -o
# report of what it changed is written with them.
mkdir -p mixed && printf 'Bashar al-Asad\n' > mixed/a.txt && printf 'x\000' > mixed/bin.txt
run fix -i -f changes -o changed.txt mixed
expect_rc 2 "fix -i -o with a draft that cannot be read: exit 2"
grep -q '^mixed/a.txt:1:1: Bashar al-Asad -> Bashar Assad' changed.txt
t_ok $? "... the drafts written, and the -o report of their changes too"
rm -f changed.txt
run fix -i -f changes -o changed.txt mixed
[ ! -e changed.txt ]; t_ok $? "... nothing written: no -o file, as before"

t_done
