# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _postgres
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudAPIError


@pytest.mark.parametrize(
    "raw, name",
    [
        ("initing", "initing"),
        ("opening", "opening"),
        ("opened", "opened"),
        ("closing", "closing"),
        ("closed", "closed"),
        ("OPENED", "opened"),
        (" closed ", "closed"),
        ("1", "initing"),
        ("2", "opened"),
        ("3", "closed"),
        ("4", "opening"),
        ("5", "closing"),
        (1, "initing"),
        (2, "opened"),
        (3, "closed"),
        (4, "opening"),
        (5, "closing"),
        ("", "unknown"),
        (None, "unknown"),
        ("weird", "weird"),
    ],
)
def test_status_normalisation(raw, name):
    assert _postgres.normalize_net_status(raw) == name


@pytest.mark.parametrize(
    "option, good, bad",
    [
        (
            "db_instance_id",
            "postgres-abcd1234",
            ["postgres-ABCD1234", "postgres-abc", "pgro-abcd1234", "", "postgres-abcd1234\n"],
        ),
        ("read_only_group_id", "pgrogrp-4t9c6g7k", ["pgro-4t9c6g7k", "pgrogrp-4t9c6g7k0", "pgrogrp-4t9c6g7k\n"]),
        ("vpc_id", "vpc-gaestjaf", ["vpc-", "subnet-gaestjaf", "vpc-gaestjaf\n"]),
        ("subnet_id", "subnet-4s9dejli", ["subnet-4s9dejl", "vpc-4s9dejli", "subnet-4s9dejli\n"]),
    ],
)
def test_id_patterns(option, good, bad):
    assert _postgres.check_id(option, good) is None
    prefix, example = _postgres.ID_FORMATS[option]
    for value in bad:
        assert _postgres.check_id(option, value) == (
            "%s must be '%s' followed by 8 lowercase letters or digits (for example %s), got %r"
            % (option, prefix, example, value)
        )


def test_network_view():
    entry = {
        "Address": "",
        "Ip": "10.0.0.5",
        "Port": 5432,
        "NetType": "private",
        "Status": "2",
        "VpcId": "vpc-a",
        "SubnetId": "subnet-b",
        "ProtocolType": "postgresql",
    }
    assert _postgres.network_view(entry) == {
        "vpc_id": "vpc-a",
        "subnet_id": "subnet-b",
        "vip": "10.0.0.5",
        "port": 5432,
        "status": "opened",
        "address": "",
    }
    assert (
        _postgres.net_entries({"DBInstanceNetInfo": [entry, dict(entry, NetType="public")]}, "public")[0]["NetType"]
        == "public"
    )
    assert _postgres.net_entries({"DBInstanceNetInfo": None}, "private") == []


class FakeClient:
    def __init__(self, handler):
        self.handler = handler
        self.calls = []

    def call(self, action, params=None, mutating=False, deadline=None):
        self.calls.append((action, params))
        return self.handler(action, params)


def test_describe_instance_not_found_is_none():
    def handler(action, params):
        raise TencentCloudAPIError(action, "ResourceNotFound.InstanceNotFoundError", "gone", "r")

    assert _postgres.describe_instance(FakeClient(handler), "postgres-abcd1234") is None


def test_describe_instance_other_errors_propagate():
    def handler(action, params):
        raise TencentCloudAPIError(action, "AuthFailure.SignatureFailure", "no", "r")

    with pytest.raises(TencentCloudAPIError):
        _postgres.describe_instance(FakeClient(handler), "postgres-abcd1234")


def test_find_ro_group_without_master_costs_two_calls():
    def handler(action, params):
        if action == "DescribeDBInstances":
            return {
                "TotalCount": 3,
                "DBInstanceSet": [
                    {"DBInstanceId": "postgres-aaaaaaaa", "DBInstanceType": "primary"},
                    {"DBInstanceId": "pgro-bbbbbbbb", "DBInstanceType": "readonly"},
                    {"DBInstanceId": "postgres-cccccccc", "DBInstanceType": "primary"},
                ],
            }
        assert params["Filters"][0] == {
            "Name": "db-master-instance-id",
            "Values": ["postgres-aaaaaaaa", "postgres-cccccccc"],
        }
        return {
            "ReadOnlyGroupList": [{"ReadOnlyGroupId": "pgrogrp-aaaaaaaa", "MasterDBInstanceId": "postgres-cccccccc"}]
        }

    client = FakeClient(handler)
    group, master = _postgres.find_ro_group(client, "pgrogrp-aaaaaaaa")
    assert master == "postgres-cccccccc" and group["ReadOnlyGroupId"] == "pgrogrp-aaaaaaaa"
    assert [c[0] for c in client.calls] == ["DescribeDBInstances", "DescribeReadOnlyGroups"]


