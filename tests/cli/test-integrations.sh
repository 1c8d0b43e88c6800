#!/bin/bash
# The integrations a desk sets up once: the pre-commit hooks of
# .pre-commit-hooks.yaml run as pre-commit runs them (the entry, then the
# staged file names), and the code-scanning recipe's check command gives a
# SARIF document whose exit status the workflow accepts.
# Usage: test-integrations.sh GLOSSA SOURCE_ROOT
GLOSSA=$1
ROOT=$2
. "$(dirname "$0")/lib.sh"
mkdir -p "$T_TMP/bin"
ln -s "$(cd "$(dirname "$GLOSSA")" && pwd)/$(basename "$GLOSSA")" "$T_TMP/bin/glossa"
PATH="$T_TMP/bin:$PATH"
export PATH

# entry ID: the hook's command line.
entry() {
	sed -n "/^- id: $1\$/,/^- id:/s/^  entry: //p" "$ROOT/.pre-commit-hooks.yaml"
}

cd "$T_TMP" || exit 2
printf 'President Bashar al-Asad spoke in Damascus on Monday.\n' > variant.md
printf 'President Bashar Assad spoke in Damascus on Monday.\n' > clean.md
cp variant.md variant.orig

e=$(entry glossa-check)
[ -n "$e" ]; t_ok $? "the glossa-check hook has an entry"
$e variant.md clean.md > out 2> err; rc=$?
[ $rc -eq 1 ] && grep -q 'variant.md:1:11: error: .*Bashar Assad' out
t_ok $? "glossa-check fails the commit on a variant and names file:line:col"
$e clean.md > out 2> err; rc=$?
[ $rc -eq 0 ] && [ ! -s err ]; t_ok $? "glossa-check passes clean copy silently"

e=$(entry glossa-fix)
[ -n "$e" ]; t_ok $? "the glossa-fix hook has an entry"
$e variant.md clean.md > out 2> err; rc=$?
[ $rc -eq 1 ] && cmp -s variant.md clean.md
t_ok $? "glossa-fix rewrites the variant in place and fails so it is reviewed"
$e variant.md clean.md > out 2> err; rc=$?
[ $rc -eq 0 ]; t_ok $? "glossa-fix passes once the drafts are fixed"

# The code-scanning recipe: its check line, run as the workflow runs it.
line=$(sed -n 's/^ *\(glossa check --format sarif .*\)$/\1/p' \
	"$ROOT/doc/examples/github-code-scanning.yml")
[ -n "$line" ]; t_ok $? "the workflow has a check line"
mkdir -p drafts && cp variant.orig drafts/story.md
sh -c "$line"; rc=$?
[ $rc -eq 0 ] && grep -q '"version": *"2.1.0"' glossa.sarif &&
	grep -q '"ruleId": *"variant"' glossa.sarif
t_ok $? "the workflow's check step succeeds with findings and writes SARIF 2.1.0"
rm drafts/story.md && printf 'not text \000\n' > drafts/bad.md
sh -c "$line" 2> err; rc=$?
[ $rc -ne 0 ]; t_ok $? "the workflow's check step fails on an error (exit 2)"

t_done
