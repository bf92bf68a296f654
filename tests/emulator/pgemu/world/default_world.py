"""The built-in world: what tests, the demo and the README rely on by name.

Changing a name here breaks other people's tests; add, don't rename.
"""

from __future__ import annotations

DEMO_SECRET_ID = "AKIDEMULATORDEMOKEY000000000000000000"
DEMO_SECRET_KEY = "emulator-demo-secret-key-0000000000"
READONLY_SECRET_ID = "AKIDEMULATORREADONLY0000000000000000"
READONLY_SECRET_KEY = "emulator-readonly-secret-key-000000"
TEMP_SECRET_ID = "AKIDEMULATORTEMPKEY000000000000000000"
TEMP_SECRET_KEY = "emulator-temp-secret-key-0000000000"
TEMP_TOKEN = "emulator-temp-token-000000000000"
DEFAULT_REGION = "ap-guangzhou"
# CAM roles: STS AssumeRole hands out temporary keys for them, and the demo role is the one bound to "this
# CVM" (the metadata endpoint). Their keys reach the API with their token, like any temporary key.
UIN = "100000000001"
DEMO_ROLE_NAME = "emulator-demo-role"
DEMO_ROLE_ARN = f"qcs::cam::uin/{UIN}:roleName/{DEMO_ROLE_NAME}"
DEMO_ROLE_ID = "4611686018427397919"
READONLY_ROLE_NAME = "emulator-readonly-role"
READONLY_ROLE_ARN = f"qcs::cam::uin/{UIN}:roleName/{READONLY_ROLE_NAME}"
READONLY_ROLE_ID = "4611686018427397920"
# Security groups (ap-guangzhou unless named sh): open to all on 5432, one office CIDR, the VPC only, and one
# bound to nothing (for tests that add a group). OFFICE_CIDR is a documentation range (RFC 5737).
SG_OPEN = "sg-gzopen01"
SG_OFFICE = "sg-gzoffice"
SG_VPC = "sg-gzvpc001"
SG_SPARE = "sg-gzspare1"
SG_SHANGHAI = "sg-shvpc001"
OFFICE_CIDR = "203.0.113.0/24"
# SSL: postgres-demo0002 has it on for its private address; the others have it off.
SSL_INSTANCE, SSL_ADDRESS = "postgres-demo0002", "10.0.1.11"


def _private(vpc: str, subnet: str, ip: str) -> dict:
    return {"NetType": "private", "Status": "opened", "VpcId": vpc, "SubnetId": subnet, "Ip": ip, "Port": 5432}


def _public(status: str, ip: str = "", port: int = 0, address: str = "") -> dict:
    return {"NetType": "public", "Status": status, "Ip": ip, "Port": port, "Address": address}


def _rule(cidr: str, port: str, description: str, action: str = "ACCEPT", protocol: str = "tcp") -> dict:
    return {"Action": action, "CidrIp": cidr, "PortRange": port, "IpProtocol": protocol, "Description": description}


_EGRESS = [_rule("0.0.0.0/0", "ALL", "all outbound traffic", protocol="ALL")]


def security_groups() -> list:
    def group(group_id, region, name, description, inbound, created, project_id=0):
        return {
            "SecurityGroupId": group_id,
            "Region": region,
            "SecurityGroupName": name,
            "SecurityGroupDescription": description,
            "ProjectId": project_id,
            "CreateTime": created,
            "Inbound": inbound,
            "Outbound": list(_EGRESS),
        }

    return [
        group(
            SG_OPEN,
            "ap-guangzhou",
            "pg-open-to-all",
            "PostgreSQL from anywhere",
            [_rule("0.0.0.0/0", "5432", "PostgreSQL from the internet")],
            "2024-01-10 09:00:00",
        ),
        group(
            SG_OFFICE,
            "ap-guangzhou",
            "pg-office",
            "PostgreSQL from the office",
            [
                _rule(OFFICE_CIDR, "5432", "office network"),
                _rule("0.0.0.0/0", "ALL", "everything else", action="DROP", protocol="ALL"),
            ],
            "2024-01-10 09:05:00",
        ),
        group(
            SG_VPC,
            "ap-guangzhou",
            "pg-vpc-only",
            "PostgreSQL from inside vpc-gz000001",
            [_rule("10.0.0.0/16", "5432", "vpc-gz000001")],
            "2024-01-10 09:10:00",
        ),
        group(
            SG_SPARE,
            "ap-guangzhou",
            "pg-admin",
            "bound to nothing",
            [_rule("198.51.100.7/32", "5432", "admin workstation")],
            "2024-01-10 09:15:00",
            project_id=1001,
        ),
        group(
            SG_SHANGHAI,
            "ap-shanghai",
            "pg-vpc-only-sh",
            "PostgreSQL from inside vpc-sh000001",
            [_rule("10.1.0.0/16", "5432", "vpc-sh000001")],
            "2024-04-20 10:00:00",
        ),
    ]


