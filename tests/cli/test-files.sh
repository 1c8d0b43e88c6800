#!/bin/bash
# Which files fix and check read (issue 18): folders walked (drafts by
# extension, .gitignore and .glossaignore, dot-folders, links, FIFOs),
# quoted globs with **, standard input with no file, a bad file in the
# middle said in one line while the run goes on, each file once, in the
# byte order of the paths, and -j N giving what -j 1 gives.
GLOSSA=${1:?usage: test-files.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/lib.sh"
GLOSSA=$(cd "$(dirname "$GLOSSA")" && pwd)/$(basename "$GLOSSA")
cd "$T_TMP" || exit 1

STORY='Bashar al-Asad met officials.'
FIXED='Bashar Assad met officials.'
story() { for f in "$@"; do mkdir -p "$(dirname "$f")"; echo "$STORY" >"$f"; done; }

# The files a check reported on (one finding per story), in order.
reported() {
	grep -E '^[^ ].*:[0-9]+:[0-9]+: ' "$T_TMP/out" |
		sed 's/:[0-9]*:[0-9]*: .*//' | uniq | tr '\n' ' '
}
# The files named in the error lines, in order.
errors() { sed -n 's/^glossa: \([^:]*\):.*/\1/p' "$T_TMP/err" | tr '\n' ' '; }
# capture CMD...: like run, for any command (a timeout, a pipe).
capture() {
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?
	T_OUT=$(cat "$T_TMP/out")
	T_ERR=$(cat "$T_TMP/err")
}
expect_list() {  # expect_list GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then t_ok 0 "$3"; else
		t_ok 1 "$3"; echo "#   got:  $1"; echo "#   want: $2"
	fi
}

# ---- a tree ----
story t/a.md t/b.txt t/c.markdown t/z.text t/a-b.md t/a/x.md t/a/y.qmd \
	t/sub/deep/er/d.mdx t/sub/n.Rmd t/sub/s.txt
story t/build/out.md t/sub/tmp/t.md t/sub/keep.log t/notes.txt t/sub/no.md
story t/.hidden/h.md t/.git/g.md t/.draft.md t/image.png t/data.json
story t/Upper.TXT
# .gitignore: a folder pattern, a name at any depth, a negation; a
# .glossaignore beside it and one deeper.
printf '# build output\nbuild/\n\n*.txt\n!b.txt\n!s.txt\ntmp/\n' >t/.gitignore
printf 'notes.txt\n' >t/.glossaignore
printf '/no.md\n' >t/sub/.glossaignore
# Broken files in the middle: binary, invalid UTF-8, unreadable.
printf 'NUL\0 byte\n' >t/m1.md
printf 'caf\xe9 au lait\n' >t/m2.md
story t/m3.md
chmod 000 t/m3.md
ROOT=0; [ "$(id -u)" -eq 0 ] && ROOT=1
# Links: a loop, a file and a folder outside the tree; a FIFO; a socket
# would be passed over the same way.
ln -s .. t/sub/up
ln -s "$T_TMP/t" t/a/loop
story outside/o.md
ln -s "$T_TMP/outside/o.md" t/link.md
ln -s "$T_TMP/outside" t/linkdir
mkfifo t/fifo.md

WANT='t/Upper.TXT t/a-b.md t/a.md t/a/x.md t/a/y.qmd t/b.txt t/c.markdown t/sub/deep/er/d.mdx t/sub/n.Rmd t/sub/s.txt t/z.text '
BAD='t/m1.md t/m2.md t/m3.md '
NBAD=3
if [ "$ROOT" -eq 1 ]; then
	# root reads a mode-000 file: it is a good draft then.
	WANT='t/Upper.TXT t/a-b.md t/a.md t/a/x.md t/a/y.qmd t/b.txt t/c.markdown t/m3.md t/sub/deep/er/d.mdx t/sub/n.Rmd t/sub/s.txt t/z.text '
	BAD='t/m1.md t/m2.md '
	NBAD=2
fi
NGOOD=$(echo $WANT | wc -w)

capture timeout 60 "$GLOSSA" check -j 1 t
expect_rc 2 "check FOLDER with bad files in it: exit 2"
expect_list "$(reported)" "$WANT" "the drafts of the tree, in path order, ignored ones left"
expect_list "$(errors)" "$BAD" "an error line per bad file, in path order"
[ "$(wc -l <"$T_TMP/err")" -eq "$NBAD" ]; t_ok $? "one line each, nothing else"
expect_err "t/m1.md:1: a binary file" "the binary file: said so"
expect_err "t/m2.md:1: invalid UTF-8" "the invalid UTF-8: said so, with the line"
[ "$ROOT" -eq 1 ] || expect_err "t/m3.md: Permission denied" "the unreadable file: said so"
[ "$ROOT" -eq 1 ] && t_ok 0 "# SKIP unreadable file: running as root"
expect_out "$NGOOD findings (" "the summary counts the findings"
expect_out "in $NGOOD files" "and the files read"
if [ "$NBAD" -eq 1 ]; then W="1 file"; else W="$NBAD files"; fi
expect_out "$W could not be read" "and the files that could not be read"

# -j N: the same bytes.
for f in text json sarif; do
	timeout 60 "$GLOSSA" check -j 1 --format $f t >"$T_TMP/o1" 2>"$T_TMP/e1"; r1=$?
	timeout 60 "$GLOSSA" check -j 3 --format $f t >"$T_TMP/o3" 2>"$T_TMP/e3"; r3=$?
	cmp -s "$T_TMP/o1" "$T_TMP/o3" && cmp -s "$T_TMP/e1" "$T_TMP/e3" && [ $r1 -eq $r3 ]
	t_ok $? "check --format $f: -j 3 writes what -j 1 writes"
done
run check --format json t
tail -1 "$T_TMP/out" | grep -qx '}'; t_ok $? "the JSON is closed"
[ "$(grep -c '"file":' "$T_TMP/out")" -eq "$NGOOD" ]; t_ok $? "and lists the drafts read"
timeout 60 "$GLOSSA" fix -j 1 --format changes t >"$T_TMP/o1" 2>"$T_TMP/e1"; r1=$?
timeout 60 "$GLOSSA" fix -j 3 --format changes t >"$T_TMP/o3" 2>"$T_TMP/e3"; r3=$?
cmp -s "$T_TMP/o1" "$T_TMP/o3" && cmp -s "$T_TMP/e1" "$T_TMP/e3" && [ $r1 -eq 2 ] && [ $r3 -eq 2 ]
t_ok $? "fix --format changes: -j 3 writes what -j 1 writes (exit 2)"

# fix -i: the good drafts written together, the bad and the ignored
# ones left byte for byte.
chmod 644 t/m3.md
cp -a t t.orig
for j in 1 3; do
	rm -rf "ti$j"
	cp -a t.orig "ti$j"
	[ "$ROOT" -eq 1 ] || chmod 000 "ti$j/m3.md"
	(cd "ti$j" && timeout 60 "$GLOSSA" fix -i -j $j . >"$T_TMP/fo$j" 2>"$T_TMP/fe$j"; echo $? >"$T_TMP/fr$j")
done
[ "$(cat "$T_TMP/fr1")" -eq 2 ]; t_ok $? "fix -i with bad files: exit 2"
ok=0
for f in $WANT; do
	[ "$(cat "ti1/${f#t/}")" = "$FIXED" ] || { ok=1; echo "#   not fixed: $f"; }
done
t_ok $ok "fix -i: every good draft is fixed"
ok=0
for f in $(echo "$BAD" | sed 's|t/||g') build/out.md sub/tmp/t.md notes.txt sub/no.md .hidden/h.md .git/g.md .draft.md image.png data.json; do
	[ -e "ti1/$f" ] || continue
	chmod 644 "ti1/$f" "t.orig/$f" 2>/dev/null
	cmp -s "ti1/$f" "t.orig/$f" || { ok=1; echo "#   changed: $f"; }
done
t_ok $ok "fix -i: the bad and the ignored files are byte for byte as they were"
[ "$(cat outside/o.md)" = "$STORY" ]; t_ok $? "fix -i: the file behind a link in the tree is not touched"
chmod 644 ti3/m3.md t/m3.md
[ -p ti1/fifo.md ] && [ -p ti3/fifo.md ]; t_ok $? "fix -i: the FIFO is still a FIFO"
rm ti1/fifo.md ti3/fifo.md
diff -r --no-dereference ti1 ti3 >/dev/null && cmp -s "$T_TMP/fe1" "$T_TMP/fe3"
t_ok $? "fix -i -j 3 writes what -j 1 writes"
grep -q "could not be read and were left as they were; $NGOOD others were fixed in place" "$T_TMP/fe1"
t_ok $? "fix -i says how many files were left and how many fixed"
[ "$(grep -c '^glossa: ' "$T_TMP/fe1")" -eq "$NBAD" ]; t_ok $? "and an error line per bad file"
rm -rf ti1 ti3 t.orig
chmod 000 t/m3.md

# ---- files named: always read ----
run check -q t/notes.txt t/build/out.md t/.hidden/h.md
expect_rc 1 "ignored and hidden files named are read"
expect_list "$(reported)" "t/notes.txt t/build/out.md t/.hidden/h.md " "in the order named"
run check -q t/link.md
expect_list "$(reported)" "t/link.md " "a link to a file named is followed"
run check -q t/image.png
expect_rc 1 "a file of any extension named is read (as plain text)"
run check -q t/a.md ./t/a.md t t/a.md
expect_list "$(reported)" "t/a.md $(echo "$WANT" | sed 's| t/a.md | |')" \
	"a file named twice, and in a folder named, is read once, where it came first"
run check -q t/sub t/sub/n.Rmd t
# (t/.git makes t a work tree: t/.gitignore applies to t/sub too.)
expect_list "$(reported)" "t/sub/deep/er/d.mdx t/sub/n.Rmd t/sub/s.txt t/Upper.TXT t/a-b.md t/a.md t/a/x.md t/a/y.qmd t/b.txt t/c.markdown $( [ "$ROOT" -eq 1 ] && echo 't/m3.md ')t/z.text " \
	"folders reached twice: each file once, where it came first"
run check t/missing.md t/a.md
expect_rc 2 "a missing file among others: exit 2"
expect_err "glossa: t/missing.md: No such file or directory" "said in one line"
expect_out "in 1 file" "the next file is still checked"
run check /dev/null
expect_rc 2 "a device named: exit 2"
expect_err "/dev/null: is a character device" "refused in one line"
expect_one_line_err "one line"
printf '%s\n' "$STORY" >t/fifo.md &
run check -q t/fifo.md
wait
expect_rc 1 "a FIFO named is read (as before)"
expect_list "$(reported)" "t/fifo.md " "and reported"
run check 't/nothing/**/*.md'
expect_rc 2 "a glob that matches nothing: exit 2"
expect_err "t/nothing/**/*.md: no file matches" "said so"
mkdir empty
run check empty
expect_rc 0 "a folder with no drafts: exit 0"
expect_err "empty: no drafts in this folder" "with a warning"

# ---- globs ----
run check -q 't/**/*.md'
expect_list "$(reported)" "t/a-b.md t/a.md t/a/x.md $( [ "$ROOT" -eq 1 ] && echo 't/m3.md ')" "'**/*.md': Markdown at any depth, ignored and dot ones left"
expect_list "$(errors)" "$( [ "$ROOT" -eq 1 ] && echo 't/m1.md t/m2.md ' || echo "$BAD")" "and the bad ones said"
run check -q 't/sub/**'
expect_list "$(reported)" "t/sub/deep/er/d.mdx t/sub/keep.log t/sub/n.Rmd t/sub/s.txt " "'sub/**': every file below, whatever its extension, ignore files honoured"
run check -q 't/*.txt'
expect_list "$(reported)" "t/b.txt " "'*.txt': this folder only, .gitignore honoured"
run check -q 't/?.m*'
expect_list "$(reported)" "t/a.md t/c.markdown " "'?' is one character"
run check -q 't/[ab].*'
expect_list "$(reported)" "t/a.md t/b.txt " "'[..]' is a set"
cd t && capture "$GLOSSA" check -q '**/d.mdx'; cd ..
expect_list "$(reported)" "sub/deep/er/d.mdx " "a glob from the current folder: paths as the shell would give them"

# ---- ignore files above the folder named, up to the git work tree ----
mkdir -p repo/.git repo/news/secret repo/news/open
story repo/news/secret/s.md repo/news/open/o.md repo/news/w.md
printf 'news/secret/\n' >repo/.gitignore
printf '/w.md\n' >repo/news/.gitignore
run check -q repo/news/open repo/news
expect_list "$(reported)" "repo/news/open/o.md " "the work tree's .gitignore files above the folder named apply"
rm -r repo/.git
run check -q repo/news
expect_list "$(reported)" "repo/news/open/o.md repo/news/secret/s.md " "outside a work tree, only those from the folder named down"
printf '!w.md\n' >repo/news/.glossaignore
run check -q repo/news
expect_list "$(reported)" "repo/news/open/o.md repo/news/secret/s.md repo/news/w.md " ".glossaignore comes after .gitignore"

# ---- standard input ----
printf '%s\n' "$STORY" >pipe.in
capture sh -c 'cat pipe.in | "$1" check' _ "$GLOSSA"
expect_rc 1 "check with no file reads a pipe"
expect_out "<stdin>:1:1:" "naming it <stdin>"
capture sh -c 'cat pipe.in | "$1" fix' _ "$GLOSSA"
[ "$(cat "$T_TMP/out")" = "$FIXED" ]; t_ok $? "fix with no file fixes a pipe"
echo "$STORY" >in.txt
capture sh -c '"$1" check -q <in.txt' _ "$GLOSSA"
expect_rc 1 "check with no file reads a file on standard input"
capture sh -c '"$1" check </dev/null' _ "$GLOSSA"
expect_rc 2 "no file and /dev/null on standard input: a usage error"
expect_err "no draft to check" "saying so"
capture sh -c 'cat pipe.in | "$1" fix -i' _ "$GLOSSA"
expect_rc 2 "fix -i with no file: refused"
expect_err "cannot write back to standard input" "saying so"
if command -v script >/dev/null 2>&1; then
	script -qec "'$GLOSSA' check" /dev/null >"$T_TMP/tty" 2>&1 </dev/null
	grep -q "no draft to check" "$T_TMP/tty"; t_ok $? "no file on a terminal: usage"
else
	t_ok 0 "# SKIP no script(1) for a terminal"
fi

# ---- --type: the type of every draft of a walk ----
mkdir typed
printf 'Code: `%s`\n' "$STORY" >typed/code.md
run check -q typed
expect_rc 0 "a walked .md is Markdown: its code is not checked"
run check -q -t plain typed
expect_rc 1 "-t plain: every draft walked is plain text"
expect_list "$(reported)" "typed/code.md " "and it is reported"

# ---- a folder that cannot be listed: said in its place ----
story u/a.md u/locked/b.md u/z.md
if [ "$ROOT" -eq 0 ]; then
	chmod 000 u/locked
	run check -q u
	chmod 755 u/locked
	expect_rc 2 "a folder that cannot be listed: exit 2"
	expect_list "$(reported)" "u/a.md u/z.md " "the files around it are checked"
	expect_err "glossa: u/locked: cannot read this folder: Permission denied" "said in one line"
	expect_one_line_err "one line"
else
	for i in 1 2 3 4; do t_ok 0 "# SKIP unlistable folder: running as root"; done
fi

# ---- 200 drafts, one broken ----
mkdir -p many/a many/b
for i in $(seq 1 100); do
	printf 'Story %d: %s\n' "$i" "$STORY" >"many/a/s$i.txt"
	printf '# Story %d\n\n%s\n' "$i" "$STORY" >"many/b/s$i.md"
done
printf 'Story 50: caf\xe9\n' >many/b/s50.md
run check -j 2 many
expect_rc 2 "200 drafts, one broken: exit 2"
expect_out "199 findings (199 errors, 0 warnings, 0 info) in 199 files" "199 checked"
expect_out "1 file could not be read" "1 could not be read"
expect_one_line_err "one error line"
expect_err "many/b/s50.md:1: invalid UTF-8" "naming the broken file"

# An ignore file there but not read (a symbolic link, as git does not
# follow one; a FIFO; over 1 MB): its patterns do not apply, so the files
# it would leave are read, and that is said.
mkdir -p unread/l unread/f unread/big
printf 'secret.txt\n' >unread/rules
ln -s ../rules unread/l/.gitignore
mkfifo unread/f/.gitignore
head -c 1100000 /dev/zero | tr '\0' '#' >unread/big/.gitignore
for d in l f big; do printf 'Kiev\n' >unread/$d/secret.txt; done
timeout 20 "$GLOSSA" fix -f changes unread >"$T_TMP/out" 2>"$T_TMP/err"; T_RC=$?
T_ERR=$(cat "$T_TMP/err")
expect_rc 1 "unread ignore files: the walk goes on (no hang on a FIFO)"
expect_err "unread/l/.gitignore: not read (a symbolic link" "  a linked .gitignore is said"
expect_err "unread/f/.gitignore: not read (not a regular file)" "  so is a FIFO"
expect_err "unread/big/.gitignore: not read (larger than 1 MB)" "  and one too large"

# A file named "-" that a glob matches is that file, never standard input
# (fix -i wrote standard input's fixed text over it).
mkdir -p dash && printf 'Kiev\n' >dash/- && printf 'x\n' >dash/a.txt
(cd dash && echo "Bashar al-Asad" | "$GLOSSA" fix -i '*') >/dev/null 2>&1
[ "$(cat dash/-)" = Kyiv ]; t_ok $? "fix -i '*': the file named - fixed as itself"
(cd dash && printf 'Kiev\n' >- && echo "Bashar al-Asad" | "$GLOSSA" fix -f changes '*') >"$T_TMP/out" 2>&1
grep -q '^\./-:1:1: Kiev -> Kyiv' "$T_TMP/out" && ! grep -q stdin "$T_TMP/out"
t_ok $? "  named ./- in the report; standard input not read"

t_done
