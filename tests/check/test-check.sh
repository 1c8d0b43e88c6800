#!/bin/bash
# CLI tests for `glossa check`: the planted-errors article with exact
# findings in all three formats, the clean article with none, exit codes,
# configuration files, marker comments and the failure paths.
#
# The articles are checked with the system en_US dictionary (skipped when
# it is not installed) and the fixture glossary data/glossary.tsv. SARIF is
# validated against the SARIF 2.1.0 schema when $GLOSSA_SARIF_SCHEMA names
# the schema file and python3 has jsonschema (else only parsed as JSON).
GLOSSA=${1:?usage: test-check.sh PATH-TO-GLOSSA}
GLOSSA="$(cd "$(dirname "$GLOSSA")" && pwd)/$(basename "$GLOSSA")"
. "$(dirname "$0")/../cli/lib.sh"
DATA="$(cd "$(dirname "$0")/data" && pwd)"
DB="$T_TMP/g.db"
export GLOSSA_DB="$DB"

have_en_us() {
	[ -r /usr/share/hunspell/en_US.dic ] || [ -r /usr/share/myspell/en_US.dic ] ||
		{ [ -n "${DICPATH:-}" ] && [ -r "$DICPATH/en_US.dic" ]; }
}
skip() {  # skip DESCRIPTION
	T_N=$((T_N + 1))
	echo "ok $T_N # SKIP $1"
}

run glossary init --empty
run glossary import "$DATA/glossary.tsv"
expect_rc 0 "the fixture glossary imports"

# ---- help and usage ----
run check --help
expect_rc 0 "--help exits 0"
expect_out "Usage: glossa check" "--help goes to stdout"
w=$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$T_TMP/out")
[ "$w" -le 80 ]; t_ok $? "--help fits in 80 columns ($w)"
run check
expect_rc 2 "no file is a usage error"
expect_err "no draft to check" "saying so"
run check --format yaml x.txt
expect_rc 2 "an unknown format is a usage error"
expect_err "unknown format 'yaml'" "naming it"
run check --rule spelling=loud x.txt
expect_rc 2 "an unknown severity is a usage error"
run check --disable nosuchrule x.txt
expect_rc 2 "an unknown rule is a usage error"
expect_err "unknown rule 'nosuchrule'" "naming it"
run check --fail-on off x.txt
expect_rc 2 "--fail-on off is refused"

# ---- failure paths ----
printf 'The minister\nsaid \377 hello\n' > "$T_TMP/bad.txt"
run check --no-config "$T_TMP/bad.txt"
expect_rc 2 "bad UTF-8: exit 2"
expect_err "bad.txt:2: invalid UTF-8 at byte 18" "naming file:line and the byte"
expect_one_line_err "in one line"
run check --no-config "$T_TMP/missing.txt"
expect_rc 2 "a missing file: exit 2"
expect_err "missing.txt: No such file or directory" "naming the file"
expect_one_line_err "in one line"
echo "Hello." > "$T_TMP/hello.txt"
run check --no-config --lang xx_YY "$T_TMP/hello.txt"
expect_rc 2 "a missing dictionary: exit 2"
expect_err "no Hunspell dictionary 'xx_YY'" "naming the dictionary"
expect_err "apt install hunspell-xx-yy" "and how to install it"
expect_one_line_err "in one line"
run check --no-config --lang en_GB --dict-path "$T_TMP" "$T_TMP/hello.txt"
expect_err "apt install hunspell-en-gb" "en_GB: hunspell-en-gb"
run check --no-config --lang ru_RU --dict-path "$T_TMP" "$T_TMP/hello.txt"
expect_err "apt install hunspell-ru'" "ru_RU: hunspell-ru"
run --glossary "$T_TMP/nowhere.db" check --no-config "$T_TMP/hello.txt"
expect_rc 2 "a missing glossary: exit 2"

