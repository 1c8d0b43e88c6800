#!/bin/bash
# A glossary that defends itself (issue 15): a glossary file someone else
# can write must not run its own SQL in glossa, nor hang it, nor forge a
# write; a path that is no file is refused before SQLite touches it; a
# reader who may not write the folder still reads.
# Tampering is done as an attacker would, with Python's sqlite3.
GLOSSA=${1:?usage: test-store-safety.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/lib.sh"
export GLOSSA_TRANSLIT_DIR=${GLOSSA_TRANSLIT_DIR:-}
unset GLOSSA_DB
TO="timeout 60"

sql() {  # sql DB STATEMENTS: the attacker's hand
	python3 - "$1" "$2" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript(sys.argv[2])
db.commit()
EOF
}
fresh() {  # fresh NAME: a small glossary of our own
	local g="$T_TMP/$1.db"
	rm -f "$g"*
	"$GLOSSA" -g "$g" glossary init >/dev/null &&
	"$GLOSSA" -g "$g" glossary add -k place kyiv Kyiv Kiev >/dev/null &&
	"$GLOSSA" -g "$g" glossary add -k person lavrov "Sergei Lavrov" \
		"Sergey Lavrov" >/dev/null || echo "# cannot set up $g"
	echo "$g"
}
printf 'Sergey Lavrov visited Kiev.\n' >"$T_TMP/draft.txt"
want='Sergei Lavrov visited Kyiv.'
# tampered NAME OBJECT: validate names it, writes refuse (one line naming
# the file and the object, exit 2, nothing changed), fix still answers
# right, and nothing hangs.
tampered() {
	local g=$1 obj=$2 before
	$TO "$GLOSSA" -g "$g" glossary validate >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?; T_OUT=$(cat "$T_TMP/out"); T_ERR=$(cat "$T_TMP/err")
	expect_rc 1 "$3: validate fails"
	expect_out "$obj" "$3: validate names $obj"
	before=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from form").fetchone()[0])' "$g")
	run -g "$g" glossary alias kyiv "Kyjiw"
	expect_rc 2 "$3: a write is refused"
	expect_err "$g" "$3: the refusal names the glossary file"
	expect_err "$obj" "$3: ... and the object"
	expect_one_line_err "$3: ... in one line"
	after=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from form").fetchone()[0])' "$g")
	[ "$before" = "$after" ]; t_ok $? "$3: nothing was written ($before forms, $after after)"
}

# ---- the issue's case: a hand-added trigger forges a write ----
G=$(fresh trig)
sql "$G" "CREATE TRIGGER alias_kiev AFTER INSERT ON form BEGIN
  UPDATE form SET text = 'Kiev' WHERE text = 'Kyiv' AND type = 'house'; END;"
tampered "$G" alias_kiev "extra trigger"
run -g "$G" glossary show kyiv
expect_out "house     Kyiv" "extra trigger: Kyiv's house form is still Kyiv"
run -g "$G" fix --no-cache "$T_TMP/draft.txt"
expect_rc 1 "extra trigger: fix still works (exit 1: it fixed; the trigger cannot run on reads)"
expect_out "$want" "extra trigger: fix gives the house spellings"

# ---- a dropped history trigger, then the history rewritten ----
G=$(fresh hist)
sql "$G" "DROP TRIGGER history_no_update;"
tampered "$G" history_no_update "dropped history trigger"
sql "$G" "UPDATE history SET who = 'nobody';"
run -g "$G" glossary validate
expect_out "missing trigger \"history_no_update\"" "dropped history trigger: the rewritten history stays flagged"
run -g "$G" glossary log
expect_out "nobody" "dropped history trigger: the log still reads"

# ---- an endless recursive view ----
G=$(fresh view)
sql "$G" "CREATE VIEW spin AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL
  SELECT x + 1 FROM c) SELECT x FROM c;"
