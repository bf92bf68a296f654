"""Helpers of the ecosystem suite: where things are, how to run the Ansible tools, a private emulator."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
# The tools of the environment running the tests (.venv/bin when run by make).
BIN = Path(sys.executable).parent
FQCN = "tencentcloud.postgresql"
DEMO_SECRET_ID = "AKIDEMULATORDEMOKEY000000000000000000"
DEMO_SECRET_KEY = "emulator-demo-secret-key-0000000000"
TEMP_SECRET_ID = "AKIDEMULATORTEMPKEY000000000000000000"
TEMP_SECRET_KEY = "emulator-temp-secret-key-0000000000"
TEMP_TOKEN = "emulator-temp-token-000000000000"
REGION = "ap-guangzhou"


def modules():
    """The module names of the collection, from plugins/modules."""
    return sorted(p.stem for p in (REPO / "plugins" / "modules").glob("*.py") if not p.name.startswith("_"))


def tool(name):
    path = BIN / name
    assert path.exists(), "%s is not installed next to %s" % (name, sys.executable)
    return str(path)


def clean_env(collections_path, **extra):
    """The environment for an Ansible command: none of the caller's TENCENTCLOUD_* variables, quiet output."""
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("TENCENTCLOUD_", "ANSIBLE_")))
    env.update(
        PATH="%s%s%s" % (BIN, os.pathsep, env.get("PATH", "")),
        ANSIBLE_COLLECTIONS_PATH=str(collections_path),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_LOCALHOST_WARNING="false",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
        ANSIBLE_DEPRECATION_WARNINGS="false",
        ANSIBLE_RETRY_FILES_ENABLED="false",
    )
    env.update(extra)
    return env


def run(cmd, env=None, cwd=None, timeout=120, check=True):
    """Run ``cmd``; on failure show its output in the assertion message."""
    done = subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, timeout=timeout, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if check:
        assert done.returncode == 0, "%s exited %d\n--- stdout\n%s\n--- stderr\n%s" % (
            " ".join(str(c) for c in cmd), done.returncode, done.stdout[-6000:], done.stderr[-6000:])
    return done


def adhoc(module, args, env, cwd, check=True, extra=()):
    """Run one module with the ``ansible`` command on localhost.

    Returns ``(status, result, output)``: the status the default ad hoc output shows (``SUCCESS``,
    ``CHANGED``, ``FAILED!``), the result it prints as JSON, and the whole stdout (a diff shows there).
    """
    done = run([tool("ansible"), "localhost", "-m", module, "-a", args] + list(extra), env=env, cwd=cwd,
               check=check)
    match = re.search(r"^localhost \| ([A-Z]+!?) => ", done.stdout, re.M)
    assert match, "no result in:\n%s\n%s" % (done.stdout, done.stderr)
    result, _ = json.JSONDecoder().raw_decode(done.stdout, match.end())
    return match.group(1), result, done.stdout


class Emulator:
    """A private emulator process for one test module, so its world starts in the documented state."""

    def __init__(self, tmp):
        self.out = tmp / "emulator.log"
        with open(self.out, "w") as log:
            self.proc = subprocess.Popen(
                [sys.executable, str(REPO / "tests" / "emulator" / "serve.py"), "--port", "0",
                 "--flow-seconds", "0.5"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            text = self.out.read_text()
            if "listening on " in text:
                self.url = text.split("listening on ", 1)[1].split()[0]
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("the emulator did not start:\n%s" % self.out.read_text())

    def env(self, secret_id=DEMO_SECRET_ID, secret_key=DEMO_SECRET_KEY, region=REGION):
        return dict(TENCENTCLOUD_ENDPOINT=self.url, TENCENTCLOUD_SECRET_ID=secret_id,
                    TENCENTCLOUD_SECRET_KEY=secret_key, TENCENTCLOUD_REGION=region)

    def control(self, name, method="GET"):
        request = urllib.request.Request(self.url + "/_emulator/" + name, method=method)
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read().decode("utf-8"))

    def calls(self):
        return self.control("calls")["calls"]

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
