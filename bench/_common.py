"""What every measure shares: paths, the emulator, ansible-playbook runs, the call log, rows of the table.

Not part of the collection (galaxy.yml build_ignore has bench/). Standard library plus requests and the
emulator's harness (tests/emulator/harness.py).
"""

from __future__ import annotations

import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
BUILD_DIR = REPO_ROOT / ".build"
EMULATOR_DIR = REPO_ROOT / "tests" / "emulator"
if str(EMULATOR_DIR) not in sys.path:
    sys.path.insert(0, str(EMULATOR_DIR))

import harness  # noqa: E402  (tests/emulator/harness.py)
from pgemu.world.default_world import default_world  # noqa: E402,F401  (re-exported for the fleet)

FQCN = "tencentcloud.postgresql"
REGION = harness.DEFAULT_REGION
PYTHON = sys.executable  # .venv's under make bench: ansible-core, requests, the SDK, tccli


def tool(name: str) -> str:
    """An executable installed beside the running interpreter (.venv/bin), else the one on PATH."""
    beside = Path(PYTHON).parent / name
    return str(beside) if beside.exists() else name


# --- the collection on a collections path -----------------------------------------------------------------


def collections_path() -> Path:
    """.build/collections with ansible_collections/tencentcloud/postgresql linked to this work tree (as
    `make collection-path` makes it), made here too so that bench/run.py also works on its own."""
    root = BUILD_DIR / "collections"
    link = root / "ansible_collections" / "tencentcloud" / "postgresql"
    if not (link.is_symlink() and link.resolve() == REPO_ROOT):
        link.parent.mkdir(parents=True, exist_ok=True)
        temp = link.with_name(".postgresql.%d" % os.getpid())
        if temp.is_symlink():
            temp.unlink()
        temp.symlink_to(REPO_ROOT, target_is_directory=True)
        os.replace(temp, link)
    return root


# --- the emulator -----------------------------------------------------------------------------------------


class Emulator(harness.Emulator):
    """The harness's control client, either over the emulator `make bench` started (TENCENTCLOUD_ENDPOINT,
    from scripts/with-emulator.sh) or over one started here. Each measure resets it and sets what it needs."""

    owned = False

    @classmethod
    def attach_or_start(cls, own: bool = False) -> "Emulator":
        url = os.environ.get("TENCENTCLOUD_ENDPOINT", "")
        if url.startswith("http://") and not own:
            emu = cls(None, url.rstrip("/"), None, tempfile.mkdtemp(prefix="tcpg-bench-emu-"))
            try:
                emu._control("GET", "health")
                return emu
            except Exception:  # noqa: BLE001 - not an emulator: start our own
                emu._session.close()
        started = harness.Emulator.start(flow_seconds=2.0)
        emu = cls(started.process, started.url, None, started._workdir)
        emu.owned = True
        return emu

    def stop(self, timeout: float = 10.0) -> int:
        if self.owned:
            return super().stop(timeout)
        self._session.close()
        return 0

    def prepare(self, world=None, flow_seconds: float = 2.0, rate_limit: bool = True) -> None:
        """A fresh world (the default one unless given), the flow time, the documented rate limits."""
        self.reset(world)
        self.configure(flow_seconds=flow_seconds, rate_limit=rate_limit)
        self.clear_calls()


def count_by_action(calls: list) -> dict:
    counts: dict = {}
    for call in calls:
        counts[call["action"]] = counts.get(call["action"], 0) + 1
    return dict(sorted(counts.items()))


RETRYABLE_CODES = ("RequestLimitExceeded", "InternalError", "ServiceUnavailable")


def retries_in(calls: list) -> int:
    """Calls that repeat the previous call of the same action with the same parameters after it was
    refused with a retryable code (throttled, internal error): the client's retries, seen from the server.
    """
    last_refused = {}
    retries = 0
    for call in calls:
        key = (call["action"], json.dumps(call.get("params"), sort_keys=True))
        if last_refused.get(key):
            retries += 1
        code = call.get("error_code") or ""
        last_refused[key] = code.split(".")[0] in RETRYABLE_CODES or code in RETRYABLE_CODES
    return retries


