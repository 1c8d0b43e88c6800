#!/bin/bash
# The compiled cache (~/.cache/glossa) is trusted only as far as it is
# checked: planted, forged, foreign, group-writable, FIFO, symlinked or
# truncated caches never change what fix writes, nor hang or crash it; an
# edit made while another connection holds a read snapshot is seen; old
# caches are removed under a cap. Whatever is in the folder, the output is
# the glossary's.
GLOSSA=${1:?usage: test-cache.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/lib.sh"
unset XDG_CACHE_HOME GLOSSA_NO_CACHE GLOSSA_CACHE_MAX_MB
CACHE="$HOME/.cache/glossa"
DB="$T_TMP/g.db"
cp "${GLOSSA_DEFAULT_DB:?}" "$DB"
chmod 644 "$DB"
IN="Sergey Lavrov visited Kiev."
RIGHT="Sergei Lavrov visited Kyiv."

# fixes IN with glossary $DB; T_OUT the text, T_ERR the --verbose lines.
fixit() { run -g "${1:-$DB}" fix --verbose - <<<"$IN"; }
loaded() { case "$T_ERR" in *"loaded from the cache"*) return 0 ;; esac; return 1; }
cache_of() {  # the cache file of a glossary
	echo "$CACHE/matcher-$(stat -c '%D' "$1" | sed 's/^0*//')-$(printf %x "$(stat -c %i "$1")").bin"
}
mode() { stat -c %a "$1"; }
# forge SRC DST KEYFILE|-: DST = SRC with Lavrov made Lavxov, sealed with
# the key in KEYFILE (HMAC-SHA256 of all but the last 32 bytes), or with
# 32 random bytes of someone else's (-).
forge() {
	python3 - "$@" <<'EOF'
import hashlib, hmac, os, sys
src, dst, keyfile = sys.argv[1:4]
b = bytearray(open(src, "rb").read())
assert b.count(b"Lavrov") > 0
b = bytearray(bytes(b).replace(b"Lavrov", b"Lavxov"))
key = os.urandom(32) if keyfile == "-" else open(keyfile, "rb").read()
b[-32:] = hmac.new(key, bytes(b[:-32]), hashlib.sha256).digest()
open(dst, "wb").write(bytes(b))
EOF
}

# ---- a sound cache, its folder and secret ----
fixit; expect_rc 1 "fix compiles the glossary"
[ "$T_OUT" = "$RIGHT" ]; t_ok $? "and fixes: $T_OUT"
CF=$(cache_of "$DB")
[ -f "$CF" ]; t_ok $? "a cache is written ($(basename "$CF"))"
[ "$(mode "$CACHE")" = 700 ] && [ "$(mode "$CF")" = 600 ] &&
	[ "$(mode "$CACHE/hmac-key")" = 600 ] &&
	[ "$(stat -c %s "$CACHE/hmac-key")" = 32 ]
t_ok $? "folder 0700, cache 0600, a 32-byte secret 0600"
fixit; loaded; t_ok $? "the next run loads it"
[ "$T_OUT" = "$RIGHT" ]; t_ok $? "with the same fixes"
cp "$CF" "$T_TMP/good.bin"

# ---- forged caches: the "Sergei Lavxov" case ----
forge "$T_TMP/good.bin" "$CF" -
fixit; [ "$T_OUT" = "$RIGHT" ]; t_ok $? "a cache re-sealed without the user's secret is not believed: $T_OUT"
! loaded; t_ok $? "it is rebuilt"
# The forgery itself works: sealed with the user's own secret it loads,
# so the refusal above is the MAC's doing.
forge "$T_TMP/good.bin" "$T_TMP/own.bin" "$CACHE/hmac-key"
cp "$T_TMP/own.bin" "$CF"
fixit; [ "$T_OUT" = "Sergei Lavxov visited Kyiv." ] && loaded
t_ok $? "(control: the same forgery sealed with the user's secret loads: $T_OUT)"
cp "$T_TMP/good.bin" "$CF"
fixit; loaded && [ "$T_OUT" = "$RIGHT" ]; t_ok $? "the genuine cache loads again"
printf 'x' | dd of="$CF" bs=1 seek=200 conv=notrunc 2>/dev/null
fixit; [ "$T_OUT" = "$RIGHT" ] && ! loaded; t_ok $? "one byte changed: the MAC fails, rebuilt"

