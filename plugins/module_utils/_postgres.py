# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""What several modules share about PostgreSQL resources: the id formats, status names, the views of network
entries, and the API calls (one small function per action; "not found" is mapped inside them)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudAPIError, bad_option

# The id of each kind of resource an option names: option -> (prefix, example). Each is the prefix followed by 8
# lowercase letters or digits.
ID_FORMATS = {
    "db_instance_id": ("postgres-", "postgres-hez4fh0v"),
    "read_only_group_id": ("pgrogrp-", "pgrogrp-4t9c6g7k"),
    "vpc_id": ("vpc-", "vpc-gaestjaf"),
    "subnet_id": ("subnet-", "subnet-4s9dejli"),
    "security_group_ids": ("sg-", "sg-5mq9zx2a"),
}
# Matched from the start (re.match); \Z, not $: "$" also matches before a trailing line break, which then
# reached the API inside the id.
ID_PATTERNS = dict(
    (option, re.compile(r"%s[a-z0-9]{8}\Z" % re.escape(prefix))) for option, (prefix, dummy) in ID_FORMATS.items()
)


def check_id(option, value):
    """Return why ``value`` is not a well-formed id for ``option`` (a key of ID_FORMATS), or None."""
    if isinstance(value, str) and ID_PATTERNS[option].match(value):
        return None
    prefix, example = ID_FORMATS[option]
    return bad_option(
        option, "'%s' followed by 8 lowercase letters or digits (for example %s)" % (prefix, example), value
    )


def check_ids(params, options):
    """The first problem of the id options among ``options`` that are set, or None."""
    for option in options:
        if params.get(option) is not None:
            problem = check_id(option, params[option])
            if problem:
                return problem
    return None


# DBInstanceNetInfo.Status. Older API answers used numbers; the SDK documents 1..5 as below. Everything is
# normalised here, and only here, to the strings.
NET_STATUS_NAMES = ("initing", "opening", "opened", "closing", "closed")
NET_STATUS_CODES = {"1": "initing", "2": "opened", "3": "closed", "4": "opening", "5": "closing"}

# The status of an idle resource, and the statuses in which it is gone for good or cannot change its network.
INSTANCE_IDLE = "running"
INSTANCE_GONE = ("isolating", "isolated", "recycling", "recycled", "offline", "offlining")
RO_GROUP_IDLE = "ok"
RO_GROUP_GONE = ("deleting", "deleted")

# The codes by which the service says that an instance or a read-only group does not exist.
NOT_FOUND_CODES = (
    "ResourceNotFound.InstanceNotFoundError",
    "InvalidParameterValue.InstanceNotExist",
    "ResourceNotFound",
    "FailedOperation.ROGroupNotFoundError",
)


# The codes by which the security group actions say that the instance or the read-only group named does not exist.
SECURITY_GROUP_NOT_FOUND_CODES = ("ResourceNotFound.InstanceNotFoundError", "FailedOperation.ROGroupNotFoundError")


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


def pick(obj, fields):
    """The snake_case view of an API object: ``fields`` is ``(key, API field, value when missing or empty)``."""
    return dict((key, obj.get(field) or empty) for key, field, empty in fields)


def sort_networks(networks):
    return sorted(networks, key=lambda n: (n["vpc_id"], n["subnet_id"], n["vip"]))


def vpc_networks(obj):
    """The VPC networks (``NetType=private``) of an instance or a group, in their snake_case view, sorted.

    Basic-network (``inner``) and public entries are not VPC networks and are left out.
    """
    return sort_networks(network_view(e) for e in net_entries(obj, "private"))


def basic_networks(obj):
    """How many basic-network (classic, ``NetType=inner``) addresses an instance or a group has."""
    return len(net_entries(obj, "inner"))


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
    return {
        "status": status,
        "address": entry.get("Address") or "",
        "ip": entry.get("Ip") or "",
        "port": entry.get("Port") or 0,
        "ipv6": is_ipv6_address(entry.get("Ip")),
    }


