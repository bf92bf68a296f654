"""The postgres service, version 2017-03-12: the network-access and access-control actions."""

from __future__ import annotations

from ...params import FILTER, Field
from .. import Action, Service
from . import describe, extranet, networks, rogroups, security_groups, ssl, tasks

VERSION = "2017-03-12"
WRITE_RATE, DESCRIBE_RATE, TASKS_RATE = 100, 1000, 20
SSL_RATE = 20  # both SSL actions: "a maximum of 20 requests per second" (docs 409/78802, 409/78804)

_ID = Field("String", True)
_INSTANCE_NET = {"DBInstanceId": _ID, "VpcId": _ID, "SubnetId": _ID}
_GROUP_NET = {"ReadOnlyGroupId": _ID, "VpcId": _ID, "SubnetId": _ID}
_ASSIGN = {"IsAssignVip": Field("Boolean", True), "Vip": Field("String")}
_DELETE = {"Vip": Field("String", True)}
_PUBLIC = {"DBInstanceId": _ID, "IsIpv6": Field("Integer")}

ACTIONS = [
    Action("OpenDBExtranetAccess", _PUBLIC, extranet.open_access, True, WRITE_RATE),
    Action("CloseDBExtranetAccess", _PUBLIC, extranet.close_access, True, WRITE_RATE),
    Action(
        "CreateDBInstanceNetworkAccess",
        {**_INSTANCE_NET, **_ASSIGN},
        networks.create_instance_network,
        True,
        WRITE_RATE,
    ),
    Action(
        "DeleteDBInstanceNetworkAccess",
        {**_INSTANCE_NET, **_DELETE},
        networks.delete_instance_network,
        True,
        WRITE_RATE,
    ),
    Action(
        "CreateReadOnlyGroupNetworkAccess", {**_GROUP_NET, **_ASSIGN}, networks.create_group_network, True, WRITE_RATE
    ),
    Action(
        "DeleteReadOnlyGroupNetworkAccess", {**_GROUP_NET, **_DELETE}, networks.delete_group_network, True, WRITE_RATE
    ),
    Action("DescribeDBInstanceAttribute", {"DBInstanceId": _ID}, describe.instance_attribute, False, DESCRIBE_RATE),
    Action(
        "DescribeDBInstances",
        {
            "Filters": Field([FILTER]),
            "Limit": Field("Integer"),
            "Offset": Field("Integer"),
            "OrderBy": Field("String"),
            "OrderByType": Field("String"),
        },
        describe.instances,
        False,
        DESCRIBE_RATE,
    ),
    Action(
        "DescribeReadOnlyGroups",
        {
            "Filters": Field([FILTER]),
            "PageSize": Field("Integer"),
            "PageNumber": Field("Integer"),
            "OrderBy": Field("String"),
            "OrderByType": Field("String"),
        },
        rogroups.describe,
        False,
        DESCRIBE_RATE,
    ),
    Action(
        "DescribeTasks",
        {
            "TaskId": Field("Integer"),
            "DBInstanceId": Field("String"),
            "MinStartTime": Field("String"),
            "MaxStartTime": Field("String"),
            "Limit": Field("Integer"),
            "Offset": Field("Integer"),
            "OrderBy": Field("String"),
            "OrderByType": Field("String"),
        },
        tasks.describe,
        False,
        TASKS_RATE,
    ),
    # Access control: security groups (synchronous) and SSL (a task like the network writes).
    Action(
        "DescribeDBInstanceSecurityGroups",
        {"DBInstanceId": Field("String"), "ReadOnlyGroupId": Field("String")},
        security_groups.describe,
        False,
        DESCRIBE_RATE,
    ),
    Action(
        "ModifyDBInstanceSecurityGroups",
        {
            "SecurityGroupIdSet": Field(["String"], True),
            "DBInstanceId": Field("String"),
            "ReadOnlyGroupId": Field("String"),
        },
        security_groups.modify,
        True,
        WRITE_RATE,
    ),
    Action("DescribeDBInstanceSSLConfig", {"DBInstanceId": _ID}, ssl.describe, False, SSL_RATE),
    Action(
        "ModifyDBInstanceSSLConfig",
        {"DBInstanceId": _ID, "SSLEnabled": Field("Boolean", True), "ConnectAddress": Field("String")},
        ssl.modify,
        True,
        SSL_RATE,
    ),
]

SERVICE = Service("postgres", {VERSION: {a.name: a for a in ACTIONS}})