# ---- the secret ----
cp "$CACHE/hmac-key" "$T_TMP/key.old"
chmod 640 "$CACHE/hmac-key"
fixit; [ "$T_OUT" = "$RIGHT" ] && ! loaded; t_ok $? "a secret others may read is not used"
[ "$(mode "$CACHE/hmac-key")" = 600 ] && ! cmp -s "$CACHE/hmac-key" "$T_TMP/key.old"
t_ok $? "it is replaced by a new one"
fixit; loaded; t_ok $? "under which the new cache loads"
cp "$CF" "$T_TMP/good.bin"

# ---- permissions ----
chmod 620 "$CF"
fixit; [ "$T_OUT" = "$RIGHT" ] && ! loaded; t_ok $? "a group-writable cache is ignored"
[ "$(mode "$CF")" = 600 ]; t_ok $? "and replaced by a 0600 one"
chmod 777 "$CACHE"
fixit; [ "$T_OUT" = "$RIGHT" ] && ! loaded; t_ok $? "a folder others can write is not used"
chmod 700 "$CACHE"
fixit; loaded; t_ok $? "0700 again: used"

# ---- another user ----
OTHER=54321
if [ "$(id -u)" -ne 0 ]; then
	for i in 1 2 3 4; do echo "ok $((T_N + i)) # SKIP another user: needs root (chown, setpriv)"; done
	T_N=$((T_N + 4))
else
	chown "$OTHER" "$CF"
	fixit; [ "$T_OUT" = "$RIGHT" ] && ! loaded; t_ok $? "a cache owned by another user is ignored"
	[ "$(stat -c %u "$CF")" = "$(id -u)" ]; t_ok $? "and replaced by the user's own"
	if command -v setpriv >/dev/null 2>&1; then
		# A shared XDG_CACHE_HOME: the other user made glossa/ first
		# and planted a forged cache where this user's would go,
		# sealed with the secret they put beside it: only the owner
		# check stands between it and the output.
		SH="$T_TMP/shared"; mkdir -m 1777 "$SH"; chmod 755 "$T_TMP"
		head -c 32 /dev/urandom >"$T_TMP/other.key"
		forge "$T_TMP/good.bin" "$T_TMP/planted.bin" "$T_TMP/other.key"
		chmod 644 "$T_TMP/planted.bin" "$T_TMP/other.key"
		setpriv --reuid="$OTHER" --regid="$OTHER" --clear-groups sh -c \
			"umask 077; mkdir -p '$SH/glossa' && cp '$T_TMP/other.key' '$SH/glossa/hmac-key' && cp '$T_TMP/planted.bin' '$SH/glossa/$(basename "$CF")'"
		chmod 700 "$T_TMP"
		before=$(ls "$SH/glossa" | sort | tr '\n' ' ')
		XDG_CACHE_HOME="$SH" run -g "$DB" fix --verbose - <<<"$IN"
		[ "$T_OUT" = "$RIGHT" ] && ! loaded
		t_ok $? "another user's planted cache in a shared folder is not used: $T_OUT"
		[ "$(ls "$SH/glossa" | sort | tr '\n' ' ')" = "$before" ]
		t_ok $? "and nothing is written in their folder"
	else
		echo "ok $((T_N + 1)) # SKIP another user's folder: no setpriv"
		echo "ok $((T_N + 2)) # SKIP another user's folder: no setpriv"
		T_N=$((T_N + 2))
	fi
fi

# ---- FIFO, symlink, truncation ----
rm -f "$CF"; mkfifo "$CF"
printf '%s\n' "$IN" >"$T_TMP/in.txt"
timeout 20 "$GLOSSA" -g "$DB" fix "$T_TMP/in.txt" >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
[ "$rc" -eq 1 ] && [ "$(cat "$T_TMP/out")" = "$RIGHT" ]
t_ok $? "a FIFO at the cache path: fix finishes (exit $rc, not 124) with the right output"
[ -f "$CF" ] && [ ! -p "$CF" ]; t_ok $? "and a cache file takes the FIFO's place"
forge "$T_TMP/good.bin" "$T_TMP/target.bin" "$CACHE/hmac-key"
cp "$T_TMP/target.bin" "$T_TMP/target.orig"
rm -f "$CF"; ln -s "$T_TMP/target.bin" "$CF"
fixit; [ "$T_OUT" = "$RIGHT" ] && ! loaded
t_ok $? "a symlink at the cache path (to a cache sealed with the user's secret) is not followed"
[ ! -L "$CF" ] && cmp -s "$T_TMP/target.bin" "$T_TMP/target.orig"
t_ok $? "the link is replaced, its target left untouched"
cp "$CF" "$T_TMP/good.bin"
truncate -s $(($(stat -c %s "$CF") / 2)) "$CF"
fixit; expect_rc 1 "a cache cut to half: no crash"
[ "$T_OUT" = "$RIGHT" ] && ! loaded; t_ok $? "a miss, the right output"
# Cut short while runs read it: the same inode truncated under them.
bad=0
for i in $(seq 1 15); do
	cp "$T_TMP/good.bin" "$CF"
	printf '%s\n' "$IN" | "$GLOSSA" -g "$DB" fix - >"$T_TMP/o$i" 2>&1 &
	pid=$!
	truncate -s $((RANDOM * 19)) "$CF"
	wait "$pid"; rc=$?
	{ [ "$rc" -eq 1 ] && [ "$(cat "$T_TMP/o$i")" = "$RIGHT" ]; } || {
		bad=$((bad + 1)); echo "#   run $i: exit $rc: $(head -c 200 "$T_TMP/o$i")"; }
