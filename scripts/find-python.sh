#!/usr/bin/env bash
# Print the path of a Python interpreter of the given minor version (e.g. 3.11), or nothing.
# Order: pythonX.Y on PATH (when it really runs: pyenv shims exit 127 for versions that are
# not selected), then the newest ~/.pyenv/versions/X.Y.*/bin/python.
set -u
want="${1:?usage: find-python.sh X.Y}"

if command -v "python${want}" >/dev/null 2>&1; then
    if found="$("python${want}" -c 'import sys; print(sys.executable)' 2>/dev/null)" && [ -n "$found" ]; then
        echo "$found"
        exit 0
    fi
fi

pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
# HOME may point into the work folder in CI; the pyenv install stays where the image put it.
for root in "$pyenv_root" "$(getent passwd "$(id -u)" | cut -d: -f6)/.pyenv"; do
    for candidate in $(printf '%s\n' "$root/versions/${want}".* | sort -V -r); do
        if [ -x "$candidate/bin/python" ]; then
            echo "$candidate/bin/python"
            exit 0
        fi
    done
done
exit 1
