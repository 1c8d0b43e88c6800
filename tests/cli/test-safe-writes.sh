#!/bin/bash
# Safe writes (issue 15): `fix --in-place` and `glossary export -o` write
# only regular files, write through symbolic links, keep hard links,
# owner, group, mode and extended attributes (or refuse), leave no
# temporary file and delete none of anyone else's, replace several files
# all or nothing, never overwrite the open glossary; and every command
# fails (exit 2, one line) when its output cannot be written.
GLOSSA=${1:?usage: test-safe-writes.sh PATH-TO-GLOSSA [FAIL-RENAME-SHIM]}
SHIM=${2:-}
case $GLOSSA in /*) ;; *) GLOSSA=$PWD/$GLOSSA ;; esac
case $SHIM in /* | '') ;; *) SHIM=$PWD/$SHIM ;; esac
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 1

skip() { T_N=$((T_N + 1)); echo "ok $T_N - # SKIP $1"; }
temps() { ls -A "$1" | grep -c -e '^\.glossa-' -e 'glossa-tmp-'; }
# The kind of a file as find(1) prints it: f, l, p, s, c, d.
ftype() { find "$1" -maxdepth 0 -printf '%y'; }

printf 'Kiev is the capital.\n' >draft.orig
printf 'Kyiv is the capital.\n' >draft.fixed

# ---- targets that are not regular files ----
run glossary export -o /dev/null
expect_rc 2 "export -o /dev/null: exit 2"
expect_err "/dev/null: is a character device; glossa writes only regular files; no file was changed" "saying it is a device"
expect_one_line_err "in one line"
[ "$(ftype /dev/null)" = c ]; t_ok $? "/dev/null is still a character device"

"$GLOSSA" glossary export -o /dev/stdout >stdout.txt 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "export -o /dev/stdout: exit 2"
expect_err "/dev/stdout: names an open file" "saying it names an open file"
[ ! -s stdout.txt ] && [ "$(ftype /dev/stdout)" = l ]
t_ok $? "what standard output was is untouched, /dev/stdout still a link"
run glossary export -o -
expect_rc 0 "export -o - writes standard output"
expect_out "# glossa glossary 1" "the glossary"

cp draft.orig stdin.txt
"$GLOSSA" fix -i /dev/stdin <stdin.txt >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "fix -i /dev/stdin: exit 2"
same_file stdin.txt draft.orig "the file behind standard input is unchanged"

mkfifo fifo
timeout 20 "$GLOSSA" fix -i fifo >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "fix -i FIFO: exit 2 at once (no hang)"
expect_err "fifo: is a FIFO (named pipe)" "saying it is a FIFO"
timeout 20 "$GLOSSA" glossary export -o fifo >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "export -o FIFO: exit 2 at once (no hang)"
[ "$(ftype fifo)" = p ]; t_ok $? "the FIFO is still a FIFO"

if python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' sock 2>/dev/null; then
	run glossary export -o sock
	expect_rc 2 "export -o SOCKET: exit 2"
	expect_err "sock: is a socket" "saying it is a socket"
	[ "$(ftype sock)" = s ]; t_ok $? "the socket is still a socket"
else
	skip "socket: cannot make a Unix socket here"
	skip "socket"
	skip "socket"
fi
mkdir folder
run glossary export -o folder
expect_rc 2 "export -o FOLDER: exit 2"
expect_err "folder: is a folder" "saying it is a folder"

# ---- symbolic links: written through, still links ----
mkdir sub
cp draft.orig sub/real.txt
ln -s sub/real.txt link.txt
run fix -i link.txt
expect_rc 1 "fix -i through a symbolic link: exit 1"
same_file sub/real.txt draft.fixed "the link's target is fixed"
[ "$(ftype link.txt)" = l ] && [ "$(readlink link.txt)" = sub/real.txt ]
t_ok $? "the link is still the same link"
[ "$(temps sub)" -eq 0 ] && [ "$(temps .)" -eq 0 ]
t_ok $? "no temporary file in either folder"
ln -s sub/exported.tsv elink.tsv
printf 'old\n' >sub/exported.tsv
run glossary export -o elink.tsv
expect_rc 0 "export -o through a symbolic link"
[ "$(ftype elink.tsv)" = l ] && head -1 sub/exported.tsv | grep -q '^# glossa glossary'
t_ok $? "writes the target, and the link stays a link"
ln -s sub/nowhere.tsv dangling.tsv
run glossary export -o dangling.tsv
expect_rc 2 "export -o onto a dangling symbolic link: exit 2"
expect_err "dangling.tsv: a symbolic link to sub/nowhere.tsv, which does not exist" "saying so"
[ ! -e sub/nowhere.tsv ] && [ "$(ftype dangling.tsv)" = l ]
t_ok $? "nothing is created"

# ---- hard links: refused, or split with --force ----
cp draft.orig h1.txt
ln h1.txt h2.txt
run fix -i h1.txt
expect_rc 2 "fix -i on a file with another hard link: exit 2"
expect_err "h1.txt: has 1 other hard link" "saying so"
expect_one_line_err "in one line"
same_file h1.txt draft.orig "the file is unchanged"
[ "$(stat -c %h h1.txt)" -eq 2 ]; t_ok $? "and still linked"
run fix -i --force h1.txt
expect_rc 1 "--force: exit 1"
[ -z "$T_ERR" ]; t_ok $? "and says nothing more"
same_file h1.txt draft.fixed "this name is fixed"
same_file h2.txt draft.orig "the other link keeps the old text"
printf 'old\n' >e1.tsv
ln e1.tsv e2.tsv
run glossary export -o e1.tsv
expect_rc 2 "export -o onto a file with another hard link: exit 2"
run glossary export --force -o e1.tsv
expect_rc 0 "export --force -o splits it off"

# ---- owner, group, mode, extended attributes, ACLs ----
if [ "$(id -u)" -eq 0 ]; then
	cp draft.orig owned.txt
	chown 61001:61500 owned.txt && chmod 0604 owned.txt
	run fix -i owned.txt
	expect_rc 1 "root fixes another user's file"
	[ "$(stat -c '%u:%g %a' owned.txt)" = "61001:61500 604" ]
	t_ok $? "its owner, group and mode are kept"
else
	skip "owner kept: not running as root"
	skip "owner kept: not running as root"
fi

# A shared, group-writable file fixed by a colleague (another uid in the
# group): its owner cannot be kept by a rename, so it is refused; with
# --force the group and mode are kept and the colleague owns it.
# (the other uid must be able to run glossa: not from a clone in /root)
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
   setpriv --reuid 61002 --regid 61002 --groups 61500 \
	"$GLOSSA" --help >/dev/null 2>&1; then
	chmod 0755 "$T_TMP"
	mkdir shared && chgrp 61500 shared && chmod 2775 shared
	cp "$GLOSSA_DEFAULT_DB" shared/g.db && chmod 0644 shared/g.db
	cp draft.orig shared/s.txt
	chown 61001:61500 shared/s.txt && chmod 0660 shared/s.txt
	as_other() {
		setpriv --reuid 61002 --regid 61002 --groups 61500 \
			env HOME="$T_TMP/shared" GLOSSA_DEFAULT_DB="$T_TMP/shared/g.db" \
			"$GLOSSA" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
		T_RC=$?; T_ERR=$(cat "$T_TMP/err")
	}
	as_other fix -i --no-cache shared/s.txt
	expect_rc 2 "a colleague's fix -i on a shared 0660 file: exit 2"
	expect_err "shared/s.txt: cannot keep its owner (uid 61001)" "naming what cannot be kept"
	same_file shared/s.txt draft.orig "the file is unchanged"
	[ "$(stat -c '%u:%g %a' shared/s.txt)" = "61001:61500 660" ]
	t_ok $? "owner, group and mode unchanged"
	as_other fix -i --force --no-cache shared/s.txt
	expect_rc 1 "with --force: exit 1"
	same_file shared/s.txt draft.fixed "the file is fixed"
	[ "$(stat -c '%g %a' shared/s.txt)" = "61500 660" ]
	t_ok $? "its group and mode are kept"
	[ "$(temps shared)" -eq 0 ]; t_ok $? "no temporary file left"
else
	for i in 1 2 3 4 5 6 7 8; do
		skip "shared file fixed by another user: needs root, setpriv and a glossa another user can run"
	done
fi

# A symbolic link another user planted in a sticky folder anyone may
# write to (/tmp) is not followed, even to a file root could write: the
# kernel's protected_symlinks rule, which following links by hand skips.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
   setpriv --reuid 61003 --regid 61003 --clear-groups true 2>/dev/null; then
	chmod 0755 "$T_TMP"
	mkdir drop && chmod 1777 drop
	cp draft.orig private.txt && chmod 0600 private.txt
	setpriv --reuid 61003 --regid 61003 --clear-groups \
		ln -s "$T_TMP/private.txt" drop/story.txt
	run fix -i --no-cache drop/story.txt
	expect_rc 2 "fix -i through a link planted in a sticky folder: exit 2"
	expect_err "drop/story.txt: is a symbolic link that uid 61003 put in a folder anyone may write to" "  saying why"
	run glossary export -o drop/story.txt
	expect_rc 2 "export -o through it: exit 2"
	same_file private.txt draft.orig "the file it leads to is unchanged"
	ln -s "$T_TMP/private.txt" drop/mine.txt
	run fix -i --no-cache drop/mine.txt
	expect_rc 1 "a link of one's own there is followed"
	same_file private.txt draft.fixed "  and its target fixed"
else
	for i in 1 2 3 4 5 6; do
		skip "planted symbolic link: needs root and setpriv"
	done
fi

cp draft.orig attr.txt
if python3 -c 'import os, sys; os.setxattr(sys.argv[1], "user.glossa-test", b"kept")' attr.txt 2>/dev/null; then
	run fix -i attr.txt
	expect_rc 1 "fix -i on a file with an extended attribute"
	v=$(python3 -c 'import os, sys; print(os.getxattr(sys.argv[1], "user.glossa-test").decode())' attr.txt 2>&1)
	[ "$v" = kept ]; t_ok $? "the extended attribute is kept ($v)"
else
	skip "xattr: user.* attributes not supported here"
	skip "xattr"
fi
# A POSIX ACL (user 61003 may read and write) is the xattr
# system.posix_acl_access: tag, permissions, id per entry.
cp draft.orig acl.txt
chmod 0640 acl.txt
acl_set='import os, struct, sys
e = [(1, 6, 0xffffffff), (2, 6, 61003), (4, 4, 0xffffffff), (0x10, 6, 0xffffffff), (0x20, 0, 0xffffffff)]
os.setxattr(sys.argv[1], "system.posix_acl_access", struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *x) for x in e))'
acl_get='import os, sys; print(os.getxattr(sys.argv[1], "system.posix_acl_access").hex())'
if python3 -c "$acl_set" acl.txt 2>/dev/null; then
	before=$(python3 -c "$acl_get" acl.txt) mode=$(stat -c %a acl.txt)
	run fix -i acl.txt
	expect_rc 1 "fix -i on a file with an ACL"
	[ "$(python3 -c "$acl_get" acl.txt 2>&1)" = "$before" ] && [ "$(stat -c %a acl.txt)" = "$mode" ]
	t_ok $? "the ACL and mode ($mode) are kept"
else
	skip "ACL: POSIX ACLs not supported here"
	skip "ACL"
fi

# ---- names ----
long=$(printf 'n%.0s' $(seq 1 246)).txt
cp draft.orig "$long"
run fix -i "$long"
expect_rc 1 "fix -i on a 250-byte file name"
same_file "$long" draft.fixed "is fixed"
run glossary export -o "$long"
expect_rc 0 "export -o onto a 250-byte file name"

# A temporary file named as earlier releases named theirs, by a process
# that is gone here (it may be alive in another PID namespace): not ours.
dead=4194000
while kill -0 "$dead" 2>/dev/null; do dead=$((dead + 1)); done
cp draft.orig named.txt
printf 'someone else\n' >"named.txt.glossa-tmp-$dead-AbC123"
run fix -i named.txt
expect_rc 1 "fix -i beside an old-style temporary file"
[ -f "named.txt.glossa-tmp-$dead-AbC123" ]
t_ok $? "the other file (pid $dead) is not deleted"
rm -f "named.txt.glossa-tmp-$dead-AbC123"
[ "$(temps .)" -eq 0 ]; t_ok $? "no temporary file is left in the folder"

# ---- several files: all or nothing ----
if [ "$(id -u)" -eq 0 ] && mkdir disk && mount -t tmpfs -o size=256k tmpfs disk 2>/dev/null; then
	cp draft.orig disk/a.txt
	cp draft.orig disk/b.txt
	python3 -c 'print("Kiev is a city.\n" * 9000)' >disk/c.txt
	cp disk/c.txt c.orig
	run fix -i disk/a.txt disk/b.txt disk/c.txt
	expect_rc 2 "fix -i of three files, the last one too big for the disk: exit 2"
	expect_err "disk/c.txt: cannot write: No space left on device; no file was changed" "naming the file"
	same_file disk/a.txt draft.orig "the first file is unchanged"
	same_file disk/b.txt draft.orig "the second file is unchanged"
	same_file disk/c.txt c.orig "the third file is unchanged"
	[ "$(temps disk)" -eq 0 ]; t_ok $? "no temporary file is left on the full disk"
	umount disk
else
	for i in 1 2 3 4 5 6; do
		skip "full disk: needs root and a tmpfs mount"
	done
fi
# A rename that fails after others were done (a shim makes the rename
# onto z.txt fail): those done are put back.
if [ -n "$SHIM" ] && [ -f "$SHIM" ]; then
	# With RENAME_EXCHANGE (the original stays under the temporary name),
	# and without it (a second name to the original is taken first).
	for how in exchange link; do
		cp draft.orig x.txt; cp draft.orig y.txt; cp draft.orig z.txt
		noex=; [ "$how" = link ] && noex=1
		LD_PRELOAD="$SHIM" GLOSSA_TEST_FAIL_RENAME=z.txt GLOSSA_TEST_NO_EXCHANGE=$noex \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
			"$GLOSSA" fix -i x.txt y.txt z.txt >"$T_TMP/out" 2>"$T_TMP/err"
		T_RC=$?; T_ERR=$(cat "$T_TMP/err")
		expect_rc 2 "$how: fix -i whose third rename fails: exit 2"
		expect_err "z.txt: cannot write: Input/output error; no file was changed" "$how: naming the file"
		expect_one_line_err "$how: in one line"
		same_file x.txt draft.orig "$how: the first file, renamed already, is put back"
		same_file y.txt draft.orig "$how: so is the second"
		same_file z.txt draft.orig "$how: the third is unchanged"
		[ "$(temps .)" -eq 0 ]; t_ok $? "$how: no temporary file is left"
		[ "$(stat -c %h x.txt)" -eq 1 ]; t_ok $? "$how: no second name is left"
	done
	LD_PRELOAD="$SHIM" GLOSSA_TEST_NO_EXCHANGE=1 \
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		"$GLOSSA" fix -i x.txt y.txt z.txt >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?
	expect_rc 1 "without RENAME_EXCHANGE: three files fixed"
	same_file z.txt draft.fixed "all three"
	[ "$(temps .)" -eq 0 ] && [ "$(stat -c %h x.txt)" -eq 1 ]
	t_ok $? "with no second name or temporary file left"
	# Without O_TMPFILE: named temporary files, the same outcome.
	pre() {
		LD_PRELOAD="$SHIM" GLOSSA_TEST_NO_TMPFILE=1 \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$@"
	}
	cp draft.orig x.txt; cp draft.orig y.txt; cp draft.orig z.txt
	GLOSSA_TEST_FAIL_RENAME=z.txt pre "$GLOSSA" fix -i x.txt y.txt z.txt >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?; T_ERR=$(cat "$T_TMP/err")
	expect_rc 2 "no O_TMPFILE: fix -i whose third rename fails: exit 2"
	same_file x.txt draft.orig "no O_TMPFILE: the first file is put back"
	[ "$(temps .)" -eq 0 ]; t_ok $? "no O_TMPFILE: no temporary file is left"
	pre "$GLOSSA" fix -i x.txt y.txt z.txt >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?; T_ERR=$(cat "$T_TMP/err")
	expect_rc 1 "no O_TMPFILE: three files fixed"
	same_file z.txt draft.fixed "no O_TMPFILE: all three"
	(umask 027; pre "$GLOSSA" glossary export -o new.tsv) >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?
	expect_rc 0 "no O_TMPFILE: export -o a new file"
	[ "$(stat -c %a new.tsv)" = 640 ] && [ "$(temps .)" -eq 0 ]
	t_ok $? "no O_TMPFILE: the new file's mode follows the umask, no temporary file left"
	(umask 027; "$GLOSSA" glossary export -o new2.tsv)
	[ "$(stat -c %a new2.tsv)" = 640 ]; t_ok $? "with O_TMPFILE too"
	# Another program saves the file after glossa's last look, right
	# before the rename: by renaming its own file over it (as editors
	# do), or by writing into it. The exchange brings it back.
	for how in rename write; do
		printf 'Kiev spoke.\n' >saved.txt
		if [ "$how" = rename ]; then
			save="printf 'Kiev spoke twice.\n' >saved.new && mv saved.new saved.txt"
		else
			save="printf 'Kiev spoke twice.\n' >saved.txt"
		fi
		LD_PRELOAD="$SHIM" GLOSSA_TEST_BEFORE_RENAME="$save" \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
			"$GLOSSA" fix -i saved.txt >"$T_TMP/out" 2>"$T_TMP/err"
		T_RC=$?; T_ERR=$(cat "$T_TMP/err")
		expect_rc 2 "a save ($how) just before the rename: exit 2"
		expect_err "saved.txt: changed by another program while glossa was working; it is left as it is" "$how: saying so"
		[ "$(cat saved.txt)" = "Kiev spoke twice." ]; t_ok $? "$how: the other program's save is kept"
		[ "$(temps .)" -eq 0 ]; t_ok $? "$how: no temporary file is left"
	done
else
	for i in $(seq 1 35); do skip "failed rename: no shim given"; done
fi

# ---- the open glossary is never the output ----
"$GLOSSA" -g own.db glossary init >/dev/null 2>&1
"$GLOSSA" -g own.db glossary add test-name "Testa Name" >/dev/null 2>&1
cp own.db own.copy
run -g own.db glossary export -o own.db
expect_rc 2 "export -o onto the open glossary: exit 2"
expect_err "own.db: is the glossary being exported" "saying so"
same_file own.db own.copy "the glossary is intact"
ln -s own.db own-link.db
run -g own.db glossary export -o own-link.db
expect_rc 2 "also through a symbolic link"
same_file own.db own.copy "the glossary is intact"
run -g own.db glossary validate
expect_rc 0 "and valid"

# ---- output that cannot be written ----
printf 'Kiev is the capital.\n' >full.txt
for cmd in "glossary list" "glossary log" "glossary find Kyiv" "glossary show kyiv" \
	"glossary validate" "glossary stats" "glossary export" "fix full.txt" \
	"check full.txt" "translit Лавров"; do
	# shellcheck disable=SC2086
	"$GLOSSA" $cmd >/dev/full 2>"$T_TMP/err"
	T_RC=$?; T_ERR=$(cat "$T_TMP/err")
	expect_rc 2 "$cmd >/dev/full: exit 2"
	expect_err "cannot write output: No space left on device" "$cmd: saying why"
done
t_done
