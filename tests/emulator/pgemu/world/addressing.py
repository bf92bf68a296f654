"""Addresses: VIP checks and deterministic allocation, public addresses.

Allocation never uses wall time or dict order, so a given world and a given
sequence of calls always yield the same addresses.
"""

from __future__ import annotations

import ipaddress

from ..errors import ApiError

PUBLIC_V4_POOL = ipaddress.ip_network("198.18.0.0/15")  # RFC 2544 space: never a real host
PUBLIC_V6_POOL = ipaddress.ip_network("2001:db8:100::/64")  # RFC 3849 documentation prefix
REGION_SHORT = {
    "ap-bangkok": "th",
    "ap-beijing": "bj",
    "ap-chengdu": "cd",
    "ap-chongqing": "cq",
    "ap-guangzhou": "gz",
    "ap-hongkong": "hk",
    "ap-jakarta": "jkt",
    "ap-nanjing": "nj",
    "ap-seoul": "kr",
    "ap-shanghai": "sh",
    "ap-shanghai-fsi": "shjr",
    "ap-shenzhen-fsi": "szjr",
    "ap-singapore": "sg",
    "ap-tokyo": "jp",
    "eu-frankfurt": "de",
    "na-ashburn": "use",
    "na-siliconvalley": "usw",
    "sa-saopaulo": "sao",
}


def public_address(instance_id: str, region: str) -> str:
    short = REGION_SHORT.get(region, region)
    return f"{instance_id}.{short}.postgres.tencentcdb.com"


def reserved(subnet_cidr: ipaddress.IPv4Network) -> set:
    """The network address, the gateway (first host) and the broadcast address."""
    net = subnet_cidr.network_address
    return {str(net), str(net + 1), str(subnet_cidr.broadcast_address)}


def check_vip(subnet, vip: str, used: set) -> str:
    """Return the normalised VIP or raise why it cannot be used."""
    try:
        address = ipaddress.IPv4Address(vip)
    except ValueError:
        raise ApiError(
            "InvalidParameterValue.InvalidParameterValueError", f"Vip {vip!r} is not a valid IPv4 address."
        ) from None
    text = str(address)
    if address not in subnet.cidr:
        raise ApiError(
            "InvalidParameterValue.InvalidParameterValueError",
            f"Vip {text} is not inside subnet {subnet.subnet_id} ({subnet.cidr}).",
        )
    if text in reserved(subnet.cidr):
        raise ApiError(
            "InvalidParameterValue.InvalidParameterValueError",
            f"Vip {text} is reserved in subnet {subnet.subnet_id} (network, gateway or broadcast).",
        )
    if text in used:
        raise ApiError(
            "InvalidParameterValue.InvalidParameterValueError",
            f"Vip {text} is already in use in subnet {subnet.subnet_id}.",
        )
    return text


def pick_vip(subnet, used: set) -> str:
    """The lowest free, unreserved host address of the subnet."""
    skip = reserved(subnet.cidr) | used
    for host in subnet.cidr.hosts():
        if str(host) not in skip:
            return str(host)
    raise ApiError(
        "FailedOperation.FailedOperationError",
        f"Subnet {subnet.subnet_id} ({subnet.cidr}) has no free IP address left.",
    )


def next_public_ip(used: set, ipv6: bool) -> str:
    pool = PUBLIC_V6_POOL if ipv6 else PUBLIC_V4_POOL
    start = 1 if ipv6 else 2  # keep 198.18.0.0/.1 looking like infrastructure
    for offset in range(start, pool.num_addresses - 1):
        candidate = str(pool.network_address + offset)
        if candidate not in used:
            return candidate
    raise ApiError("FailedOperation.FailedOperationError", "The public address pool is exhausted.")
