#!/bin/bash
# The glossary defends itself against wipes, and its history can rebuild
# it: import --replace refuses an input with no entries and asks before it
# removes entries; every command is a change set that `glossary undo`
# takes back; `glossary restore --at` rebuilds the glossary as it was; a
# user name cannot forge log lines; a glossary of an older schema keeps
# its history when it is upgraded.
GLOSSA=${1:?usage: test-history.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

G="$T_TMP/g.db"
gx() { "$GLOSSA" -g "$G" glossary "$@"; }
snap() { gx export >"$T_TMP/$1.tsv"; }
unchanged() {  # unchanged NAME DESCRIPTION: the glossary is as snapshot NAME
	gx export >"$T_TMP/now.tsv"
	same_file "$T_TMP/$1.tsv" "$T_TMP/now.tsv" "$2"
}
log_lines() { gx log | wc -l; }
count_entries() { gx export | awk -F'\t' '$2 == "entry" && !/^#/' | wc -l; }

gx init --from-default >/dev/null
t_ok $? "a writable copy of the built-in glossary"
snap full
entries=$(count_entries)
[ "$entries" -gt 100 ]; t_ok $? "  it has $entries entries"

# ---- 1. an input with no entries is refused by --replace ----
: >"$T_TMP/empty.tsv"
printf '{"glossa": 1, "entries": []}\n' >"$T_TMP/empty.json"
head -3 "$T_TMP/full.tsv" >"$T_TMP/header.tsv"
printf 'key,type,text,script,lang,becomes,note\n' >"$T_TMP/header.csv"
for f in empty.tsv empty.json header.tsv; do
	run -g "$G" glossary import --replace "$T_TMP/$f"
	expect_rc 2 "import --replace of $f (no entries) is refused"
	expect_one_line_err "  in one line"
	expect_err "$f: holds no entries" "  naming the file and why"
	unchanged full "  and the glossary is unchanged"
done
"$GLOSSA" -g "$G" glossary import --replace - </dev/null >"$T_TMP/out" 2>"$T_TMP/err"
[ $? -eq 2 ] && grep -q '<stdin>: holds no entries' "$T_TMP/err"
t_ok $? "import --replace of empty stdin is refused"
unchanged full "  and the glossary is unchanged"
gx export | "$GLOSSA" -g "$G" glossary import --replace - >/dev/null 2>&1
t_ok $? "export | import --replace - of the whole glossary needs no confirmation (nothing goes)"
unchanged full "  and changes nothing"
run -g "$G" glossary import --replace --dry-run "$T_TMP/empty.tsv"
expect_rc 0 "import --replace --dry-run of an empty file just shows"
expect_out "- kyiv entry" "  what would go"
unchanged full "  and changes nothing"

# ---- 2. --replace lists what it removes and needs --yes ----
grep -v -e '^kyiv	' -e '^moscow	' -e '^lavrov-sergei	' "$T_TMP/full.tsv" >"$T_TMP/three-less.tsv"
run -g "$G" glossary import --replace "$T_TMP/three-less.tsv" </dev/null
expect_rc 2 "import --replace that removes 3 entries, stdin not a terminal, no --yes: refused"
expect_one_line_err "  in one line"
expect_err "would remove 3 entries (kyiv, lavrov-sergei, moscow); nothing was changed: add --yes" "  listing the entries it would remove"
unchanged full "  and the glossary is unchanged"
grep '^kyiv	' "$T_TMP/full.tsv" >"$T_TMP/kyiv-only.tsv"
run -g "$G" glossary import --replace "$T_TMP/kyiv-only.tsv"
expect_rc 2 "import --replace that removes all but one entry: refused"
expect_err "would remove $((entries - 1)) entries (" "  with the count"
expect_err " and $((entries - 6)) more); nothing was changed" "  and the first few keys"
unchanged full "  and the glossary is unchanged"
# At a terminal, with few entries to remove, it asks (script(1) gives it one).
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then
	printf 'n\n' | script -qec "'$GLOSSA' -g '$G' glossary import --replace '$T_TMP/three-less.tsv'" /dev/null >"$T_TMP/tty" 2>&1
	rc=$?
	[ $rc -eq 2 ] && grep -q 'Remove them? \[y/N\]' "$T_TMP/tty" && grep -q '^  moscow' "$T_TMP/tty"
	t_ok $? "at a terminal it lists the 3 entries and asks; 'n' refuses (exit $rc)"
	unchanged full "  and the glossary is unchanged"
	printf 'y\n' | script -qec "'$GLOSSA' -g '$G' glossary import --replace '$T_TMP/three-less.tsv'" /dev/null >"$T_TMP/tty" 2>&1
	t_ok $? "  'y' goes on"
	grep -q -- '- moscow entry' "$T_TMP/tty"; t_ok $? "  and removes them"
	gx undo >/dev/null
	unchanged full "  (undone)"
else
	for i in 1 2 3 4 5; do T_N=$((T_N + 1)); echo "ok $T_N # SKIP no script(1) to give the import a terminal"; done
fi
run -g "$G" glossary import --replace --dry-run "$T_TMP/three-less.tsv"
expect_rc 0 "--replace --dry-run needs no --yes"
unchanged full "  and changes nothing"
run -g "$G" glossary import --replace --yes "$T_TMP/three-less.tsv"
expect_rc 0 "--replace --yes removes them"
expect_out "- moscow entry" "  and says so"
run -g "$G" glossary show moscow
expect_rc 2 "  moscow is gone"

# ---- 3. undo: the last command's changes, whole ----
run -g "$G" glossary undo
expect_rc 0 "undo of the import --replace"
expect_out "+ moscow entry" "  lists what it puts back"
unchanged full "  the glossary is as before the import, byte for byte"
run -g "$G" glossary log -n 1
expect_out "[change " "  the log shows the change set"
expect_out ": undo of change " "  and that it is an undo"

snap s0
gx add --note 'A test person' -s Zed zz-zed 'Zork Zed' 'Zork Zedd' 'Зорк Зед' >/dev/null
gx undo >/dev/null
t_ok $? "undo of an add"
unchanged s0 "  the entry is gone again"
gx alias --note 'a note' kyiv Kyyiv 'Kiyv' >/dev/null
snap aliased
gx undo >/dev/null
t_ok $? "undo of an alias of two forms (one command, one change set)"
unchanged s0 "  both forms are gone"
run -g "$G" glossary undo
expect_rc 0 "undo again: undoes the undo"
unchanged aliased "  the forms are back"
gx undo >/dev/null
unchanged s0 "  and a third undo takes them away again"
gx rm moscow >/dev/null
gx undo >/dev/null
t_ok $? "undo of rm of a whole entry"
unchanged s0 "  it is back with every form, note, script and language"
gx rm lavrov-sergei 'Лавров' >/dev/null
gx undo >/dev/null
unchanged s0 "undo of rm of one form puts it back"
gx set --status deprecated --note 'new note' kyiv >/dev/null
gx undo >/dev/null
unchanged s0 "undo of set (status and note)"
sed 's/^\(kyiv\tentry\tplace\tapproved\).*/\1\tChanged by an import/' "$T_TMP/s0.tsv" >"$T_TMP/changed.tsv"
printf 'zz-new\tentry\tterm\tproposed\tnew\nzz-new\thouse\tZqx Newterm\tLatn\ten\n' >>"$T_TMP/changed.tsv"
gx import "$T_TMP/changed.tsv" >/dev/null
gx show zz-new >/dev/null; t_ok $? "an import adds an entry and changes a note"
gx undo >/dev/null
unchanged s0 "  undo of the import takes back both"

run -g "$G" glossary undo --dry-run
expect_rc 0 "undo --dry-run"
expect_out "(dry run: nothing changed)" "  says it changed nothing"
unchanged s0 "  and changes nothing"

# An undo does not throw away a later change to the same entry.
gx alias kyiv Kyyiv >/dev/null
cid=$(gx log -n 1 | sed -n 's/.*\[change \([0-9]*\).*/\1/p')
gx alias kyiv Kiyv >/dev/null
snap two
run -g "$G" glossary undo "$cid"
expect_rc 2 "undo of change $cid, whose entry a later command changed, is refused"
expect_err "has been changed since, by change $((cid + 1))" "  naming the later change"
expect_one_line_err "  in one line"
unchanged two "  and changes nothing"
gx undo >/dev/null && gx undo "$cid" >/dev/null
t_ok $? "undo of the later one, then of change $cid by its number"
unchanged s0 "  both forms are gone"
run -g "$G" glossary undo 999999
expect_rc 2 "undo of a change set that does not exist"

# ---- 4. export -> wipe -> restore --at -> export: byte-identical ----
snap before-wipe
at=$(gx log -n 1 | cut -c1-24)
case "$at" in 20??-??-??T??:??:??.???Z) t_ok 0 "log prints times restore --at takes ($at)" ;;
	*) t_ok 1 "log prints times restore --at takes ('$at')" ;; esac
