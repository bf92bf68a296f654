"""The postgres service, version 2017-03-12: the network-access actions."""

from __future__ import annotations

from ...params import FILTER, Field
from .. import Action, Service
from . import describe, extranet, networks, rogroups, tasks

VERSION = "2017-03-12"
WRITE_RATE, DESCRIBE_RATE, TASKS_RATE = 100, 1000, 20

_ID = Field("String", True)
_INSTANCE_NET = {"DBInstanceId": _ID, "VpcId": _ID, "SubnetId": _ID}
_GROUP_NET = {"ReadOnlyGroupId": _ID, "VpcId": _ID, "SubnetId": _ID}
_ASSIGN = {"IsAssignVip": Field("Boolean", True), "Vip": Field("String")}
_DELETE = {"Vip": Field("String", True)}
_PUBLIC = {"DBInstanceId": _ID, "IsIpv6": Field("Integer")}

ACTIONS = [
    Action("OpenDBExtranetAccess", _PUBLIC, extranet.open_access, True, WRITE_RATE),
    Action("CloseDBExtranetAccess", _PUBLIC, extranet.close_access, True, WRITE_RATE),
    Action("CreateDBInstanceNetworkAccess", {**_INSTANCE_NET, **_ASSIGN}, networks.create_instance_network,
           True, WRITE_RATE),
    Action("DeleteDBInstanceNetworkAccess", {**_INSTANCE_NET, **_DELETE}, networks.delete_instance_network,
           True, WRITE_RATE),
    Action("CreateReadOnlyGroupNetworkAccess", {**_GROUP_NET, **_ASSIGN}, networks.create_group_network,
           True, WRITE_RATE),
    Action("DeleteReadOnlyGroupNetworkAccess", {**_GROUP_NET, **_DELETE}, networks.delete_group_network,
           True, WRITE_RATE),
    Action("DescribeDBInstanceAttribute", {"DBInstanceId": _ID}, describe.instance_attribute, False,
           DESCRIBE_RATE),
    Action("DescribeDBInstances", {"Filters": Field([FILTER]), "Limit": Field("Integer"), "Offset": Field("Integer"),
                                   "OrderBy": Field("String"), "OrderByType": Field("String")},
           describe.instances, False, DESCRIBE_RATE),
    Action("DescribeReadOnlyGroups", {"Filters": Field([FILTER]), "PageSize": Field("Integer"),
                                      "PageNumber": Field("Integer"), "OrderBy": Field("String"),
                                      "OrderByType": Field("String")},
           rogroups.describe, False, DESCRIBE_RATE),
    Action("DescribeTasks", {"TaskId": Field("Integer"), "DBInstanceId": Field("String"),
                             "MinStartTime": Field("String"), "MaxStartTime": Field("String"),
                             "Limit": Field("Integer"), "Offset": Field("Integer"), "OrderBy": Field("String"),
                             "OrderByType": Field("String")},
           tasks.describe, False, TASKS_RATE),
]

SERVICE = Service("postgres", {VERSION: {a.name: a for a in ACTIONS}})