done
[ "$bad" -eq 0 ]; t_ok $? "15 runs with the cache truncated under them: all exit 1 with the right output"

# ---- an edit while another connection holds a read snapshot ----
fixit; fixit; loaded; t_ok $? "(the cache is warm)"

# ---- the seal: a cache state checked whole is remembered, then mapped ----
CF=$(cache_of "$DB"); S="$CF.seal"
sleep 3  # (a state younger than 2 s is never sealed: racy)
fixit; loaded && [ "$T_OUT" = "$RIGHT" ]; t_ok $? "a cache older than 2 s loads, checked whole"
[ -f "$S" ] && [ "$(mode "$S")" = 600 ] && [ "$(stat -c %s "$S")" = 32 ]
t_ok $? "and a seal (32 bytes, 0600) is written beside it"
touch -d 2001-01-01 "$S"
fixit; loaded && [ "$T_OUT" = "$RIGHT" ] && [ "$(stat -c %Y "$S")" -gt 1500000000 ]
t_ok $? "the next run believes the seal (marks it used), same output"
mt=$(stat -c %y "$CF")
printf 'x' | dd of="$CF" bs=1 seek=300 conv=notrunc 2>/dev/null
touch -d "$mt" "$CF"
fixit; [ "$T_OUT" = "$RIGHT" ] && ! loaded
t_ok $? "one byte changed in place, its time put back: the seal no longer holds, the MAC fails, rebuilt"
printf 'x' | dd of="$CF" bs=1 seek=300 conv=notrunc 2>/dev/null
sleep 3  # (that broken state is now old enough to be sealed)
head -c 32 /dev/urandom >"$S"
fixit; [ "$T_OUT" = "$RIGHT" ] && ! loaded
t_ok $? "a seal not made with the user's secret vouches for nothing: the file is checked whole, rebuilt"
cp "$T_TMP/good.bin" "$CF"
truncate -s 1000 "$CF"
fixit; [ "$T_OUT" = "$RIGHT" ] && ! loaded; t_ok $? "a sealed cache cut short: a miss, the right output"
if command -v sqlite3 >/dev/null 2>&1; then
	# (A glossary glossa has written to is in WAL mode: readers and
	# one writer at once. The shipped copy is not yet.)
	sqlite3 "$DB" 'PRAGMA journal_mode = WAL' >/dev/null
	fixit
	mkfifo "$T_TMP/sql"
	sqlite3 "$DB" <"$T_TMP/sql" >"$T_TMP/sql.out" 2>&1 &
	sqpid=$!
	exec 7>"$T_TMP/sql"
	echo "BEGIN; SELECT 'snap', count(*) FROM entry;" >&7
	for i in $(seq 1 600); do grep -q snap "$T_TMP/sql.out" && break; sleep 0.1; done
	grep -q snap "$T_TMP/sql.out"; t_ok $? "a reader holds a snapshot"
	run -g "$DB" glossary add -s Quux zorbo-quux "Zorbo Quux" "Zorbo Kwux"
	expect_rc 0 "glossa adds an entry meanwhile"
	run -g "$DB" fix - <<<'Zorbo Kwux said'
	[ "$T_OUT" = "Zorbo Quux said" ]; t_ok $? "fix sees glossa's edit: $T_OUT"
	sqlite3 "$DB" "UPDATE form SET becomes = 'Zorbo Quuux' WHERE text = 'Zorbo Kwux'; UPDATE form SET text = 'Zorbo Quuux' WHERE text = 'Zorbo Quux';"
	run -g "$DB" fix - <<<'Zorbo Kwux said'
	[ "$T_OUT" = "Zorbo Quuux said" ]
	t_ok $? "fix sees an edit made outside glossa (no change counter; only the WAL moved): $T_OUT"
	echo "COMMIT;" >&7; exec 7>&-
	wait "$sqpid"
