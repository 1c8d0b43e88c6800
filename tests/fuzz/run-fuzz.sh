#!/bin/sh
# Run one libFuzzer target for a bounded time over its committed seeds:
#   run-fuzz.sh TARGET SEEDS-DIR WORK-DIR SECONDS
# New inputs go to WORK-DIR/corpus, crashes to WORK-DIR/crash-*. Any
# finding fails the test: libFuzzer exits 77 on one, which meson would
# count as a skip, so that status becomes 1.
set -eu
target=$1 seeds=$2 work=$3 secs=$4
mkdir -p "$work/corpus"
status=0
"$target" -max_total_time="$secs" -rss_limit_mb=2048 -max_len=8192 \
	-print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "$seeds" ||
	status=$?
[ "$status" -ne 77 ] || status=1
exit "$status"
