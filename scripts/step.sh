#!/usr/bin/env bash
# Run one step of `make test`, keep its log, and record its outcome; always exits 0 so that
# every step runs. scripts/summarize.py reads the records.
#
# Usage: step.sh [--junit FILE | --setup] NAME -- COMMAND...
#   --junit FILE   the JUnit file this step writes (its test cases are counted instead of the step)
#   --setup        a preparation (e.g. a venv): counted only when it fails
#
# Writes .build/steps/NAME.status (key=value lines: status=passed|failed|skipped, kind, rc,
# seconds, started, junit, log, reason) and .build/logs/NAME.log. A command skips by calling
# scripts/skip.sh REASON (which writes $STEP_SKIP_FILE) and exiting 0. STEP_TIMEOUT (seconds,
# default 1800) bounds each step. STEP_QUIET=1 (steps running side by side) keeps the output in
# the log only; the console gets the start and end lines, and the log's tail when the step fails.
set -u
build="$(cd "$(dirname "$0")/.." && pwd)/.build"
junit=""
kind=check
case "${1:-}" in
    --junit) junit="$2"; shift 2 ;;
    --setup) kind=setup; shift ;;
esac
name="${1:?usage: step.sh [--junit FILE] NAME -- COMMAND...}"; shift
[ "${1:-}" = "--" ] && shift

mkdir -p "$build/steps" "$build/logs"
record="$build/steps/$name.status"
log="$build/logs/$name.log"
skip_file="$build/steps/$name.skip"
rm -f "$record" "$skip_file"
[ -n "$junit" ] && rm -f "$junit"

started="$(date +%s.%N)"
echo "==> step $name: $*"
if [ "${STEP_QUIET:-}" = "1" ]; then
    STEP_SKIP_FILE="$skip_file" timeout --kill-after=30 "${STEP_TIMEOUT:-1800}" "$@" > "$log" 2>&1 < /dev/null
    rc=$?
else
    STEP_SKIP_FILE="$skip_file" timeout --kill-after=30 "${STEP_TIMEOUT:-1800}" "$@" 2>&1 | tee "$log"
    rc="${PIPESTATUS[0]}"
fi
seconds="$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"

reason=""
if [ "$rc" -eq 0 ] && [ -s "$skip_file" ]; then
    status=skipped
    reason="$(tr '\n' ' ' < "$skip_file")"
elif [ "$rc" -eq 0 ]; then
    status=passed
else
    status=failed
    [ "$rc" -eq 124 ] && reason="timed out after ${STEP_TIMEOUT:-1800} s"
fi
rm -f "$skip_file"

{
    echo "status=$status"
    echo "kind=$kind"
    echo "rc=$rc"
    echo "seconds=$seconds"
    echo "started=$started"
    echo "junit=$junit"
    echo "log=$log"
    echo "reason=$reason"
} > "$record"
if [ "${STEP_QUIET:-}" = "1" ] && [ "$status" = "failed" ]; then
    tail -n 40 "$log" | sed "s/^/    [$name] /"
fi
echo "<== step $name: $status (${seconds} s)${reason:+: $reason}"
exit 0