tampered "$G" spin "endless view"
$TO "$GLOSSA" -g "$G" fix --no-cache "$T_TMP/draft.txt" >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?; T_OUT=$(cat "$T_TMP/out")
expect_rc 1 "endless view: fix does not hang (exit 1: it fixed)"
expect_out "$want" "endless view: fix gives the house spellings"

# ---- a view standing in for one of glossa's tables ----
G=$(fresh stand)
sql "$G" "DROP TABLE name_key; CREATE VIEW name_key(key, form_id, whole) AS
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
  SELECT 'x', x, 1 FROM c;"
tampered "$G" name_key "view for a table"
for cmd in "glossary find Kiev" "glossary export" "fix --no-cache $T_TMP/draft.txt"; do
	# shellcheck disable=SC2086
	$TO "$GLOSSA" -g "$G" $cmd >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?; T_ERR=$(cat "$T_TMP/err")
	expect_rc 2 "view for a table: $cmd refuses, does not hang"
	expect_err "not read" "view for a table: $cmd says why"
done

# ---- an extra table ----
G=$(fresh table)
sql "$G" "CREATE TABLE stash (x); INSERT INTO stash VALUES (1);"
tampered "$G" stash "extra table"
run -g "$G" fix --no-cache "$T_TMP/draft.txt"
expect_out "$want" "extra table: fix gives the house spellings"