# A rule of a security group: result key, PolicyRule field, value when missing.
RULE_FIELDS = (
    ("action", "Action", ""),
    ("cidr_ip", "CidrIp", ""),
    ("port_range", "PortRange", ""),
    ("ip_protocol", "IpProtocol", ""),
    ("description", "Description", ""),
)
GROUP_FIELDS = (
    ("security_group_id", "SecurityGroupId", ""),
    ("name", "SecurityGroupName", ""),
    ("description", "SecurityGroupDescription", ""),
    ("create_time", "CreateTime", ""),
)


def security_group_view(group):
    """The snake_case view of a SecurityGroup, its rules in the order the cloud applies them."""
    project = group.get("ProjectId")
    return dict(
        pick(group, GROUP_FIELDS),
        project_id=int(project) if str(project or "").isdigit() else 0,
        inbound=[pick(rule, RULE_FIELDS) for rule in group.get("Inbound") or []],
        outbound=[pick(rule, RULE_FIELDS) for rule in group.get("Outbound") or []],
    )


# -- reads ------------------------------------------------------------------------------------------------


def describe_instance(client, instance_id):
    """The DBInstance, or None when the service says it does not exist."""
    try:
        return client.call("DescribeDBInstanceAttribute", {"DBInstanceId": instance_id})["DBInstance"]
    except TencentCloudAPIError as exc:
        if exc.code not in NOT_FOUND_CODES:
            raise
        return None


def describe_ro_groups(client, master_ids, group_id=None):
    """Read-only groups of the given primary instances (one call per 99 groups), optionally one group; [] when
    the service says the primary instance or the group does not exist."""
    filters = [{"Name": "db-master-instance-id", "Values": list(master_ids)}]
    if group_id:
        filters.append({"Name": "read-only-group-id", "Values": [group_id]})
    groups, page = [], 1
    while True:
        try:
            answer = client.call("DescribeReadOnlyGroups", {"Filters": filters, "PageSize": 99, "PageNumber": page})
        except TencentCloudAPIError as exc:
            if exc.code not in NOT_FOUND_CODES:
                raise
            return groups
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
        groups = describe_ro_groups(client, [master_id], group_id)
        return next((g for g in groups if g.get("ReadOnlyGroupId") == group_id), None), master_id
    primaries = [
        i["DBInstanceId"] for i in list_instances(client) if (i.get("DBInstanceType") or "primary") == "primary"
    ]
    for start in range(0, len(primaries), 100):
        for group in describe_ro_groups(client, primaries[start : start + 100], group_id):
            if group.get("ReadOnlyGroupId") == group_id:
                return group, group.get("MasterDBInstanceId")
    return None, None


def describe_task(client, task_id, deadline=None):
    """The task ``task_id`` of DescribeTasks, or None when the service does not list it (yet)."""
    answer = client.call("DescribeTasks", {"TaskId": int(task_id), "Limit": 1}, deadline=deadline)
    tasks = [t for t in answer.get("TaskSet") or [] if str(t.get("TaskId")) == str(task_id)]
    return tasks[0] if tasks else None


# -- writes: each returns the id of the task it started (FlowId, the same number as the TaskId) ------------


def _write(client, action, params, deadline):
    """Send a write; busy refusals are retried by the client until ``deadline``. Return its task id or None."""
    answer = client.call(action, params, mutating=True, deadline=deadline)
    return answer.get("FlowId", answer.get("TaskId"))


def create_network_access(client, action, reference, vpc_id, subnet_id, vip, deadline):
    """Create*NetworkAccess: ``reference`` names the resource (``{"DBInstanceId": ...}`` or
    ``{"ReadOnlyGroupId": ...}``); without a VIP the cloud picks one (``IsAssignVip=false``)."""
    return _write(
        client,
        action,
        dict(reference, VpcId=vpc_id, SubnetId=subnet_id, IsAssignVip=vip is not None, Vip=vip),
        deadline,
    )


def delete_network_access(client, action, reference, network, deadline):
    """Delete*NetworkAccess of ``network``, named by its VPC, subnet and VIP."""
    return _write(
        client,
        action,
        dict(reference, VpcId=network["vpc_id"], SubnetId=network["subnet_id"], Vip=network["vip"]),
        deadline,
    )


