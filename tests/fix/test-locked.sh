#!/bin/bash
# glossa fix with a glossary another process holds an exclusive lock on:
# it waits for the store's busy timeout ($GLOSSA_BUSY_TIMEOUT, here 2 s),
# then fails cleanly.
GLOSSA=${1:?usage: test-locked.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/../cli/lib.sh"
DATA="$(cd "$(dirname "$0")/data" && pwd)"
DB="$T_TMP/g.db"
export GLOSSA_BUSY_TIMEOUT=2000
if ! command -v sqlite3 >/dev/null; then
	echo "1..0 # SKIP no sqlite3 program to hold the lock"
	exit 0
fi
"$GLOSSA" --glossary "$DB" glossary init >/dev/null &&
	"$GLOSSA" --glossary "$DB" glossary import "$DATA/glossary.tsv" >/dev/null 2>&1
t_ok $? "set-up: a test glossary"
printf 'Asad\n' >"$T_TMP/a.txt"
cp "$T_TMP/a.txt" "$T_TMP/a.orig"
sqlite3 "$DB" "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; SELECT 1;" \
	".shell sleep 15" >/dev/null 2>&1 &
HOLDER=$!
sleep 1
run --glossary "$DB" fix --in-place "$T_TMP/a.txt"
expect_rc 2 "a locked glossary: exit 2"
expect_err "locked by another writer (waited 2.0 s)" "saying it is locked, and how long it waited"
same_file "$T_TMP/a.txt" "$T_TMP/a.orig" "the draft is not touched"
kill "$HOLDER" 2>/dev/null
wait "$HOLDER" 2>/dev/null
t_done
