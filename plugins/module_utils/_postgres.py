# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""What several modules share about PostgreSQL resources: ids, network status names, reads, flows."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import time

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudAPIError, classify
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._waiter import FIRST_DELAY, Poll, wait_for

# \Z, not $: "$" also matches before a trailing line break, which then reached the API inside the id.
INSTANCE_ID = re.compile(r"^postgres-[a-z0-9]{8}\Z")
RO_GROUP_ID = re.compile(r"^pgrogrp-[a-z0-9]{8}\Z")
VPC_ID = re.compile(r"^vpc-[a-z0-9]{8}\Z")
SUBNET_ID = re.compile(r"^subnet-[a-z0-9]{8}\Z")

# DBInstanceNetInfo.Status. Older API answers used numbers; the SDK documents 1..5 as below. Everything is
# normalised here, and only here, to the strings.
NET_STATUS_NAMES = ("initing", "opening", "opened", "closing", "closed")
NET_STATUS_CODES = {"1": "initing", "2": "opened", "3": "closed", "4": "opening", "5": "closing"}

# Instance statuses in which the instance is gone for good or cannot change its network.
GONE_STATUSES = ("isolating", "isolated", "recycling", "recycled", "offline", "offlining")

NOT_FOUND_CODES = ("ResourceNotFound.InstanceNotFoundError", "InvalidParameterValue.InstanceNotExist",
                   "ResourceNotFound")
RO_GROUP_NOT_FOUND_CODES = ("FailedOperation.ROGroupNotFoundError",)


def normalize_net_status(value):
    """Map a network entry status (string or number) to initing/opening/opened/closing/closed."""
    text = str(value if value is not None else "").strip().lower()
    if text in NET_STATUS_CODES:
        return NET_STATUS_CODES[text]
    return text if text in NET_STATUS_NAMES else (text or "unknown")


def is_ipv6_address(ip):
    return ":" in (ip or "")


def net_entries(obj, net_type):
    return [e for e in (obj.get("DBInstanceNetInfo") or []) if (e.get("NetType") or "").lower() == net_type]


def network_view(entry):
    """The snake_case view of a private (VPC) network entry, as every module returns it."""
    return {
        "vpc_id": entry.get("VpcId") or "",
        "subnet_id": entry.get("SubnetId") or "",
        "vip": entry.get("Ip") or "",
        "port": entry.get("Port") or 0,
        "status": normalize_net_status(entry.get("Status")),
        "address": entry.get("Address") or "",
    }


def extranet_view(instance):
    """The snake_case view of an instance's public address; no public entry reads as closed.

    An instance has one public address. Where the service lists more than one public entry, the one that is
    open or in a transition wins. A closed address shows no address, IP or port, whatever stale values the
    entry still holds, so that what check mode predicts is what a real run reports.
    """
    entries = net_entries(instance, "public")
    live = [e for e in entries if normalize_net_status(e.get("Status")) in ("opened", "opening", "closing")]
    entry = (live or entries or [None])[0]
    status = normalize_net_status(entry.get("Status")) if entry else "closed"
    if entry is None or status in ("closed", "initing"):
        return {"status": status, "address": "", "ip": "", "port": 0, "ipv6": False}
    return {"status": status, "address": entry.get("Address") or "", "ip": entry.get("Ip") or "",
            "port": entry.get("Port") or 0, "ipv6": is_ipv6_address(entry.get("Ip"))}


def describe_instance(client, instance_id):
    """The DBInstance, or None when the service says it does not exist."""
    try:
        return client.call("DescribeDBInstanceAttribute", {"DBInstanceId": instance_id})["DBInstance"]
    except TencentCloudAPIError as exc:
        if exc.code in NOT_FOUND_CODES:
            return None
        raise


def describe_ro_groups(client, master_ids, group_id=None):
    """Read-only groups of the given primary instances (one call per 99 groups), optionally one group."""
    filters = [{"Name": "db-master-instance-id", "Values": list(master_ids)}]
    if group_id:
        filters.append({"Name": "read-only-group-id", "Values": [group_id]})
    groups, page = [], 1
    while True:
        answer = client.call("DescribeReadOnlyGroups", {"Filters": filters, "PageSize": 99, "PageNumber": page})
        batch = answer.get("ReadOnlyGroupList") or []
        groups.extend(batch)
        if len(batch) < 99:
            return groups
        page += 1


