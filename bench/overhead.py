"""Measure 1, task overhead: N unchanged tcpg_extranet tasks against N ansible.builtin.ping tasks.

ping is the floor: what Ansible itself costs to run any module on localhost (template the task, build and
write the AnsiballZ payload, start a Python, read the answer). Both playbooks run on localhost with the
local connection and no fact gathering, alternately, `runs` times each; the medians are compared. The
instance (postgres-demo0002) already has its public address open, so each tcpg_extranet task makes its one
read and changes nothing; the emulator's call log checks that it was exactly one call per task.

Peak memory: the AnsiballZ payload of one task of each module (and of ansible.builtin.uri making one POST to the
emulator: Ansible's own module for one HTTP request) is kept (ANSIBLE_KEEP_REMOTE_FILES) and run again on its
own, nine times (the modules taking turns), and the kernel's peak resident set size of that process (wait4's
ru_maxrss) and its CPU time are read (medians). The CPU of importing requests is that of a Python importing
ansible.module_utils.basic and requests, less that of one importing ansible.module_utils.basic alone (medians
of 7).
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from _common import FQCN, PYTHON, Row, count_by_action, log, median, play

INSTANCE = "postgres-demo0002"  # public address opened in the default world: an unchanged run


def _tasks(module_line: str, count: int) -> str:
    return "".join("    - name: task %d\n      %s\n" % (i, module_line) for i in range(count))


def extranet_line() -> str:
    return "%s.tcpg_extranet: {db_instance_id: %s}" % (FQCN, INSTANCE)


PING_LINE = "ansible.builtin.ping: {}"
# Ansible's own module for one HTTP request: what one API call costs a module with Ansible's own HTTP client.
URI_LINE = (
    "ansible.builtin.uri: {url: \"{{ lookup('ansible.builtin.env', 'TENCENTCLOUD_ENDPOINT') }}\", "
    "method: POST, body_format: json, body: {}}"
)


MODULE_LINES = (("tcpg_extranet", extranet_line()), ("ping", PING_LINE), ("uri", URI_LINE))


def run(emu, ansible, sizes) -> dict:
    emu.prepare(flow_seconds=2.0)
    n, runs = sizes.overhead_tasks, sizes.overhead_runs
    ours_book = play(_tasks(extranet_line(), n))
    ping_book = play(_tasks(PING_LINE, n))
    empty_book = play("    - ansible.builtin.meta: noop\n")
    if not sizes.quick:  # a one-task warm-up of each (disk caches, the AnsiballZ cache), not counted
        ansible.run(play(_tasks(PING_LINE, 1))).check("overhead warm-up (ping)")
        ansible.run(play(_tasks(extranet_line(), 1))).check("overhead warm-up (tcpg_extranet)")
    ours, ping, empty, calls_per_run = [], [], [], []
    for index in range(runs):
        log("overhead: run %d/%d (%d tasks each)" % (index + 1, runs, n))
        ping.append(ansible.run(ping_book).check("ping playbook").wall)
        emu.clear_calls()
        result = ansible.run(ours_book).check("tcpg_extranet playbook")
        ours.append(result.wall)
        if result.totals()["changed"]:
            raise RuntimeError("overhead: the tcpg_extranet tasks were expected unchanged")
        calls_per_run.append(count_by_action(emu.calls()))
        empty.append(ansible.run(empty_book).check("empty playbook").wall)
    memory = peak_memory(emu, ansible)
    imports = import_cost(ansible)
    m_ours, m_ping, m_empty = median(ours), median(ping), median(empty)
    per_task_ms = (m_ours - m_ping) / n * 1000.0
    calls = sum(sum(c.values()) for c in calls_per_run) / float(len(calls_per_run) * n)
    ratio = m_ours / m_ping
    details = {
        "tasks": n,
        "runs": runs,
        "ours_s": ours,
        "ping_s": ping,
        "empty_s": empty,
        "median_ours_s": m_ours,
        "median_ping_s": m_ping,
        "median_empty_s": m_empty,
        "ping_per_task_ms": (m_ping - m_empty) / n * 1000.0,
        "ours_per_task_ms": (m_ours - m_empty) / n * 1000.0,
        "difference_per_task_ms": per_task_ms,
        "ratio": ratio,
        "calls_by_action": calls_per_run,
        "calls_per_task": calls,
        "peak_rss_kib": memory,
        "import_cpu_ms": imports,
    }
    rows = [
        Row(
            "1 overhead",
            "%d unchanged tasks, median of %d (ping playbook)" % (n, runs),
            "%.2f s" % m_ours,
            "%.2f s" % m_ping,
            ratio,
            "<= 1.35x ping",
            ratio <= 1.35,
        ),
        Row(
            "1 overhead",
            "per task over ping",
            "%+.0f ms" % per_task_ms,
            "ping %.0f ms/task" % details["ping_per_task_ms"],
        ),
        Row("1 overhead", "API calls per unchanged task", "%.2f" % calls, "", None, "= 1", calls == 1.0),
        Row(
            "1 overhead",
            "peak RSS of one module process (ping)",
            "%.1f MiB" % (memory["tcpg_extranet"] / 1024.0),
            "%.1f MiB" % (memory["ping"] / 1024.0),
            memory["tcpg_extranet"] / float(memory["ping"]),
        ),
        Row(
            "1 overhead",
            "CPU of one module process, run alone (ping)",
            "%.0f ms" % memory["tcpg_extranet_cpu_ms"],
            "%.0f ms" % memory["ping_cpu_ms"],
            memory["tcpg_extranet_cpu_ms"] / memory["ping_cpu_ms"],
        ),
        Row(
            "1 overhead",
            "CPU of one ansible.builtin.uri process, one POST (ping)",
            "%.0f ms" % memory["uri_cpu_ms"],
            "%.0f ms" % memory["ping_cpu_ms"],
            memory["uri_cpu_ms"] / memory["ping_cpu_ms"],
        ),
        Row(
            "1 overhead",
            "CPU of importing requests after AnsibleModule's imports",
            "%+.0f ms" % (imports["basic_requests"] - imports["basic"]),
            "basic %.0f ms" % imports["basic"],
        ),
    ]
    return {"rows": rows, "details": details}


def peak_memory(emu, ansible, samples: int = 9) -> dict:
    """Peak RSS (KiB) and CPU (ms) of one AnsiballZ process of each module, run again on its own from the kept
    payload: the modules take turns, `samples` rounds, so that a slower moment of the machine weighs on all."""
    payloads = {}
    for name, line in MODULE_LINES:
        keep = ansible.workdir / ("keep-%s" % name)
        result = ansible.run(
            play(_tasks(line, 1)), env={"ANSIBLE_KEEP_REMOTE_FILES": "1", "ANSIBLE_REMOTE_TMP": str(keep)}
        )
        result.check("keeping the AnsiballZ payload of %s" % name)
        kept = sorted(Path(keep).rglob("AnsiballZ_*.py"))
        if not kept:
            raise RuntimeError("no AnsiballZ payload kept under %s" % keep)
        payloads[name] = kept[0]
    runs = {name: [] for name in payloads}
    for _ in range(samples):
        for name, payload in payloads.items():
            runs[name].append(_peak_rss([PYTHON, str(payload)], ansible.env()))
    found = {}
    for name, measured in runs.items():
        found[name] = median([rss for rss, _ in measured])
        found[name + "_cpu_ms"] = median([cpu for _, cpu in measured]) * 1000.0
    return found


IMPORTS = (
    ("basic", "import ansible.module_utils.basic"),
    ("basic_requests", "import ansible.module_utils.basic, requests"),
)


def import_cost(ansible) -> dict:
    """CPU (ms, median of 7) of a Python that imports what every module imports, and that plus requests: the
    part of a module process's cost that comes with the requests library (the collection's HTTP client)."""
    found = {}
    for _ in range(7):
        for name, code in IMPORTS:
            found.setdefault(name, []).append(_peak_rss([PYTHON, "-c", code], ansible.env())[1] * 1000.0)
    return {name: median(samples) for name, samples in found.items()}


def _peak_rss(command, env):
    """(peak RSS in KiB, CPU seconds) of one run of `command`."""
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("%s did not finish" % command)
        time.sleep(0.01)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError("%s exited %d" % (command, process.returncode))
    return usage.ru_maxrss, usage.ru_utime + usage.ru_stime
