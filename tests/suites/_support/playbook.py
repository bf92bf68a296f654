"""Run ansible-playbook and ansible from the test environment and collect every task result.

Each run gets a private temp dir with an inventory (localhost, connection local, this Python),
and enables the record_results callback (callback_plugins/ beside this file), which writes one
JSON line per task result. The stdout callback stays ansible.builtin.default, so the output
reads as usual in assertion messages.

A record looks like:
    {"event": "ok" | "failed" | "skipped" | "unreachable", "task": "<name>", "action": "<module>",
     "host": "localhost", "changed": bool, "failed": bool, "skipped": bool, "unreachable": bool,
     "ignore_errors": bool, "result": {<the module's return values: msg, diff, ...>}}
"""

import dataclasses
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _support.paths import REPO_ROOT, collections_path

CALLBACK_DIR = Path(__file__).resolve().parent / "callback_plugins"

# The emulator's default world accepts this key (tests/emulator/README.md).
DEMO_SECRET_ID = "AKIDEMULATORDEMOKEY000000000000000000"
DEMO_SECRET_KEY = "emulator-demo-secret-key-0000000000"
DEMO_REGION = "ap-guangzhou"

DEFAULT_TIMEOUT = 900


@dataclasses.dataclass
class Result:
    """What one ansible-playbook / ansible run did."""

    rc: int
    stdout: str
    stderr: str
    results: list

    def tasks(self, name=None, host=None):
        """The records of the task(s) with this name (all when None), in the order they ran."""
        return [r for r in self.results if (name is None or r["task"] == name) and (host is None or r["host"] == host)]

    def task(self, name, host=None):
        """The one record of the task with this name; AssertionError when there is none or several."""
        found = self.tasks(name, host)
        if len(found) != 1:
            raise AssertionError(
                "expected one result of task %r, found %d; tasks run: %s\n%s"
                % (name, len(found), [r["task"] for r in self.results], self)
            )
        return found[0]

    @property
    def failed(self):
        """Records of failed tasks, ignored failures included."""
        return [r for r in self.results if r["failed"] or r["unreachable"]]

    @property
    def changed(self):
        return [r for r in self.results if r["changed"]]

    def __str__(self):
        return "rc=%d\n--- stdout (tail)\n%s\n--- stderr (tail)\n%s" % (
            self.rc,
            self.stdout[-6000:],
            self.stderr[-4000:],
        )


def emulator_env(url, secret_id=DEMO_SECRET_ID, secret_key=DEMO_SECRET_KEY, region=DEMO_REGION):
    """The environment the modules need to talk to an emulator at `url` with the demo key."""
    return {
        "TENCENTCLOUD_ENDPOINT": url,
        "TENCENTCLOUD_SECRET_ID": secret_id,
        "TENCENTCLOUD_SECRET_KEY": secret_key,
        "TENCENTCLOUD_REGION": region,
    }


# TCPG_ANSIBLE_BIN names the bin folder of another virtualenv whose ansible-core runs the playbooks (its
# ansible-playbook, ansible and python), while pytest and the emulator stay in this one (make integration-<core>).
ANSIBLE_BIN_ENV = "TCPG_ANSIBLE_BIN"


def ansible_bin():
    """The folder of the Ansible commands and of the modules' Python: TCPG_ANSIBLE_BIN, or the running
    interpreter's own (.venv/bin under make)."""
    other = os.environ.get(ANSIBLE_BIN_ENV)
    if other:
        if not (Path(other) / "ansible-playbook").exists() or not (Path(other) / "python").exists():
            raise FileNotFoundError("%s=%s holds no ansible-playbook and python" % (ANSIBLE_BIN_ENV, other))
        return Path(other)
    return Path(sys.executable).parent


