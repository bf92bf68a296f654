"""DescribeDBInstanceAttribute and DescribeDBInstances."""

from __future__ import annotations

from ...errors import ApiError
from ...world import render
from . import common, listing

FILTERS = {
    "db-instance-id",
    "db-instance-name",
    "db-project-id",
    "db-pay-mode",
    "db-tag-key",
    "db-private-ip",
    "db-public-address",
    "db-dedicated-cluster-id",
}
ORDER_KEYS = {
    "DBInstanceId": lambda i: i.instance_id,
    "CreateTime": lambda i: i.fields["CreateTime"],
    "Name": lambda i: i.fields["DBInstanceName"],
    "EndTime": lambda i: i.fields["ExpireTime"],
}


def instance_attribute(call, params: dict) -> dict:
    inst = common.find_instance(call, params["DBInstanceId"], call.config.instance_not_found_code)
    # The documentation's examples show the deprecated NetworkAccessList as []
    # here and as null in DescribeDBInstances; both are kept.
    return {"DBInstance": render.instance(inst, call.now, access_list=[])}


def instances(call, params: dict) -> dict:
    wanted = listing.filters(params, FILTERS)
    for values in wanted.get("db-project-id", []):
        if not all(v.lstrip("-").isdigit() for v in values):
            raise ApiError("InvalidParameterValue.DataConvertError", "db-project-id values must be integers.")
    limit = listing.bounded(params, "Limit", 10, 0, 100) or 10  # 0 means the default
    offset = listing.bounded(params, "Offset", 0, 0, 2**31)
    key, reverse = listing.order(params, ORDER_KEYS, "CreateTime", "asc")
    found = [i for i in call.world.instances.values() if i.region == call.region and _match(i, wanted, call.now)]
    found.sort(key=lambda i: i.instance_id)
    found.sort(key=key, reverse=reverse)
    page = found[offset : offset + limit]
    return {"TotalCount": len(found), "DBInstanceSet": [render.instance(i, call.now, access_list=None) for i in page]}


def _match(inst, wanted: dict, now: float) -> bool:
    if not wanted:
        return True
    _, net = render.visible(inst, now, lagged=True)
    name = inst.fields["DBInstanceName"].lower()
    return (
        listing.matches(wanted, "db-instance-id", {inst.instance_id})
        and all(any(v.lower() in name for v in values) for values in wanted.get("db-instance-name", []))
        and listing.matches(wanted, "db-project-id", {str(inst.fields["ProjectId"])})
        and listing.matches(wanted, "db-pay-mode", {inst.fields["PayType"]})
        and listing.matches(wanted, "db-tag-key", {t["TagKey"] for t in inst.fields["TagList"] or []})
        and listing.matches(wanted, "db-private-ip", {e.ip for e in net if e.net_type != "public"})
        and listing.matches(wanted, "db-public-address", {e.address for e in net if e.net_type == "public"})
        and listing.matches(
            wanted, "db-dedicated-cluster-id", {n["DedicatedClusterId"] for n in inst.fields["DBNodeSet"] or []}
        )
    )
