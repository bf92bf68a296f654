"""DescribeReadOnlyGroups."""

from __future__ import annotations

from ...errors import ApiError
from ...world import render
from . import listing

FILTERS = {"db-master-instance-id", "read-only-group-id"}
ORDER_KEYS = {
    "ROGroupId": lambda g: g.group_id,
    "CreateTime": lambda g: g.create_time,
    "Name": lambda g: g.fields["ReadOnlyGroupName"],
}


def describe(call, params: dict) -> dict:
    wanted = listing.filters(params, FILTERS)
    page_size = listing.bounded(params, "PageSize", 10, 1, 99)
    page_number = listing.bounded(params, "PageNumber", 1, 1, 2**31)
    key, reverse = listing.order(params, ORDER_KEYS, "CreateTime", "asc")
    masters = wanted.get("db-master-instance-id")
    if not masters and call.config.ro_groups_without_master == "error":
        raise ApiError(listing.BAD_VALUE, "The filter db-master-instance-id must be specified.")
    for values in masters or []:
        known = {v for v in values if call.world.instance(call.region, v) is not None}
        if not known and call.config.ro_groups_unknown_master == "error":
            raise ApiError(
                "ResourceNotFound.InstanceNotFoundError",
                f"The instance {', '.join(sorted(values))} does not exist in region {call.region}.",
            )
    found = [
        g
        for g in call.world.groups.values()
        if g.region == call.region
        and listing.matches(wanted, "db-master-instance-id", {g.master_id})
        and listing.matches(wanted, "read-only-group-id", {g.group_id})
    ]
    found.sort(key=lambda g: g.group_id)
    found.sort(key=key, reverse=reverse)
    start = (page_number - 1) * page_size
    return {"ReadOnlyGroupList": [render.group(g, call.world, call.now) for g in found[start : start + page_size]]}
