#!/bin/bash
# Hardening: crash safety (SIGKILL mid-write), full disks (file size
# limit), and hostile inputs. Whatever happens, a file or glossary is
# either exactly the old or exactly the new content, and every refusal is a
# clear message with a defined exit status.
GLOSSA=${1:?usage: test-hardening.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/lib.sh"
N=${GLOSSA_HARDEN_ENTRIES:-6000}

gen_glossary() {  # gen_glossary N PREFIX > file.tsv
	awk -v n="$1" -v p="$2" 'BEGIN {
	P = toupper(substr(p, 1, 1)) substr(p, 2)  # names are capitalised
	for (i = 0; i < n; i++) {
		k = sprintf("%s-%06d", p, i)
		printf "%s\tentry\tperson\tapproved\tGenerated person %d\n", k, i
		printf "%s\thouse\t%sHouse%06d Name\tLatn\ten\n", k, P, i
		printf "%s\tshort\t%sName%06d\tLatn\ten\n", k, P, i
		printf "%s\tvariant\t%sVar%06d Name\tLatn\ten\n", k, P, i
		printf "%s\tnative\tИмя%06d\tCyrl\tru\n", k, i
	}}'
}
# Temporary files: ".glossa-XXXXXX" (and the names of earlier releases).
temps() { ls -A "$T_TMP" | grep -c -e '^\.glossa-' -e 'glossa-tmp-' ; }

gen_glossary "$N" gen >"$T_TMP/big.tsv"
BIG="$T_TMP/big.db"
"$GLOSSA" -g "$BIG" glossary init >/dev/null
"$GLOSSA" -g "$BIG" glossary import "$T_TMP/big.tsv" >/dev/null
t_ok $? "set up a glossary of $N generated entries"
"$GLOSSA" -g "$BIG" glossary export -o "$T_TMP/new.tsv"
printf 'old content\n' >"$T_TMP/old.tsv"

# How long a command takes, in milliseconds: kills are spread over it.
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000 + 1)); }
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# ---- SIGKILL while export -o replaces a file ----
dur=$(ms "$GLOSSA" -g "$BIG" glossary export -o "$T_TMP/timing.tsv")
rm -f "$T_TMP/timing.tsv"
bad=0 old=0 new=0
for i in $(seq 1 40); do
	cp "$T_TMP/old.tsv" "$T_TMP/out.tsv"
	"$GLOSSA" -g "$BIG" glossary export -o "$T_TMP/out.tsv" &
	pid=$!
	sleep_ms $((RANDOM % (dur + dur / 5)))
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if cmp -s "$T_TMP/out.tsv" "$T_TMP/old.tsv"; then old=$((old + 1))
	elif cmp -s "$T_TMP/out.tsv" "$T_TMP/new.tsv"; then new=$((new + 1))
	else bad=$((bad + 1)); fi
done
left=$(temps)
[ "$bad" -eq 0 ]; t_ok $? "export -o killed 40 times within ${dur} ms: always old ($old) or new ($new), never torn ($bad); $left temporary files left"
[ "$old" -gt 0 ] && [ "$new" -gt 0 ]; t_ok $? "the kills landed both before and after the rename"

# ---- SIGKILL while fix --in-place rewrites a large draft ----
python3 -c "
import sys
words = 'the minister said on Monday that talks would go on in the capital'.split()
out = []
for i in range(5000000):
    out.append(words[i % len(words)])
    if i % 40 == 0:
        out.append('GenVar%06d Name' % (i % $N))
print(' '.join(out))
" >"$T_TMP/draft-old.txt"
"$GLOSSA" -g "$BIG" fix "$T_TMP/draft-old.txt" >"$T_TMP/draft-new.txt"
cmp -s "$T_TMP/draft-old.txt" "$T_TMP/draft-new.txt"; t_ok $((! $?)) "the large draft ($(wc -c <"$T_TMP/draft-old.txt") bytes) has names to fix"
cp "$T_TMP/draft-old.txt" "$T_TMP/draft.txt"
fdur=$(ms "$GLOSSA" -g "$BIG" fix --in-place "$T_TMP/draft.txt")
bad=0 old=0 new=0
for i in $(seq 1 30); do
	cp "$T_TMP/draft-old.txt" "$T_TMP/draft.txt"
	"$GLOSSA" -g "$BIG" fix --in-place "$T_TMP/draft.txt" &
	pid=$!
	sleep_ms $((RANDOM % (fdur + fdur / 5)))
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if cmp -s "$T_TMP/draft.txt" "$T_TMP/draft-old.txt"; then old=$((old + 1))
	elif cmp -s "$T_TMP/draft.txt" "$T_TMP/draft-new.txt"; then new=$((new + 1))
	else bad=$((bad + 1)); fi
done
left=$(temps)
[ "$bad" -eq 0 ]; t_ok $? "fix --in-place killed 30 times within ${fdur} ms: always old ($old) or new ($new), never torn ($bad); $left temporary files left"