# ---- a fixture dictionary: exit codes, --fail-on, formats ----
FIX=(--no-config --lang en_TEST --dict-path "$DATA")
echo "The minister met reporters." > "$T_TMP/ok.txt"
run check "${FIX[@]}" "$T_TMP/ok.txt"
expect_rc 0 "a clean draft: exit 0"
expect_out "no findings in 1 file" "and a summary"
echo "The minister recieved reporters." > "$T_TMP/warn.txt"
run check "${FIX[@]}" "$T_TMP/warn.txt"
expect_rc 1 "a warning: exit 1 (default --fail-on warning)"
expect_out "warn.txt:1:14: warning: \"recieved\" is not in the en_TEST dictionary [spelling]" \
	"file:line:col: severity: message [rule]"
expect_out "    suggestion: received" "with the suggestion"
expect_out "1 finding (0 errors, 1 warning, 0 info) in 1 file" "and a summary line"
run check "${FIX[@]}" --fail-on error "$T_TMP/warn.txt"
expect_rc 0 "--fail-on error: a warning is not enough"
run check "${FIX[@]}" --rule spelling=error --fail-on error "$T_TMP/warn.txt"
expect_rc 1 "--rule spelling=error makes it one"
run check "${FIX[@]}" --disable spelling "$T_TMP/warn.txt"
expect_rc 0 "--disable spelling"
run check "${FIX[@]}" --accept recieved "$T_TMP/warn.txt"
expect_rc 0 "--accept a word"
run check "${FIX[@]}" -q "$T_TMP/warn.txt"
case "$T_OUT" in *"in 1 file"*) t_ok 1 "-q: no summary" ;; *) t_ok 0 "-q: no summary" ;; esac
run check "${FIX[@]}" "$T_TMP/warn.txt"
case "$T_OUT" in *$'\033'*) t_ok 1 "no colour when not on a terminal" ;; *) t_ok 0 "no colour when not on a terminal" ;; esac
run check "${FIX[@]}" --color always "$T_TMP/warn.txt"
case "$T_OUT" in *$'\033['*) t_ok 0 "--color always" ;; *) t_ok 1 "--color always" ;; esac
echo "Bashar al-Asad met reporters." > "$T_TMP/info.txt"
run check "${FIX[@]}" --rule variant=info "$T_TMP/info.txt"
expect_rc 0 "an info finding: exit 0"
expect_out "info:" "shown as info"
run check "${FIX[@]}" --rule variant=info --fail-on info "$T_TMP/info.txt"
expect_rc 1 "--fail-on info"
run check "${FIX[@]}" - < "$T_TMP/warn.txt"
expect_rc 1 "standard input"
expect_out "<stdin>:1:14:" "named <stdin>"
run check "${FIX[@]}" "$T_TMP/ok.txt" "$T_TMP/warn.txt" "$T_TMP/info.txt"
expect_out "2 findings (1 error, 1 warning, 0 info) in 3 files" "several files, one summary"
run check "${FIX[@]}" --format json "$T_TMP/ok.txt" "$T_TMP/warn.txt"
python3 -m json.tool "$T_TMP/out" > /dev/null 2>&1
t_ok $? "--format json: one JSON document for the run"
expect_out '"byte_start": 13, "byte_end": 21, "char_start": 13, "char_end": 21' "byte and character offsets"
run check "${FIX[@]}" --format sarif "$T_TMP/ok.txt" "$T_TMP/warn.txt"
python3 -m json.tool "$T_TMP/out" > /dev/null 2>&1
t_ok $? "--format sarif: JSON"
expect_out '"version": "2.1.0"' "SARIF 2.1.0"
printf 'The minister recieved reporters.\nbad \377\n' > "$T_TMP/bad2.txt"
run check "${FIX[@]}" --format json "$T_TMP/warn.txt" "$T_TMP/bad2.txt"
expect_rc 2 "an input error stops the run with exit 2"
python3 -m json.tool "$T_TMP/out" > /dev/null 2>&1
t_ok $? "and the JSON written so far is still well-formed"