gx import --replace --force --yes "$T_TMP/empty.tsv" >/dev/null
t_ok $? "--force --yes lets an intended empty --replace through"
[ "$(count_entries)" -eq 0 ]; t_ok $? "  the glossary is empty"
run -g "$G" glossary restore --at "$at" --dry-run
expect_rc 0 "restore --at --dry-run"
[ "$(count_entries)" -eq 0 ]; t_ok $? "  changes nothing"
run -g "$G" glossary restore --at "$at"
expect_rc 0 "restore --at the time before the wipe"
expect_out "+ kyiv entry" "  lists what it puts back"
unchanged before-wipe "  export before the wipe == export after the restore, byte for byte"
run -g "$G" glossary log -n 1
expect_out ": restore to $at]" "  the restore is recorded in the log"
gx undo >/dev/null
[ "$(count_entries)" -eq 0 ]; t_ok $? "  and undo takes the restore back (empty again)"
gx restore --at "$at" >/dev/null
unchanged before-wipe "  restore again"
for bad in yesterday 2026-13-45 now ''; do
	run -g "$G" glossary restore --at "$bad"
	expect_rc 2 "restore --at '$bad' is refused"
done
expect_one_line_err "  in one line"
run -g "$G" glossary restore
expect_rc 2 "restore needs --at"

