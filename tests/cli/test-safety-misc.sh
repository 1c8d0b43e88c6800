#!/bin/bash
# Safety, the smaller items of issue 15: settings files that could silence
# the check are believed only when no one else can have written them, and
# the report names the ones used; and hostile or odd inputs get a clear
# refusal or the right result, fast: a note with U+FFFF (a TBX export
# that could not be read back), a file name that is not UTF-8 in JSON, a
# CSV with CR-only line ends, a 5 MB note, a TBX element with 100,000
# attributes, a 2 MB word to transliterate.
GLOSSA=${1:?usage: test-safety-misc.sh PATH-TO-GLOSSA}
GLOSSA="$(cd "$(dirname "$GLOSSA")" && pwd)/$(basename "$GLOSSA")"
. "$(dirname "$0")/lib.sh"
DATA="$(cd "$(dirname "$0")/../check/data" && pwd)"
DB="$T_TMP/g.db"
export GLOSSA_DB="$DB"
cd "$T_TMP" || exit 2

skip() {  # skip DESCRIPTION
	T_N=$((T_N + 1))
	echo "ok $T_N # SKIP $1"
}
# valid_json FILE: strict UTF-8 and JSON, as any consumer reads it
valid_json() {
	python3 -c 'import json, sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' "$1" 2>"$T_TMP/jerr"
}
# dump: the glossary as TSV, to compare before and after a refusal
dump() { "$GLOSSA" glossary export 2>/dev/null; }

run glossary init --empty
run glossary import "$DATA/glossary.tsv"
expect_rc 0 "set-up: the fixture glossary"
CHECK=(check --dict-path "$DATA" --lang en_TEST)

# ---- settings files that silence the check ----
mkdir -p pub/desk
chmod 0777 pub
printf 'Bashar al-Asad met officials in Kiev.\n' >pub/desk/draft.txt
cat >pub/.glossa.ini <<EOF
[rules]
spelling = off
variant = off
inconsistent = off
near-miss = off
foreign-script = off
mixed-script = off
EOF
chmod 0644 pub/.glossa.ini
run "${CHECK[@]}" pub/desk/draft.txt
expect_rc 0 "a trusted .glossa.ini above the draft turns the rules off"
expect_out "settings: $T_TMP/pub/.glossa.ini" "  and the text summary names it"
run "${CHECK[@]}" --format json pub/desk/draft.txt
expect_out "\"settings\": [\"$T_TMP/pub/.glossa.ini\"]" "  JSON names it in \"settings\""
run "${CHECK[@]}" --format sarif pub/desk/draft.txt
expect_out "\"properties\": {\"settings\": [\"$T_TMP/pub/.glossa.ini\"]}" "  SARIF names it in the run's properties"

chmod 0666 pub/.glossa.ini
run "${CHECK[@]}" pub/desk/draft.txt
expect_rc 1 "the same file made world-writable is ignored: findings are reported"
expect_out 'draft.txt:1:1: error: "Bashar al-Asad" is a variant spelling' "  the variant is there"
expect_out 'draft.txt:1:33: error: "Kiev" is a variant spelling' "  and Kiev"
expect_err "warning: ignoring settings $T_TMP/pub/.glossa.ini: writable by anyone (mode 0666)" "  a warning names the file and why"
expect_one_line_err "  in one line"
case "$T_OUT" in *settings:*) t_ok 1 "  the summary names no settings";; *) t_ok 0 "  the summary names no settings";; esac
run "${CHECK[@]}" --format json pub/desk/draft.txt
expect_out '"settings": []' "  JSON: no settings used"
cp pub/desk/draft.txt pub/desk/second.txt
run "${CHECK[@]}" pub/desk/draft.txt pub/desk/second.txt
n=$(grep -c 'warning: ignoring' "$T_TMP/err")
[ "$n" -eq 1 ]; t_ok $? "two drafts under it: one warning ($n)"

printf '[rules]\nvariant = off\nspelling = off\n' >.glossa.ini
chmod 0644 .glossa.ini
run "${CHECK[@]}" pub/desk/draft.txt
expect_rc 0 "the search goes on above an ignored file: the trusted one further up applies"
expect_out "settings: $T_TMP/.glossa.ini" "  and is the one named"
expect_err "ignoring settings $T_TMP/pub/.glossa.ini" "  the ignored one is still named on stderr"
rm -f .glossa.ini

chmod 0666 pub/.glossa.ini
run "${CHECK[@]}" --config pub/.glossa.ini pub/desk/draft.txt
expect_rc 1 "--config with a world-writable file: ignored too"
expect_err "ignoring settings pub/.glossa.ini: writable by anyone" "  with the warning"