# ---- Markdown, markers, quotes ----
cat > "$T_TMP/doc.md" <<'EOF'
# Asad in Kiev

The minister met `Asad` at <https://example.com/Asad> and asad@example.com.

    Asad recieved

Asad met reporters. <!-- glossa-disable-line variant -->
<!-- glossa-disable-next-line -->
Asad recieved the word.
"Asad is a leader," she said.
EOF
run check "${FIX[@]}" "$T_TMP/doc.md"
expect_out "doc.md:1:3: error: \"Asad\"" "markdown: the heading is checked"
expect_out "doc.md:1:11: error: \"Kiev\"" "markdown: Kiev too"
expect_out "doc.md:10:2: error:" "quotes are checked by default"
n=$(grep -c '^.*doc.md' "$T_TMP/out")
[ "$n" -eq 3 ]; t_ok $? "markdown: code, URLs, e-mail and marked lines are not ($n findings)"
run check "${FIX[@]}" --exempt-quotes "$T_TMP/doc.md"
n=$(grep -c '^.*doc.md' "$T_TMP/out")
[ "$n" -eq 2 ]; t_ok $? "--exempt-quotes: no variant in quoted speech ($n findings)"
printf '\357\273\277Asad met reporters.\n' >"$T_TMP/bom.txt"
run check "${FIX[@]}" "$T_TMP/bom.txt"
expect_out "bom.txt:1:1: error: \"Asad\"" \
	"after a BOM: column 1, as in glossa fix --report and an editor"
cp "$T_TMP/doc.md" "$T_TMP/doc.txt"
run check "${FIX[@]}" "$T_TMP/doc.txt"
expect_out "doc.txt:3:19: error: \"Asad\"" "plain text: code spans are text"
run check "${FIX[@]}" --type markdown - < "$T_TMP/doc.md"
n=$(grep -c '^<stdin>' "$T_TMP/out")
[ "$n" -eq 3 ]; t_ok $? "--type markdown for standard input"

# ---- only prose is checked: non-prose in every dialect ----
cat > "$T_TMP/np.md" <<'EOF'
---
title: Kiev recieved
---

See /img/Kiev.jpg, images/Kiev-2014.png, C:\photos\Kiev.jpg and Kiev.ua.
Follow @Kiev, #Kiev, @SergeyLavrov; kiev_times, KIEV_TIMES, kievTimes, obj.Kiev.
<img src="Kiev.jpg" alt="Kiev">

Kiev's envoy recieved them.
EOF
NP=("${FIX[@]}" -a Follow -a envoy -a them)
run check "${NP[@]}" "$T_TMP/np.md"
expect_out "np.md:9:1: error: \"Kiev\"" "non-prose: the prose Kiev is a variant"
expect_out "np.md:9:14: warning: \"recieved\"" "  and the prose is spelled"
n=$(grep -c '^.*np.md' "$T_TMP/out")
[ "$n" -eq 2 ]; t_ok $? "  front matter, paths, domains, handles, identifiers, HTML are not ($n findings)"
for ext in markdown qmd Rmd mdx; do
	cp "$T_TMP/np.md" "$T_TMP/np.$ext"
	run check "${NP[@]}" "$T_TMP/np.$ext"
	n=$(grep -c "^.*np.$ext" "$T_TMP/out")
	[ "$n" -eq 2 ]; t_ok $? "  the same in .$ext ($n findings)"
done
printf 'import X from "./Kiev.js"\n\nThe {city === "Kiev"} Kiev.\n' > "$T_TMP/np2.mdx"
run check "${FIX[@]}" "$T_TMP/np2.mdx"
n=$(grep -c '^.*np2.mdx' "$T_TMP/out")
[ "$n" -eq 1 ]; t_ok $? ".mdx: import lines and {expressions} are not checked ($n findings)"
expect_out "np2.mdx:3:23: error: \"Kiev\"" "  the prose is"
run check "${FIX[@]}" --type mdx - < "$T_TMP/np2.mdx"
n=$(grep -c '^<stdin>' "$T_TMP/out")
[ "$n" -eq 1 ]; t_ok $? "--type mdx for standard input"