def test_find_ro_group_with_master_costs_one_call():
    client = FakeClient(lambda action, params: {"ReadOnlyGroupList": []})
    assert _postgres.find_ro_group(client, "pgrogrp-aaaaaaaa", "postgres-cccccccc") == (None, "postgres-cccccccc")
    assert len(client.calls) == 1


def test_list_instances_pages_until_total_count():
    def handler(action, params):
        total = 250
        count = max(0, min(params["Limit"], total - params["Offset"]))
        return {
            "TotalCount": total,
            "DBInstanceSet": [{"DBInstanceId": "i%d" % (params["Offset"] + n)} for n in range(count)],
        }

    client = FakeClient(handler)
    assert len(_postgres.list_instances(client)) == 250
    assert [p["Offset"] for dummy, p in client.calls] == [0, 100, 200]


def test_not_found_reads_the_same_for_groups_and_instances():
    """The info modules and the network modules map the same codes to "not found"."""

    def handler(action, params):
        raise TencentCloudAPIError(action, "FailedOperation.ROGroupNotFoundError", "gone", "r")

    assert _postgres.describe_ro_groups(FakeClient(handler), ["postgres-cccccccc"]) == []
    assert _postgres.find_ro_group(FakeClient(handler), "pgrogrp-aaaaaaaa", "postgres-cccccccc") == (
        None,
        "postgres-cccccccc",
    )


class Recorder:
    def __init__(self):
        self.calls = []

    def call(self, action, params=None, mutating=False, deadline=None):
        self.calls.append((action, params, mutating, deadline))
        return {"FlowId": 77, "TaskId": 77, "RequestId": "r"}


@pytest.mark.parametrize("reference", [{"DBInstanceId": "postgres-aaaaaaaa"}, {"ReadOnlyGroupId": "pgrogrp-aaaaaaaa"}])
def test_the_network_write_requests(reference):
    client = Recorder()
    network = {"vpc_id": "vpc-aaaaaaaa", "subnet_id": "subnet-aaaaaaa1", "vip": "10.0.1.20"}
    assert (
        _postgres.create_network_access(client, "CreateX", reference, "vpc-aaaaaaaa", "subnet-aaaaaaa3", None, 5.0)
        == 77
    )
    assert (
        _postgres.create_network_access(
            client, "CreateX", reference, "vpc-aaaaaaaa", "subnet-aaaaaaa3", "10.0.3.9", 5.0
        )
        == 77
    )
    assert _postgres.delete_network_access(client, "DeleteX", reference, network, 5.0) == 77
    assert client.calls == [
        (
            "CreateX",
            dict(reference, VpcId="vpc-aaaaaaaa", SubnetId="subnet-aaaaaaa3", IsAssignVip=False, Vip=None),
            True,
            5.0,
        ),
        (
            "CreateX",
            dict(reference, VpcId="vpc-aaaaaaaa", SubnetId="subnet-aaaaaaa3", IsAssignVip=True, Vip="10.0.3.9"),
            True,
            5.0,
        ),
        ("DeleteX", dict(reference, VpcId="vpc-aaaaaaaa", SubnetId="subnet-aaaaaaa1", Vip="10.0.1.20"), True, 5.0),
    ]


@pytest.mark.parametrize(
    "write, action",
    [(_postgres.open_extranet, "OpenDBExtranetAccess"), (_postgres.close_extranet, "CloseDBExtranetAccess")],
)
def test_the_extranet_write_requests(write, action):
    client = Recorder()
    assert write(client, "postgres-aaaaaaaa", True, 5.0) == 77
    assert write(client, "postgres-aaaaaaaa", False, 5.0) == 77
    assert client.calls == [
        (action, {"DBInstanceId": "postgres-aaaaaaaa", "IsIpv6": 1}, True, 5.0),
        (action, {"DBInstanceId": "postgres-aaaaaaaa", "IsIpv6": 0}, True, 5.0),
    ]


def test_security_group_view_reads_every_field_and_keeps_rule_order():
    from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import security_group_view

    group = {
        "SecurityGroupId": "sg-aaaaaaaa",
        "SecurityGroupName": "office",
        "SecurityGroupDescription": "d",
        "ProjectId": "1001",
        "CreateTime": "2026-01-01 00:00:00",
        "Inbound": [
            {"Action": "ACCEPT", "CidrIp": "203.0.113.0/24", "PortRange": "5432", "IpProtocol": "tcp"},
            {"Action": "DROP", "CidrIp": "0.0.0.0/0", "PortRange": "ALL", "IpProtocol": "ALL", "Description": "x"},
        ],
    }
    view = security_group_view(group)
    assert view["project_id"] == 1001 and view["outbound"] == []
    assert [r["action"] for r in view["inbound"]] == ["ACCEPT", "DROP"]
    assert view["inbound"][0] == {
        "action": "ACCEPT",
        "cidr_ip": "203.0.113.0/24",
        "port_range": "5432",
        "ip_protocol": "tcp",
        "description": "",
    }
