#!/usr/bin/env bash
# Turns a node --test TAP report into the line the root `make test` adds up, and the run's exit status:
#
#   tests/tap-summary.sh NAME TAP_FILE LOG_FILE EXIT_STATUS
#
# prints `NAME: Failed: N, Passed: N` (also into LOG_FILE) and exits non-zero when the run did. Cancelled tests
# (a hook that threw) count as failed, and a report without its totals (node died, or never started) counts as
# one failure: a suite can never pass by not running.
set -uo pipefail
name=$1 tap=$2 log=$3 status=$4
total() { sed -n "s/^# $1 \([0-9]*\)\$/\1/p" "$tap" 2>/dev/null | tail -1; }
pass=$(total pass) fail=$(total fail) cancelled=$(total cancelled)
if [ -n "$fail" ] && [ "${cancelled:-0}" -gt 0 ]; then fail=$((fail + cancelled)); status=1; fi
if [ -z "$pass" ] || [ -z "$fail" ]; then pass=${pass:-0}; fail=$((${fail:-0} + 1)); status=1; fi
echo "$name: Failed: $fail, Passed: $pass" | tee "$log"
exit "$status"