@functools.lru_cache(maxsize=None)
def core_version():
    """(major, minor) of the ansible-core that runs the playbooks (the one in ansible_bin())."""
    done = subprocess.run(
        [str(ansible_bin() / "python"), "-c", "from ansible.release import __version__ as v; print(v)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return tuple(int(part) for part in done.stdout.strip().split(".")[:2])


def _tool(name):
    """The Ansible command in ansible_bin(), else on PATH."""
    beside = ansible_bin() / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError("%s is neither in %s nor on PATH" % (name, ansible_bin()))
    return found


def ansible_env(workdir, results_file, env=None):
    """The environment of one run: hermetic (none of the caller's TENCENTCLOUD_* or ANSIBLE_*
    variables), this collection reachable, the recorder enabled, then `env` on top."""
    workdir = Path(workdir)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TENCENTCLOUD_", "ANSIBLE_"))}
    base.update(
        {
            "PATH": str(ansible_bin()) + os.pathsep + base.get("PATH", ""),
            "ANSIBLE_COLLECTIONS_PATH": str(collections_path()),
            "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
            "ANSIBLE_STDOUT_CALLBACK": "ansible.builtin.default",
            "ANSIBLE_CALLBACK_PLUGINS": str(CALLBACK_DIR),
            "ANSIBLE_CALLBACKS_ENABLED": "record_results",
            "ANSIBLE_LOAD_CALLBACK_PLUGINS": "true",  # the `ansible` command loads no callbacks otherwise
            "TCPG_TEST_RESULTS_FILE": str(results_file),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_LOCAL_TEMP": str(workdir / "tmp-local"),
            "ANSIBLE_REMOTE_TMP": str(workdir / "tmp-remote"),
            # async jobs: an absolute directory, since ansible-core writes a job's file under $HOME but
            # async_status looks under the connection user's home, and CI sets HOME elsewhere (README).
            "ANSIBLE_ASYNC_DIR": str(workdir / "async"),
        }
    )
    base.update(env or {})
    return base


def _inventory(workdir):
    path = Path(workdir) / "inventory.ini"
    interpreter = ansible_bin() / "python"
    path.write_text("localhost ansible_connection=local ansible_python_interpreter=%s\n" % interpreter)
    return str(path)


def _playbook_path(path_or_text, workdir):
    if isinstance(path_or_text, Path) or "\n" not in path_or_text:
        path = Path(path_or_text)
        if not path.is_absolute() and not path.exists():
            path = REPO_ROOT / path
        if not path.exists():
            raise FileNotFoundError("no playbook at %s (pass YAML text with newlines to run inline)" % path)
        return str(path.resolve())
    path = Path(workdir) / "playbook.yml"
    path.write_text(path_or_text)
    return str(path)


def _common_options(check, diff, verbosity):
    options = []
    if check:
        options.append("--check")
    if diff:
        options.append("--diff")
    if verbosity:
        options.append("-" + "v" * verbosity)
    return options


def _run(command, workdir, results_file, env, cwd, timeout):
    done = subprocess.run(
        command,
        env=ansible_env(workdir, results_file, env),
        cwd=cwd or workdir,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=timeout,
    )
    records = []
    if results_file.exists():
        records = [json.loads(line) for line in results_file.read_text(encoding="utf-8").splitlines() if line]
    return Result(done.returncode, done.stdout, done.stderr, records)


def run_playbook(
    path_or_text,
    extra_vars=None,
    env=None,
    check=False,
    diff=False,
    verbosity=0,
    tags=None,
    cwd=None,
    timeout=DEFAULT_TIMEOUT,
):
    """Run a playbook (a path, relative ones also from the repository root, or YAML text) on localhost.

    extra_vars go through a JSON file, so their types survive; env is applied last (e.g.
    emulator_env(url)); tags is a name or a list of names.
    """
    with tempfile.TemporaryDirectory(prefix="tcpg-playbook-") as workdir:
        workdir = Path(workdir)
        command = [_tool("ansible-playbook"), "-i", _inventory(workdir), _playbook_path(path_or_text, workdir)]
        if extra_vars:
            vars_file = workdir / "extra_vars.json"
            vars_file.write_text(json.dumps(extra_vars))
            command += ["-e", "@%s" % vars_file]
        if tags:
            command += ["--tags", tags if isinstance(tags, str) else ",".join(tags)]
        command += _common_options(check, diff, verbosity)
        return _run(command, workdir, workdir / "results.jsonl", env, cwd, timeout)


def run_adhoc(module, args=None, env=None, check=False, diff=False, verbosity=0, cwd=None, timeout=DEFAULT_TIMEOUT):
    """Run one module with the `ansible` command on localhost; args is a dict (sent as JSON) or a
    key=value string."""
    with tempfile.TemporaryDirectory(prefix="tcpg-adhoc-") as workdir:
        workdir = Path(workdir)
        command = [_tool("ansible"), "localhost", "-i", _inventory(workdir), "-m", module]
        if args:
            command += ["-a", args if isinstance(args, str) else json.dumps(args)]
        command += _common_options(check, diff, verbosity)
        return _run(command, workdir, workdir / "results.jsonl", env, cwd, timeout)