# ---- configuration files ----
mkdir -p "$T_TMP/desk/sub"
cp "$T_TMP/warn.txt" "$T_TMP/desk/sub/draft.txt"
cat > "$T_TMP/desk/.glossa.ini" <<EOF
[glossa]
language = en_TEST
[rules]
spelling = off
EOF
run check --dict-path "$DATA" "$T_TMP/desk/sub/draft.txt"
expect_rc 0 ".glossa.ini above the draft: its rules apply"
run check --dict-path "$DATA" --no-config --lang en_TEST "$T_TMP/desk/sub/draft.txt"
expect_rc 1 "--no-config ignores it"
run check --dict-path "$DATA" --enable spelling "$T_TMP/desk/sub/draft.txt"
expect_rc 1 "an option wins over the file"
cat > "$T_TMP/desk/.glossa.ini" <<EOF
[glossa]
language = en_TEST
glossary = names.db
[accept]
words = recieved
EOF
cp "$DB" "$T_TMP/desk/names.db"
GLOSSA_DB= run check --dict-path "$DATA" "$T_TMP/desk/sub/draft.txt"
expect_rc 0 "the file's accepted words and glossary (relative to it)"
cat > "$T_TMP/desk/.glossa.ini" <<EOF
[rules]
spelling = loud
EOF
run check --dict-path "$DATA" "$T_TMP/desk/sub/draft.txt"
expect_rc 2 "a bad .glossa.ini: exit 2"
expect_err ".glossa.ini:2: rule spelling: 'loud'" "naming file:line"
expect_one_line_err "in one line"
run check --dict-path "$DATA" --config "$T_TMP/nope.ini" "$T_TMP/desk/sub/draft.txt"
expect_rc 2 "a missing --config file: exit 2"
rm -f "$T_TMP/desk/.glossa.ini"

# ---- the articles, with the system en_US dictionary ----
if ! have_en_us; then
	for d in "planted article: text" "planted article: json" \
		 "planted article: sarif" "clean article"; do
		skip "$d (no en_US dictionary; apt install hunspell-en-us)"
	done
	t_done
	exit $?
fi
cd "$DATA" || exit 1
run check --no-config --enable first-reference planted.md
expect_rc 1 "planted article: exit 1"
expect_out "glossary: $GLOSSA_DB" "planted article: the report names the glossary"
printf '%s\n' "$T_OUT" | grep -v '^glossary: ' > "$T_TMP/planted.txt"
same_file "$T_TMP/planted.txt" "$DATA/planted.want.txt" "planted article: text, exactly"
run check --no-config --enable first-reference --format json planted.md
printf '%s\n' "$T_OUT" > "$T_TMP/planted.json"
same_file "$T_TMP/planted.json" "$DATA/planted.want.json" "planted article: json, exactly"
run check --no-config --enable first-reference --format sarif planted.md
printf '%s\n' "$T_OUT" > "$T_TMP/planted.sarif"
same_file "$T_TMP/planted.sarif" "$DATA/planted.want.sarif" "planted article: sarif, exactly"
if [ -n "${GLOSSA_SARIF_SCHEMA:-}" ] && python3 -c 'import jsonschema' 2>/dev/null; then
	python3 - "$GLOSSA_SARIF_SCHEMA" "$T_TMP/planted.sarif" <<'EOF'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
v = jsonschema.Draft202012Validator(schema)
errs = list(v.iter_errors(doc))
for e in errs[:5]:
    print("#  ", list(e.path), e.message[:200])
sys.exit(1 if errs else 0)
EOF
	t_ok $? "planted article: SARIF valid against the 2.1.0 schema"
