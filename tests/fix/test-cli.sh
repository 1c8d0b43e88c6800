#!/bin/bash
# CLI tests for `glossa fix`: output modes, exit codes, in-place writes and
# every failure path (nothing may be touched when anything fails).
GLOSSA=$(realpath "${1:?usage: test-cli.sh PATH-TO-GLOSSA}")
. "$(dirname "$0")/../cli/lib.sh"
DATA="$(cd "$(dirname "$0")/data" && pwd)"
DB="$T_TMP/g.db"
W="$T_TMP/work"
mkdir -p "$W"
cd "$W" || exit 2

"$GLOSSA" --glossary "$DB" glossary init >/dev/null &&
	"$GLOSSA" --glossary "$DB" glossary import "$DATA/glossary.tsv" >/dev/null 2>&1
t_ok $? "set-up: a test glossary"
export GLOSSA_DB="$DB"

# ---- stdout, stdin, several files ----
printf 'Bashar al-Asad met Kiev officials.\nNothing here.\n' >a.txt
cp a.txt a.orig
run fix a.txt
expect_rc 1 "something fixed: exit 1"
[ "$T_OUT" = "$(printf 'Bashar Assad met Kyiv officials.\nNothing here.')" ]
t_ok $? "fixed text on stdout"
same_file a.txt a.orig "the file itself is untouched"
printf 'Nothing to see.\n' >clean.txt
run fix clean.txt
expect_rc 0 "nothing to fix: exit 0"
[ "$T_OUT" = "Nothing to see." ]; t_ok $? "the text is passed through"
printf 'ASAD and Asad\xe2\x80\x99s men\n' | "$GLOSSA" fix - >"$T_TMP/o" 2>"$T_TMP/e"
T_RC=$?
expect_rc 1 "stdin with -"
printf 'ASSAD and Assad\xe2\x80\x99s men\n' >"$T_TMP/w"
same_file "$T_TMP/o" "$T_TMP/w" "stdin fixed: ALL CAPS and curly possessive"
run fix a.txt clean.txt
expect_out "Kyiv officials.
Nothing here.
Nothing to see." "several files: each file's text in order"
run fix --glossary "$DB" clean.txt
expect_rc 0 "--glossary after the command"

# ---- an empty glossary: nothing to fix, and its cache works too ----
"$GLOSSA" -g "$T_TMP/empty.db" glossary init >/dev/null
for pass in "first run" "from the cache"; do
	run -g "$T_TMP/empty.db" fix -v a.txt
	expect_rc 0 "an empty glossary ($pass): exit 0, nothing fixed"
	[ "$T_OUT" = "$(cat a.txt)" ]; t_ok $? "  and the text is passed through"
done
expect_err "loaded from the cache" "  the second run loads the empty glossary's cache"

# ---- bytes kept: CRLF, BOM, NBSP ----
printf '\xef\xbb\xbfAsad said.\r\nBashar\xc2\xa0al-Asad left.\r\n' >crlf.txt
printf '\xef\xbb\xbfAssad said.\r\nBashar\xc2\xa0Assad left.\r\n' >crlf.want
"$GLOSSA" fix crlf.txt >crlf.got 2>/dev/null
same_file crlf.got crlf.want "BOM, CRLF and NBSP survive byte for byte"
"$GLOSSA" fix crlf.want >crlf.again 2>/dev/null
t_ok $? "fixing the fixed text: exit 0"
same_file crlf.again crlf.want "and changes nothing (idempotent)"

