"""Create/Delete a VPC network of an instance or of a read-only group.

Both kinds of resource follow one set of rules (1 to 2 networks, a VIP free
and inside its subnet); only the lookups and the error codes differ, and
those differences come from each action's documented error list.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import ApiError
from ...world import addressing
from ...world.model import NetEntry
from . import common

MAX_NETWORKS, MIN_NETWORKS = 2, 1


@dataclass(frozen=True)
class Target:
    resource: object
    name: str
    db_instance_id: str  # what the task's DBInstanceId shows


def _instance_target(call, params) -> Target:
    inst = common.find_instance(call, params["DBInstanceId"])
    common.writable_instance(call, inst, gone_code=common.BUSY_INSTANCE)
    return Target(inst, f"instance {inst.instance_id}", inst.instance_id)


def _group_target(call, params) -> Target:
    grp = common.find_group(call, params["ReadOnlyGroupId"])
    common.writable_group(call, grp)
    return Target(grp, f"read-only group {grp.group_id}", grp.master_id)


def create_instance_network(call, params: dict) -> dict:
    return _create(call, params, _instance_target(call, params), unknown_vpc="InvalidParameter.VpcNotFoundError")


def create_group_network(call, params: dict) -> dict:
    return _create(call, params, _group_target(call, params), unknown_vpc="FailedOperation.GetVpcInfoError")


def delete_instance_network(call, params: dict) -> dict:
    return _delete(call, params, _instance_target(call, params))


def delete_group_network(call, params: dict) -> dict:
    return _delete(call, params, _group_target(call, params))


def _create(call, params: dict, target: Target, unknown_vpc: str) -> dict:
    vpc_id, subnet_id = params["VpcId"], params["SubnetId"]
    if vpc_id == "0" or subnet_id == "0":
        raise ApiError(
            "FailedOperation.CreateBasicNetworkDeniedError",
            "A basic (classic) network cannot be added; give a VPC and a subnet.",
        )
    vpc = call.world.vpc(call.region, vpc_id)
    if vpc is None:
        raise ApiError(unknown_vpc, f"The VPC {vpc_id} does not exist in region {call.region}.")
    subnet = vpc.subnets.get(subnet_id)
    if subnet is None:
        raise ApiError("FailedOperation.GetSubnetError", f"The subnet {subnet_id} does not exist in VPC {vpc_id}.")
    current = target.resource.vpc_entries()
    if len(current) >= MAX_NETWORKS:
        raise ApiError(
            "FailedOperation.NetworkNumLimitError",
            f"The {target.name} already has {len(current)} networks; at most {MAX_NETWORKS} are allowed.",
        )
    used = call.world.used_vpc_ips(vpc_id)
    if params["IsAssignVip"] and params.get("Vip"):
        vip = addressing.check_vip(subnet, params["Vip"], used)
    else:
        vip = addressing.pick_vip(subnet, used)
    port = next((e.port for e in current if e.port), 5432)
    entry = NetEntry(net_type="private", status="opening", vpc_id=vpc_id, subnet_id=subnet_id, ip=vip, port=port)
    task_input = dict(params, Vip=params.get("Vip", ""))
    return common.start_flow(call, target.resource, "create", entry, target.db_instance_id, task_input)


def _delete(call, params: dict, target: Target) -> dict:
    vpc_id, subnet_id, vip = params["VpcId"], params["SubnetId"], params["Vip"]
    basic = vpc_id == "0" and subnet_id == "0"
    if not basic and call.world.vpc(call.region, vpc_id) is None:
        raise ApiError("InvalidParameter.VpcNotFoundError", f"The VPC {vpc_id} does not exist in region {call.region}.")
    current = target.resource.vpc_entries()
    entry = next(
        (
            e
            for e in current
            if e.ip == vip and (e.net_type == "inner" if basic else (e.vpc_id, e.subnet_id) == (vpc_id, subnet_id))
        ),
        None,
    )
    if entry is None:
        if call.config.delete_missing_network == "succeed":
            return common.noop_flow(call, target.resource, None, target.db_instance_id, params)
        raise ApiError(
            "InvalidParameter.VpcNotFoundError",
            f"The {target.name} has no network {vpc_id}/{subnet_id} with VIP {vip}.",
        )
    if len(current) <= MIN_NETWORKS:
        raise ApiError(
            "FailedOperation.NetworkNumLimitError", f"The {target.name} must keep at least {MIN_NETWORKS} network."
        )
    return common.start_flow(call, target.resource, "delete", entry, target.db_instance_id, params)
