# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Stand-ins for the service behind the two network modules, and what tells the two modules apart in tests."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudAPIError
from ansible_collections.tencentcloud.postgresql.plugins.modules import tcpg_instance_network, tcpg_rogroup_network

INSTANCE = "postgres-aaaaaaaa"
GROUP, MASTER = "pgrogrp-aaaaaaaa", "postgres-aaaaaaaa"
VPC, S1, S2, S3 = "vpc-aaaaaaaa", "subnet-aaaaaaa1", "subnet-aaaaaaa2", "subnet-aaaaaaa3"


def view(subnet, vip, status="opened", port=5432):
    return {"vpc_id": VPC, "subnet_id": subnet, "vip": vip, "port": port, "status": status, "address": ""}


class Instance:
    """A stand-in for the service holding one instance: a write starts a task, which ends when it is polled
    (DescribeTasks) or after a few reads of the instance. The instance also has a public address, which the
    module must leave out of its networks."""

    def __init__(self, *networks, **kwargs):
        self.networks = [dict(net_type="private", vpc=VPC, subnet=s, vip=v, status="opened") for s, v in networks]
        self.networks += [
            dict(net_type="inner", vpc="0", subnet="0", vip=v, status="opened") for v in kwargs.get("basic", ())
        ]
        self.status = kwargs.get("status", "running")
        self.task = None
        self.flow = 900
        self.task_status = "Success"
        self.reads_while_busy = 0
        self.lagging_reads = kwargs.get("lagging_reads", 0)  # reads after a write that still show the old state
        self.stale = None

    def entry(self, n):
        return {
            "NetType": n["net_type"],
            "VpcId": n["vpc"],
            "SubnetId": n["subnet"],
            "Ip": n["vip"],
            "Port": 5432,
            "Status": n["status"],
            "Address": "",
            "ProtocolType": "postgresql",
        }

    def finish(self):
        if self.task:
            for n in self.networks:
                n["status"] = {"opening": "opened"}.get(n["status"], n["status"])
            self.networks = [n for n in self.networks if n["status"] != "closing"]
            self.status, self.task, self.reads_while_busy = "running", None, 0

    def __call__(self, action, params):
        if action == "DescribeDBInstanceAttribute":
            self.reads_while_busy += 1 if self.task else 0
            if self.reads_while_busy > 2:  # the flow also ends by itself, seen after a few reads
                self.finish()
            if params["DBInstanceId"] != INSTANCE:
                raise TencentCloudAPIError(
                    action, "ResourceNotFound.InstanceNotFoundError", "no such instance", "rid-404"
                )
            public = {
                "NetType": "public",
                "VpcId": "",
                "SubnetId": "",
                "Ip": "198.18.0.9",
                "Port": 25000,
                "Status": "opened",
                "Address": "pg.example.com",
                "ProtocolType": "postgresql",
            }
            status, networks = shown(self)
            return {
                "DBInstance": {
                    "DBInstanceId": INSTANCE,
                    "DBInstanceStatus": status,
                    "DBInstanceNetInfo": [self.entry(n) for n in networks] + [public],
                }
            }
        if action == "CreateDBInstanceNetworkAccess":
            remember(self)
            assert params["IsAssignVip"] is ("Vip" in params)
            vip = params.get("Vip") or "10.0.3.50"
            self.networks.append(
                dict(net_type="private", vpc=params["VpcId"], subnet=params["SubnetId"], vip=vip, status="opening")
            )
            return self.started()
        if action == "DeleteDBInstanceNetworkAccess":
            remember(self)
            for n in self.networks:
                if (n["vpc"], n["subnet"], n["vip"]) == (params["VpcId"], params["SubnetId"], params["Vip"]):
                    n["status"] = "closing"
            return self.started()
        if action == "DescribeTasks":
            if self.task_status == "Fail":
                return {
                    "TotalCount": 1,
                    "TaskSet": [
                        {
                            "TaskId": self.flow,
                            "Status": "Fail",
                            "Progress": 50,
                            "TaskDetail": {"Message": "subnet has no free address"},
                        }
                    ],
                }
            self.finish()
            return {"TotalCount": 1, "TaskSet": [{"TaskId": self.flow, "Status": "Success", "Progress": 100}]}
        raise AssertionError(action)

    def started(self):
        self.status, self.flow, self.task = "network changing", self.flow + 1, True
        return {"FlowId": self.flow, "TaskId": self.flow, "RequestId": "r"}


def remember(fake):
    """At a write: what the next ``lagging_reads`` reads still show (the status lag)."""
    if fake.lagging_reads:
        fake.stale = [fake.lagging_reads, fake.status, [dict(n) for n in fake.networks]]


def shown(fake):
    """(status, networks) that a read shows: the old ones while the lag lasts."""
    if fake.stale and fake.stale[0] > 0:
        fake.stale[0] -= 1
        return fake.stale[1], fake.stale[2]
    return fake.status, fake.networks