# ---- 5. GLOSSA_USER cannot forge log lines ----
n0=$(log_lines)
GLOSSA_USER=$'mallory\n2026-01-01T00:00:00.000Z  admin      remove kyiv entry' \
	"$GLOSSA" -g "$G" glossary alias kyiv Kyjiw >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "a GLOSSA_USER holding a newline is refused for a write"
expect_err "holds a control character" "  saying why"
expect_one_line_err "  in one line"
unchanged before-wipe "  nothing was changed"
[ "$(log_lines)" -eq "$n0" ]; t_ok $? "  and the log has no new line"
GLOSSA_USER=$'tab\there' "$GLOSSA" -g "$G" glossary alias kyiv Kyjiw >/dev/null 2>&1
[ $? -eq 2 ]; t_ok $? "a tab is refused too"
GLOSSA_USER=$'mallory\xe2\x80\xae' "$GLOSSA" -g "$G" glossary alias kyiv Kyjiw >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "a right-to-left override (U+202E) that would turn a log line around is refused"
expect_err "(U+202E)" "  naming it"
GLOSSA_USER=$'bob\xe2\x80\xa8x' "$GLOSSA" -g "$G" glossary alias kyiv Kyjiw >/dev/null 2>&1
[ $? -eq 2 ]; t_ok $? "a line separator (U+2028) is refused too"
[ "$(log_lines)" -eq "$n0" ]; t_ok $? "  and the log has no new line"
GLOSSA_USER=$'bell\a' "$GLOSSA" -g "$G" glossary find Kyiv >/dev/null 2>&1
t_ok $? "reading works whatever GLOSSA_USER holds"

# ---- 6. a glossary of an older schema keeps its history ----
O="$T_TMP/old.db"
"$GLOSSA" -g "$T_TMP/tpl.db" glossary init >/dev/null
printf 'aa-one\tentry\tperson\tapproved\tFirst\naa-one\thouse\tAnna One\tLatn\ten\naa-one\tvariant\tAna One\tLatn\ten\tAnna One\n' >"$T_TMP/small.tsv"
if ! command -v python3 >/dev/null; then
	echo "ok $((T_N + 1)) # SKIP no python3 to make a glossary of schema 2"
	T_N=$((T_N + 1))
else
	python3 "$HERE/../bench/fix/mkdb.py" "$T_TMP/tpl.db" "$T_TMP/small.tsv" "$O"
	python3 - "$O" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for at, field, new in (("2025-01-01T10:00:00.000Z", "house", "Anna One"),
                       ("2025-01-01T10:00:01.000Z", "variant", "Ana One")):
    db.execute("INSERT INTO history (at, who, action, entry_key, field,"
               " old_value, new_value) VALUES (?, 'old\nforged', 'add',"
               " 'aa-one', ?, NULL, ?)", (at, field, new))
db.commit()
EOF
	ox() { "$GLOSSA" -g "$O" glossary "$@"; }
	ox stats | grep -q '(schema 2,'; t_ok $? "a glossary of schema 2 (tests/bench/fix/mkdb.py) with two history rows"
	run -g "$O" glossary log
	expect_rc 0 "  its log reads"
	[ "$(printf '%s\n' "$T_OUT" | wc -l)" -eq 2 ]; t_ok $? "  two rows, two lines: a newline in an old row's user is escaped"
	expect_out 'old\nforged' "  shown as \\n"
	ox alias aa-one 'Anna Uno' >/dev/null
	t_ok $? "  a write upgrades it"
	ox stats | grep -q '(schema 4,'; t_ok $? "  to schema 4"
	run -g "$O" glossary log
	[ "$(printf '%s\n' "$T_OUT" | wc -l)" -eq 3 ]; t_ok $? "  the old rows are kept, with the new one"
	expect_out '2025-01-01T10:00:01.000Z  old\nforged add    aa-one variant: "Ana One"' "  as they were"
	run -g "$O" glossary restore --at 2025-01-01
	expect_rc 2 "  restore to before the old rows is refused (they do not keep whole entries)"
	expect_err "from before glossa kept whole entries" "  saying why"
	run -g "$O" glossary restore --at 2025-01-01T10:00:01.000Z
	expect_rc 0 "  restore to the last old row works"
	expect_out '- aa-one variant "Anna Uno"' "  and takes back the new change"
	ox undo >/dev/null; ox undo >/dev/null
	ox show aa-one | grep -q 'Anna Uno'; [ $? -ne 0 ]; t_ok $? "  undo of the undo of the restore: Anna Uno gone again"
fi

# ---- nothing to undo ----
"$GLOSSA" -g "$T_TMP/fresh.db" glossary init >/dev/null
run -g "$T_TMP/fresh.db" glossary undo
expect_rc 2 "undo on a glossary with no change is refused"
expect_err "nothing to undo" "  saying so"

t_done
