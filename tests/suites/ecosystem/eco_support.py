"""Helpers of the ecosystem suite beyond tests/suites/_support: the module list and running the other tools
(ansible-galaxy, ansible-doc, ansible-builder) hermetically."""

import os
import subprocess
import sys
from pathlib import Path

from _support import COLLECTION_FQCN as FQCN  # noqa: F401 - re-exported
from _support import REPO_ROOT as REPO
from _support.playbook import ansible_bin
from harness import DEFAULT_REGION as REGION  # noqa: F401 - re-exported: the keys of the emulator's default world
from harness import (  # noqa: F401 - re-exported: the emulator's demo and temporary keys, for the ecosystem tests
    DEMO_SECRET_ID,
    DEMO_SECRET_KEY,
    TEMP_SECRET_ID,
    TEMP_SECRET_KEY,
    TEMP_TOKEN,
)

# The tools of the environment running the tests (.venv/bin under make).
BIN = Path(sys.executable).parent
# The commands of ansible-core itself come from TCPG_ANSIBLE_BIN when it names another core's venv
# (make galaxy-<core>); the other tools (ansible-builder, ansible-runner, python) stay in BIN.
CORE_TOOLS = ("ansible", "ansible-galaxy", "ansible-doc", "ansible-playbook", "ansible-config", "ansible-inventory")


def modules():
    """The module names of the collection, from plugins/modules."""
    return sorted(p.stem for p in (REPO / "plugins" / "modules").glob("*.py") if not p.name.startswith("_"))


def inventory_plugins():
    """The inventory plugin names of the collection, from plugins/inventory."""
    return sorted(p.stem for p in (REPO / "plugins" / "inventory").glob("*.py") if not p.name.startswith("_"))


def tool(name):
    path = (ansible_bin() if name in CORE_TOOLS else BIN) / name
    assert path.exists(), "%s is not installed in %s" % (name, path.parent)
    return str(path)


def clean_env(collections_path, **extra):
    """An environment for an Ansible tool: none of the caller's TENCENTCLOUD_* or ANSIBLE_* variables."""
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("TENCENTCLOUD_", "ANSIBLE_")))
    env.update(
        PATH=os.pathsep.join([str(ansible_bin()), str(BIN), env.get("PATH", "")]),
        ANSIBLE_COLLECTIONS_PATH=str(collections_path),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        ANSIBLE_NOCOLOR="1",
    )
    env.update(extra)
    return env


def run(cmd, env=None, cwd=None, timeout=120):
    """Run ``cmd``; on failure the assertion message shows its output."""
    done = subprocess.run(
        [str(c) for c in cmd],
        env=env,
        cwd=cwd,
        timeout=timeout,
        text=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert done.returncode == 0, "%s exited %d\n--- stdout\n%s\n--- stderr\n%s" % (
        " ".join(str(c) for c in cmd),
        done.returncode,
        done.stdout[-6000:],
        done.stderr[-6000:],
    )
    return done
