"""Access control in the world: security groups, their bindings, and each instance's SSL configuration.

World files (and so `GET /_emulator/state`) carry
  * `security_groups`: SecurityGroup objects plus `Region`;
  * on an instance or RO group, `SecurityGroupIds`: the IDs bound to it, in order;
  * on an instance, `SSL: {SSLEnabled, ConnectAddress}`.
"""

from __future__ import annotations

import re

from .model import Instance, SecurityGroup, SslConfig

SECURITY_GROUP_ID = re.compile(r"^sg-[a-z0-9]{8}$")
GROUP_FIELDS = {
    "SecurityGroupId",
    "Region",
    "SecurityGroupName",
    "SecurityGroupDescription",
    "ProjectId",
    "CreateTime",
    "Inbound",
    "Outbound",
}
RULE_FIELDS = {"Action", "CidrIp", "PortRange", "IpProtocol", "Description"}
RULE_ACTIONS = ("ACCEPT", "DROP")
SSL_FIELDS = {"SSLEnabled", "ConnectAddress"}
# What an instance / RO group of a world file may carry beyond the API object.
INSTANCE_EXTRA = {"SecurityGroupIds", "SSL"}
GROUP_EXTRA = {"SecurityGroupIds"}
CREATED = "2024-01-10 09:00:00"


def _error(message: str):
    from .loader import WorldError

    return WorldError(message)


def parse_groups(raws, regions) -> list:
    groups, seen = [], set()
    for raw in raws or []:
        groups.append(parse_group(raw, regions))
        if groups[-1].group_id in seen:
            raise _error(f"duplicate security group {groups[-1].group_id}")
        seen.add(groups[-1].group_id)
    return groups


def parse_group(raw, regions) -> SecurityGroup:
    if not isinstance(raw, dict):
        raise _error(f"a security group must be an object, not {raw!r}")
    group_id = raw.get("SecurityGroupId")
    unknown = set(raw) - GROUP_FIELDS
    if unknown:
        raise _error(f"security group {group_id}: unknown fields {sorted(unknown)}")
    if not isinstance(group_id, str) or not SECURITY_GROUP_ID.match(group_id):
        raise _error(f"security group ID {group_id!r} is not sg- followed by 8 lowercase letters or digits")
    if raw.get("Region") not in regions:
        raise _error(f"security group {group_id} is in unknown region {raw.get('Region')}")
    for name in ("SecurityGroupName", "SecurityGroupDescription", "CreateTime"):
        if not isinstance(raw.get(name, ""), str):
            raise _error(f"security group {group_id}: {name} must be a string")
    project_id = raw.get("ProjectId", 0)
    if isinstance(project_id, bool) or not isinstance(project_id, int):
        raise _error(f"security group {group_id}: ProjectId must be an integer")
    return SecurityGroup(
        group_id,
        raw["Region"],
        raw.get("SecurityGroupName", group_id),
        raw.get("SecurityGroupDescription", ""),
        project_id,
        raw.get("CreateTime", CREATED),
        [_rule(r, group_id) for r in raw.get("Inbound", [])],
        [_rule(r, group_id) for r in raw.get("Outbound", [])],
    )


def _rule(raw, group_id: str) -> dict:
    if not isinstance(raw, dict):
        raise _error(f"security group {group_id}: a rule must be an object, not {raw!r}")
    unknown = set(raw) - RULE_FIELDS
    if unknown:
        raise _error(f"security group {group_id}: unknown rule fields {sorted(unknown)}")
    rule = {
        "Action": raw.get("Action", "ACCEPT"),
        "CidrIp": raw.get("CidrIp", ""),
        "PortRange": str(raw.get("PortRange", "ALL")),
        "IpProtocol": raw.get("IpProtocol", "ALL"),
        "Description": raw.get("Description", ""),
    }
    if rule["Action"] not in RULE_ACTIONS:
        raise _error(f"security group {group_id}: rule Action must be ACCEPT or DROP, not {rule['Action']!r}")
    if not all(isinstance(v, str) for v in rule.values()):
        raise _error(f"security group {group_id}: rule fields must be strings: {raw!r}")
    return rule


def parse_bound(raw: dict, where: str) -> list:
    ids = raw.get("SecurityGroupIds", [])
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise _error(f"{where}: SecurityGroupIds must be a list of security group IDs")
    return list(ids)


def parse_ssl(raw: dict, where: str) -> SslConfig:
    ssl = raw.get("SSL") or {}
    if not isinstance(ssl, dict) or set(ssl) - SSL_FIELDS:
        raise _error(f"{where}: SSL must be an object with SSLEnabled and ConnectAddress")
    enabled, address = ssl.get("SSLEnabled", False), ssl.get("ConnectAddress", "")
    if not isinstance(enabled, bool) or not isinstance(address, str):
        raise _error(f"{where}: SSL.SSLEnabled must be a boolean and SSL.ConnectAddress a string")
    if enabled and not address:
        raise _error(f"{where}: SSL is enabled without a ConnectAddress")
    return SslConfig(enabled, address if enabled else "")


def check_bindings(world) -> None:
    """Every bound ID names a security group of the resource's region."""
    for res in world.resources():
        name = getattr(res, "instance_id", None) or res.group_id
        for group_id in res.security_groups:
            if world.security_group(res.region, group_id) is None:
                raise _error(f"{name}: security group {group_id} does not exist in {res.region}")


def api_group(group: SecurityGroup) -> dict:
    """A SecurityGroup as DescribeDBInstanceSecurityGroups answers it."""
    return {
        "ProjectId": group.project_id,
        "CreateTime": group.create_time,
        "Inbound": [dict(r) for r in group.inbound],
        "Outbound": [dict(r) for r in group.outbound],
        "SecurityGroupId": group.group_id,
        "SecurityGroupName": group.name,
        "SecurityGroupDescription": group.description,
    }


def state_group(group: SecurityGroup) -> dict:
    return dict(api_group(group), Region=group.region)


def state_ssl(inst: Instance) -> dict:
    return {"SSLEnabled": inst.ssl.enabled, "ConnectAddress": inst.ssl.connect_address}


def connect_addresses(world, inst: Instance) -> list:
    """The addresses SSL may protect: the instance's own IPs and domains (the public ones only while
    opened) and, for a read-only instance, the IPs of its RO groups."""
    found = []
    for entry in inst.net:
        if entry.net_type == "public" and entry.status != "opened":
            continue
        found += [a for a in (entry.ip, entry.address) if a]
    for grp in world.groups.values():
        if inst.instance_id in grp.members:
            found += [a for e in grp.net for a in (e.ip, e.address) if a]
    return list(dict.fromkeys(found))
