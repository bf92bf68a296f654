#!/usr/bin/env bash
# Run a command against a fresh local emulator, then stop it, whatever happens.
#
# Usage: with-emulator.sh COMMAND [ARGS...]
# The emulator (tests/emulator/serve.py, on a free loopback port) gets EMULATOR_ARGS
# (default "--flow-seconds 2"); the command gets, in its environment, the emulator's URL and
# the demo key of its default world, and no other TENCENTCLOUD_* variable:
#   TENCENTCLOUD_ENDPOINT, TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_REGION
# Exits with the command's status (1 when the emulator does not start). The command's stdin is
# /dev/null. The emulator's output
# goes to .build/emulator/emulator-<pid>.log. EMULATOR_PYTHON picks the interpreter (.venv's).
set -u
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${EMULATOR_PYTHON:-$repo/.venv/bin/python}"
serve="$repo/tests/emulator/serve.py"
start_timeout="${EMULATOR_START_TIMEOUT:-30}"

if [ "$#" -eq 0 ]; then
    echo "usage: with-emulator.sh COMMAND [ARGS...]" >&2
    exit 2
fi
if [ ! -f "$serve" ]; then
    echo "with-emulator: $serve is missing, so there is no emulator to run against" >&2
    exit 1
fi

mkdir -p "$repo/.build/emulator"
log="$repo/.build/emulator/emulator-$$.log"
# shellcheck disable=SC2086 # EMULATOR_ARGS is a list of options
"$python" "$serve" --port 0 ${EMULATOR_ARGS:---flow-seconds 2} > "$log" 2>&1 < /dev/null &
emulator_pid=$!

# shellcheck disable=SC2317 # called by the EXIT trap
stop_emulator() {
    if kill -0 "$emulator_pid" 2> /dev/null; then
        kill -TERM "$emulator_pid" 2> /dev/null
        for _ in $(seq 1 100); do
            kill -0 "$emulator_pid" 2> /dev/null || break
            sleep 0.1
        done
        kill -KILL "$emulator_pid" 2> /dev/null
    fi
    wait "$emulator_pid" 2> /dev/null
}
trap stop_emulator EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

url=""
deadline=$((SECONDS + start_timeout))
while [ -z "$url" ]; do
    url="$(sed -n 's/^listening on \([^[:space:]]*\).*/\1/p' "$log" | head -n 1)"
    [ -n "$url" ] && break
    if ! kill -0 "$emulator_pid" 2> /dev/null; then
        echo "with-emulator: the emulator exited before it listened; its output:" >&2
        cat "$log" >&2
        exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
        echo "with-emulator: no 'listening on URL' line from the emulator within ${start_timeout} s; its output:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.1
done

for variable in $(compgen -e | grep '^TENCENTCLOUD_'); do
    unset "$variable"
done
export TENCENTCLOUD_ENDPOINT="$url"
export TENCENTCLOUD_SECRET_ID="AKIDEMULATORDEMOKEY000000000000000000"
export TENCENTCLOUD_SECRET_KEY="emulator-demo-secret-key-0000000000"
export TENCENTCLOUD_REGION="ap-guangzhou"
echo "with-emulator: emulator listening on $url (pid $emulator_pid, log $log)"

# The command runs in the background (stdin: /dev/null) and is waited for, so that a TERM or
# INT sent to this script is handled at once: passed on to the command, then the emulator stops.
"$@" &
command_pid=$!
trap 'kill -TERM "$command_pid" 2> /dev/null; exit 143' TERM
trap 'kill -INT "$command_pid" 2> /dev/null; exit 130' INT
wait "$command_pid"
status=$?
exit "$status"
