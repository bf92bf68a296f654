"""Fault matrix: every module that changes things x present/absent x every fault of issue 6.

Each scenario starts from the default world, injects one fault (or skews the server clock), runs the module
once, and judges the outcome against the emulator's true state and call log (rel_judge). Wrong outcomes must
be 0. Faults that wear out (a burst, one lost answer, a few busy refusals) must be ridden out: the run
converges. Faults that last (a throttling storm, a resource busy for good, a task that fails, a skewed clock)
must end in a clear failure.

The bulk runs the module's main() in this process on virtual time (rel_inprocess), so waits and backoffs cost
nothing; `test_matrix_through_ansible_playbook` runs a representative subset through a real ansible-playbook
on wall time, with the emulator's rate limits on, and judges it the same way.
"""

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import rel_report
from _support import DEMO_REGION, DEMO_SECRET_ID, DEMO_SECRET_KEY, emulator_env, run_playbook
from harness import Emulator
from rel_inprocess import MODULES, run_module
from rel_judge import CLIENT_TIMEOUT, CONVERGED, WRONG, cases, fault_catalog, judge

WAIT_TIMEOUT = 120
WRITING_MODULES = [m for m in MODULES if not m.endswith("_info")]
CASES = cases(WRITING_MODULES)
FAULTS = fault_catalog()
SCENARIOS = [(case, fault) for case in CASES for fault in FAULTS]


def connection(emulator):
    return {
        "endpoint": emulator.url,
        "secret_id": DEMO_SECRET_ID,
        "secret_key": DEMO_SECRET_KEY,
        "region": DEMO_REGION,
        "timeout": CLIENT_TIMEOUT,
        "wait_timeout": WAIT_TIMEOUT,
    }


def prepare(emulator, case):
    """The case's start world (the emulator was just reset to the default one); return its state."""
    if case.world is not None:
        emulator.reset(case.world(emulator.state()))
    return emulator.state()


def inject(emulator, case, fault):
    if fault.config:
        emulator.configure(**fault.config)
    for spec in fault.specs(case):
        emulator.add_fault(**spec)
    if fault.skew:
        emulator.set_clock_skew(fault.skew)


def assess(via, case, fault, outcome, detail, seconds, waited=None):
    rel_report.record(via, case, fault, outcome, detail, seconds, waited)
    assert outcome != WRONG, "%s / %s: %s" % (case.name, fault.label, detail)
    if fault.transient:
        assert outcome == CONVERGED, "%s / %s wore out but the run did not converge: %s" % (
            case.name,
            fault.label,
            detail,
        )


def test_every_module_that_changes_things_is_in_the_matrix():
    """A new module that changes things needs its cases in rel_judge.cases(), or this fails."""
    assert {"tcpg_extranet", "tcpg_rogroup_network"} <= set(WRITING_MODULES)
    assert sorted(set(c.module for c in CASES)) == sorted(WRITING_MODULES)
    assert sorted((c.module, c.state) for c in CASES) == sorted(
        (m, d) for m in WRITING_MODULES for d in ("present", "absent")
    )


@pytest.mark.parametrize(
    "case,fault", SCENARIOS, ids=["%s-%s-%s" % (c.module, c.state, f.label.replace(" ", "_")) for c, f in SCENARIOS]
)
def test_fault(emu_fast, vtime, case, fault):
    before = prepare(emu_fast, case)
    emu_fast.configure(rate_limit=False)
    assert not case.goal(case.observe(before)), "the case must need a change"
    inject(emu_fast, case, fault)
    started = time.monotonic()
    slept = vtime.slept
    result = run_module(case.module, dict(case.args, **connection(emu_fast)))
    seconds = time.monotonic() - started
    emu_fast.configure(status_lag=0, flow_seconds=0)
    emu_fast.set_clock_skew(0)
    outcome, detail = judge(case, result, before, emu_fast.state(), emu_fast.calls(), secrets=(DEMO_SECRET_KEY,))
    assess("in-process", case, fault, outcome, detail, seconds, vtime.slept - slept)


# -- the same scenarios through ansible-playbook ---------------------------------------------------------------

