"""World objects → API shapes (DBInstance, ReadOnlyGroup, TaskSet), field for field.

`now` decides what a reader sees: during a status lag the resource still
shows the status and networks it had before the write was accepted.
"""

from __future__ import annotations

import json

from ..clock import format_time
from . import flows
from .model import Instance, RoGroup, Task

INSTANCE_FIELDS = [
    "Region",
    "Zone",
    "VpcId",
    "SubnetId",
    "DBInstanceId",
    "DBInstanceName",
    "DBInstanceStatus",
    "DBInstanceMemory",
    "DBInstanceStorage",
    "DBInstanceCpu",
    "DBInstanceClass",
    "DBMajorVersion",
    "DBVersion",
    "DBKernelVersion",
    "DBInstanceType",
    "DBInstanceVersion",
    "DBCharset",
    "CreateTime",
    "UpdateTime",
    "ExpireTime",
    "IsolatedTime",
    "PayType",
    "AutoRenew",
    "DBInstanceNetInfo",
    "Type",
    "AppId",
    "Uid",
    "ProjectId",
    "TagList",
    "MasterDBInstanceId",
    "ReadOnlyInstanceNum",
    "StatusInReadonlyGroup",
    "OfflineTime",
    "DBNodeSet",
    "IsSupportTDE",
    "DBEngine",
    "DBEngineConfig",
    "NetworkAccessList",
    "SupportIpv6",
    "ExpandedCpu",
    "DeletionProtection",
    "DBInstanceStorageType",
]
GROUP_FIELDS = [
    "ReadOnlyGroupId",
    "ReadOnlyGroupName",
    "ProjectId",
    "MasterDBInstanceId",
    "MinDelayEliminateReserve",
    "MaxReplayLatency",
    "ReplayLatencyEliminate",
    "MaxReplayLag",
    "ReplayLagEliminate",
    "VpcId",
    "SubnetId",
    "Region",
    "Zone",
    "Status",
    "ReadOnlyDBInstanceList",
    "Rebalance",
    "DBInstanceNetInfo",
    "NetworkAccessList",
]


def visible(resource, now: float, lagged: bool):
    """(status, net entries) as a reader sees them at `now`."""
    lag = resource.lag
    if lagged and lag is not None and now < lag.until:
        return lag.status, lag.net
    return resource.status, resource.net


def _home_network(net) -> tuple:
    first = next((e for e in net if e.net_type == "private"), None)
    return (first.vpc_id, first.subnet_id) if first else ("", "")


def instance(inst: Instance, now: float, lagged: bool = True, access_list=()) -> dict:
    """A DBInstance. `access_list` is the deprecated NetworkAccessList: [] or None (null)."""
    status, net = visible(inst, now, lagged)
    vpc_id, subnet_id = _home_network(net)
    live = {
        "Region": inst.region,
        "DBInstanceId": inst.instance_id,
        "DBInstanceStatus": status,
        "VpcId": vpc_id,
        "SubnetId": subnet_id,
        "DBInstanceNetInfo": [e.to_api() for e in net],
        "NetworkAccessList": list(access_list) if access_list is not None else None,
    }
    return {name: live[name] if name in live else inst.fields[name] for name in INSTANCE_FIELDS}


def group(grp: RoGroup, world, now: float, lagged: bool = True) -> dict:
    status, net = visible(grp, now, lagged)
    vpc_id, subnet_id = _home_network(net)
    members = [world.instances[m] for m in grp.members if m in world.instances]
    live = {
        "ReadOnlyGroupId": grp.group_id,
        "MasterDBInstanceId": grp.master_id,
        "Region": grp.region,
        "Status": status,
        "VpcId": vpc_id,
        "SubnetId": subnet_id,
        "ReadOnlyDBInstanceList": [instance(m, now, lagged, access_list=None) for m in members],
        "DBInstanceNetInfo": [e.to_api() for e in net],
        "NetworkAccessList": None,
    }
    return {name: live[name] if name in live else grp.fields[name] for name in GROUP_FIELDS}


def task(t: Task, now: float) -> dict:
    return {
        "TaskId": t.task_id,
        "TaskType": t.task_type,
        "DBInstanceId": t.db_instance_id,
        "StartTime": format_time(t.start),
        "EndTime": format_time(t.end) if t.end is not None else "",
        "Status": t.status,
        "Progress": flows.progress(t, now),
        "TaskDetail": {
            "CurrentStep": flows.current_step(t, now),
            "AllSteps": flows.all_steps(t),
            "Input": _json(t.input),
            "Output": _json(t.output) if t.output is not None else "",
            "SwitchTag": 0,
            "SwitchTime": "",
            "Message": t.message,
        },
    }


def _json(value: dict) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
