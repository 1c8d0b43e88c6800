#!/bin/bash
# The shell completions (completions/): bash completes commands, glossary
# commands, every long option a command's --help lists, and files; the
# zsh and fish scripts parse where those shells are installed.
# Usage: test-completion.sh GLOSSA SOURCE_ROOT
GLOSSA=$1
ROOT=$2
. "$(dirname "$0")/lib.sh"
PATH="$(dirname "$GLOSSA"):$PATH"
export PATH

. "$ROOT/completions/glossa.bash"

# comp WORD...: COMPREPLY for the last word, sorted, one per line.
comp() {
	COMP_WORDS=(glossa "$@")
	COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
	COMPREPLY=()
	_glossa
	printf '%s\n' "${COMPREPLY[@]}" | sort
}

out=$(comp ch)
[ "$out" = check ]; t_ok $? "bash: 'glossa ch' completes to check"
out=$(comp "")
for c in check fix translit glossary help version; do
	printf '%s\n' "$out" | grep -qx "$c"; t_ok $? "bash: commands include $c"
done
out=$(comp -g some.db gl)
[ "$out" = glossary ]; t_ok $? "bash: a --glossary argument is not taken for the command"
out=$(comp glossary al)
[ "$out" = alias ]; t_ok $? "bash: 'glossary al' completes to alias"

# Every long option of every command's --help is offered, so the
# completion cannot go out of date.
for cmd in check fix translit "glossary add" "glossary alias" "glossary export" "glossary import"; do
	want=$("$GLOSSA" $cmd --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
	got=$(comp $cmd --)
	missing=$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$got"))
	[ -n "$want" ] && [ -z "$missing" ]
	t_ok $? "bash: every option of 'glossa $cmd --help' is offered${missing:+ (missing: $missing)}"
done
out=$(comp check --for)
[ "$out" = --format ]; t_ok $? "bash: 'check --for' completes to --format"
out=$(comp check --format "")
printf '%s\n' "$out" | grep -qx sarif; t_ok $? "bash: check --format offers sarif"

mkdir -p "$T_TMP/drafts" && : > "$T_TMP/drafts/story.md"
cd "$T_TMP" || exit 2
out=$(comp check drafts/st)
[ "$out" = drafts/story.md ]; t_ok $? "bash: a draft's path completes as a file"

if command -v zsh >/dev/null 2>&1; then
	zsh -n "$ROOT/completions/_glossa"; t_ok $? "zsh: the completion parses"
else
	echo "ok $((T_N += 1)) - zsh: the completion parses # SKIP zsh not installed"
fi
if command -v fish >/dev/null 2>&1; then
	fish -n "$ROOT/completions/glossa.fish"; t_ok $? "fish: the completion parses"
else
	echo "ok $((T_N += 1)) - fish: the completion parses # SKIP fish not installed"
fi

t_done
