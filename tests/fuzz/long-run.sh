#!/bin/sh
# A long run of one fuzz target, as issue 6 asks once per target (at least
# 10 million executions), outside the test suite:
#
#   tests/fuzz/long-run.sh BUILD-FUZZ TARGET [RUNS] [WORKDIR]
#
# BUILD-FUZZ is a fuzzing build (scripts/test makes build-fuzz; for speed,
# -Db_sanitize=undefined alone is fine for a long run). TARGET is a name
# under tests/fuzz/corpus (fix, check-rules, import-tsv, ...). New inputs
# go to WORKDIR/TARGET (default /tmp/glossa-fuzz), a finding to
# WORKDIR/TARGET-crash-* and the log to WORKDIR/TARGET.log; the exit
# status is the fuzzer's. Add every finding to tests/fuzz/corpus/TARGET
# and as a regression test. MAX_LEN (default 8192, as in CI) caps the
# input size: fix-glossary's corpus fills with multi-kilobyte house
# forms that slow it tenfold, so its long run uses MAX_LEN=1024.
set -eu
build=$(cd "${1:?usage: long-run.sh BUILD-FUZZ TARGET [RUNS] [WORKDIR]}" && pwd)
target=${2:?usage: long-run.sh BUILD-FUZZ TARGET [RUNS] [WORKDIR]}
runs=${3:-10000000}
max_len=${MAX_LEN:-8192}
work=${4:-/tmp/glossa-fuzz}
src=$(cd "$(dirname "$0")/../.." && pwd)
export GLOSSA_TRANSLIT_DIR="$src/glossaries/translit"
export GLOSSA_DEFAULT_DB="$build/glossaries/default.db"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ninja -C "$build" glossaries/default.db "tests/fuzz/fuzz-$target" >/dev/null
mkdir -p "$work/$target"
start=$(date +%s)
status=0
"$build/tests/fuzz/fuzz-$target" -runs="$runs" -rss_limit_mb=2048 \
	-max_len="$max_len" -print_final_stats=1 -artifact_prefix="$work/$target-" \
	"$work/$target" "$src/tests/fuzz/corpus/$target" \
	>"$work/$target.log" 2>&1 || status=$?
echo "$target: $(grep -o 'number_of_executed_units: [0-9]*' "$work/$target.log" |
	awk '{print $2}') executions in $(($(date +%s) - start)) s, exit $status"
exit $status
