#!/bin/bash
# scripts/archive: glossa check and fix over a folder tree with GNU
# parallel give what one glossa run over the same files (in sorted order)
# gives; the archive is never changed; an error in any job is exit 2.
# scripts/glossa-batch (the filter for Hadoop Streaming and Spark's pipe())
# gives the same findings and fixes from records on standard input.
GLOSSA=${1:?usage: test-archive.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/lib.sh"
GLOSSA=$(cd "$(dirname "$GLOSSA")" && pwd)/$(basename "$GLOSSA")
ARCHIVE_SH=$(cd "$(dirname "$0")/../../scripts" && pwd)/archive
BATCH_SH=$(dirname "$ARCHIVE_SH")/glossa-batch
cd "$T_TMP" || exit 2
A=arch
for d in 2024/01 2024/02 "2025/03 spring"; do
	mkdir -p "$A/$d"
	for i in $(seq 1 9); do
		{
			echo "Dispatch $i of $d. Bashar al-Asad met Sergey Lavrov in Kiev."
			[ $((i % 2)) -eq 0 ] && echo "Later Asad said teh talks went well."
			echo "Nothing else on day $i."
		} >"$A/$d/story $i.txt"
	done
done
printf '# Brief\n\nThe `Kiev` in code stays; Kiev does not.\n' >"$A/2024/brief.md"
printf 'not copy: Kiev\n' >"$A/2024/notes.csv"
cp -a "$A" pristine
# The files the script takes, in its order.
mapfile -d '' FILES < <(find "$A" -type f \( -name '*.txt' -o -name '*.md' \) \
	-print0 | LC_ALL=C sort -z)
t_ok "$([ ${#FILES[@]} -eq 28 ]; echo $?)" "28 drafts in the archive"

# glossa-batch: records in, the results of glossa out.
printf 'Tab\there, a back\\slash, CR LF\r\nand no line end: Kiev' >"$A/2024/odd.txt"
: >"$A/2024/empty.txt"
mapfile -d '' FILES < <(find "$A" -type f \( -name '*.txt' -o -name '*.md' \) \
	-print0 | LC_ALL=C sort -z)
"$BATCH_SH" pack "$A" >records
t_ok "$([ "$(wc -l <records)" -eq 30 ]; echo $?)" "glossa-batch pack: a record a draft"
GLOSSA="$GLOSSA" BATCH=7 "$BATCH_SH" check <records >batch.check
rc=$?
"$GLOSSA" check -j 1 -q --color never "${FILES[@]}" >batch.want 2>/dev/null
t_ok "$([ $rc -eq 0 ]; echo $?)" "glossa-batch check: exit 0"
same_file batch.want batch.check "glossa-batch check: glossa's findings, named by PATH"
GLOSSA="$GLOSSA" BATCH=7 "$BATCH_SH" fix <records >batch.fixed
ok=0
rm -rf unpacked
mkdir unpacked
for f in "${FILES[@]}"; do
	mkdir -p "unpacked/$(dirname "$f")"
	"$GLOSSA" fix -j 1 "$f" >"unpacked/$f"
done
"$BATCH_SH" pack "unpacked/$A" | sed "s|^unpacked/||" >batch.want
same_file batch.want batch.fixed "glossa-batch fix: records of what glossa fix makes"
printf 'x/bad one.txt\tbad \377 byte\n' |
	GLOSSA="$GLOSSA" "$BATCH_SH" check >/dev/null 2>batch.err
rc=$?
t_ok "$([ $rc -eq 2 ] && grep -q '^glossa: x/bad one.txt:1: invalid UTF-8' batch.err; echo $?)" \
	"glossa-batch: a bad draft fails the task, named by its PATH"
rm "$A/2024/odd.txt" "$A/2024/empty.txt"
mapfile -d '' FILES < <(find "$A" -type f \( -name '*.txt' -o -name '*.md' \) \
	-print0 | LC_ALL=C sort -z)

if ! command -v parallel >/dev/null 2>&1; then
	for i in $(seq 1 15); do
		echo "ok $((T_N + i)) # SKIP GNU parallel is not installed (scripts/deps installs it)"
	done
	T_N=$((T_N + 15))
	t_done
	exit
fi

arch() {  # arch COMMAND ARGS...
	c=$1
	shift
	"$ARCHIVE_SH" "$c" --glossa "$GLOSSA" -j 2 -n 4 "$@"
}

arch check "$A" >check.out 2>check.err
rc=$?
"$GLOSSA" check -j 1 -q --color never "${FILES[@]}" >check.want 2>/dev/null
t_ok "$([ $rc -eq 1 ]; echo $?)" "check: exit 1 (findings)"
same_file check.want check.out "check: the findings of one glossa run, in file order"
t_ok "$([ -s check.out ] && [ ! -s check.err ]; echo $?)" "check: findings, no errors"

arch changes "$A" >changes.out
rc=$?
"$GLOSSA" fix -j 1 -q --format changes "${FILES[@]}" >changes.want
t_ok "$([ $rc -eq 1 ]; echo $?)" "changes: exit 1 (something to change)"
same_file changes.want changes.out "changes: the change list of one glossa run"

arch fix "$A" fixed >fix.out
rc=$?
t_ok "$([ $rc -eq 1 ]; echo $?)" "fix: exit 1 (files changed)"
ok=0
for f in "${FILES[@]}"; do
	"$GLOSSA" fix -j 1 "$f" | cmp -s - "fixed/${f#"$A"/}" || ok=1
done
t_ok $ok "fix: every draft of the copy is what glossa fix makes of it"
same_file "$A/2024/notes.csv" fixed/2024/notes.csv "fix: other files copied as they were"
t_ok "$(diff -r pristine "$A" >/dev/null; echo $?)" "fix: the archive is not changed"
arch fix "$A" fixed >/dev/null 2>err
t_ok "$([ $? -eq 2 ] && grep -q 'exists' err; echo $?)" "fix: an existing output folder is refused"
arch changes fixed >/dev/null
t_ok "$([ $? -eq 0 ]; echo $?)" "fix: the fixed copy has nothing left to change"

printf 'A broken \xff byte.\n' >"$A/2024/02/zz bad.txt"
arch check "$A" >/dev/null 2>bad.err
rc=$?
t_ok "$([ $rc -eq 2 ]; echo $?)" "check with a bad draft: exit 2"
t_ok "$(grep -q 'zz bad.txt:1: invalid UTF-8' bad.err; echo $?)" \
	"check with a bad draft: the message names it"
rm "$A/2024/02/zz bad.txt"
arch check "$A" -- --disable variant >novariant.out
t_ok "$([ -s novariant.out ] && ! grep -q '\[variant\]' novariant.out; echo $?)" \
	"options after -- go to glossa"
mkdir empty
arch check empty >empty.out
t_ok "$([ $? -eq 0 ] && [ ! -s empty.out ]; echo $?)" "an empty archive: exit 0, nothing"

t_done