# ---- fix --in-place onto a full disk ----
cp "$T_TMP/draft-old.txt" "$T_TMP/draft.txt"
(ulimit -f 1024; "$GLOSSA" -g "$BIG" fix --in-place "$T_TMP/draft.txt") >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "fix --in-place onto a full disk fails"
expect_err "draft.txt: cannot write" "naming the file"
same_file "$T_TMP/draft-old.txt" "$T_TMP/draft.txt" "and the draft is exactly as it was"
[ "$(temps)" -eq 0 ]; t_ok $? "with no temporary file left"

# ---- SIGKILL during an import: one transaction, all or nothing ----
rm -f "$T_TMP/k.db"*
"$GLOSSA" -g "$T_TMP/k.db" glossary init >/dev/null
idur=$(ms "$GLOSSA" -g "$T_TMP/k.db" glossary import "$T_TMP/big.tsv")
bad=0 none=0 all=0
for i in $(seq 1 8); do
	rm -f "$T_TMP/k.db"*
	"$GLOSSA" -g "$T_TMP/k.db" glossary init >/dev/null
	"$GLOSSA" -g "$T_TMP/k.db" glossary import "$T_TMP/big.tsv" >/dev/null &
	pid=$!
	sleep_ms $((RANDOM % (idur + idur / 5)))
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	n=$("$GLOSSA" -g "$T_TMP/k.db" glossary stats | awk '/^entries:/ {print $2}')
	"$GLOSSA" -g "$T_TMP/k.db" glossary validate >/dev/null || bad=$((bad + 1))
	if [ "$n" -eq 0 ]; then none=$((none + 1))
	elif [ "$n" -eq "$N" ]; then all=$((all + 1))
	else bad=$((bad + 1)); fi
done
[ "$bad" -eq 0 ]; t_ok $? "an import killed at random moments within ${idur} ms leaves none ($none) or all ($all) of it, and a sound database"

# ---- a reader never sees a half-applied import ----
rm -f "$T_TMP/r.db"*
"$GLOSSA" -g "$T_TMP/r.db" glossary init >/dev/null
"$GLOSSA" -g "$T_TMP/r.db" glossary import "$T_TMP/big.tsv" >/dev/null &
pid=$!
seen=""
while kill -0 "$pid" 2>/dev/null; do
	seen="$seen $("$GLOSSA" -g "$T_TMP/r.db" glossary stats 2>&1 | awk '/^entries:/ {print $2}')"
done
wait "$pid"
seen="$seen $("$GLOSSA" -g "$T_TMP/r.db" glossary stats | awk '/^entries:/ {print $2}')"
odd=$(printf '%s\n' $seen | grep -v -x -e 0 -e "$N" | head -3)
[ -z "$odd" ]; t_ok $? "readers during an import see 0 or all $N entries, never part ($(printf '%s\n' $seen | wc -l) reads${odd:+; saw $odd})"

# ---- a full disk (file size limit) ----
cp "$T_TMP/old.tsv" "$T_TMP/full.tsv"
(ulimit -f 256; "$GLOSSA" -g "$BIG" glossary export -o "$T_TMP/full.tsv") >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "export onto a full disk fails"
expect_err "full.tsv: cannot write" "naming the file"
expect_err "no file was changed" "and saying no file was changed"
same_file "$T_TMP/old.tsv" "$T_TMP/full.tsv" "which it is"
[ "$(temps)" -eq 0 ]; t_ok $? "and no temporary file is left"

rm -f "$T_TMP/f.db"*
"$GLOSSA" -g "$T_TMP/f.db" glossary init >/dev/null
"$GLOSSA" -g "$T_TMP/f.db" glossary add -s Lavrov lavrov-sergei "Sergei Lavrov" >/dev/null
"$GLOSSA" -g "$T_TMP/f.db" glossary export >"$T_TMP/f-before.tsv"
(ulimit -f 512; "$GLOSSA" -g "$T_TMP/f.db" glossary import "$T_TMP/big.tsv") >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "an import that fills the disk fails"
expect_err "f.db" "naming the glossary"
expect_one_line_err "in one line"
"$GLOSSA" -g "$T_TMP/f.db" glossary export >"$T_TMP/f-after.tsv"
same_file "$T_TMP/f-before.tsv" "$T_TMP/f-after.tsv" "and leaves the glossary as it was"
run -g "$T_TMP/f.db" glossary validate
expect_rc 0 "which is still sound"

