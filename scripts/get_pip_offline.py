"""Offline stand-in for the get-pip script that ansible-test downloads.

ansible-test creates each of its virtual environments without pip and bootstraps pip with a
get-pip script fetched from a host that this project's machines cannot reach. Before
downloading, it looks for ~/.ansible/test/cache/get_pip_<version>.py; scripts/seed-get-pip.sh
copies this file there. ansible-test runs it with the new environment's interpreter and
get-pip's arguments (e.g. ``--disable-pip-version-check pip==24.2 --no-setuptools --no-wheel``).

We install the requested packages from the package index instead: with the base
interpreter's pip aimed at the new environment (``pip --python``, fast), or else with
ensurepip followed by a pip install (slower, but needs nothing outside the environment).
"""

import subprocess
import sys

GET_PIP_ONLY_FLAGS = ("--no-setuptools", "--no-wheel", "--no-pip")


def main(argv):
    args = [arg for arg in argv if arg not in GET_PIP_ONLY_FLAGS]
    target = sys.executable
    base = getattr(sys, "_base_executable", "") or ""

    # In a virtual environment bin/python is often a symlink to the base interpreter, so compare
    # prefixes, not resolved paths.
    if base and sys.prefix != sys.base_prefix:
        command = [base, "-m", "pip", "--python", target, "install", "--quiet"] + args
        if subprocess.call(command) == 0:
            return 0
        sys.stderr.write("get-pip stand-in: 'pip --python' failed, falling back to ensurepip\n")

    subprocess.check_call([target, "-m", "ensurepip", "--default-pip"])
    return subprocess.call([target, "-m", "pip", "install", "--quiet"] + args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