chmod 0644 pub/.glossa.ini
if [ "$(id -u)" -eq 0 ]; then
	chown 4242 pub/.glossa.ini
	run "${CHECK[@]}" pub/desk/draft.txt
	expect_rc 1 "a file owned by another user (uid 4242) is ignored"
	expect_err "owned by uid 4242, not by you or root" "  saying whose it is"
	chown 0:4243 pub/.glossa.ini
	chmod 0664 pub/.glossa.ini
	run "${CHECK[@]}" pub/desk/draft.txt
	expect_rc 1 "a file writable by a group that is not its owner's own is ignored"
	expect_err "writable by group 4243 (mode 0664)" "  saying which group"
	chown 0:0 pub/.glossa.ini
	run "${CHECK[@]}" pub/desk/draft.txt
	expect_rc 0 "group-writable in the owner's private group (root:root 0664) is trusted"
else
	for d in "another user's file is ignored" "  saying whose it is" \
		 "a foreign group's writable file is ignored" "  saying which group" \
		 "the owner's private group is trusted"; do
		skip "$d (needs root to chown)"
	done
fi
rm -f pub/.glossa.ini

# Another user's symbolic link to a trusted settings file (root's own,
# with every rule off) is theirs to point: ignored like their file.
printf '[rules]\nspelling = off\nvariant = off\n' >root-off.ini
chmod 0644 root-off.ini
ln -s "$T_TMP/root-off.ini" pub/.glossa.ini
run "${CHECK[@]}" pub/desk/draft.txt
expect_rc 0 "one's own symbolic link to a trusted file is followed"
if [ "$(id -u)" -eq 0 ]; then
	chown -h 4242 pub/.glossa.ini
	run "${CHECK[@]}" pub/desk/draft.txt
	expect_rc 1 "another user's symbolic link to a trusted file is ignored"
	expect_err "a symbolic link owned by uid 4242, not by you or root" "  saying whose link it is"
	run "${CHECK[@]}" --config pub/.glossa.ini pub/desk/draft.txt
	expect_rc 1 "  also with --config"
else
	for d in "another user's link is ignored" "  saying whose" "  also with --config"; do
		skip "$d (needs root to chown)"
	done
fi
rm -f pub/.glossa.ini
mkfifo fifo.ini
timeout 20 "$GLOSSA" "${CHECK[@]}" --config fifo.ini pub/desk/draft.txt >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "check --config on a FIFO: refused, not waited on"
expect_err "fifo.ini: settings must be a regular file" "  saying why"
rm -f fifo.ini

# ---- a note with U+FFFF, and TBX that reads back ----
dump >before.tsv
printf 'odd-one\tentry\tperson\tapproved\tnote \xef\xbf\xbf here\nodd-one\thouse\tOdd One\tLatn\ten\n' >ffff.tsv
run glossary import ffff.tsv
expect_rc 2 "a note holding U+FFFF is refused"
expect_err "ffff.tsv:1: note holds U+FFFF, a Unicode noncharacter" "  naming file, line and character"
expect_one_line_err "  in one line"
dump >after.tsv
same_file before.tsv after.tsv "  the glossary is unchanged"
printf 'odd-two\tentry\tperson\tapproved\tnote\nodd-two\thouse\tOdd Two\tLatn\ten\t\tU+FDD0 \xef\xb7\x90\n' >fdd0.tsv
run glossary import fdd0.tsv
expect_rc 2 "a form's note with U+FDD0 (a noncharacter) is refused"
expect_err "fdd0.tsv:2: note holds U+FDD0" "  naming its line"
printf 'odd-three\tentry\tperson\tapproved\tnote \xc2\x85 here\nodd-three\thouse\tOdd Three\tLatn\ten\n' >c1.tsv
run glossary import c1.tsv
expect_rc 2 "a C1 control (U+0085) is refused"
expect_err "c1.tsv:1: control character U+0085 in note" "  by name"
printf 'odd-four\tentry\tperson\tapproved\tsmiles \xf0\x9f\x98\x80 and private \xee\x80\x80 use\nodd-four\thouse\tOdd Four\tLatn\ten\n' >ok.tsv
run glossary import ok.tsv
expect_rc 0 "an emoji and a private-use character are text: accepted"
run glossary export -f tbx -o all.tbx
expect_rc 0 "the glossary exports as TBX"
"$GLOSSA" -g "$T_TMP/back.db" glossary init >/dev/null
run -g "$T_TMP/back.db" glossary import all.tbx
expect_rc 0 "  and that TBX imports again"
"$GLOSSA" -g "$T_TMP/back.db" glossary export >back.tsv 2>/dev/null
dump >now.tsv
same_file now.tsv back.tsv "  to the same glossary"

