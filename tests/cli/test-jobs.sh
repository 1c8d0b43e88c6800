#!/bin/bash
# -j N: fix, check and translit in worker processes write what one
# process writes, byte for byte: standard output, standard error and the
# exit status, the files of fix -i, the check summary and its JSON and
# SARIF, also when a file in the middle cannot be read or is not UTF-8
# (each error said in its place, the run going on with the next file).
GLOSSA=${1:?usage: test-jobs.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/lib.sh"
GLOSSA=$(cd "$(dirname "$GLOSSA")" && pwd)/$(basename "$GLOSSA")
D="$T_TMP/d"
mkdir -p "$D/sub"

# Drafts that differ (the order shows), with names to fix, a short form
# whose fix depends on the full name elsewhere in the same draft, a
# spelling slip, and some Cyrillic.
for i in $(seq 1 24); do
	{
		echo "Story $i. Bashar al-Asad met Sergey Lavrov in Kiev on day $i."
		[ $((i % 3)) -eq 0 ] && echo "Later Asad said teh talks went well."
		[ $((i % 4)) -eq 0 ] && echo "Asad alone, and Путин with Асад."
		echo "Nothing else happened in story number $i."
	} >"$D/s$i.txt"
done
printf '# Notes\n\nThe `Asad` in code stays; Bashar al-Asad does not.\n' >"$D/notes.md"
printf 'A broken \xff byte after Kiev.\n' >"$D/bad.txt"
printf 'A NUL\0 after Lavrov.\n' >"$D/nul.bin"
printf 'Sergey Lavrov in the sub folder; teh end.\n' >"$D/sub/s.txt"
printf '[rules]\nspelling = off\n' >"$D/sub/.glossa.ini"
mkdir -p "$D/open"
printf 'Kiev in an untrusted folder.\n' >"$D/open/o.txt"
printf '[rules]\nvariant = off\n' >"$D/open/.glossa.ini"
chmod 666 "$D/open/.glossa.ini"

GOOD=()
for i in $(seq 1 24); do GOOD+=("$D/s$i.txt"); done
GOOD+=("$D/notes.md")

# same_run NAME J ARGS...: glossa ARGS with -j 1 and -j J give the same
# stdout, stderr and exit status (standard input: the file $SR_IN).
same_run() {
	name=$1 j=$2
	shift 2
	"$GLOSSA" "$1" -j 1 "${@:2}" >"$T_TMP/o1" 2>"$T_TMP/e1" \
		<"${SR_IN:-/dev/null}"
	r1=$?
	"$GLOSSA" "$1" -j "$j" "${@:2}" >"$T_TMP/oj" 2>"$T_TMP/ej" \
		<"${SR_IN:-/dev/null}"
	rj=$?
	if cmp -s "$T_TMP/o1" "$T_TMP/oj" && cmp -s "$T_TMP/e1" "$T_TMP/ej" &&
	   [ "$r1" -eq "$rj" ]; then
		t_ok 0 "$name: -j $j is -j 1 (exit $r1)"
	else
		t_ok 1 "$name: -j $j is -j 1"
		echo "#   exit $r1 and $rj"
		diff "$T_TMP/o1" "$T_TMP/oj" | head -10 | sed 's/^/#   /'
		diff "$T_TMP/e1" "$T_TMP/ej" | head -10 | sed 's/^/#   /'
	fi
}

# fix: every output format, clean and with errors in the middle.
for f in text diff changes json; do
	same_run "fix --format $f, 25 drafts" 3 fix --format "$f" "${GOOD[@]}"
done
"$GLOSSA" fix -j 4 "${GOOD[@]}" >"$T_TMP/fixed4"
cat "${GOOD[@]}" >"$T_TMP/all"
t_ok "$(grep -c 'Bashar Assad' "$T_TMP/fixed4" | grep -qx 25; echo $?)" \
	"fix -j 4: every draft fixed, once, in order"
same_run "fix, invalid UTF-8 in the middle" 2 fix "${GOOD[@]:0:10}" \
	"$D/bad.txt" "${GOOD[@]:10}"
same_run "fix, a missing file in the middle" 4 fix --format changes \
	"${GOOD[@]:0:5}" "$D/missing.txt" "${GOOD[@]:5}"
same_run "fix, a folder, then bad UTF-8 earlier wins" 2 fix \
	"${GOOD[@]:0:3}" "$D/bad.txt" "$D/s5.txt" "$D/sub" "$D/s6.txt"
same_run "fix, a NUL byte" 3 fix --format json "${GOOD[@]:0:7}" \
	"$D/nul.bin" "$D/s9.txt"
run fix -j 2 "${GOOD[@]:0:3}" "$D/bad.txt" "$D/missing.txt"
expect_rc 2 "fix -j 2 with an error: exit 2"
t_ok "$(sed 's/^glossa: [^:]*\/\([a-z]*\.txt\):.*/\1/' "$T_TMP/err" |
	tr '\n' ' ' | grep -qx 'bad.txt missing.txt '; echo $?)" \
	"fix -j 2: an error per bad file, in file order"
expect_err "bad.txt:1: invalid UTF-8" "fix -j 2: the error names the file"
t_ok "$([ "$(grep -c 'Bashar Assad' "$T_TMP/out")" -eq 3 ]; echo $?)" \
	"fix -j 2 with an error: the good drafts are still fixed"

