#!/bin/bash
# Every command's --help goes to stdout, exits 0, and fits 80 columns;
# unknown options and commands fail with a message on stderr (casync style).
GLOSSA=${1:?usage: test-help.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/lib.sh"

check_help() {  # check_help ARGS...
	run "$@"
	expect_rc 0 "glossa $* exits 0"
	[ -n "$T_OUT" ] && [ -z "$T_ERR" ]; t_ok $? "glossa $* prints to stdout only"
	wide=$(printf '%s\n' "$T_OUT" | awk 'length > 80' | head -1)
	[ -z "$wide" ]; t_ok $? "glossa $* fits 80 columns${wide:+: $wide}"
}
check_help --help
check_help help
check_help help glossary
check_help glossary --help
for sub in $("$GLOSSA" glossary --help | awk '/^Commands:/{c=1;next} c&&/^  [a-z]/{print $1}'); do
	check_help glossary $sub --help
done
run --version
expect_out "glossa " "--version prints the version"
run --bogus
expect_rc 2 "an unknown option exits 2"
[ -n "$T_ERR" ]; t_ok $? "and says so on stderr"
run frobnicate
expect_rc 2 "an unknown command exits 2"
expect_err "unknown command 'frobnicate'" "naming it"
run
expect_rc 2 "no command at all exits 2"
t_done
