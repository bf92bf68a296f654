"""OpenDBExtranetAccess / CloseDBExtranetAccess: the instance's one public entry.

An instance has a single public entry; IsIpv6 chooses the family it is
opened over, and a close must name the family it is open over.
"""

from __future__ import annotations

from ...errors import ApiError
from . import common

_BAD_VALUE = "InvalidParameterValue.InvalidParameterValueError"


def _ipv6_flag(params: dict) -> bool:
    value = params.get("IsIpv6", 0)
    if value not in (0, 1):
        raise ApiError(_BAD_VALUE, f"IsIpv6 must be 0 or 1, not {value}.")
    return value == 1


def _family(ipv6: bool) -> str:
    return "IPv6" if ipv6 else "IPv4"


def open_access(call, params: dict) -> dict:
    ipv6 = _ipv6_flag(params)
    inst = common.find_instance(call, params["DBInstanceId"], call.config.instance_not_found_code)
    common.writable_instance(call, inst, gone_code="ResourceUnavailable.InvalidInstanceStatus")
    if ipv6 and not inst.support_ipv6:
        raise ApiError(
            "OperationDenied.InstanceIpv6NotSupportedError", f"The instance {inst.instance_id} does not support IPv6."
        )
    entry = inst.public_entry()
    if entry.status == "opened":
        if entry.ipv6 != ipv6:
            raise ApiError(
                _BAD_VALUE,
                f"Public access of {inst.instance_id} is open over {_family(entry.ipv6)}; "
                f"close it before opening it over {_family(ipv6)}.",
            )
        if call.config.open_when_opened == "succeed":
            return common.noop_flow(call, inst, entry, inst.instance_id, params)
        raise ApiError(_BAD_VALUE, f"Public access of {inst.instance_id} is already opened.")
    return common.start_flow(call, inst, "open", entry, inst.instance_id, params, ipv6=ipv6)


def close_access(call, params: dict) -> dict:
    ipv6 = _ipv6_flag(params)
    inst = common.find_instance(call, params["DBInstanceId"], call.config.instance_not_found_code)
    common.writable_instance(call, inst, gone_code="OperationDenied.InstanceStatusDeniedError")
    entry = inst.public_entry()
    if entry.status != "opened":
        if call.config.close_when_closed == "succeed":
            return common.noop_flow(call, inst, entry, inst.instance_id, params)
        raise ApiError(_BAD_VALUE, f"Public access of {inst.instance_id} is not opened (it is {entry.status}).")
    if entry.ipv6 != ipv6:
        raise ApiError(
            _BAD_VALUE,
            f"Public access of {inst.instance_id} is open over {_family(entry.ipv6)}, " f"not {_family(ipv6)}.",
        )
    return common.start_flow(call, inst, "close", entry, inst.instance_id, params)
