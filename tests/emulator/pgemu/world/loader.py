"""World files (YAML or JSON) → a World.

The format is the shape of `GET /_emulator/state`, so a saved state loads
back as a world. Fields left out get defaults (defaults.py); unknown fields
are refused, so a typo in a world file fails loudly instead of silently.
"""

from __future__ import annotations

import copy
import ipaddress
import json

from . import access, addressing, defaults, fleet
from .model import Account, Instance, NetEntry, RoGroup, Role, Subnet, Vpc
from .render import GROUP_FIELDS, INSTANCE_FIELDS
from .state import World

# `tasks` and `clock` appear in a saved state; they are accepted and ignored.
TOP_LEVEL = {
    "regions",
    "accounts",
    "vpcs",
    "instances",
    "read_only_groups",
    "generate",
    "tasks",
    "first_task_id",
    "clock",
    "roles",
    "metadata_role",
    "security_groups",
}
ACCOUNT_FIELDS = {"secret_id", "secret_key", "read_only", "token", "role_arn", "expired_time"}
ROLE_FIELDS = {"role_name", "role_id", "uin", "read_only", "role_arn"}  # role_arn: derived, as the state shows it
DEFAULT_UIN = "100000000001"
NET_FIELDS = {"Address", "Ip", "Port", "NetType", "Status", "VpcId", "SubnetId", "ProtocolType", "Ipv6"}


class WorldError(ValueError):
    """A world description that cannot be loaded, with the reason."""


