"""Plain data classes of the world. Behaviour lives in flows.py and the actions."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Account:
    secret_id: str
    secret_key: str
    read_only: bool = False
    token: Optional[str] = None  # set for temporary credentials only
    expires: Optional[float] = None  # world time after which temporary credentials no longer work
    role_arn: Optional[str] = None  # the role whose credentials these are (STS AssumeRole, CVM role)


@dataclass
class Role:
    """A CAM role that STS AssumeRole (and the CVM metadata service) hands temporary credentials for."""

    role_name: str
    role_id: str
    uin: str
    read_only: bool = False  # its credentials may read, not write

    @property
    def arn(self) -> str:
        return f"qcs::cam::uin/{self.uin}:roleName/{self.role_name}"


@dataclass
class Subnet:
    subnet_id: str
    cidr: ipaddress.IPv4Network
    zone: str = ""


@dataclass
class Vpc:
    vpc_id: str
    region: str
    cidr: ipaddress.IPv4Network
    subnets: dict = field(default_factory=dict)  # subnet_id -> Subnet


@dataclass
class NetEntry:
    """One DBInstanceNetInfo: the public entry or a VPC (`private`) / classic (`inner`) one."""

    net_type: str
    status: str
    vpc_id: str = ""
    subnet_id: str = ""
    ip: str = ""
    port: int = 0
    address: str = ""
    protocol: str = "postgresql"
    ipv6: bool = False  # a public entry opened over IPv6

    def copy(self) -> "NetEntry":
        return NetEntry(**vars(self))

    def to_api(self) -> dict:
        return {
            "Address": self.address,
            "Ip": self.ip,
            "Port": self.port,
            "NetType": self.net_type,
            "Status": self.status,
            "VpcId": self.vpc_id,
            "SubnetId": self.subnet_id,
            "ProtocolType": self.protocol,
        }


@dataclass
class SecurityGroup:
    """A VPC security group of a region; instances and RO groups hold the IDs of those bound to them."""

    group_id: str
    region: str
    name: str
    description: str = ""
    project_id: int = 0
    create_time: str = ""
    inbound: list = field(default_factory=list)  # PolicyRule dicts (Action, CidrIp, PortRange, IpProtocol,
    # Description)
    outbound: list = field(default_factory=list)


@dataclass
class SslConfig:
    """An instance's SSL: on or off, and the one address its server certificate protects."""

    enabled: bool = False
    connect_address: str = ""


@dataclass
class Lag:
    """What a resource keeps showing for a moment after a write was accepted."""

    until: float
    status: str
    net: list


@dataclass
class Instance:
    instance_id: str
    region: str
    status: str
    fields: dict  # every other DBInstance field, as the API shows it
    net: list = field(default_factory=list)
    busy_task: Optional[int] = None
    lag: Optional[Lag] = None
    security_groups: list = field(default_factory=list)  # bound SecurityGroup IDs, in order
    ssl: SslConfig = field(default_factory=SslConfig)

    @property
    def support_ipv6(self) -> bool:
        return self.fields.get("SupportIpv6") == 1

    def public_entry(self) -> Optional[NetEntry]:
        return next((e for e in self.net if e.net_type == "public"), None)

    def vpc_entries(self) -> list:
        return [e for e in self.net if e.net_type != "public"]


@dataclass
class RoGroup:
    group_id: str
    region: str
    master_id: str
    status: str
    fields: dict  # every other ReadOnlyGroup field
    members: list = field(default_factory=list)  # read-only instance IDs
    net: list = field(default_factory=list)
    create_time: str = ""
    busy_task: Optional[int] = None
    lag: Optional[Lag] = None
    security_groups: list = field(default_factory=list)  # bound SecurityGroup IDs, in order

    def vpc_entries(self) -> list:
        return [e for e in self.net if e.net_type != "public"]


@dataclass
class Task:
    task_id: int
    task_type: str  # the action that started it
    region: str
    db_instance_id: str  # TaskSet.DBInstanceId (the master's ID for RO group tasks)
    resource: object  # the Instance or RoGroup it changes
    kind: str  # open | close | create | delete | noop | ssl
    entry: Optional[NetEntry]
    prior: Optional[NetEntry]  # the entry before the change, for a rollback
    start: float
    duration: float
    input: dict
    fail: bool = False
    status: str = "Running"
    end: Optional[float] = None
    output: Optional[dict] = None
    message: str = ""
    change: Optional[dict] = None  # what a non-network task sets when it succeeds (ssl: enabled, connect_address)