# A glossary written before the check may hold one: TBX export refuses it
# rather than write a file that cannot be read back.
"$GLOSSA" -g "$T_TMP/old.db" glossary init >/dev/null
"$GLOSSA" -g "$T_TMP/old.db" glossary add --note plain odd-one "Odd One" >/dev/null
if python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE entry SET note = ? WHERE key = ?", ("x \uffff y", "odd-one"))
c.commit()' "$T_TMP/old.db" 2>/dev/null; then
	run -g "$T_TMP/old.db" glossary export -f tbx -o old.tbx
	expect_rc 2 "TBX export of an older glossary holding U+FFFF is refused"
	expect_err "entry odd-one: note holds U+FFFF, a Unicode noncharacter" "  naming the entry"
	[ ! -e old.tbx ]; t_ok $? "  and writes no file"
else
	for d in "TBX export of U+FFFF refused" "  naming the entry" "  no file"; do
		skip "$d (python3 cannot write the test glossary with sqlite3)"
	done
fi

# ---- JSON for a file name that is not UTF-8 ----
bad=$(printf 'bad\xff\xfe-name.txt')
printf 'Bashar al-Asad met officials in Kiev.\n' >"$bad"
run "${CHECK[@]}" --format json "$bad"
expect_rc 1 "check --format json on a file name that is not UTF-8"
valid_json "$T_TMP/out"; t_ok $? "  the JSON is valid (strict UTF-8)"
expect_out '"file": "bad\ufffd\ufffd-name.txt"' "  each bad byte written as \\ufffd"
run "${CHECK[@]}" --format sarif "$bad"
valid_json "$T_TMP/out"; t_ok $? "check --format sarif: valid JSON too"
run fix --format json "$bad"
expect_rc 1 "fix --format json on it"
valid_json "$T_TMP/out"; t_ok $? "  the JSON is valid"
expect_out '"file": "bad\ufffd\ufffd-name.txt"' "  with \\ufffd for the bad bytes"
# overlong, surrogate, above U+10FFFF, cut short; around valid é and 😀
odd=$(printf 'x\xc3\xa9\xf0\x9f\x98\x80\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82.txt')
printf 'Kiev.\n' >"$odd"
run fix --format json "$odd"
python3 -c '
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
want = "x\u00e9\U0001F600" + "\ufffd" * 11 + ".txt"
sys.exit(0 if d["changes"][0]["file"] == want else 1)' "$T_TMP/out"
t_ok $? "  valid UTF-8 kept, each byte of an invalid sequence one U+FFFD"
run fix --format json "pub/desk/draft.txt"
expect_out '"file": "pub/desk/draft.txt"' "  a UTF-8 name is written as it is"

# ---- text output for a file name holding a line break and an escape ----
ctl=$(printf 'ctl\033[31m\nname.txt')
printf 'Bashar al-Asad met officials in Kiev.\n' >"$ctl"
no_raw() {  # no_raw DESCRIPTION: stdout holds no ESC and no forged line
	case "$T_OUT" in *$'\e'*) t_ok 1 "$1";; *) t_ok 0 "$1";; esac
	case "$T_OUT" in *$'\n'name.txt*) t_ok 1 "  and no line of its own";; *) t_ok 0 "  and no line of its own";; esac
}
run "${CHECK[@]}" "$ctl"
no_raw "check: the file name is shown escaped"
expect_out 'ctl\x1b[31m\nname.txt:1:1: error' "  as ctl\\x1b[31m\\nname.txt"
run fix --format changes "$ctl"
no_raw "fix --format changes: escaped too"
run fix -d "$ctl"
no_raw "fix -d: the diff header too"

# ---- CSV with CR-only line ends ----
run glossary export -f csv -o crlf.csv
tr -d '\n' <crlf.csv >cr.csv
"$GLOSSA" -g "$T_TMP/cr.db" glossary init >/dev/null
run -g "$T_TMP/cr.db" glossary import cr.csv
expect_rc 0 "a CSV with CR-only line ends (CSV (Macintosh)) imports"
"$GLOSSA" -g "$T_TMP/cr.db" glossary export >cr.tsv 2>/dev/null
same_file now.tsv cr.tsv "  to the same glossary"
printf 'key,kind,status,entry_note,type,text,script,lang,becomes,note\r' >badcr.csv
printf 'cr-one,person,approved,,house,Cr One,Latn,en,,\r' >>badcr.csv
printf 'cr-one,person,approved,,house,Cr One,Latn,en\r' >>badcr.csv
run -g "$T_TMP/cr.db" glossary import badcr.csv
expect_rc 2 "a bad row in a CR-only CSV"
expect_err "badcr.csv:3: a row has" "  is named by its line (3)"