else
	skip "SARIF schema validation (set GLOSSA_SARIF_SCHEMA to sarif-schema-2.1.0.json)"
fi
# ---- near-miss against the built-in glossary (issue 13) ----
nm() {  # nm TEXT: check TEXT with the built-in glossary, JSON findings
	printf '%s\n' "$1" > "$T_TMP/nm.txt"
	GLOSSA_DB= run check --no-config --format json "$T_TMP/nm.txt"
}
nm_has() {  # nm_has RULE TEXT SUGGESTION DESCRIPTION
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ok = any(f["rule"] == sys.argv[2] and f["text"] == sys.argv[3] and
	 f["suggestions"][:1] == [sys.argv[4]] for f in d["files"][0]["findings"])
sys.exit(0 if ok else 1)' "$T_TMP/out" "$1" "$2" "$3"
	t_ok $? "$4"
}
nm_none() {  # nm_none RULE DESCRIPTION
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
bad = [f["text"] for f in d["files"][0]["findings"] if f["rule"] == sys.argv[2]]
print("# " + " ".join(bad)) if bad else None
sys.exit(1 if bad else 0)' "$T_TMP/out" "$1"
	t_ok $? "$2"
}
nm "Haytham Ahmed met Kofi Annan, Anna and Keir Starmer. Steven Gerrard, Tim Henman and Jose Mourinho watched. Viktor Orban met Ursula von der Leyen; the Dems said Ronan O'Gara, Umar and Azim agreed."
nm_none near-miss "near-miss: known names are not misspelt glossary names"
nm "Gorbatschow said on Monday. Officials met Chodorkowski and Šojgu."
nm_has near-miss Gorbatschow Gorbachev "near-miss: Gorbatschow (German) -> Gorbachev"
nm_has near-miss Chodorkowski Khodorkovsky "near-miss: Chodorkowski (Polish) -> Khodorkovsky"
nm_has near-miss Šojgu Shoigu "near-miss: Šojgu (Czech) -> Shoigu"
nm "Qaddafi said on Monday."
nm_has variant Qaddafi Gadhafi "variant: Qaddafi (a dictionary word) is still Gadhafi's variant"
nm "Dmitri Peskow said on Monday. Officials met Walerij Saluschnyj and Dmitri Peskov."
nm_has near-miss Peskow Peskov "near-miss: Peskow -> Peskov"
nm_has near-miss Dmitri Dmitry "near-miss: the given name before it is the person's: Dmitri -> Dmitry"
nm_has near-miss Walerij Valerii "near-miss: Walerij Saluschnyj -> Valerii (Zaluzhnyi)"
nm "Goran Ivanisevic watched. Dmitry Peskov and Sergei Peskov met."
nm_none near-miss "near-miss: a given name before an unknown surname is no place name; another Peskov keeps his name"
nm "Officials met Lavrow on Monday."
nm_has near-miss Lavrow Lavrov "near-miss: Lavrow -> Lavrov"
printf '[rules]\nnew-name = on\n' > "$T_TMP/nn.ini"
printf '%s\n' "Labour MPs in the Centre bought an Xbox; Lebedev and Lebedev met Jaber in Kafr Qasem." > "$T_TMP/nm.txt"
GLOSSA_DB= run check --config "$T_TMP/nn.ini" --format json "$T_TMP/nm.txt"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
t = [f["text"] for f in d["files"][0]["findings"] if f["rule"] == "new-name"]
print("# new-name: %s" % t)
sys.exit(0 if t == ["Lebedev"] else 1)' "$T_TMP/out"
t_ok $? "new-name: on, only Lebedev, once; not Labour, MPs, Centre, Xbox, Jaber, Kafr"

run check --no-config clean.md
expect_rc 0 "clean article: exit 0"
expect_out "no findings in 1 file" "clean article: zero findings"
run check --no-config --enable first-reference --fail-on info clean.md
expect_rc 0 "clean article: nothing even at info, with first-reference on"
t_done
