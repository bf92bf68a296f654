"""What the postgres write actions share: finding resources, status rules, starting flows."""

from __future__ import annotations

from ...errors import ApiError
from ...world import flows

# Statuses in which the instance is on its way out: writes are refused for
# good, with the action's "status denied" code. Any other status than
# `running` is transient: the instance is busy (InstanceStatusLimitOpError).
GONE_STATUSES = {"isolating", "isolated", "recycling", "recycled", "offlining", "offline"}
BUSY_INSTANCE = "OperationDenied.InstanceStatusLimitOpError"
BUSY_GROUP = "OperationDenied.ROGroupStatusError"


def find_instance(call, instance_id: str, code: str = "ResourceNotFound.InstanceNotFoundError"):
    inst = call.world.instance(call.region, instance_id)
    if inst is None:
        raise ApiError(code, f"The instance {instance_id} does not exist in region {call.region}.")
    return inst


def writable_instance(call, inst, gone_code: str) -> None:
    if inst.status in GONE_STATUSES:
        raise ApiError(
            gone_code,
            f"The instance {inst.instance_id} is {inst.status}; this operation is not " f"allowed in that status.",
        )
    if inst.status != "running" or inst.busy_task is not None or call.fault_is("busy"):
        raise ApiError(
            BUSY_INSTANCE, f"The instance {inst.instance_id} is {inst.status}; wait until it is " f"running and retry."
        )


def find_group(call, group_id: str):
    grp = call.world.group(call.region, group_id)
    if grp is None:
        raise ApiError(
            "FailedOperation.ROGroupNotFoundError",
            f"The read-only group {group_id} does not exist in region {call.region}.",
        )
    return grp


def writable_group(call, grp) -> None:
    if grp.status != "ok" or grp.busy_task is not None or call.fault_is("busy"):
        raise ApiError(
            BUSY_GROUP, f"The read-only group {grp.group_id} is {grp.status}; wait until it is ok " f"and retry."
        )


def start_flow(call, resource, kind: str, entry, db_instance_id: str, params: dict, ipv6: bool = False) -> dict:
    task = flows.start(
        call.world,
        now=call.now,
        flow_seconds=call.config.flow_seconds,
        status_lag=call.config.status_lag,
        task_type=call.action,
        resource=resource,
        kind=kind,
        entry=entry,
        db_instance_id=db_instance_id,
        task_input=params,
        fail=call.fault_is("task_fail"),
        ipv6=ipv6,
    )
    return {"FlowId": task.task_id, "TaskId": task.task_id}


def noop_flow(call, resource, entry, db_instance_id: str, params: dict) -> dict:
    task = flows.start_noop(
        call.world,
        now=call.now,
        task_type=call.action,
        resource=resource,
        entry=entry,
        db_instance_id=db_instance_id,
        task_input=params,
    )
    return {"FlowId": task.task_id, "TaskId": task.task_id}
