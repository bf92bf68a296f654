"""Generated fleets for benchmarks: `generate: {instances: 500, region: ap-guangzhou}`.

Each `generate` entry adds its own VPC (a /16 with one /16 subnet), a security group
`sg-fleetNNN` admitting that VPC on 5432, and N
running instances with one private address each; every `public_every`-th
instance (default 4) has public access opened. Names and addresses follow
from the entry's position alone, so a fleet is the same on every run.
"""

from __future__ import annotations

import ipaddress

from . import addressing

_FLEET_PUBLIC = ipaddress.IPv4Network("100.64.0.0/10")  # apart from the pool new openings draw from
_ALLOWED = {"instances", "region", "public_every", "name_prefix"}


def extend(spec: dict, gen: dict) -> None:
    from .loader import WorldError

    unknown = set(gen) - _ALLOWED
    if unknown:
        raise WorldError(f"generate: unknown keys {sorted(unknown)}")
    index = sum(1 for v in spec.get("vpcs", []) if v.get("VpcId", "").startswith("vpc-fleet"))
    count, region = int(gen.get("instances", 0)), gen.get("region", "ap-guangzhou")
    if not 0 <= count <= 60000 or index > 9:
        raise WorldError("generate: at most 10 fleets of at most 60000 instances")
    cidr = ipaddress.IPv4Network(f"10.{100 + index}.0.0/16")
    vpc_id, subnet_id = f"vpc-fleet{index:03d}", f"subnet-fleet{index:03d}"
    spec.setdefault("vpcs", []).append(
        {
            "VpcId": vpc_id,
            "Region": region,
            "CidrBlock": str(cidr),
            "Subnets": [{"SubnetId": subnet_id, "CidrBlock": str(cidr)}],
        }
    )
    group_id = f"sg-fleet{index:03d}"  # each fleet's instances are bound to a group admitting its VPC
    spec.setdefault("security_groups", []).append(
        {
            "SecurityGroupId": group_id,
            "Region": region,
            "SecurityGroupName": f"fleet{index}-vpc-only",
            "Inbound": [
                {
                    "Action": "ACCEPT",
                    "CidrIp": str(cidr),
                    "PortRange": "5432",
                    "IpProtocol": "tcp",
                    "Description": vpc_id,
                }
            ],
            "Outbound": [
                {"Action": "ACCEPT", "CidrIp": "0.0.0.0/0", "PortRange": "ALL", "IpProtocol": "ALL", "Description": ""}
            ],
        }
    )
    hosts = (h for h in cidr.hosts() if str(h) not in addressing.reserved(cidr))
    public_every = int(gen.get("public_every", 4))
    prefix = gen.get("name_prefix", f"fleet{index}")
    for number, host in zip(range(1, count + 1), hosts):
        instance_id = f"postgres-fl{index}{number:05d}"
        net = [
            {
                "NetType": "private",
                "Status": "opened",
                "VpcId": vpc_id,
                "SubnetId": subnet_id,
                "Ip": str(host),
                "Port": 5432,
            }
        ]
        if public_every and number % public_every == 0:
            net.append(
                {
                    "NetType": "public",
                    "Status": "opened",
                    "Port": 20000 + number % 40000,
                    "Ip": str(_FLEET_PUBLIC.network_address + 65536 * index + number),
                    "Address": addressing.public_address(instance_id, region),
                }
            )
        spec.setdefault("instances", []).append(
            {
                "DBInstanceId": instance_id,
                "Region": region,
                "DBInstanceName": f"{prefix}-{number:05d}",
                "DBInstanceNetInfo": net,
                "SecurityGroupIds": [group_id],
            }
        )