def throttled_in(calls: list) -> int:
    return sum(1 for c in calls if (c.get("error_code") or "").startswith("RequestLimitExceeded"))


# --- ansible-playbook -------------------------------------------------------------------------------------


@dataclasses.dataclass
class PlaybookRun:
    wall: float  # seconds, from starting ansible-playbook to its exit
    rc: int
    stats: dict  # per host: ok, changed, failures, unreachable, skipped ...
    results: list  # bench_record's lines: event, time (arrival on the controller), task, host, result
    stdout: str
    stderr: str
    task_starts: list = dataclasses.field(default_factory=list)  # controller's clock as each task started

    @property
    def tasks_span(self) -> float:
        """Seconds from the first task's start to the last result: the play's work without ansible-playbook's own
        start-up and exit, which are the same whatever the tasks do."""
        if not self.task_starts or not self.results:
            raise BenchError("no task start or result was recorded")
        return self.results[-1]["time"] - self.task_starts[0]

    def totals(self) -> dict:
        keys = ("ok", "changed", "failures", "unreachable", "skipped", "ignored", "rescued")
        return {k: sum(h.get(k, 0) for h in self.stats.values()) for k in keys}

    def check(self, what: str) -> "PlaybookRun":
        if self.rc != 0:
            raise BenchError(
                "%s: ansible-playbook exited %d\n%s\n%s\n%s"
                % (what, self.rc, self.first_failure(), self.stdout[-3000:], self.stderr[-2000:])
            )
        return self

    def first_failure(self) -> str:
        for record in self.results:
            if record["event"] in ("failed", "unreachable"):
                return "%s on %s: %s" % (record["task"], record["host"], record["result"].get("msg"))
        return ""


class BenchError(RuntimeError):
    pass


class Ansible:
    """Runs ansible-playbook hermetically: this collection, the emulator's endpoint and demo key, the json
    stdout callback (so results and stats are read, not scraped), a private temp dir."""

    def __init__(self, emulator_url: str, workdir: Path):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.emulator_url = emulator_url
        self._count = 0

    def env(self, extra=None) -> dict:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("TENCENTCLOUD_", "ANSIBLE_"))}
        base.update(
            {
                "PATH": str(Path(PYTHON).parent) + os.pathsep + base.get("PATH", ""),
                "ANSIBLE_COLLECTIONS_PATH": str(collections_path()),
                "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
                "ANSIBLE_STDOUT_CALLBACK": "ansible.builtin.default",
                "ANSIBLE_CALLBACK_PLUGINS": str(BENCH_DIR / "callback_plugins"),
                "ANSIBLE_CALLBACKS_ENABLED": "bench_record",
                "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_RETRY_FILES_ENABLED": "false",
                "ANSIBLE_LOCALHOST_WARNING": "false",
                "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
                "ANSIBLE_HOST_KEY_CHECKING": "false",
                "ANSIBLE_LOCAL_TEMP": str(self.workdir / "tmp-local"),
                "ANSIBLE_REMOTE_TMP": str(self.workdir / "tmp-remote"),
                # An absolute async directory: a job's file goes under $HOME, async_status looks under the
                # user's home from the password database, and CI sets HOME elsewhere (README, "Many resources at once").
                "ANSIBLE_ASYNC_DIR": str(self.workdir / "async"),
                "TENCENTCLOUD_ENDPOINT": self.emulator_url,
                "TENCENTCLOUD_SECRET_ID": harness.DEMO_SECRET_ID,
                "TENCENTCLOUD_SECRET_KEY": harness.DEMO_SECRET_KEY,
                "TENCENTCLOUD_REGION": REGION,
            }
        )
        base.update(extra or {})
        return base

    def localhost_inventory(self) -> Path:
        path = self.workdir / "localhost.ini"
        if not path.exists():
            path.write_text("localhost ansible_connection=local ansible_python_interpreter=%s\n" % PYTHON)
        return path

    def run(
        self,
        playbook: str,
        inventory=None,
        forks: int = 5,
        check: bool = False,
        env=None,
        extra_args=(),
        timeout: float = 900,
    ) -> PlaybookRun:
        self._count += 1
        path = self.workdir / ("playbook-%03d.yml" % self._count)
        path.write_text(playbook)
        command = [
            tool("ansible-playbook"),
            "-i",
            str(inventory or self.localhost_inventory()),
            str(path),
            "--forks",
            str(forks),
        ] + list(extra_args)
        if check:
            command.append("--check")
        results_file = self.workdir / ("results-%03d.jsonl" % self._count)
        if results_file.exists():
            results_file.unlink()  # the callback appends: never read an earlier run's lines
        env = dict(env or {}, TCPG_BENCH_RESULTS_FILE=str(results_file))
        started = time.perf_counter()
        done = subprocess.run(
            command,
            env=self.env(env),
            cwd=str(self.workdir),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            timeout=timeout,
        )
        wall = time.perf_counter() - started
        records = []
        if results_file.exists():
            records = [json.loads(line) for line in results_file.read_text(encoding="utf-8").splitlines() if line]
        stats = next((r["stats"] for r in records if r["event"] == "stats"), {})
        return PlaybookRun(
            wall,
            done.returncode,
            stats,
            [r for r in records if r["event"] not in ("stats", "task_start")],
            done.stdout,
            done.stderr,
            [r["time"] for r in records if r["event"] == "task_start"],
        )