# ---- field size caps ----
python3 -c "
import sys
sys.stdout.write('big-note\tentry\tperson\tapproved\t' + 'a' * 5000000 + '\n')
sys.stdout.write('big-note\thouse\tBig Note\tLatn\ten\n')" >bignote.tsv
dump >before.tsv
timeout 60 "$GLOSSA" glossary import bignote.tsv >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "a 5 MB note is refused"
expect_err "bignote.tsv:1: note of 5000000 bytes: a note holds at most 4096 bytes" "  naming file, line and the cap"
expect_one_line_err "  in one line"
dump >after.tsv
same_file before.tsv after.tsv "  the glossary is unchanged"
n4k=$(printf 'b%.0s' $(seq 1 4096))
printf 'max-note\tentry\tperson\tapproved\t%s\nmax-note\thouse\tMax Note\tLatn\ten\n' "$n4k" >maxnote.tsv
run glossary import maxnote.tsv
expect_rc 0 "a note of exactly 4096 bytes is accepted"
long=$(printf 'Longname%.0s' $(seq 1 63))
run glossary add long-form "$long"
expect_rc 2 "a 504-byte house form is refused"
expect_err "form of 504 bytes: a form holds at most 500 bytes" "  saying so"
run glossary add --note "$n4k"x long-note "Long Note"
expect_rc 2 "glossary add with a 4097-byte note is refused"
expect_err "note of 4097 bytes" "  saying so"

# ---- a TBX element with 100,000 attributes ----
python3 - <<'EOF'
attrs = ' '.join('a%d="x"' % i for i in range(100000))
with open('attrs.tbx', 'w') as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<tbx type="TBX-Basic" style="dca" xml:lang="en" '
            'xmlns="urn:iso:std:iso:30042:ed-2">\n<text><body>\n'
            '<conceptEntry id="x" %s></conceptEntry>\n'
            '</body></text></tbx>\n' % attrs)
EOF
timeout 10 "$GLOSSA" glossary import attrs.tbx >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "a TBX element with 100,000 attributes is refused within 10 s"
expect_err "attrs.tbx:4: <conceptEntry> has 100001 attributes; a TBX element has at most 64" "  naming the line and the element"
sed 's/ a[0-9]*="x"//g' attrs.tbx >plain.tbx
run glossary import plain.tbx
case "$T_ERR" in *attributes*) t_ok 1 "  the same file without them gets past the count";; *) t_ok 0 "  the same file without them gets past the count";; esac
printf '<?xml version="1.0"?>\n<!-- a="1" b="2" --><tbx a="x>y=z" xmlns="urn:iso:std:iso:30042:ed-2"><text><body/></text></tbx>\n' >quoted.tbx
run glossary import quoted.tbx
case "$T_ERR" in *attributes*) t_ok 1 "'=' in comments and quoted values is not counted";; *) t_ok 0 "'=' in comments and quoted values is not counted";; esac
# Declarations in the DOCTYPE: 100,000 default attributes, or one
# ATTLIST per element name, cost libxml2 seconds to minutes.
python3 -c "
a = ' '.join('b%d CDATA \"x\"' % i for i in range(100000))
open('attlist.tbx', 'w').write('<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [<!ATTLIST conceptEntry ' + a + '>]>\n<tbx/>\n')
open('attlists.tbx', 'w').write('<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [' + ''.join('<!ATTLIST e%d a CDATA \"x\">' % i for i in range(50000)) + ']>\n<tbx/>\n')
"
for f in attlist.tbx attlists.tbx; do
	timeout 10 "$GLOSSA" glossary import --dry-run $f >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?; T_ERR=$(cat "$T_TMP/err")
	expect_rc 2 "$f: a DOCTYPE declaring attributes is refused within 10 s"
	expect_err "$f:2: the DOCTYPE declares elements or attributes" "  saying why, naming the line"
done

# ---- a 2 MB word through translit ----
python3 -c "print('Щ' + 'щ' * 1000000)" >word.txt
timeout 20 "$GLOSSA" translit - <word.txt >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?
expect_rc 0 "translit of a 2 MB word finishes within 20 s"
python3 -c "
import sys
s = open(sys.argv[1], encoding='utf-8').read()
sys.exit(0 if s == 'Shch' + 'shch' * 1000000 + '\n' else 1)" "$T_TMP/out"
t_ok $? "  with every letter transliterated, case kept"
python3 -c "print('ش' * 1000000)" >aword.txt
timeout 20 "$GLOSSA" translit - <aword.txt >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?
expect_rc 0 "an Arabic 1M-letter word too"
run translit "Щукин" "ЩУКИН" "Сергей Лавров"
expect_out "Shchukin" "short words are as before: Щукин"
expect_out "SHCHUKIN" "  ЩУКИН"
expect_out "Sergei Lavrov" "  Сергей Лавров"
t_done