def open_extranet(client, instance_id, ipv6, deadline):
    return _write(client, "OpenDBExtranetAccess", {"DBInstanceId": instance_id, "IsIpv6": 1 if ipv6 else 0}, deadline)


def close_extranet(client, instance_id, ipv6, deadline):
    return _write(client, "CloseDBExtranetAccess", {"DBInstanceId": instance_id, "IsIpv6": 1 if ipv6 else 0}, deadline)


# -- security groups (synchronous: ModifyDBInstanceSecurityGroups starts no task) ---------------------------


def describe_security_groups(client, reference):
    """The SecurityGroupSet bound to the resource ``reference`` names (``{"DBInstanceId": ...}`` or
    ``{"ReadOnlyGroupId": ...}``), in the bound order. A resource the region does not have raises the service's
    error (``ResourceNotFound.InstanceNotFoundError``, ``FailedOperation.ROGroupNotFoundError``)."""
    return client.call("DescribeDBInstanceSecurityGroups", dict(reference)).get("SecurityGroupSet") or []


def modify_security_groups(client, reference, group_ids, deadline):
    """ModifyDBInstanceSecurityGroups: the bound set becomes ``group_ids``, in that order (a replace). Returns
    None: the write is synchronous."""
    _write(client, "ModifyDBInstanceSecurityGroups", dict(reference, SecurityGroupIdSet=list(group_ids)), deadline)
    return None


# -- SSL ---------------------------------------------------------------------------------------------------


def ssl_view(config):
    """The snake_case view of DescribeDBInstanceSSLConfig's answer (None: SSL off). The CA is PEM text."""
    config = config or {}
    enabled = bool(config.get("SSLEnabled"))
    return {
        "enabled": enabled,
        "connect_address": (config.get("ConnectAddress") or "") if enabled else "",
        "ca_url": (config.get("CAUrl") or "") if enabled else "",
        "ca_cert": (config.get("CACert") or "") if enabled else "",
    }


def instance_addresses(instance):
    """The addresses of an instance that SSL may protect, as ``{"public": [...], "private": [...]}``.

    ``public`` is the domain, then the IP, of the public address while it is ``opened`` (empty otherwise);
    ``private`` holds the VIP and domain (if any) of each opened VPC network, the network in the instance's own VPC
    and subnet first, then the others in order of VPC, subnet and VIP.
    """
    public = []
    for entry in net_entries(instance, "public"):
        if normalize_net_status(entry.get("Status")) == "opened":
            public.extend(value for value in (entry.get("Address"), entry.get("Ip")) if value)
    own = (instance.get("VpcId") or "", instance.get("SubnetId") or "")
    networks = [n for n in vpc_networks(instance) if n["status"] == "opened"]
    networks.sort(key=lambda n: (n["vpc_id"], n["subnet_id"]) != own)
    private = []
    for network in networks:
        private.extend(value for value in (network["vip"], network["address"]) if value and value not in private)
    return {"public": public, "private": private}


def ro_group_addresses(groups, instance_id):
    """The VIPs and domains of the opened networks of the read-only groups that ``instance_id`` belongs to."""
    addresses = []
    for group in groups:
        members = [m.get("DBInstanceId") for m in group.get("ReadOnlyDBInstanceList") or []]
        if instance_id not in members:
            continue
        for network in vpc_networks(group):
            if network["status"] == "opened":
                addresses.extend(v for v in (network["vip"], network["address"]) if v and v not in addresses)
    return addresses


def describe_ssl_config(client, instance_id):
    """DescribeDBInstanceSSLConfig's answer, or None when the service says the instance does not exist."""
    try:
        return client.call("DescribeDBInstanceSSLConfig", {"DBInstanceId": instance_id})
    except TencentCloudAPIError as exc:
        if exc.code not in NOT_FOUND_CODES:
            raise
        return None


def modify_ssl_config(client, instance_id, enabled, connect_address, deadline):
    """ModifyDBInstanceSSLConfig; ``connect_address`` is sent only when SSL is enabled. Returns its TaskId."""
    params = {"DBInstanceId": instance_id, "SSLEnabled": bool(enabled)}
    if enabled:
        params["ConnectAddress"] = connect_address
    return _write(client, "ModifyDBInstanceSSLConfig", params, deadline)
