#!/bin/bash
# The JSON that check, fix and translit write fits its schema in doc/json/
# (one vocabulary: file, line, column, text, replacement, entry,
# byte_start/byte_end), and the schema checker does reject what does not.
GLOSSA=$(realpath "${1:?usage: test-json.sh GLOSSA TEST-JSON-SCHEMA SOURCE-ROOT}")
VALIDATE=$(realpath "${2:?}")
SRC=$(realpath "${3:?}")
. "$(dirname "$0")/lib.sh"
SCHEMAS="$SRC/doc/json"
DB="$T_TMP/g.db"
cd "$T_TMP" || exit 2

fits() {  # fits SCHEMA DESCRIPTION: $T_TMP/out fits doc/json/SCHEMA.schema.json
	"$VALIDATE" "$SCHEMAS/$1.schema.json" "$T_TMP/out" 2>"$T_TMP/verr"
	r=$?
	t_ok $r "$2"
	[ $r -eq 0 ] || sed 's/^/#   /' "$T_TMP/verr" | head -10
}

"$GLOSSA" --glossary "$DB" glossary init >/dev/null &&
	"$GLOSSA" --glossary "$DB" glossary import "$SRC/tests/fix/data/glossary.tsv" >/dev/null 2>&1
t_ok $? "set-up: a test glossary"

# ---- check ----
run check --format json "$SRC/samples/check-draft.md"
expect_rc 1 "check --format json on the sample draft finds things"
fits check "  and its JSON fits check.schema.json"
expect_out '"entry": "assad-bashar"' "  the entry is \"entry\""
printf 'Nothing to see here.\n' >clean.txt
run check --format json clean.txt -
fits check "check --format json with no findings, and stdin, fits too"

# ---- fix ----
printf 'One.\nÉté: Asad met Al-Thani.\n' >r.txt
printf 'Bashar al-Asad met Kiev officials.\n' >a.txt
run --glossary "$DB" fix --format json r.txt a.txt clean.txt
expect_rc 1 "fix --format json: changes in two files"
fits fix "  and its JSON fits fix.schema.json"
expect_out '"text": "Asad", "replacement": "Assad", "entry": "assad-bashar"' "  text, replacement, entry: check's words"
case "$T_OUT" in *'"key"'*|*'"old"'*|*'"new"'*) t_ok 1 "  no old key names left";; *) t_ok 0 "  no old key names left";; esac
run --glossary "$DB" fix --format json clean.txt
fits fix "fix --format json with nothing to fix fits"
printf 'Asad spoke.\n' | "$GLOSSA" --glossary "$DB" fix --format json - >"$T_TMP/out" 2>/dev/null
fits fix "fix --format json on stdin fits"

# ---- translit ----
run --glossary "$DB" translit --format json "Лавровым Щукин" "no names" ""
expect_rc 0 "translit --format json"
fits translit "  fits translit.schema.json"
expect_out '"byte_start": 0, "byte_end": 16, "text": "Лавровым"' "  byte offsets named as check names them"
expect_out '"entry": "lavrov-sergei"' "  the entry is \"entry\""
run --glossary "$DB" translit --format json --all-schemes "Юрий Гагарин, عبد الفتاح السيسي"
fits translit "translit --format json --all-schemes fits too"

# ---- the checker rejects what does not fit ----
cat >"$T_TMP/out" <<'JSON'
{"changes": [{"file": "a", "line": 1, "column": 1, "old": "Asad", "new": "Assad", "key": "x", "status": "fix"}], "fixed": 1, "ambiguous": 0}
JSON
"$VALIDATE" "$SCHEMAS/fix.schema.json" "$T_TMP/out" 2>"$T_TMP/verr"
[ $? -eq 1 ] && grep -q 'required key "entry" missing' "$T_TMP/verr" &&
	grep -q '/changes/0/key: key not in the schema' "$T_TMP/verr"
t_ok $? "fix's old JSON (old, new, key) does not fit fix.schema.json"
printf '{"changes": [], "fixed": -1, "ambiguous": 0}\n' >"$T_TMP/out"
"$VALIDATE" "$SCHEMAS/fix.schema.json" "$T_TMP/out" 2>/dev/null
[ $? -eq 1 ]; t_ok $? "a negative count does not fit"
printf '[{"input": "x", "output": "x", "names": [{"start": 0}]}]\n' >"$T_TMP/out"
"$VALIDATE" "$SCHEMAS/translit.schema.json" "$T_TMP/out" 2>/dev/null
[ $? -eq 1 ]; t_ok $? "translit's old start/end do not fit"
printf '{"tool": "glossa"}\n' >"$T_TMP/out"
"$VALIDATE" "$SCHEMAS/check.schema.json" "$T_TMP/out" 2>/dev/null
[ $? -eq 1 ]; t_ok $? "a check document without files does not fit"
printf '{"tool": ' >"$T_TMP/out"
"$VALIDATE" "$SCHEMAS/check.schema.json" "$T_TMP/out" 2>/dev/null
[ $? -eq 2 ]; t_ok $? "a document that is not JSON is an error"
t_done