# ---- writable_schema: glossa's own table changed behind SQLite's back ----
G=$(fresh ws)
sql "$G" "PRAGMA writable_schema = ON;
  UPDATE sqlite_master SET sql = replace(sql, 'CHECK (text <> '''')', '')
    WHERE name = 'form';"
tampered "$G" "changed table \"form\"" "writable_schema"
run -g "$G" glossary export
expect_rc 2 "writable_schema: a changed table is not read"
expect_one_line_err "writable_schema: ... said in one line"

# ---- not a file ----
j=$([ -e /dev/null-journal ] && echo pre || echo none)
GLOSSA_DB=/dev/null run glossary add x Xyz
expect_rc 2 "/dev/null as glossary: refused"
expect_err "character device" "/dev/null: says what it is"
expect_one_line_err "/dev/null: in one line"
if [ "$j" = none ]; then
	[ ! -e /dev/null-journal ]; t_ok $? "/dev/null: no /dev/null-journal created"
else
	echo "ok $((T_N += 1)) - # SKIP /dev/null-journal existed before the test"
fi
mkfifo "$T_TMP/fifo"
$TO "$GLOSSA" -g "$T_TMP/fifo" glossary list >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "a FIFO as glossary: refused at once (no hang)"
expect_err "FIFO" "a FIFO: says what it is"
run -g "$T_TMP/fifo" glossary add x Xyz
expect_rc 2 "a FIFO: a write is refused too"
[ -p "$T_TMP/fifo" ]; t_ok $? "a FIFO: still a FIFO"
run -g "$T_TMP" glossary list
expect_rc 2 "a folder as glossary: refused"
expect_err "directory" "a folder: says what it is"

# ---- a reader who may not write the folder ----
D="$T_TMP/shared"
mkdir -p "$D"
"$GLOSSA" -g "$D/g.db" glossary init >/dev/null &&
"$GLOSSA" -g "$D/g.db" glossary add -k place kyiv Kyiv Kiev >/dev/null
python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("pragma journal_mode").fetchone()[0])' "$D/g.db" | grep -qx wal
t_ok $? "read-only reader: the glossary is in WAL mode"
AS=()
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	fi
fi
chmod 755 "$T_TMP"
if [ "$(id -u)" -eq 0 ] && [ ${#AS[@]} -eq 0 ]; then
	echo "ok $((T_N += 1)) - # SKIP no setpriv: cannot read as another user (root reads everything)"
elif ! "${AS[@]}" "$GLOSSA" --version >/dev/null 2>&1; then
	echo "ok $((T_N += 1)) - # SKIP user 65534 cannot run $GLOSSA (its folder is closed to others)"
else
	chmod 644 "$D/g.db"
	# (another user may not write the folder; as that user, neither)
	if [ ${#AS[@]} -eq 0 ]; then chmod 555 "$D"; else chmod 755 "$D"; fi
	mkdir -p "$T_TMP/ro-home"; chmod 777 "$T_TMP/ro-home"
	ro() {
		HOME="$T_TMP/ro-home" XDG_CACHE_HOME="$T_TMP/ro-home/cache" \
			$TO "${AS[@]}" "$GLOSSA" -g "$D/g.db" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
		T_RC=$?; T_OUT=$(cat "$T_TMP/out"); T_ERR=$(cat "$T_TMP/err")
	}
	ro glossary find Kiev
	expect_rc 0 "read-only reader: find works"
	expect_out "Kiev -> Kyiv" "read-only reader: find answers"
	ro glossary list; expect_out "kyiv" "read-only reader: list works"
	ro glossary show kyiv; expect_out "Kyiv" "read-only reader: show works"
	ro glossary export; expect_out "Kiev" "read-only reader: export works"
	printf 'Kiev.\n' >"$T_TMP/ro.txt"; chmod 644 "$T_TMP/ro.txt"
	ro fix --no-cache "$T_TMP/ro.txt"; expect_out "Kyiv." "read-only reader: fix works"
	ro check --no-config "$T_TMP/ro.txt"
	[ "$T_RC" -le 1 ] && [ -z "$T_ERR" ]; t_ok $? "read-only reader: check works (exit $T_RC)"
	ro glossary alias kyiv Kyjiw
	expect_rc 2 "read-only reader: a write is refused"
	expect_err "read-only for you" "read-only reader: ... saying why"
	[ ! -e "$D/g.db-shm" ] && [ ! -e "$D/g.db-wal" ]
	t_ok $? "read-only reader: left no -wal or -shm behind"
	# The keeper writing meanwhile: its -wal and -shm are read as they are.
	chmod u+w "$D"
	python3 - "$D/g.db" "$T_TMP/held" <<'EOF' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE"); db.execute("UPDATE meta SET value = value WHERE 0")
db.execute("COMMIT")
os.chmod(sys.argv[1] + "-shm", 0o644); os.chmod(sys.argv[1] + "-wal", 0o644)
open(sys.argv[2], "w").close()
time.sleep(8)
EOF
	hp=$!
	for _ in $(seq 1 100); do [ -e "$T_TMP/held" ] && break; sleep 0.1; done
	[ ${#AS[@]} -gt 0 ] || chmod 555 "$D"
	ro glossary find Kiev
	expect_out "Kiev -> Kyiv" "read-only reader: reads while a writer holds the WAL"
	kill "$hp" 2>/dev/null; wait "$hp" 2>/dev/null
	chmod 755 "$D"
fi

# ---- values put in by hand that the import refuses ----
# A line break and a terminal escape in a note (an UPDATE, no schema
# change): show prints them escaped, validate names the entry, and no
# export is written, since it could not be imported again.
g=$(fresh handvalue)
sql "$g" "UPDATE entry SET note = 'a' || char(27) || '[2J' || char(10) || 'kyiv  (place, deprecated)' WHERE key = 'kyiv';"
run -g "$g" glossary show kyiv
case "$T_OUT" in *$'\e'*) t_ok 1 "show prints no raw escape character";; *) t_ok 0 "show prints no raw escape character";; esac
expect_out 'a\x1b[2J\nkyiv  (place, deprecated)' "  it shows them escaped, on the note's own line"
run -g "$g" glossary validate
expect_rc 1 "validate fails"
expect_out "error: entry kyiv: control character in note" "  naming the entry"
for f in tsv csv json tbx; do
	run -g "$g" glossary export -f $f -o "$T_TMP/hand.$f"
	expect_rc 2 "export -f $f: refused"
	[ ! -e "$T_TMP/hand.$f" ]; t_ok $? "  no $f file written"
done
expect_err "entry kyiv: control character in note; an export could not be imported again" "  saying which entry and why"
expect_one_line_err "  in one line"
t_done
