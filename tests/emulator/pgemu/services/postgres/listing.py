"""What the Describe actions share: filters, ordering and paging checks."""

from __future__ import annotations

from ...errors import ApiError

BAD_VALUE = "InvalidParameterValue.InvalidParameterValueError"


def filters(params: dict, allowed: set) -> dict:
    """Filters → {name: [values]}. Filters are ANDed, the values of one filter ORed."""
    out: dict = {}
    for flt in params.get("Filters", []):
        name = flt["Name"]
        if name not in allowed:
            raise ApiError(BAD_VALUE, f"Unknown filter {name!r}; valid filters: {', '.join(sorted(allowed))}.")
        if not flt["Values"]:
            raise ApiError(BAD_VALUE, f"Filter {name!r} needs at least one value.")
        out.setdefault(name, []).append(set(flt["Values"]))
    return out


def matches(wanted: dict, name: str, have) -> bool:
    """True when every filter `name` shares a value with `have` (a set), or there is none."""
    return all(values & have for values in wanted.get(name, []))


def order(params: dict, keys: dict, default_by: str, default_type: str) -> tuple:
    by = params.get("OrderBy", default_by)
    if by not in keys:
        raise ApiError(BAD_VALUE, f"OrderBy must be one of {', '.join(keys)}, not {by!r}.")
    kind = params.get("OrderByType", default_type)
    if kind not in ("asc", "desc"):
        raise ApiError(BAD_VALUE, f"OrderByType must be asc or desc, not {kind!r}.")
    return keys[by], kind == "desc"


def bounded(params: dict, name: str, default: int, low: int, high: int, code: str = BAD_VALUE) -> int:
    value = params.get(name, default)
    if value < low or value > high:
        raise ApiError(code, f"{name} must be between {low} and {high}, not {value}.")
    return value
