"""Randomised soak: at least 300 random operations, random faults at a few percent, a random world.

    TCPG_SOAK_SEED=<n>        replay a run (the seed is printed in the summary and in every failure)
    TCPG_SOAK_SEED=random     a fresh seed
    TCPG_SOAK_OPS=<n>         more operations (at least 300 are run)

Every operation is one in-process run of a module on virtual time (rel_inprocess), with the emulator's status lag
and flow duration on, so waits, lost answers and lagging reads happen as in the cloud, without the wall-clock
cost. After each operation that succeeded, the resource it touched must be as the model says, and `changed` must
be what the model predicted (in check mode too, where nothing may change). A failed operation must fail clearly;
it is then retried (without faults after two tries). One that still fails is a refusal of the service or of the
module's own rules, and must have left its resource as it was. At the end, with every flow finished, the whole
world must equal the model.
"""

import collections
import os
import random
import time

import pytest
import rel_report
from _support import DEMO_SECRET_ID, DEMO_SECRET_KEY
from harness import Emulator
from rel_inprocess import MODULES, install_virtual_time, run_module
from rel_judge import unclear
from rel_soak import FAULT_RATES, Model, SoakWorld, random_op, truth

DEFAULT_SEED = 20260601
MIN_OPS = 300
TRACE = bool(os.environ.get("TCPG_SOAK_TRACE"))
SKEW = 900
# The service's status may lag a write for a few seconds, less than the write's task takes.
WORLD_OPTIONS = {"status_lag": 3.0, "flow_seconds": 5.0, "rate_limit": False}


def soak_seed():
    value = os.environ.get("TCPG_SOAK_SEED", "").strip()
    if value == "random":
        return random.SystemRandom().randrange(10**9)
    return int(value) if value else DEFAULT_SEED


@pytest.fixture
def soak(monkeypatch):
    seed = soak_seed()
    rng = random.Random(seed)
    world = SoakWorld(rng)
    world.spec["accounts"] = [{"secret_id": DEMO_SECRET_ID, "secret_key": DEMO_SECRET_KEY}]
    with Emulator.start(world=world.spec, seed=seed % (2**31)) as emulator:
        emulator.configure(**WORLD_OPTIONS)
        clock = install_virtual_time(monkeypatch, emulator)
        yield seed, rng, world, emulator, clock


def install_faults(emulator, task_fail=True):
    emulator.clear_faults()
    for kind, rate in FAULT_RATES:
        if kind == "task_fail" and not task_fail:
            continue
        spec = {"action": "*", "kind": kind, "count": None, "probability": rate}
        if kind == "slow":
            spec["delay"] = 1.3
        emulator.add_fault(**spec)


