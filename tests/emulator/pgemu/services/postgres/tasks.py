"""DescribeTasks: the progress of the asynchronous flows the writes started."""

from __future__ import annotations

from ...clock import format_time, parse_time
from ...errors import ApiError
from ...world import render
from . import listing

HISTORY_SECONDS = 180 * 86400  # by default only the last 180 days are shown
ORDER_KEYS = {
    "StartTime": lambda t: (int(t.start), t.task_id),
    "EndTime": lambda t: (int(t.end) if t.end is not None else float("inf"), t.task_id),
}


def describe(call, params: dict) -> dict:
    if params.get("Limit", 20) > 100:
        raise ApiError("InvalidParameterValue.ParameterValueExceedError", "Limit must not exceed 100.")
    limit = listing.bounded(params, "Limit", 20, 1, 100)
    offset = listing.bounded(params, "Offset", 0, 0, 2**31)
    key, reverse = listing.order(params, ORDER_KEYS, "StartTime", "desc")
    low = _time(params, "MinStartTime", call.now - HISTORY_SECONDS)
    high = _time(params, "MaxStartTime", call.now)
    found = [
        t
        for t in call.world.tasks.values()
        if t.region == call.region
        and low <= int(t.start) <= high
        and params.get("TaskId") in (None, t.task_id)
        and params.get("DBInstanceId") in (None, t.db_instance_id)
    ]
    found.sort(key=key, reverse=reverse)
    return {"TotalCount": len(found), "TaskSet": [render.task(t, call.now) for t in found[offset : offset + limit]]}


def _time(params: dict, name: str, default: float) -> float:
    if name not in params:
        return int(parse_time(format_time(default)))
    try:
        return parse_time(params[name])
    except ValueError:
        raise ApiError(listing.BAD_VALUE, f"{name} must look like YYYY-MM-DD HH:MM:SS.") from None