ACTION_PLUGINS = Path(__file__).resolve().parent / "action_plugins"
FQCN = "tencentcloud.postgresql.%s"
# On wall time, a lost write that the service never applied costs the status-lag tolerance (the module reads the
# resource for more than 20 s before it sends the write once more), and the lag variants cost their flows: those
# stay in-process, and the faults that cause them go through ansible-playbook on the read instead. Bursts of
# throttling and busy refusals cost their real backoff (5 to 15 s), so each goes through one case only. Every
# fault kind, module and direction still runs here.
SLOW_ON_WALL_TIME = ("drop_before", "http_500", "http_502", "internal_error", "not_json")
BACKOFF_ON_WALL_TIME = {"throttle burst": ("tcpg_extranet", "absent"), "busy": ("tcpg_rogroup_network", "present")}


def playbook_subset():
    chosen = []
    for case, fault in SCENARIOS:
        if fault.config or fault.name in ("throttle storm", "busy forever") or fault.target == "poll":
            continue
        if fault.target == ("write" if fault.kind in SLOW_ON_WALL_TIME else "read"):
            continue
        if fault.name in BACKOFF_ON_WALL_TIME and BACKOFF_ON_WALL_TIME[fault.name] != (case.module, case.state):
            continue
        if fault.target == "read" and CASES.index(case) != SLOW_ON_WALL_TIME.index(fault.kind) % len(CASES):
            continue  # each of these on one case, a different one for each kind
        chosen.append((case, fault))
    return chosen


def scenario_tasks(index, case, fault, url, default_state):
    """Setup (reset, faults, skew, snapshot), the module task, judge snapshot: three tasks in JSON (= YAML)."""
    reset = case.world(default_state) if case.world is not None else True
    args = dict(case.args, timeout=CLIENT_TIMEOUT, wait_timeout=WAIT_TIMEOUT)
    return [
        {
            "name": "setup %d" % index,
            "emu_control": {
                "url": url,
                "reset": reset,
                "config": fault.config or None,
                "faults": fault.specs(case),
                "skew": fault.skew,
                "snapshot": True,
            },
        },
        {"name": "run %d" % index, FQCN % case.module: args, "ignore_errors": True},
        {"name": "judge %d" % index, "emu_control": {"url": url, "skew": 0, "snapshot": True}},
    ]


def run_shard(emulator, shard, default_state):
    """One ansible-playbook run of the scenarios ``shard`` against ``emulator``; return (Result, seconds)."""
    tasks = []
    for index, (case, fault) in shard:
        tasks += scenario_tasks(index, case, fault, emulator.url, default_state)
    play = [
        {"name": "fault matrix through ansible-playbook", "hosts": "localhost", "gather_facts": False, "tasks": tasks}
    ]
    env = dict(emulator_env(emulator.url), ANSIBLE_ACTION_PLUGINS=str(ACTION_PLUGINS))
    started = time.monotonic()
    result = run_playbook(json.dumps(play, indent=1) + "\n", env=env)
    return result, time.monotonic() - started


def test_matrix_through_ansible_playbook(emulator):
    """A representative subset (every fault kind, every module and direction) as Ansible really runs it, in two
    ansible-playbook runs side by side, each against an emulator of its own."""
    subset = list(enumerate(playbook_subset()))
    assert set(f.name for dummy, (c, f) in subset) == set(f.name for f in FAULTS) - {"throttle storm", "busy forever"}
    assert set(c.name for dummy, (c, f) in subset) == set(c.name for c in CASES)
    emulator.reset()
    default_state = emulator.state()
    shards = [subset[0::2], subset[1::2]]
    with Emulator.start() as second, ThreadPoolExecutor(2) as pool:
        runs = list(
            pool.map(
                lambda pair: run_shard(pair[0], pair[1], default_state), [(emulator, shards[0]), (second, shards[1])]
            )
        )
    wrong = []
    for shard, (result, seconds) in zip(shards, runs):
        assert result.rc == 0, [r["result"].get("msg") for r in result.failed if not r["ignore_errors"]] or result
        for index, (case, fault) in shard:
            setup = result.task("setup %d" % index)["result"]
            run = result.task("run %d" % index)
            judged = result.task("judge %d" % index)["result"]
            outcome, detail = judge(
                case,
                dict(run["result"], failed=run["failed"]),
                setup["state"],
                judged["state"],
                judged["calls"],
                secrets=(DEMO_SECRET_KEY,),
            )
            rel_report.record("ansible-playbook", case, fault, outcome, detail, judged["at"] - setup["at"])
            if outcome == WRONG or (fault.transient and outcome != CONVERGED):
                wrong.append("%s / %s: %s: %s" % (case.name, fault.label, outcome, detail))
    assert not wrong, "\n".join(wrong)