def test_soak(soak):
    seed, rng, world, emulator, clock = soak
    ops_wanted = max(MIN_OPS, int(os.environ.get("TCPG_SOAK_OPS") or MIN_OPS))
    modules = [m for m in sorted(MODULES) if m.startswith("tcpg_") and not m.endswith("_info")]
    connection = {
        "endpoint": emulator.url,
        "secret_id": DEMO_SECRET_ID,
        "secret_key": DEMO_SECRET_KEY,
        "region": "ap-guangzhou",
        "timeout": 1,
        "wait_timeout": 300,
    }
    model = Model(truth(emulator.state()))
    install_faults(emulator)
    stats = dict(ops=0, runs=0, succeeded=0, check_mode=0, changed=0, failed_clearly=0, retried=0, refused=0)
    problems, refusals = [], []
    per_module = collections.Counter()
    started = time.monotonic()

    def run(op, attempt):
        stats["runs"] += 1
        if op.skew and attempt == 1:
            emulator.set_clock_skew(SKEW)
        try:
            return run_module(op.module, dict(op.args(), **connection), check=op.check)
        finally:
            if op.skew and attempt == 1:
                emulator.set_clock_skew(0)

    for number in range(1, ops_wanted + 1):
        op = random_op(rng, world, modules, model)
        stats["ops"] += 1
        per_module[op.module] += 1
        where = "seed %d, op %d: %s" % (seed, number, op)
        before = truth(emulator.state())[op.key]
        expected_changed, dummy = model.expect(op)
        # A task that fails after a wait=false run has returned is not the run's to report (and the model
        # could not know): such runs get every fault but that one. The third try runs without faults.
        result, attempt = None, 0
        while True:
            attempt += 1
            if attempt == 3:
                emulator.clear_faults()
            elif attempt == 1 and not op.wait:
                install_faults(emulator, task_fail=False)
            result = run(op, attempt)
            if TRACE:
                print(
                    "%s attempt %d: changed=%s failed=%s %s %s"
                    % (
                        where,
                        attempt,
                        result.get("changed"),
                        result.get("failed"),
                        result.get("msg"),
                        result.get("warnings"),
                    )
                )
            if not result.get("failed"):
                break
            stats["failed_clearly"] += 1
            why = unclear(result, secrets=(DEMO_SECRET_KEY,))
            if why:
                problems.append("%s: unclear failure (%s): %s" % (where, why, result.get("msg")))
            if op.skew and attempt == 1 and "SignatureExpire" not in (result.get("msg") or ""):
                problems.append(
                    "%s: a skewed clock failed without naming SignatureExpire: %s" % (where, result.get("msg"))
                )
            if attempt == 3:
                break
            stats["retried"] += 1
        if attempt == 3 or not op.wait:
            install_faults(emulator)
        if not op.wait:
            # For a few seconds after a write the service may still show the old state, to any reader: a task
            # that reads the resource then decides on stale facts (README, Reliability). A wait=true run outlasts
            # the lag; after a wait=false run the soak lets it pass before the next operation.
            clock.sleep(WORLD_OPTIONS["status_lag"])
        now = truth(emulator.state())[op.key]
        if result.get("failed"):
            # Refused even without faults: the resource must be as it was (the model is unchanged).
            stats["refused"] += 1
            refusals.append("%s -> %s" % (op, (result.get("msg") or "")[:120]))
            if not model.matches(op.key, now):
                problems.append(
                    "%s: refused (%s) but left %s; the model has %s"
                    % (where, result.get("msg"), now, model.views[op.key])
                )
                model.views[op.key] = now  # report each divergence once
            continue
        stats["succeeded"] += 1
        # Check mode cannot tell the family of an address still opening (it warns): its `changed` is a guess.
        guessing = op.check and op.module == "tcpg_extranet" and before == ("opened", None)
        if attempt == 1 and not op.skew and not guessing and bool(result.get("changed")) != expected_changed:
            problems.append(
                "%s: changed=%s, the model expected %s (before: %s)"
                % (where, result.get("changed"), expected_changed, before)
            )
        if op.check:
            stats["check_mode"] += 1
            if not model.matches(op.key, now):
                problems.append("%s: check mode changed %s into %s" % (where, before, now))
            continue
        stats["changed"] += int(bool(result.get("changed")))
        model.apply(op, result)
        if not model.matches(op.key, now):
            problems.append(
                "%s: succeeded, but the emulator has %s and the model %s" % (where, now, model.views[op.key])
            )
            model.views[op.key] = now  # report each divergence once
        if len(problems) > 20:
            break

    clock.sleep(120)  # every flow and status lag of the world ends
    final = truth(emulator.state())
    for key in sorted(final):
        if not model.matches(key, final[key]):
            problems.append(
                "seed %d, end: %s %s is %s, the model has %s" % (seed, key[0], key[1], final[key], model.views[key])
            )
    calls = emulator.calls()
    fired = collections.Counter(c["fault"] for c in calls if c["fault"])
    wall = time.monotonic() - started
    rel_report.SOAK[:] = [
        "seed %d (replay: TCPG_SOAK_SEED=%d make suite-reliability)" % (seed, seed),
        "operations: %(ops)d (module runs %(runs)d): succeeded %(succeeded)d (check mode %(check_mode)d, "
        "changed %(changed)d), clear failures %(failed_clearly)d, retried %(retried)d, refused even without "
        "faults %(refused)d" % stats,
        "requests: %d, faults fired: %d (%s)"
        % (len(calls), sum(fired.values()), ", ".join("%s %d" % kv for kv in sorted(fired.items()))),
        "world: %d instances, %d read-only groups; operations per module: %s"
        % (len(world.instances), len(world.groups), ", ".join("%s %d" % (m, per_module[m]) for m in modules)),
        "wall time %.1f s, virtual time slept %.0f s; problems: %d" % (wall, clock.slept, len(problems)),
    ] + ["refused: " + line for line in refusals[:12]]
    assert not problems, "\n".join(problems[:20])
    assert stats["ops"] >= MIN_OPS and sum(fired.values()) > 0