# Bound groups: every demo instance and RO group has one.
BINDINGS = {
    "postgres-demo0001": [SG_VPC],
    "postgres-demo0002": [SG_OPEN],
    "postgres-demo0003": [SG_OFFICE],
    "postgres-demo0004": [SG_VPC],
    "postgres-shdemo01": [SG_SHANGHAI],
    "pgro-demo0001": [SG_VPC],
    "pgro-demo0002": [SG_VPC],
    "pgro-demo0003": [SG_VPC],
    "pgrogrp-demo0001": [SG_VPC],
    "pgrogrp-demo0002": [SG_OFFICE],
    "pgrogrp-demo0003": [SG_VPC],
}


def default_world() -> dict:
    world = _resources()
    world["security_groups"] = security_groups()
    for resource in world["instances"] + world["read_only_groups"]:
        resource["SecurityGroupIds"] = list(BINDINGS[resource.get("DBInstanceId") or resource["ReadOnlyGroupId"]])
    ssl = next(i for i in world["instances"] if i["DBInstanceId"] == SSL_INSTANCE)
    ssl["SSL"] = {"SSLEnabled": True, "ConnectAddress": SSL_ADDRESS}
    return world


def _resources() -> dict:
    gz1 = ("vpc-gz000001", "subnet-gz000001")
    return {
        "accounts": [
            {"secret_id": DEMO_SECRET_ID, "secret_key": DEMO_SECRET_KEY, "read_only": False},
            {"secret_id": READONLY_SECRET_ID, "secret_key": READONLY_SECRET_KEY, "read_only": True},
            {"secret_id": TEMP_SECRET_ID, "secret_key": TEMP_SECRET_KEY, "read_only": False, "token": TEMP_TOKEN},
        ],
        "roles": [
            {"role_name": DEMO_ROLE_NAME, "role_id": DEMO_ROLE_ID, "uin": UIN, "read_only": False},
            {"role_name": READONLY_ROLE_NAME, "role_id": READONLY_ROLE_ID, "uin": UIN, "read_only": True},
        ],
        "metadata_role": DEMO_ROLE_NAME,
        "vpcs": [
            {
                "VpcId": "vpc-gz000001",
                "Region": "ap-guangzhou",
                "CidrBlock": "10.0.0.0/16",
                "Subnets": [
                    {"SubnetId": "subnet-gz000001", "CidrBlock": "10.0.1.0/24", "Zone": "ap-guangzhou-3"},
                    {"SubnetId": "subnet-gz000002", "CidrBlock": "10.0.2.0/24", "Zone": "ap-guangzhou-4"},
                ],
            },
            {
                "VpcId": "vpc-gz000002",
                "Region": "ap-guangzhou",
                "CidrBlock": "172.16.0.0/16",
                "Subnets": [{"SubnetId": "subnet-gz000003", "CidrBlock": "172.16.1.0/24", "Zone": "ap-guangzhou-3"}],
            },
            {
                "VpcId": "vpc-sh000001",
                "Region": "ap-shanghai",
                "CidrBlock": "10.1.0.0/16",
                "Subnets": [{"SubnetId": "subnet-sh000001", "CidrBlock": "10.1.1.0/24", "Zone": "ap-shanghai-2"}],
            },
        ],
        "instances": [
            {
                "DBInstanceId": "postgres-demo0001",
                "Region": "ap-guangzhou",
                "Zone": "ap-guangzhou-3",
                "DBInstanceName": "demo-primary-1",
                "DBInstanceStatus": "running",
                "SupportIpv6": 1,
                "CreateTime": "2024-01-15 10:00:00",
                "ProjectId": 0,
                "TagList": [{"TagKey": "env", "TagValue": "demo"}],
                "DBInstanceNetInfo": [_private(*gz1, "10.0.1.10"), _public("initing")],
            },
            {
                "DBInstanceId": "postgres-demo0002",
                "Region": "ap-guangzhou",
                "Zone": "ap-guangzhou-3",
                "DBInstanceName": "demo-primary-2",
                "DBInstanceStatus": "running",
                "SupportIpv6": 1,
                "CreateTime": "2024-02-01 09:30:00",
                "ProjectId": 1001,
                "PayType": "prepaid",
                "AutoRenew": 1,
                "ExpireTime": "2027-02-01 09:30:00",
                "DBInstanceNetInfo": [
                    _private(*gz1, "10.0.1.11"),
                    _public("opened", "198.18.0.12", 25432, "postgres-demo0002.gz.postgres.tencentcdb.com"),
                ],
            },
            {
                "DBInstanceId": "postgres-demo0003",
                "Region": "ap-guangzhou",
                "Zone": "ap-guangzhou-4",
                "DBInstanceName": "demo-no-ipv6",
                "DBInstanceStatus": "running",
                "SupportIpv6": 0,
                "CreateTime": "2024-03-10 14:00:00",
                "DBInstanceNetInfo": [_private("vpc-gz000001", "subnet-gz000002", "10.0.2.10"), _public("closed")],
            },
            {
                "DBInstanceId": "postgres-demo0004",
                "Region": "ap-guangzhou",
                "Zone": "ap-guangzhou-3",
                "DBInstanceName": "demo-isolated",
                "DBInstanceStatus": "isolated",
                "SupportIpv6": 0,
                "CreateTime": "2023-06-01 08:00:00",
                "IsolatedTime": "2024-05-01 08:00:00",
                "DBInstanceNetInfo": [_private(*gz1, "10.0.1.12"), _public("initing")],
            },
            {
                "DBInstanceId": "postgres-shdemo01",
                "Region": "ap-shanghai",
                "Zone": "ap-shanghai-2",
                "DBInstanceName": "demo-shanghai",
                "DBInstanceStatus": "running",
                "SupportIpv6": 0,
                "CreateTime": "2024-04-20 11:00:00",
                "DBInstanceNetInfo": [_private("vpc-sh000001", "subnet-sh000001", "10.1.1.10"), _public("initing")],
            },
            _readonly("pgro-demo0001", "postgres-demo0001", "10.0.1.30"),
            _readonly("pgro-demo0002", "postgres-demo0001", "10.0.1.31"),
            _readonly("pgro-demo0003", "postgres-demo0002", "10.0.1.32"),
        ],
        "read_only_groups": [
            {
                "ReadOnlyGroupId": "pgrogrp-demo0001",
                "ReadOnlyGroupName": "demo-ro-1",
                "MasterDBInstanceId": "postgres-demo0001",
                "Status": "ok",
                "CreateTime": "2024-01-16 10:00:00",
                "ReadOnlyDBInstanceList": ["pgro-demo0001"],
                "DBInstanceNetInfo": [_private(*gz1, "10.0.1.20")],
            },
            {
                "ReadOnlyGroupId": "pgrogrp-demo0002",
                "ReadOnlyGroupName": "demo-ro-2",
                "MasterDBInstanceId": "postgres-demo0001",
                "Status": "ok",
                "CreateTime": "2024-01-17 10:00:00",
                "ReadOnlyDBInstanceList": ["pgro-demo0002"],
                "DBInstanceNetInfo": [
                    _private(*gz1, "10.0.1.21"),
                    _private("vpc-gz000002", "subnet-gz000003", "172.16.1.21"),
                ],
            },
            {
                "ReadOnlyGroupId": "pgrogrp-demo0003",
                "ReadOnlyGroupName": "demo-ro-3",
                "MasterDBInstanceId": "postgres-demo0002",
                "Status": "ok",
                "CreateTime": "2024-02-02 10:00:00",
                "ReadOnlyDBInstanceList": ["pgro-demo0003"],
                "DBInstanceNetInfo": [_private(*gz1, "10.0.1.22")],
            },
        ],
    }


def _readonly(instance_id: str, master_id: str, ip: str) -> dict:
    return {
        "DBInstanceId": instance_id,
        "Region": "ap-guangzhou",
        "Zone": "ap-guangzhou-3",
        "DBInstanceName": instance_id.replace("pgro-", "demo-ro-instance-"),
        "DBInstanceStatus": "running",
        "DBInstanceType": "readonly",
        "MasterDBInstanceId": master_id,
        "CreateTime": "2024-01-16 10:05:00",
        "DBInstanceNetInfo": [_private("vpc-gz000001", "subnet-gz000001", ip), _public("initing")],
    }
