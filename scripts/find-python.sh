#!/usr/bin/env bash
# Print the path of the first Python interpreter found among the given minor versions, or nothing
# (exit 1). Usage: find-python.sh X.Y [X.Y...], most wanted first (e.g. 3.13 3.12 3.11: the newest
# the machine has). For each version: pythonX.Y on PATH (when it really runs: pyenv shims exit 127
# for versions that are not selected), then the newest ~/.pyenv/versions/X.Y.*/bin/python.
set -u
[ "$#" -gt 0 ] || { echo "usage: find-python.sh X.Y [X.Y...]" >&2; exit 2; }

pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
# HOME may point into the work folder in CI; the pyenv install stays where the image put it.
roots="$pyenv_root $(getent passwd "$(id -u)" | cut -d: -f6)/.pyenv"

for want in "$@"; do
    if command -v "python${want}" >/dev/null 2>&1; then
        if found="$("python${want}" -c 'import sys; print(sys.executable)' 2>/dev/null)" && [ -n "$found" ]; then
            echo "$found"
            exit 0
        fi
    fi
    for root in $roots; do
        for candidate in $(printf '%s\n' "$root/versions/${want}".* | sort -V -r); do
            if [ -x "$candidate/bin/python" ] && "$candidate/bin/python" -c '' 2>/dev/null; then
                echo "$candidate/bin/python"
                exit 0
            fi
        done
    done
done
exit 1