def play(tasks: str, hosts: str = "localhost", extra: str = "") -> str:
    """A play without fact gathering; `tasks` is YAML indented for the tasks list (4 spaces)."""
    return "- hosts: %s\n  gather_facts: false\n%s  tasks:\n%s" % (hosts, extra, tasks)


# --- figures and rows -------------------------------------------------------------------------------------


def median(values) -> float:
    return statistics.median(values) if values else float("nan")


@dataclasses.dataclass
class Row:
    """One line of the final table."""

    measure: str  # "1 overhead", ...
    figure: str  # what is measured
    value: str  # ours, formatted
    reference: str = ""  # what it is compared with, formatted
    ratio: float = None  # value / reference where that means something
    target: str = ""
    met: bool = None  # None: no target for this line

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Sizes:
    """How big each measure runs; --quick shrinks everything to seconds."""

    overhead_tasks: int = 50
    overhead_runs: int = 5
    peer_runs: int = 3
    peer_flow: float = 2.0
    short_flow: float = 5.0
    long_flow: float = 30.0
    latency_runs: int = 3
    latency_long_runs: int = 2
    fleet_instances: int = 500
    fleet_forks: int = 50
    fleet_flow: float = 5.0
    pressure_instances: int = 60  # fleet under a tenth of the DescribeTasks limit; 0: skipped
    pressure_limit: int = 2
    many_counts: tuple = (8, 50)  # many: instances opened from one play
    many_flows: tuple = (10.0, 60.0)  # many: flow seconds
    many_loop_n: int = 4  # many: instances the plain loop is measured on (its figure for N is scaled from it)
    quick: bool = False  # no warm-up runs, fewer scenarios: the smoke test's mode, its figures mean little

    @classmethod
    def quick_sizes(cls) -> "Sizes":
        return cls(
            overhead_tasks=3,
            overhead_runs=1,
            peer_runs=1,
            peer_flow=1.0,
            short_flow=1.0,
            long_flow=2.0,
            latency_runs=1,
            latency_long_runs=1,
            fleet_instances=4,
            fleet_forks=3,
            fleet_flow=1.0,
            pressure_instances=4,
            pressure_limit=1,
            many_counts=(3,),
            many_flows=(2.0,),
            many_loop_n=1,
            quick=True,
        )


def seconds(value: float) -> str:
    return "%.2f s" % value


def log(message: str) -> None:
    print("[bench %s] %s" % (time.strftime("%H:%M:%S"), message), file=sys.stderr, flush=True)
