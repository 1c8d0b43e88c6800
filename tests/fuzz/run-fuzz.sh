#!/bin/sh
# Run one libFuzzer target for a bounded time over its committed seeds:
#   run-fuzz.sh TARGET SEEDS-DIR WORK-DIR SECONDS
# New inputs go to WORK-DIR/corpus, crashes to WORK-DIR/crash-*; the exit
# status is the fuzzer's (non-zero on any crash or property violation).
set -eu
target=$1 seeds=$2 work=$3 secs=$4
mkdir -p "$work/corpus"
exec "$target" -max_total_time="$secs" -rss_limit_mb=2048 -max_len=8192 \
	-print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "$seeds"