def list_instances(client, filters=None, limit=100):
    """Every DBInstance matching ``filters``, paging with Limit/Offset until TotalCount is reached."""
    instances, offset = [], 0
    while True:
        params = {"Limit": limit, "Offset": offset, "OrderBy": "CreateTime", "OrderByType": "asc"}
        if filters:
            params["Filters"] = filters
        answer = client.call("DescribeDBInstances", params)
        batch = answer.get("DBInstanceSet") or []
        instances.extend(batch)
        offset += len(batch)
        if not batch or offset >= (answer.get("TotalCount") or 0):
            return instances


def find_ro_group(client, group_id, master_id=None):
    """Return ``(group, master_id)``; ``group`` is None when it does not exist.

    DescribeReadOnlyGroups needs the primary instance's id. Without it, the primary instances of the region
    are listed (DescribeDBInstances, one call per 100 instances) and all of them are given to one
    DescribeReadOnlyGroups call (the values of one filter are ORed).
    """
    if master_id:
        try:
            groups = describe_ro_groups(client, [master_id], group_id)
        except TencentCloudAPIError as exc:
            if exc.code in NOT_FOUND_CODES + RO_GROUP_NOT_FOUND_CODES:
                return None, master_id
            raise
        return next((g for g in groups if g.get("ReadOnlyGroupId") == group_id), None), master_id
    primaries = [i["DBInstanceId"] for i in list_instances(client)
                 if (i.get("DBInstanceType") or "primary") == "primary"]
    for start in range(0, len(primaries), 100):
        for group in describe_ro_groups(client, primaries[start:start + 100], group_id):
            if group.get("ReadOnlyGroupId") == group_id:
                return group, group.get("MasterDBInstanceId")
    return None, None


def describe_task(client, task_id, deadline=None):
    answer = client.call("DescribeTasks", {"TaskId": int(task_id), "Limit": 1}, deadline=deadline)
    tasks = [t for t in answer.get("TaskSet") or [] if str(t.get("TaskId")) == str(task_id)]
    return tasks[0] if tasks else None


def wait_flow(client, flow_id, check, what, deadline, started=None, monotonic=None, sleep=None):
    """Wait until ``check()`` says the change is complete; return its last state.

    ``check()`` reads the resource and returns ``(state, done, failed_message)``. While the flow's task is
    known and running, only DescribeTasks is polled: it fails fast on ``Fail`` and its progress plans the next
    poll. Once the task has ended (or when there is none), the resource itself is polled; a few polls that
    still show the old status are normal (the documented lag) and simply continue the wait.

    ``started`` is when the write was accepted (default: now). The first DescribeTasks is made FIRST_DELAY after
    it: a task polled at once shows no progress yet, so that call would tell nothing (bench/: one call less per
    change, and less of the 20/s DescribeTasks budget a fleet shares).
    """
    monotonic = monotonic or time.monotonic
    sleep = sleep or time.sleep
    started = monotonic() if started is None else started
    task_open = [flow_id is not None]
    if flow_id is not None:
        pause = min(started + FIRST_DELAY, deadline) - monotonic()
        if pause > 0:
            sleep(pause)

    def poll():
        if task_open[0]:
            try:
                task = describe_task(client, flow_id, deadline)
            except TencentCloudAPIError as exc:
                # DescribeTasks only tells progress, on a budget of 20 calls/s per key that a whole fleet shares
                # (bench/: waits fail under it otherwise). Still throttled after the client's retries, it is
                # no reason to fail a change that is under way: this poll is skipped and the next backs off.
                if classify(exc.code) != "throttle":
                    raise
                return Poll({"task_id": flow_id, "task_status": "unknown (DescribeTasks throttled)"})
            status = (task or {}).get("Status")
            if status == "Fail":
                detail = (task.get("TaskDetail") or {}).get("Message") or "no detail given"
                return Poll({"task_id": flow_id, "task_status": status}, failed="task %s ended in Fail (%s)" % (
                    flow_id, detail))
            if status in ("Running", "WaitSwitch", "Pause"):
                progress = int(task.get("Progress") or 0)
                elapsed = monotonic() - started
                eta = elapsed * (100 - progress) / progress if progress > 0 else None
                return Poll({"task_id": flow_id, "task_status": status, "progress": progress}, eta=eta)
            task_open[0] = False
        state, done, failed = check()
        return Poll(state, done=done, failed=failed)

    return wait_for(poll, max(deadline - monotonic(), 0), what, deadline=deadline, monotonic=monotonic,
                    sleep=sleep)