class Group:
    """A stand-in for the service holding one read-only group: a write starts a task, which ends when it is
    polled (DescribeTasks) or after a few reads of the group."""

    def __init__(self, *networks, **kwargs):
        self.networks = [dict(vpc=VPC, subnet=s, vip=v, status="opened") for s, v in networks]
        self.status = kwargs.get("status", "ok")
        self.strict_groups = kwargs.get("strict_groups", False)  # refuses the read-only-group-id filter alone
        self.task = None
        self.flow = 900
        self.next_host = 50
        self.task_status = "Success"
        self.reads_while_busy = 0
        self.lagging_reads = kwargs.get("lagging_reads", 0)
        self.stale = None

    def entry(self, n):
        return {
            "NetType": "private",
            "VpcId": n["vpc"],
            "SubnetId": n["subnet"],
            "Ip": n["vip"],
            "Port": 5432,
            "Status": n["status"],
            "Address": "",
            "ProtocolType": "postgresql",
        }

    def finish(self):
        if self.task:
            for n in self.networks:
                n["status"] = {"opening": "opened"}.get(n["status"], n["status"])
            self.networks = [n for n in self.networks if n["status"] != "closing"]
            self.status, self.task, self.reads_while_busy = "ok", None, 0

    def __call__(self, action, params):
        if action == "DescribeDBInstances":
            return {
                "TotalCount": 2,
                "DBInstanceSet": [
                    {"DBInstanceId": MASTER, "DBInstanceType": "primary"},
                    {"DBInstanceId": "pgro-aaaaaaaa", "DBInstanceType": "readonly"},
                ],
            }
        if action == "DescribeReadOnlyGroups":
            self.reads_while_busy += 1 if self.task else 0
            if self.reads_while_busy > 2:  # the flow also ends by itself, seen after a few reads
                self.finish()
            filters = dict((f["Name"], f["Values"]) for f in params["Filters"])
            if self.strict_groups and "db-master-instance-id" not in filters:
                raise TencentCloudAPIError(action, "InvalidParameterValue.ParameterValueError", "master needed", "r")
            if (
                MASTER not in filters.get("db-master-instance-id", [MASTER])
                or GROUP not in filters["read-only-group-id"]
            ):
                return {"ReadOnlyGroupList": []}
            status, networks = shown(self)
            return {
                "ReadOnlyGroupList": [
                    {
                        "ReadOnlyGroupId": GROUP,
                        "MasterDBInstanceId": MASTER,
                        "Status": status,
                        "DBInstanceNetInfo": [self.entry(n) for n in networks],
                    }
                ]
            }
        if action == "CreateReadOnlyGroupNetworkAccess":
            remember(self)
            assert params["IsAssignVip"] is ("Vip" in params)
            vip = params.get("Vip") or "10.0.3.%d" % self.next_host
            self.networks.append(dict(vpc=params["VpcId"], subnet=params["SubnetId"], vip=vip, status="opening"))
            return self.started()
        if action == "DeleteReadOnlyGroupNetworkAccess":
            remember(self)
            for n in self.networks:
                if (n["vpc"], n["subnet"], n["vip"]) == (params["VpcId"], params["SubnetId"], params["Vip"]):
                    n["status"] = "closing"
            return self.started()
        if action == "DescribeTasks":
            if self.task_status == "Fail":
                return {
                    "TotalCount": 1,
                    "TaskSet": [
                        {"TaskId": self.flow, "Status": "Fail", "Progress": 40, "TaskDetail": {"Message": "vpc quota"}}
                    ],
                }
            self.finish()
            return {"TotalCount": 1, "TaskSet": [{"TaskId": self.flow, "Status": "Success", "Progress": 100}]}
        raise AssertionError(action)

    def started(self):
        self.status, self.flow, self.task = "modifying", self.flow + 1, True
        return {"FlowId": self.flow, "TaskId": self.flow, "RequestId": "r"}


class Kind:
    """One of the two network modules, with its fake service and the names its calls and messages use."""

    def __init__(
        self,
        name,
        module,
        fake,
        identity,
        reference,
        label,
        reads,
        create,
        delete,
        busy,
        idle,
        busy_code,
        fail_detail,
        info,
    ):
        self.name, self.module, self.fake, self.identity, self.reference = name, module, fake, identity, reference
        self.label, self.reads, self.create, self.delete = label, reads, create, delete
        self.busy, self.idle, self.busy_code, self.fail_detail, self.info = busy, idle, busy_code, fail_detail, info

    def args(self, **kwargs):
        base = dict(self.identity, vpc_id=VPC, subnet_id=S1)
        base.update(kwargs)
        return dict((k, v) for k, v in base.items() if v is not None)

    def writes(self, cloud):
        return [c for c in cloud.calls if c[0] in (self.create, self.delete)]

    def vpc_networks(self, fake):
        return [n for n in fake.networks if n.get("net_type", "private") == "private"]

    def __repr__(self):
        return self.name


KINDS = [
    Kind(
        "instance",
        tcpg_instance_network,
        Instance,
        {"db_instance_id": INSTANCE},
        {"DBInstanceId": INSTANCE},
        "instance %s" % INSTANCE,
        ["DescribeDBInstanceAttribute"],
        "CreateDBInstanceNetworkAccess",
        "DeleteDBInstanceNetworkAccess",
        "network changing",
        "running",
        "OperationDenied.InstanceStatusLimitOpError",
        "subnet has no free address",
        "tcpg_instance_info",
    ),
    Kind(
        "group",
        tcpg_rogroup_network,
        Group,
        {"read_only_group_id": GROUP, "db_instance_id": MASTER},
        {"ReadOnlyGroupId": GROUP},
        "read-only group %s" % GROUP,
        ["DescribeReadOnlyGroups"],
        "CreateReadOnlyGroupNetworkAccess",
        "DeleteReadOnlyGroupNetworkAccess",
        "modifying",
        "ok",
        "OperationDenied.ROGroupStatusError",
        "vpc quota",
        "tcpg_rogroup_info",
    ),
]
