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

t_done
