"""The network state machine: a write starts a task, the clock finishes it.

Tasks are settled lazily: before any request is served, every task whose
time has come is finished in TaskId order, with its EndTime set to when it
was due (not when it was noticed). Between requests nothing changes, so the
same calls at the same clock readings always give the same world.

    public   initing/closed --open--> opening --> opened --close--> closing --> closed
    private  (create) opening --> opened --delete--> closing --> (removed)
    resource instance running -> network changing -> running; RO group ok -> modifying -> ok
    task     Running (Progress grows) -> Success (100) | Fail (state rolled back)
"""

from __future__ import annotations

import json

from ..clock import format_time
from . import addressing
from .model import Instance, Lag, NetEntry, Task

STEPS = ["Pre-check", "Change network", "Task Complete"]
ALL_STEPS = json.dumps([{"StepId": i + 1, "StepName": name} for i, name in enumerate(STEPS)], separators=(",", ":"))
FAIL_PROGRESS = 50
# Tasks that change something other than a network: their steps and the status the instance shows meanwhile.
# An `ssl` task carries its result in Task.change and applies it only when it succeeds.
SSL_STEPS = ["Pre-check", "Change SSL", "Task Complete"]
SSL_BUSY_STATUS = "job running"


def steps(task: Task) -> list:
    return SSL_STEPS if task.kind == "ssl" else STEPS


def all_steps(task: Task) -> str:
    if task.kind != "ssl":
        return ALL_STEPS
    return json.dumps([{"StepId": i + 1, "StepName": name} for i, name in enumerate(SSL_STEPS)], separators=(",", ":"))


def _idle_status(resource) -> str:
    return "running" if isinstance(resource, Instance) else "ok"


def _busy_status(resource) -> str:
    return "network changing" if isinstance(resource, Instance) else "modifying"


def start(
    world,
    *,
    now: float,
    flow_seconds: float,
    status_lag: float,
    task_type: str,
    resource,
    kind: str,
    entry: NetEntry | None,
    db_instance_id: str,
    task_input: dict,
    fail: bool = False,
    ipv6: bool = False,
    change: dict | None = None,
) -> Task:
    """Accept a write: move the entry and the resource into their transitional states."""
    if status_lag > 0:
        resource.lag = Lag(until=now + status_lag, status=resource.status, net=[e.copy() for e in resource.net])
    prior = entry.copy() if entry is not None else None
    if kind == "open":
        entry.status, entry.ipv6 = "opening", ipv6
    elif kind in ("close", "delete"):
        entry.status = "closing"
    elif kind == "create":
        resource.net.append(entry)
    task = Task(
        task_id=world.take_task_id(),
        task_type=task_type,
        region=resource.region,
        db_instance_id=db_instance_id,
        resource=resource,
        kind=kind,
        entry=entry,
        prior=prior,
        start=now,
        duration=max(0.0, float(flow_seconds)),
        input=task_input,
        fail=fail,
        change=change,
    )
    world.tasks[task.task_id] = task
    world.running[task.task_id] = task
    resource.status = SSL_BUSY_STATUS if kind == "ssl" else _busy_status(resource)
    resource.busy_task = task.task_id
    return task


def start_noop(
    world, *, now: float, task_type: str, resource, entry: NetEntry | None, db_instance_id: str, task_input: dict
) -> Task:
    """A write that changes nothing (a silent case set to `succeed`): its task is done at once."""
    task = Task(
        task_id=world.take_task_id(),
        task_type=task_type,
        region=resource.region,
        db_instance_id=db_instance_id,
        resource=resource,
        kind="noop",
        entry=entry,
        prior=None,
        start=now,
        duration=0.0,
        input=task_input,
        status="Success",
        end=now,
    )
    task.output = _output(resource, entry, entry.status if entry else "closed")
    world.tasks[task.task_id] = task
    return task


def settle(world, now: float) -> None:
    due = [t for t in world.running.values() if t.start + t.duration <= now]
    for task in due:  # dict order == TaskId order
        del world.running[task.task_id]
        _finish(world, task)


def progress(task: Task, now: float) -> int:
    if task.status == "Success":
        return 100
    if task.status == "Fail":
        return FAIL_PROGRESS
    if task.duration <= 0:
        return 0
    return max(0, min(99, int(100 * (now - task.start) / task.duration)))


def current_step(task: Task, now: float) -> str:
    names = steps(task)
    if task.status == "Success":
        return names[-1]
    if task.status == "Fail":
        return names[1]
    return names[0] if progress(task, now) < 10 else names[1]


def _finish(world, task: Task) -> None:
    resource, entry = task.resource, task.entry
    task.end = task.start + task.duration
    if task.kind == "ssl":
        _finish_ssl(resource, task)
    elif task.fail:
        _roll_back(resource, task)
        task.status = "Fail"
        task.message = "The network change failed and was rolled back."
    else:
        _apply(world, resource, task)
        task.status = "Success"
        task.output = _output(resource, entry, entry.status if entry in resource.net else "closed")
        if isinstance(resource, Instance):
            resource.fields["UpdateTime"] = format_time(task.end)
    resource.status = _idle_status(resource)
    resource.busy_task = None


def _finish_ssl(inst, task: Task) -> None:
    """Nothing changes before an SSL task ends, so a failed one has nothing to roll back."""
    if task.fail:
        task.status = "Fail"
        task.message = "The SSL change failed; the previous SSL configuration is kept."
        return
    inst.ssl.enabled, inst.ssl.connect_address = task.change["enabled"], task.change["connect_address"]
    task.status = "Success"
    task.output = ssl_output(inst)
    inst.fields["UpdateTime"] = format_time(task.end)


def ssl_output(inst) -> dict:
    return {
        "DBInstanceId": inst.instance_id,
        "SSLEnabled": inst.ssl.enabled,
        "ConnectAddress": inst.ssl.connect_address,
    }


def _apply(world, resource, task: Task) -> None:
    entry = task.entry
    if task.kind == "open":
        entry.ip = addressing.next_public_ip(world.used_public_ips(), entry.ipv6)
        entry.port = world.rng.randint(20000, 60999)
        entry.address = addressing.public_address(resource.instance_id, resource.region)
        entry.status = "opened"
    elif task.kind == "close":
        entry.status, entry.ip, entry.port, entry.address, entry.ipv6 = "closed", "", 0, "", False
    elif task.kind == "create":
        entry.status = "opened"
    elif task.kind == "delete":
        resource.net.remove(entry)


def _roll_back(resource, task: Task) -> None:
    if task.kind == "create":
        resource.net.remove(task.entry)
    else:
        vars(task.entry).update(vars(task.prior))


def _output(resource, entry: NetEntry | None, status: str) -> dict:
    key = "DBInstanceId" if isinstance(resource, Instance) else "ReadOnlyGroupId"
    resource_id = resource.instance_id if isinstance(resource, Instance) else resource.group_id
    out = {key: resource_id}
    if entry is not None:
        out["DBInstanceNetInfo"] = dict(entry.to_api(), Status=status)
    return out