# ---- hostile inputs to import ----
H="$T_TMP/h.db"
"$GLOSSA" -g "$H" glossary init >/dev/null
"$GLOSSA" -g "$H" glossary export >"$T_TMP/h-before.tsv"
hostile() {  # hostile NAME WANT-RC WANT-STDERR-SUBSTRING [FORMAT]
	run -g "$H" glossary import ${4:+-t $4} "$T_TMP/$1"
	expect_rc "$2" "hostile import $1: exit $2"
	if [ "$2" -ne 0 ]; then
		expect_err "$3" "$1: '$3'"
		expect_one_line_err "$1: one line"
	fi
	"$GLOSSA" -g "$H" glossary export >"$T_TMP/h-after.tsv"
	same_file "$T_TMP/h-before.tsv" "$T_TMP/h-after.tsv" "$1: nothing changed"
}
: >"$T_TMP/empty.tsv"; hostile empty.tsv 0
printf '  \n\t\n \t \n' >"$T_TMP/white.tsv"; hostile white.tsv 0
E='x\tentry\tperson\tapproved\nx\thouse\tAb'
printf '\377x\tentry\tperson\tapproved\n' >"$T_TMP/u-start.tsv"; hostile u-start.tsv 2 "u-start.tsv:1: invalid UTF-8 at byte 0"
printf "$E"'\377d\tLatn\ten\n' >"$T_TMP/u-mid.tsv"; hostile u-mid.tsv 2 "u-mid.tsv:2: invalid UTF-8"
printf "$E"'d\tLatn\ten\n\342\202' >"$T_TMP/u-end.tsv"; hostile u-end.tsv 2 "u-end.tsv:3: invalid UTF-8"
printf "$E"'\300\257d\tLatn\ten\n' >"$T_TMP/overlong.tsv"; hostile overlong.tsv 2 "overlong.tsv:2: invalid UTF-8"
printf "$E"'\355\240\200d\tLatn\ten\n' >"$T_TMP/surrogate.tsv"; hostile surrogate.tsv 2 "surrogate.tsv:2: invalid UTF-8"
printf "$E"'\000d\tLatn\ten\n' >"$T_TMP/nul.tsv"; hostile nul.tsv 2 "nul.tsv:2: NUL byte"
printf "$E"'\342\200\217d\tLatn\ten\n' >"$T_TMP/rtl.tsv"; hostile rtl.tsv 2 "contains an invisible formatting character (U+200F)"
printf 'x\tentry\tperson\tapproved\nx\thouse\t#A-sad\tLatn\ten\n' >"$T_TMP/punct.tsv"; hostile punct.tsv 2 "punct.tsv:2: form \"#A-sad\" does not start with a letter or digit"
printf 'x\tentry\tperson\tapproved\nx\thouse\twww.Asad`s\tLatn\ten\n' >"$T_TMP/markup.tsv"; hostile markup.tsv 2 "markup.tsv:2: form \"www.Asad\`s\" contains '\`', which is markup, not part of a name"
printf 'x\tentry\tperson\tapproved\nx\thouse\tAsad\tLatn\ten\nx\tvariant\tAs<b>ad\tLatn\ten\n' >"$T_TMP/markup2.tsv"; hostile markup2.tsv 2 "markup2.tsv:3: form \"As<b>ad\" contains '<'"
printf 'key,kind,status,entry_note,type,text,script,lang,becomes,note\r\nx,person,approved,"unbalanced,house,X,Latn,en,,\r\n' >"$T_TMP/quotes.csv"
hostile quotes.csv 2 "quotes.csv:2: unterminated quoted field"
printf 'SECRET-MARKER-%s\n' "$$" >"$T_TMP/secret.txt"
cat >"$T_TMP/xxe.tbx" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tbx [<!ENTITY e SYSTEM "file://$T_TMP/secret.txt">]>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body><conceptEntry id="x"><langSec xml:lang="en"><termSec><term>&e;</term></termSec></langSec></conceptEntry></body></text></tbx>
XML
hostile xxe.tbx 2 "xxe.tbx:2:"
! grep -q SECRET-MARKER "$T_TMP/out" "$T_TMP/err"; t_ok $? "an XML external entity is never resolved"
printf '{"glossa": 1, "entries": [' >"$T_TMP/trunc.json"; hostile trunc.json 2 "trunc.json:1:"
truncate -s 300M "$T_TMP/huge.tsv"; hostile huge.tsv 2 "huge.tsv: too large"
rm -f "$T_TMP/huge.tsv"
head -c 300000000 /dev/zero | "$GLOSSA" -g "$H" glossary import - >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?; T_ERR=$(cat "$T_TMP/err")
expect_rc 2 "a 300 MB line on stdin is refused"
expect_err "<stdin>: too large" "with the limit, not an out-of-memory crash"

# ---- hostile arguments ----
run -g "$BIG" glossary find "$(printf 'Ab\377c')"
expect_rc 2 "find with invalid UTF-8"
expect_err "invalid UTF-8" "says so"
run -g "$BIG" glossary find "$(printf 'GenName\342\200\215000001')"
expect_rc 0 "a zero-width joiner hidden inside a name is looked through, as fix does"
expect_out "-> GenName000001  (short house form of gen-000001" "and the answer shows the clean spelling"
run -g "$BIG" glossary find ""
expect_rc 1 "an empty spelling is simply not found"
t_done