else
	for i in 1 2 3 4; do echo "ok $((T_N + i)) # SKIP snapshot: no sqlite3"; done
	T_N=$((T_N + 4))
fi

# ---- clean-up: LRU under a cap ----
# Things in the folder that are no glossa cache are never removed.
echo notes >"$CACHE/notes.txt"
echo stale >"$CACHE/matcher-9-9.bin.seal"
echo "not a cache" >"$CACHE/matcher-0-0.bin"
echo outside >"$T_TMP/outside.bin"
ln -s "$T_TMP/outside.bin" "$CACHE/matcher-1-1.bin"
for i in $(seq 1 20); do cp "$DB" "$T_TMP/g$i.db"; done
ok=0
for i in $(seq 1 20); do
	GLOSSA_CACHE_MAX_MB=3 fixit "$T_TMP/g$i.db"
	[ "$T_OUT" = "$RIGHT" ] || ok=1
done
t_ok $ok "20 glossaries fixed with a 3 MB cap"
total=$(find "$CACHE" -maxdepth 1 -type f -name 'matcher-*.bin' -size +1k -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
[ "$total" -le $((3 * 1048576)) ]; t_ok $? "their caches take $total bytes: under the cap"
[ -f "$(cache_of "$T_TMP/g20.db")" ] && [ ! -e "$(cache_of "$T_TMP/g1.db")" ]
t_ok $? "the newest cache is kept, the oldest removed"
GLOSSA_CACHE_MAX_MB=3 fixit "$T_TMP/g20.db"; loaded; t_ok $? "the newest still loads"
[ -f "$CACHE/notes.txt" ] && [ -f "$CACHE/matcher-0-0.bin" ] &&
	[ -L "$CACHE/matcher-1-1.bin" ] && [ -f "$T_TMP/outside.bin" ] &&
	[ -f "$CACHE/hmac-key" ]
t_ok $? "other files, a non-cache matcher-*.bin, a symlink and the secret are left"
[ ! -e "$CACHE/matcher-9-9.bin.seal" ]; t_ok $? "a seal whose cache is gone is removed"
for i in $(seq 21 36); do cp "$DB" "$T_TMP/g$i.db"; done
for i in $(seq 1 36); do
	printf '%s\n' "$IN" | "$GLOSSA" -g "$T_TMP/g$i.db" fix - >/dev/null 2>&1
done
n=$(find "$CACHE" -maxdepth 1 -type f -name 'matcher-*.bin' -size +1k | wc -l)
[ "$n" -le 32 ]; t_ok $? "36 glossaries under the default cap: $n caches kept (at most 32)"

# ---- temporaries of dead runs, of either cache ----
# A run killed while writing a cache leaves NAME.tmp-RANDOM; a later save
# removes those over an hour old: the matcher's, the word sets' (named
# words.tmp-* before cachedir.c), the secret's. Young ones (a run still
# writing) and other files are left.
OLD="$CACHE/words-0123456789abcdef.bin.tmp-0011223344556677
$CACHE/words.tmp-0011223344556677
$CACHE/matcher-5-5.bin.tmp-0011223344556677
$CACHE/hmac-key.tmp-0011223344556677"
KEEP="$CACHE/words-0123456789abcdef.bin.tmp-8899aabbccddeeff
$CACHE/notes.tmp-0011223344556677"
while read -r f; do echo x >"$f"; touch -d '2 hours ago' "$f"; done <<<"$OLD"
while read -r f; do echo x >"$f"; done <<<"$KEEP"
touch -d '2 hours ago' "$CACHE/notes.tmp-0011223344556677"
cp "$DB" "$T_TMP/gt.db"; fixit "$T_TMP/gt.db"
ok=0
while read -r f; do [ ! -e "$f" ] || ok=1; done <<<"$OLD"
t_ok $ok "a dead run's temporaries of either cache are removed on the next save"
ok=0
while read -r f; do [ -f "$f" ] || ok=1; done <<<"$KEEP"
t_ok $ok "a young temporary and a file not named as glossa's are left"

t_done
