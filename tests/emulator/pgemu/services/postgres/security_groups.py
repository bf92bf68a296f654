"""DescribeDBInstanceSecurityGroups / ModifyDBInstanceSecurityGroups: who may reach a resource.

An instance (primary or read-only) or an RO group has an ordered list of bound
security groups of its region. Modify replaces the whole list, synchronously:
the answer carries only a RequestId and the change is visible to the next read.
"""

from __future__ import annotations

from ...errors import ApiError
from ...world import access
from ...world.model import Instance
from . import common

CHECK_ERROR = "InvalidParameter.ParameterCheckError"


def _target(call, params: dict):
    """The resource named: DBInstanceId wins when both are given (the documentation says so for reads)."""
    if params.get("DBInstanceId"):
        return common.find_instance(call, params["DBInstanceId"])
    if params.get("ReadOnlyGroupId"):
        return common.find_group(call, params["ReadOnlyGroupId"])
    raise ApiError(CHECK_ERROR, "Give DBInstanceId (an instance) or ReadOnlyGroupId (a read-only group).")


def describe(call, params: dict) -> dict:
    resource = _target(call, params)
    groups = [call.world.security_group(resource.region, g) for g in resource.security_groups]
    return {"SecurityGroupSet": [access.api_group(g) for g in groups if g is not None]}


def modify(call, params: dict) -> dict:
    ids = list(dict.fromkeys(params["SecurityGroupIdSet"]))  # a repeated ID binds once, where it first is
    for group_id in ids:
        if not access.SECURITY_GROUP_ID.match(group_id):
            raise ApiError(
                CHECK_ERROR,
                f"The security group ID {group_id!r} is malformed; it must be sg- followed "
                f"by 8 lowercase letters or digits.",
            )
    if not ids and call.config.empty_security_group_set == "error":
        raise ApiError(CHECK_ERROR, "SecurityGroupIdSet must name at least one security group.")
    resource = _target(call, params)
    if isinstance(resource, Instance):
        common.writable_instance(call, resource, gone_code=common.BUSY_INSTANCE)
    else:
        common.writable_group(call, resource)
    for group_id in ids:
        if call.world.security_group(call.region, group_id) is None:
            raise ApiError(CHECK_ERROR, f"The security group {group_id} does not exist in region {call.region}.")
    resource.security_groups = ids
    return {}