# fix -i: the same files written; a bad draft is left, the others fixed.
for j in 1 3; do
	rm -rf "$T_TMP/i$j"
	cp -r "$D" "$T_TMP/i$j"
	(cd "$T_TMP/i$j" && "$GLOSSA" fix -i -j $j s*.txt notes.md sub/s.txt \
		>"$T_TMP/io$j" 2>"$T_TMP/ie$j"; echo $? >"$T_TMP/ir$j")
done
t_ok "$(diff -r "$T_TMP/i1" "$T_TMP/i3" >/dev/null && cmp -s "$T_TMP/io1" "$T_TMP/io3" &&
	cmp -s "$T_TMP/ie1" "$T_TMP/ie3" && cmp -s "$T_TMP/ir1" "$T_TMP/ir3"; echo $?)" \
	"fix -i -j 3 writes what fix -i -j 1 writes"
t_ok "$(grep -q 'Bashar Assad' "$T_TMP/i3/s17.txt"; echo $?)" "fix -i -j 3 fixed the files"
for j in 1 4; do
	rm -rf "$T_TMP/b$j"
	cp -r "$D" "$T_TMP/b$j"
	(cd "$T_TMP/b$j" && "$GLOSSA" fix -i -j $j s*.txt bad.txt notes.md \
		>/dev/null 2>&1)
done
t_ok "$(diff -r "$T_TMP/b1" "$T_TMP/b4" >/dev/null &&
	cmp -s "$D/bad.txt" "$T_TMP/b4/bad.txt" &&
	grep -q 'Bashar Assad' "$T_TMP/b4/notes.md"; echo $?)" \
	"fix -i -j 4 with a bad draft: it is left, the others fixed as by -j 1"

# check: text, JSON and SARIF; settings per folder (a trusted one, an
# untrusted one warned about once); errors in the middle.
MIXED=("${GOOD[@]:0:8}" "$D/sub/s.txt" "$D/open/o.txt" "${GOOD[@]:8:8}"
	"$D/open/o.txt" "$D/sub/s.txt" "${GOOD[@]:16}")
for f in text json sarif; do
	same_run "check --format $f, settings per folder" 3 check --format "$f" \
		"${MIXED[@]}"
done
same_run "check --fail-on error -q" 2 check --fail-on error -q "${MIXED[@]}"
same_run "check, invalid UTF-8 in the middle (text)" 2 check \
	"${MIXED[@]:0:12}" "$D/bad.txt" "${MIXED[@]:12}"
same_run "check, invalid UTF-8 in the middle (JSON)" 4 check --format json \
	"${MIXED[@]:0:12}" "$D/bad.txt" "${MIXED[@]:12}"
same_run "check, a missing file in the middle (SARIF)" 3 check \
	--format sarif "${MIXED[@]:0:9}" "$D/missing.txt" "${MIXED[@]:9}"
same_run "check, a missing first file" 2 check "$D/missing.txt" \
	"${MIXED[@]}"
same_run "check, a folder as the last file" 2 check --format json \
	"${MIXED[@]}" "$D/sub"
run check -j 3 --format json "${MIXED[@]:0:4}" "$D/bad.txt" "${MIXED[@]}"
expect_rc 2 "check -j 3 with a bad draft: exit 2"
t_ok "$(printf '%s' "$T_OUT" | tail -1 | grep -qx '}'; echo $?)" \
	"check -j 3 with a bad draft: the JSON is closed"
run check -j 2 "${MIXED[@]}"
expect_out "in $((${#MIXED[@]} - 2)) files" \
	"check -j 2: the summary counts every draft, each once"
n=$(grep -c 'ignoring settings' "$T_TMP/err")
t_ok "$([ "$n" -eq 1 ]; echo $?)" "check -j 2: an untrusted settings file is named once"

# translit: standard input cut into pieces at line ends.
for i in $(seq 1 2500); do
	echo "Строка $i: Сергей Лавров и Владимир Путин в Москве."
	echo "سطر $i: بشار الأسد في دمشق"
	echo "Рядок $i: Володимир Зеленський у Києві, ${i}й день."
done >"$T_TMP/tr.txt"
for o in "" "--format json" "--explain" "--all-schemes"; do
	SR_IN="$T_TMP/tr.txt" same_run \
		"translit $o, $(wc -c <"$T_TMP/tr.txt") bytes" 3 translit $o -
done
"$GLOSSA" translit -j 1 <"$T_TMP/tr.txt" >"$T_TMP/t1"
"$GLOSSA" translit -j 4 <"$T_TMP/tr.txt" >"$T_TMP/t4"
same_file "$T_TMP/t1" "$T_TMP/t4" "translit -j 4 on standard input is -j 1"
t_ok "$([ "$(wc -l <"$T_TMP/t4")" -eq 7500 ]; echo $?)" "translit -j 4: every line, once"

# The option itself.
run fix -j x "$D/s1.txt"
expect_rc 2 "-j x: a usage error"
expect_err "--jobs wants a number" "-j x: says what -j wants"
run check --jobs 0 -q "$D/s1.txt" "$D/s2.txt"
expect_rc 1 "--jobs 0: one per core"

t_done
