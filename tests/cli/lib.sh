# Shared helpers for the CLI tests (TAP output). Source it; set GLOSSA to
# the binary under test.
set -u
T_N=0
T_FAILED=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/glossa-cli-XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT
export GLOSSA_USER=tester
export HOME="$T_TMP/home"
unset GLOSSA_DB XDG_DATA_HOME XDG_CONFIG_HOME
mkdir -p "$HOME"

t_ok() {  # t_ok COND-EXIT-STATUS DESCRIPTION
	T_N=$((T_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_N - $2"
	else
		T_FAILED=$((T_FAILED + 1))
		echo "not ok $T_N - $2"
	fi
}

# run CMD...: runs glossa, capturing stdout, stderr and the exit status.
run() {
	"$GLOSSA" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?
	T_OUT=$(cat "$T_TMP/out")
	T_ERR=$(cat "$T_TMP/err")
}

expect_rc() {  # expect_rc N DESCRIPTION
	if [ "$T_RC" -eq "$1" ]; then t_ok 0 "$2"; else
		t_ok 1 "$2"
		echo "#   exit status $T_RC, wanted $1"
		echo "#   stdout:"; head -c 600 "$T_TMP/out" | sed 's/^/#   /'
		echo "#   stderr:"; head -c 600 "$T_TMP/err" | sed 's/^/#   /'
	fi
}

expect_out() {  # expect_out SUBSTRING DESCRIPTION
	case "$T_OUT" in
	*"$1"*) t_ok 0 "$2" ;;
	*) t_ok 1 "$2"; echo "#   stdout lacks: $1" | head -1; head -c 800 "$T_TMP/out" | sed 's/^/#   /' ;;
	esac
}

expect_err() {  # expect_err SUBSTRING DESCRIPTION
	case "$T_ERR" in
	*"$1"*) t_ok 0 "$2" ;;
	*) t_ok 1 "$2"; echo "#   stderr lacks: $1" | head -1; head -c 800 "$T_TMP/err" | sed 's/^/#   /' ;;
	esac
}

expect_one_line_err() {  # the error is exactly one line
	n=$(wc -l <"$T_TMP/err")
	if [ "$n" -eq 1 ]; then t_ok 0 "$1"; else
		t_ok 1 "$1"; echo "#   stderr has $n lines:"; head -c 600 "$T_TMP/err" | sed 's/^/#   /'
	fi
}

same_file() {  # same_file A B DESCRIPTION
	if cmp -s "$1" "$2"; then t_ok 0 "$3"; else
		t_ok 1 "$3"; diff "$1" "$2" | head -20 | sed 's/^/#   /'
	fi
}

t_done() {
	echo "1..$T_N"
	[ "$T_FAILED" -eq 0 ]
}