# ---- --diff ----
run fix --diff a.txt clean.txt
expect_rc 1 "--diff: exit 1"
[ "$T_OUT" = "--- a.txt
+++ a.txt
@@ -1,2 +1,2 @@
-Bashar al-Asad met Kiev officials.
+Bashar Assad met Kyiv officials.
 Nothing here." ]
t_ok $? "--diff prints a unified diff of the changed file only"
cp a.txt p.txt
"$GLOSSA" fix --diff p.txt >p.diff 2>/dev/null
if command -v patch >/dev/null; then
	patch -s -p0 <p.diff && "$GLOSSA" fix p.txt >/dev/null 2>&1
	t_ok $? "the diff applies with patch, and the result needs no fix"
fi
printf 'l1\nl2\nl3\nl4\nl5\nAsad\nl7\nl8\nl9\nl10\nl11\nl12\nl13\nl14\nKiev' >long.txt
run fix --diff long.txt
[ "$T_OUT" = "--- long.txt
+++ long.txt
@@ -3,7 +3,7 @@
 l3
 l4
 l5
-Asad
+Assad
 l7
 l8
 l9
@@ -12,4 +12,4 @@
 l12
 l13
 l14
-Kiev
\\ No newline at end of file
+Kyiv
\\ No newline at end of file" ]
t_ok $? "--diff: two hunks with 3 lines of context, no newline at end"
printf 'Asad\nKiev\nnone\nAsad and\nKiev\n' >adj.txt
run fix --diff adj.txt
[ "$T_OUT" = "--- adj.txt
+++ adj.txt
@@ -1,5 +1,5 @@
-Asad
-Kiev
+Assad
+Kyiv
 none
-Asad and
-Kiev
+Assad and
+Kyiv" ]
t_ok $? "--diff: lines changed next to each other are one block, old lines first"
if command -v patch >/dev/null; then
	"$GLOSSA" fix --diff adj.txt >adj.diff 2>/dev/null
	patch -s -p0 <adj.diff && "$GLOSSA" fix adj.txt >/dev/null 2>&1
	t_ok $? "and the diff applies with patch"
fi

# ---- --format changes, --format json ----
printf 'One.\nÉté: Asad met Al-Thani.\n' >r.txt
run fix -q --format changes r.txt
expect_rc 1 "--format changes: exit 1"
[ "$T_OUT" = "r.txt:2:6: Asad -> Assad [assad-bashar]
r.txt:2:15: Al-Thani: ambiguous (thani-hamad, thani-tamim), not changed" ]
t_ok $? "--format changes: file:line:column (characters), old -> new [entry]"
[ -z "$T_ERR" ]; t_ok $? "  and nothing on stderr (the ambiguous one is listed)"
run fix --format changes r.txt
expect_out "[assad-bashar]
r.txt:2:15: Al-Thani: ambiguous (thani-hamad, thani-tamim), not changed
glossary: $GLOSSA_DB" "  without -q, it ends with the glossary used"
printf '\357\273\277Asad met reporters.\n' >bom.txt
run fix --format changes bom.txt
expect_out "bom.txt:1:1: Asad -> Assad" \
	"after a BOM: column 1, as in glossa check and an editor"
run fix --format json r.txt
expect_out '"file": "r.txt", "line": 2, "column": 6, "text": "Asad", "replacement": "Assad", "entry": "assad-bashar", "status": "fix"' "--format json lists the change, in check's vocabulary"
expect_out '"replacement": null, "entry": "thani-hamad, thani-tamim", "status": "ambiguous"' "and the ambiguous spelling"
printf '%s' "$T_OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d["fixed"]==1 and d["ambiguous"]==1 else 1)'
t_ok $? "--format json is valid JSON with the counts"
json_out=$T_OUT
run fix -f json r.txt
[ "$T_OUT" = "$json_out" ]; t_ok $? "-f json is --format json"
run fix --format text r.txt
expect_out "Été: Assad met Al-Thani." "--format text is the fixed text"
run fix --format diff r.txt
expect_out "+Été: Assad met Al-Thani." "--format diff is --diff"
# --report, the old spelling: kept for one release, not in --help.
run fix --report json r.txt
[ "$T_OUT" = "$json_out" ]; t_ok $? "--report json still works (deprecated)"
expect_err "--report is deprecated; use --format json" "  with a word on stderr"
run fix -r text r.txt
expect_out "r.txt:2:6: Asad -> Assad [assad-bashar]" "-r text is --format changes"
expect_err "use --format changes" "  and says so"
run fix --help
printf '%s' "$T_OUT" | grep -q -- '--report'; [ $? -ne 0 ]
t_ok $? "--report is not in --help"
run fix r.txt
expect_err "r.txt:2:15: warning: 'Al-Thani' is a spelling of several names" "ambiguous: a warning on stderr"
printf 'Al-Thani only.\n' >amb.txt
run fix amb.txt
expect_rc 0 "only an ambiguous spelling: nothing fixed, exit 0"

# ---- --in-place, --dry-run ----
cp a.orig ip.txt
chmod 640 ip.txt
run fix --in-place ip.txt clean.txt
expect_rc 1 "--in-place: exit 1"
[ -z "$T_OUT" ]; t_ok $? "--in-place prints no text"
[ "$(cat ip.txt)" = "$(printf 'Bashar Assad met Kyiv officials.\nNothing here.')" ]
t_ok $? "the file is fixed"
[ "$(stat -c %a ip.txt)" = 640 ]; t_ok $? "its permissions are kept"
ls -A | grep -q -e '^\.glossa-' -e glossa-tmp; [ $? -ne 0 ]; t_ok $? "no temporary file is left"
run fix --in-place ip.txt
expect_rc 0 "a second --in-place run finds nothing (idempotent)"
cp a.orig twice.txt
ln twice.txt twice-link.txt
run fix --in-place twice.txt ./twice.txt twice-link.txt
expect_rc 2 "--in-place on a file with hard links: exit 2 (a rename would split them)"
same_file twice.txt a.orig "  and the file is unchanged"
run fix --in-place --force twice.txt ./twice.txt twice-link.txt
expect_rc 1 "--in-place --force with one file named three times (a link too): exit 1"
[ -z "$T_ERR" ]; t_ok $? "and no error"
[ "$(cat twice.txt)" = "$(printf 'Bashar Assad met Kyiv officials.\nNothing here.')" ] &&
	[ "$(cat twice-link.txt)" = "$(cat twice.txt)" ]
t_ok $? "the file is fixed, and so is the link"
cp a.orig dry.txt
run fix --in-place --dry-run --format changes dry.txt
expect_rc 1 "--dry-run: exit 1 when something would change"
expect_out "dry.txt:1:1: Bashar al-Asad -> Bashar Assad" "--dry-run reports"
same_file dry.txt a.orig "--dry-run changes nothing"
run fix --dry-run dry.txt
[ -z "$T_OUT" ]; t_ok $? "--dry-run alone prints no text"

# ---- Markdown ----
printf '# Asad\n\nAsad said `Asad` [Asad](https://x.org/Asad).\n\n```\nAsad\n```\n' >m.md
run fix m.md
[ "$T_OUT" = "$(printf '# Assad\n\nAssad said `Asad` [Assad](https://x.org/Asad).\n\n```\nAsad\n```')" ]
t_ok $? ".md is Markdown: code and link destinations untouched"
cp m.md m.txt
run fix m.txt
expect_out 'said `Assad`' ".txt is plain text"
run fix --type markdown m.txt
expect_out 'said `Asad`' "--type markdown overrides the extension"
run fix -t markdown m.txt
expect_out 'said `Asad`' "-t markdown too, as check spells it"
run fix --type rst m.txt
expect_rc 2 "an unknown --type is a usage error"
run fix --format rst m.txt
expect_rc 2 "an unknown --format is a usage error"
expect_err "unknown format 'rst' (text, diff, changes, json; the input type is --type)" "  naming the output formats"
# --format markdown, the old spelling of the input type: kept for one
# release, not in --help.
run fix --format markdown m.txt
expect_out 'said `Asad`' "--format markdown still sets the input type (deprecated)"
expect_err "--format markdown for the input type is deprecated; use --type markdown" "  with a word on stderr"
run fix -f mdx m.txt
expect_rc 1 "-f mdx: the old short spelling works too"
run fix --help
printf '%s' "$T_OUT" | grep -q 'markdown, mdx, html or docx' && ! printf '%s' "$T_OUT" | grep -q -- '--format.*markdown'
t_ok $? "--help lists the input types under --type only"

# ---- only prose is touched ----
cat >np.md <<'EOF'
---
title: Kiev
---

See /img/Kiev.jpg, images/Kiev-2014.png, C:\photos\Kiev.jpg, Kiev.ua, kyivpost.com.
Follow @Kiev, #Kiev, @SergeyLavrov; kiev_times, KIEV_TIMES, kievTimes, obj.Kiev.
<img src="Kiev.jpg" alt="Kiev">

Kiev's Kiev-based (Kiev) "Kiev talks", Kiev/Moscow, Kiev. Sergey Lavrov.
EOF
sed 's/^Kiev.s Kiev-based (Kiev) "Kiev talks", Kiev\/Moscow, Kiev. Sergey/Kyiv'"'"'s Kyiv-based (Kyiv) "Kyiv talks", Kyiv\/Moscow, Kyiv. Sergei/' np.md >np.want
for ext in md markdown qmd Rmd mdx; do
	cp np.md "np.$ext"
	"$GLOSSA" fix "np.$ext" >np.got 2>/dev/null
	same_file np.got np.want "only prose is fixed in .$ext: non-prose stays byte for byte"
done
# Plain text has no front matter or HTML: the other lines.
sed -n '5,6p;9p' np.md >np.txt
sed -n '5,6p;9p' np.want >np.twant
"$GLOSSA" fix np.txt >np.got 2>/dev/null
same_file np.got np.twant "only prose is fixed in plain text"
run fix -q --format changes np.md
n=$(printf '%s\n' "$T_OUT" | grep -c 'np.md:9:')
[ "$n" -eq 7 ] && [ "$(printf '%s\n' "$T_OUT" | grep -vc 'np.md:9:')" -eq 0 ]
t_ok $? "  the report names only the prose line ($n changes)"
printf 'import Map from "./Kiev.js"\nexport const c = "Kiev"\n\n# Kiev\n\n{c === "Kiev"} <Map at="Kiev" /> Kiev.\n' >x.mdx
run fix x.mdx
[ "$T_OUT" = "$(printf 'import Map from "./Kiev.js"\nexport const c = "Kiev"\n\n# Kyiv\n\n{c === "Kiev"} <Map at="Kiev" /> Kyiv.')" ]
t_ok $? ".mdx: import/export, {expressions} and JSX attributes are never changed"
cp x.mdx x2.md
run fix --type mdx x2.md
expect_out '{c === "Kiev"}' "--type mdx"

# ---- --no-native ----
printf 'Асад and Asad\n' >n.txt
run fix --no-native n.txt
expect_out "Асад and Assad" "--no-native leaves native forms"
run fix n.txt
expect_out "Assad and Assad" "native forms are fixed by default"

# ---- a bad draft: said in a line and left; the others still fixed ----
FIXED=$(printf 'Bashar Assad met Kyiv officials.\nNothing here.')
cp a.orig keep.txt
printf 'good line\nbad \xff byte\n' >bad.txt
cp bad.txt bad.orig
run fix --in-place keep.txt bad.txt
expect_rc 2 "invalid UTF-8: exit 2"
expect_err "bad.txt:2: invalid UTF-8" "the error names file and line"
[ "$(grep -c bad.txt "$T_TMP/err")" -eq 1 ]; t_ok $? "in one line"
same_file bad.txt bad.orig "the bad file is not touched"
[ "$(cat keep.txt)" = "$FIXED" ]; t_ok $? "the good file is still fixed"
printf 'text\nmore\0binary' >bin.dat
run fix bin.dat
expect_rc 2 "a binary file: exit 2"
expect_err "bin.dat:2: a binary file" "saying so"
[ -z "$T_OUT" ]; t_ok $? "and printing no text"
cp a.orig keep.txt
run fix --in-place keep.txt missing.txt
expect_rc 2 "a missing file: exit 2"
expect_err "missing.txt" "naming the file"
[ "$(cat keep.txt)" = "$FIXED" ]; t_ok $? "the other file is still fixed"
mkdir adir
run fix adir
expect_rc 0 "a folder with no drafts in it: exit 0"
expect_err "adir: no drafts in this folder" "saying so"
cp a.orig unreadable.txt
chmod 000 unreadable.txt
if [ "$(id -u)" -ne 0 ]; then
	run fix unreadable.txt
	expect_rc 2 "an unreadable file: exit 2"
	expect_err "unreadable.txt: Permission denied" "naming the file"
else
	T_N=$((T_N + 1)); echo "ok $T_N - # SKIP unreadable file: running as root"
fi
cp a.orig ro.txt
chmod 444 ro.txt
cp a.orig keep2.txt
run fix --in-place keep2.txt ro.txt
expect_rc 2 "a read-only file with --in-place: exit 2"
expect_err "ro.txt: the file is read-only; no file was changed" "saying so"
same_file ro.txt a.orig "the read-only file is unchanged"
same_file keep2.txt a.orig "and so is the writable one"
mkdir rodir
cp a.orig rodir/x.txt
chmod 555 rodir
if [ "$(id -u)" -ne 0 ]; then
	run fix --in-place rodir/x.txt
	expect_rc 2 "a read-only folder with --in-place: exit 2"
	same_file rodir/x.txt a.orig "the file is unchanged"
else
	T_N=$((T_N + 1)); echo "ok $T_N - # SKIP read-only folder: running as root"
fi
chmod 755 rodir
run fix --in-place -
expect_rc 2 "--in-place with stdin is a usage error"
run fix --diff --report text a.txt
expect_rc 2 "--diff with --report is a usage error"
run fix --diff --format json a.txt
expect_rc 2 "--diff with --format json is a usage error"
expect_err "--diff and --format json: choose one" "  saying so"
run fix --diff --format diff a.txt
expect_rc 1 "--diff with --format diff agrees"
run fix
expect_rc 2 "no file: usage error"
expect_err "Try 'glossa fix --help'" "pointing to --help"
run fix --bogus a.txt
expect_rc 2 "an unknown option: exit 2"
run fix --help
expect_rc 0 "--help"
expect_out "Usage: glossa fix" "prints usage"

# ---- a long article: a dozen names, several variants and scripts ----
cp "$DATA/article.md" article.md
"$GLOSSA" fix article.md >article.got 2>article.err
[ $? -eq 1 ]; t_ok $? "the article: exit 1 (there were fixes)"
same_file article.got "$DATA/article.want.md" "the fixed article, checked in full"
"$GLOSSA" fix -q --format changes article.md >article.rep 2>/dev/null
same_file article.rep "$DATA/article.report" "its report, checked in full"
"$GLOSSA" fix "$DATA/article.want.md" >article.again 2>/dev/null
t_ok $? "fixing the fixed article: exit 0"
same_file article.again "$DATA/article.want.md" "and it stays the same"
cp article.md article-ip.md
"$GLOSSA" fix --in-place article-ip.md 2>/dev/null
same_file article-ip.md "$DATA/article.want.md" "--in-place writes the same bytes"

# ---- files are mapped: pipes still work, a file cut short is an error ----
mkfifo pipe.txt
printf 'Asad spoke.\n' >pipe.txt &
run fix pipe.txt
expect_out "Assad spoke." "a named pipe is read like a file"
wait
awk 'BEGIN { for (i = 0; i < 20000; i++) print "Bashar al-Asad met Kiev officials." }' >cut.txt
"$GLOSSA" fix cut.txt pipe.txt >"$T_TMP/out" 2>"$T_TMP/err" &
pid=$!
# Opening the pipe waits for fix to reach it, when cut.txt has been read
# and fixed; its text goes out only after the pipe is read.
exec 3>pipe.txt
: >cut.txt
printf 'Asad spoke.\n' >&3
exec 3>&-
wait $pid
T_RC=$? T_OUT=$(cat "$T_TMP/out") T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "a file cut short by another program while fix runs: exit 2"
expect_err "cut.txt: changed while glossa was reading it" "naming the file"
expect_one_line_err "in one line"
[ -z "$T_OUT" ]; t_ok $? "and printing no text"
# --in-place writes regular files only: a named pipe is refused before
# anything is read (reading it would block). An editor's save while fix
# works is tested in tests/cli/test-safe-writes.sh.
printf 'Asad spoke.\n' >saved.txt
timeout 20 "$GLOSSA" fix --in-place saved.txt pipe.txt >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$? T_OUT=$(cat "$T_TMP/out") T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "--in-place with a named pipe among the files: exit 2 at once"
expect_err "pipe.txt: is a FIFO (named pipe); glossa writes only regular files; no file was changed" "naming the file"
expect_one_line_err "in one line"
[ "$(cat saved.txt)" = "Asad spoke." ]; t_ok $? "the other file is unchanged"
ls -A | grep -q -e '^\.glossa-' -e glossa-tmp; [ $? -ne 0 ]; t_ok $? "no temporary file is left"

# ---- the compiled-glossary cache ----
ls "$HOME"/.cache/glossa/matcher-*.bin >/dev/null 2>&1
t_ok $? "the compiled glossary is cached in ~/.cache/glossa"
printf 'Kieff and Kiev\n' >k.txt
run fix -v k.txt
expect_out "Kieff and Kyiv" "set-up: Kieff is unknown"
expect_err "loaded from the cache in" "the cached glossary is used"
"$GLOSSA" glossary alias kyiv Kieff >/dev/null 2>&1
run fix -v k.txt
expect_out "Kyiv and Kyiv" "a glossary change makes the cache stale: the new variant is used"
expect_err "read and compiled in" "a stale cache is not used"
run fix -v k.txt
expect_out "Kyiv and Kyiv" "the new cache gives the same fixes"
expect_err "loaded from the cache in" "and is used"
for f in "$HOME"/.cache/glossa/matcher-*.bin; do
	head -c 4000 "$f" >"$f.part" && mv "$f.part" "$f"
done
run fix -v k.txt
expect_out "Kyiv and Kyiv" "a damaged cache is rebuilt, never trusted"
expect_err "read and compiled in" "a cut-short cache is not used"
for f in "$HOME"/.cache/glossa/matcher-*.bin; do
	python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[-200:]=b"\xff"*200; open(p,"wb").write(b)' "$f"
done
run fix k.txt
expect_out "Kyiv and Kyiv" "a cache with bad contents is rebuilt"
# A change that leaves the cache well formed: a house form edited in it.
for f in "$HOME"/.cache/glossa/matcher-*.bin; do
	python3 -c 'import sys; p=sys.argv[1]; b=open(p,"rb").read(); assert b"Kyiv" in b; open(p,"wb").write(b.replace(b"Kyiv", b"Kyiw"))' "$f"
done
run fix -v k.txt
expect_out "Kyiv and Kyiv" "an edited cache is not trusted: its checksum fails"
expect_err "read and compiled in" "and it is compiled afresh"
# Another glossary copied over this one (same file, same change count):
# the cache of the old one must not be used for it.
printf 'a\tentry\tplace\tapproved\na\thouse\tAssad\tLatn\ten\na\tvariant\tAsad\tLatn\ten\n' >one.tsv
sed 's/Assad/Al-Assad/' one.tsv >two.tsv
for g in one two; do
	"$GLOSSA" -g "$g.db" glossary init >/dev/null &&
		"$GLOSSA" -g "$g.db" glossary import "$g.tsv" >/dev/null
done
changes() { "$GLOSSA" -g "$1" glossary stats | sed -n 's/.*(schema [0-9]*, \([0-9]*\) changes)$/\1/p'; }
[ -n "$(changes one.db)" ] && [ "$(changes one.db)" = "$(changes two.db)" ]
t_ok $? "set-up: two glossaries with the same change count"
printf 'Asad\n' >asad.txt
run -g one.db fix asad.txt
expect_out "Assad" "set-up: the first glossary cached"
cp two.db one.db
run -g one.db fix -v asad.txt
expect_out "Al-Assad" "a glossary copied over another is not read from the other's cache"
expect_err "read and compiled in" "  it is compiled afresh"
GLOSSA_NO_CACHE=1 run fix --no-cache k.txt
expect_out "Kyiv and Kyiv" "--no-cache works"
XDG_CACHE_HOME=/nonexistent/dir run fix k.txt
expect_rc 1 "an unwritable cache folder is ignored"

# ---- the glossary ----
run fix --glossary "$T_TMP/nowhere.db" a.txt
expect_rc 2 "a missing glossary: exit 2"
expect_err "nowhere.db" "naming it"
[ -z "$T_OUT" ]; t_ok $? "and printing no text"
# A name inside a link is part of the address: never changed.
printf 'See https://example.com/Asad/news, www.example.org/Asad and <Asad@example.com>; Asad spoke.\n' >"$T_TMP/url.txt"
run fix "$T_TMP/url.txt"
expect_rc 1 "a text with links and a name"
expect_out "See https://example.com/Asad/news, www.example.org/Asad and <Asad@example.com>; Assad spoke." "URLs and e-mail addresses are left alone, the name is fixed"
run fix --type markdown "$T_TMP/url.txt"
expect_out "See https://example.com/Asad/news, www.example.org/Asad and <Asad@example.com>; Assad spoke." "in Markdown too"

unset GLOSSA_DB
run fix a.txt
expect_rc 1 "the built-in glossary works with no set-up"

t_done
