#!/usr/bin/env bash
# Put scripts/get_pip_offline.py where ansible-test looks for its cached get-pip script:
# ~/.ansible/test/cache/get_pip_<pip version with underscores>.py, the version being the one
# pinned by the ansible-test that the given interpreter imports (24.2 for 2.19, 25.2 for 2.21).
# Usage: seed-get-pip.sh PYTHON
set -euo pipefail
python="${1:?usage: seed-get-pip.sh PYTHON}"
here="$(cd "$(dirname "$0")" && pwd)"

version="$("$python" - <<'PY'
import os, re, ansible_test
path = os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py")
with open(path, encoding="utf-8") as handle:
    match = re.search(r"\bpip='([0-9.]+)'", handle.read())
print(match.group(1) if match else "")
PY
)"
if [ -z "$version" ]; then
    echo "seed-get-pip: cannot find the pip version pinned by ansible-test ($python)" >&2
    exit 1
fi

cache="$HOME/.ansible/test/cache"
target="$cache/get_pip_${version//./_}.py"
mkdir -p "$cache"
if ! cmp -s "$here/get_pip_offline.py" "$target"; then
    cp "$here/get_pip_offline.py" "$target"
    echo "seed-get-pip: wrote $target"
fi