def load_file(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if path.endswith(".json"):
        return json.loads(text)
    import yaml  # only world files need it; the server itself runs on the standard library

    return yaml.safe_load(text) or {}


def build(spec: dict, seed: int = 0) -> World:
    spec = copy.deepcopy(spec or {})
    unknown = set(spec) - TOP_LEVEL
    if unknown:
        raise WorldError(f"unknown top-level keys: {sorted(unknown)}")
    for gen in _as_list(spec.get("generate")):
        fleet.extend(spec, gen)
    regions = spec.get("regions") or defaults.DOCUMENTED_REGIONS
    vpcs = [_vpc(v, regions) for v in spec.get("vpcs", [])]
    accounts = [_account(a) for a in spec.get("accounts", [])]
    instances = {}
    for raw in spec.get("instances", []):
        inst = _instance(raw, regions)
        if inst.instance_id in instances:
            raise WorldError(f"duplicate instance {inst.instance_id}")
        instances[inst.instance_id] = inst
    groups = [_group(g, instances) for g in spec.get("read_only_groups", [])]
    security_groups = access.parse_groups(spec.get("security_groups"), regions)
    _count_readonly(instances)
    roles = _roles(spec.get("roles", []))
    metadata_role = spec.get("metadata_role")
    if metadata_role is not None and metadata_role not in {r.role_name for r in roles}:
        raise WorldError(f"metadata_role {metadata_role!r} is not one of the roles")
    world = World(
        regions,
        accounts,
        vpcs,
        instances.values(),
        groups,
        seed=seed,
        first_task_id=int(spec.get("first_task_id", 1001)),
        roles=roles,
        metadata_role=metadata_role,
        security_groups=security_groups,
    )
    _check_networks(world)
    access.check_bindings(world)
    return world


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _account(raw: dict) -> Account:
    unknown = set(raw) - ACCOUNT_FIELDS
    if unknown:
        raise WorldError(f"account {raw.get('secret_id')}: unknown fields {sorted(unknown)}")
    expired_time = raw.get("expired_time")
    if expired_time is not None and (isinstance(expired_time, bool) or not isinstance(expired_time, (int, float))):
        raise WorldError(f"account {raw.get('secret_id')}: expired_time must be UNIX seconds")
    try:
        return Account(
            secret_id=raw["secret_id"],
            secret_key=raw["secret_key"],
            read_only=bool(raw.get("read_only", False)),
            token=raw.get("token"),
            expires=expired_time,
            role_arn=raw.get("role_arn"),
        )
    except KeyError as exc:
        raise WorldError(f"account without {exc.args[0]}: {raw.get('secret_id')}") from None


def _roles(raws: list) -> list:
    roles, seen = [], set()
    for number, raw in enumerate(raws):
        unknown = set(raw) - ROLE_FIELDS
        if unknown:
            raise WorldError(f"role {raw.get('role_name')}: unknown fields {sorted(unknown)}")
        name, uin = raw.get("role_name"), str(raw.get("uin", DEFAULT_UIN))
        if not isinstance(name, str) or not name or name in seen:
            raise WorldError(f"role {name!r} needs a role_name, unique in the world")
        if not uin.isdigit():
            raise WorldError(f"role {name}: uin must be digits, not {uin!r}")
        seen.add(name)
        role_id = str(raw.get("role_id", 4611686018427397900 + number))
        role = Role(name, role_id, uin, bool(raw.get("read_only", False)))
        if raw.get("role_arn", role.arn) != role.arn:
            raise WorldError(f"role {name}: role_arn {raw['role_arn']!r} is not {role.arn!r}")
        roles.append(role)
    return roles


def _vpc(raw: dict, regions) -> Vpc:
    if raw.get("Region") not in regions:
        raise WorldError(f"VPC {raw.get('VpcId')} is in unknown region {raw.get('Region')}")
    vpc = Vpc(raw["VpcId"], raw["Region"], ipaddress.IPv4Network(raw["CidrBlock"]))
    for sub in raw.get("Subnets", []):
        cidr = ipaddress.IPv4Network(sub["CidrBlock"])
        if not cidr.subnet_of(vpc.cidr):
            raise WorldError(f"subnet {sub['SubnetId']} {cidr} is outside VPC {vpc.vpc_id} {vpc.cidr}")
        vpc.subnets[sub["SubnetId"]] = Subnet(sub["SubnetId"], cidr, sub.get("Zone", raw["Region"] + "-3"))
    return vpc


def _net(raw: dict) -> NetEntry:
    unknown = set(raw) - NET_FIELDS
    if unknown:
        raise WorldError(f"unknown DBInstanceNetInfo fields {sorted(unknown)}")
    return NetEntry(
        net_type=raw.get("NetType", "private"),
        status=raw.get("Status", "opened"),
        vpc_id=raw.get("VpcId", ""),
        subnet_id=raw.get("SubnetId", ""),
        ip=raw.get("Ip", ""),
        port=int(raw.get("Port", 5432 if raw.get("NetType", "private") != "public" else 0)),
        address=raw.get("Address", ""),
        protocol=raw.get("ProtocolType", "postgresql"),
        ipv6=bool(raw.get("Ipv6", ":" in raw.get("Ip", ""))),
    )


def _instance(raw: dict, regions) -> Instance:
    unknown = set(raw) - set(INSTANCE_FIELDS) - access.INSTANCE_EXTRA
    if unknown:
        raise WorldError(f"instance {raw.get('DBInstanceId')}: unknown fields {sorted(unknown)}")
    instance_id, region = raw.get("DBInstanceId"), raw.get("Region")
    if not instance_id or region not in regions:
        raise WorldError(f"instance {instance_id!r} needs a DBInstanceId and a known Region")
    fields = defaults.instance_fields(instance_id, region, raw.get("Zone", region + "-3"))
    if raw.get("DBInstanceType") == "readonly" or instance_id.startswith("pgro-"):
        fields.update(defaults.readonly_fields(raw.get("MasterDBInstanceId", "")))
    given = {
        k: v
        for k, v in raw.items()
        if k not in ("DBInstanceNetInfo", "NetworkAccessList") and k not in access.INSTANCE_EXTRA
    }
    _check_types(fields, given, f"instance {instance_id}")
    fields.update(given)
    net = [_net(n) for n in raw.get("DBInstanceNetInfo", [])]
    if not any(e.net_type == "public" for e in net):
        net.append(NetEntry(net_type="public", status="initing", port=0))
    for entry in net:
        if entry.net_type == "public" and entry.status == "opened" and not entry.address:
            entry.address = addressing.public_address(instance_id, region)
    where = f"instance {instance_id}"
    return Instance(
        instance_id,
        region,
        fields.pop("DBInstanceStatus", "running"),
        fields,
        net,
        security_groups=access.parse_bound(raw, where),
        ssl=access.parse_ssl(raw, where),
    )


def _group(raw: dict, instances: dict) -> RoGroup:
    allowed = set(GROUP_FIELDS) | {"CreateTime"} | access.GROUP_EXTRA
    unknown = set(raw) - allowed
    if unknown:
        raise WorldError(f"RO group {raw.get('ReadOnlyGroupId')}: unknown fields {sorted(unknown)}")
    group_id, master_id = raw.get("ReadOnlyGroupId"), raw.get("MasterDBInstanceId")
    master = instances.get(master_id)
    if not group_id or master is None:
        raise WorldError(f"RO group {group_id!r} needs an ID and an existing MasterDBInstanceId")
    fields = defaults.group_fields(group_id, master.fields["Zone"])
    given = {k: v for k, v in raw.items() if k in GROUP_FIELDS and k not in _GROUP_LIVE}
    if isinstance(given.get("MaxReplayLag"), int):
        given["MaxReplayLag"] = float(given["MaxReplayLag"])  # a Float field; YAML writes 10 for 10.0
    _check_types(fields, given, f"RO group {group_id}")
    fields.update(given)
    members = []
    for member in raw.get("ReadOnlyDBInstanceList", []):
        if isinstance(member, dict):
            member_id = member.get("DBInstanceId")
            if member_id not in instances:
                instances[member_id] = _instance(
                    dict(
                        {"Region": master.region, "MasterDBInstanceId": master_id, "DBInstanceType": "readonly"},
                        **member,
                    ),
                    [master.region],
                )
        else:
            member_id = member
        if member_id not in instances:
            raise WorldError(f"RO group {group_id}: member {member_id} is not an instance")
        members.append(member_id)
    return RoGroup(
        group_id,
        master.region,
        master_id,
        raw.get("Status", "ok"),
        fields,
        members,
        [_net(n) for n in raw.get("DBInstanceNetInfo", [])],
        raw.get("CreateTime", defaults.CREATED),
        security_groups=access.parse_bound(raw, f"RO group {group_id}"),
    )


_GROUP_LIVE = {
    "ReadOnlyGroupId",
    "MasterDBInstanceId",
    "Region",
    "Status",
    "VpcId",
    "SubnetId",
    "ReadOnlyDBInstanceList",
    "DBInstanceNetInfo",
    "NetworkAccessList",
}


def _check_types(defaults_: dict, given: dict, where: str) -> None:
    """A given field must have the JSON type of its default, or answers would break typed clients."""
    for name, value in given.items():
        default = defaults_.get(name)
        if default is None or (value is None and name == "DBNodeSet"):  # DBNodeSet may be null
            continue
        if type(value) is not type(default):
            raise WorldError(f"{where}: {name} must be a {type(default).__name__}, not {value!r}")


def _count_readonly(instances: dict) -> None:
    counts: dict = {}
    for inst in instances.values():
        master = inst.fields.get("MasterDBInstanceId")
        if master:
            counts[master] = counts.get(master, 0) + 1
    for inst in instances.values():
        if inst.fields.get("DBInstanceType") != "readonly":
            inst.fields["ReadOnlyInstanceNum"] = counts.get(inst.instance_id, inst.fields["ReadOnlyInstanceNum"])


def _check_networks(world: World) -> None:
    """Every VPC entry must name a VPC and subnet of its region, and hold an address of that subnet."""
    seen: dict = {}
    for res in world.resources():
        for entry in res.net:
            if entry.net_type != "private":
                continue
            vpc = world.vpc(res.region, entry.vpc_id)
            subnet = vpc.subnets.get(entry.subnet_id) if vpc else None
            name = getattr(res, "instance_id", None) or res.group_id
            if subnet is None:
                raise WorldError(f"{name}: network {entry.vpc_id}/{entry.subnet_id} does not exist in {res.region}")
            if entry.ip and ipaddress.IPv4Address(entry.ip) not in subnet.cidr:
                raise WorldError(f"{name}: {entry.ip} is not inside {entry.subnet_id} {subnet.cidr}")
            key = (entry.vpc_id, entry.ip)
            if entry.ip and key in seen:
                raise WorldError(f"{name}: {entry.ip} is already used by {seen[key]} in {entry.vpc_id}")
            seen[key] = name
