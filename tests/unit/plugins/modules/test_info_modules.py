# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudAPIError
from ansible_collections.tencentcloud.postgresql.plugins.modules import tcpg_instance_info, tcpg_rogroup_info


def instance(n, **extra):
    data = {
        "DBInstanceId": "postgres-%08d" % n,
        "DBInstanceName": "db%d" % n,
        "DBInstanceStatus": "running",
        "DBInstanceType": "primary",
        "Region": "ap-guangzhou",
        "Zone": "ap-guangzhou-3",
        "ProjectId": 0,
        "VpcId": "vpc-aaaaaaaa",
        "SubnetId": "subnet-aaaaaaaa",
        "SupportIpv6": 1,
        "MasterDBInstanceId": "",
        "TagList": [{"TagKey": "team", "TagValue": "pay"}],
        "DBInstanceNetInfo": [
            {
                "NetType": "private",
                "Status": "opened",
                "Ip": "10.0.0.%d" % (n % 250),
                "Port": 5432,
                "VpcId": "vpc-aaaaaaaa",
                "SubnetId": "subnet-aaaaaaaa",
                "Address": "",
            },
            {"NetType": "public", "Status": "opened", "Ip": "1.2.3.4", "Port": 5433, "Address": "db.example"},
        ],
    }
    data.update(extra)
    return data


def test_instance_info_pages_and_shapes(fake_cloud, run_module):
    fleet = [instance(n) for n in range(230)]

    def handler(action, params):
        assert action == "DescribeDBInstances"
        page = fleet[params["Offset"] : params["Offset"] + params["Limit"]]
        return {"TotalCount": len(fleet), "DBInstanceSet": page, "RequestId": "r"}

    cloud = fake_cloud(handler)
    result = run_module(tcpg_instance_info, {}, check_mode=True)
    assert result["changed"] is False
    assert len(result["instances"]) == 230 and cloud.actions() == ["DescribeDBInstances"] * 3
    first = result["instances"][0]
    assert first["db_instance_id"] == "postgres-00000000" and first["tags"] == {"team": "pay"}
    assert first["extranet"] == {
        "status": "opened",
        "address": "db.example",
        "ip": "1.2.3.4",
        "port": 5433,
        "ipv6": False,
    }
    assert first["networks"] == [
        {
            "vpc_id": "vpc-aaaaaaaa",
            "subnet_id": "subnet-aaaaaaaa",
            "vip": "10.0.0.0",
            "port": 5432,
            "status": "opened",
            "address": "",
        }
    ]
    assert first["support_ipv6"] is True
    assert result["resource_actions"] == ["postgres:DescribeDBInstances"]


def test_instance_info_filters(fake_cloud, run_module):
    cloud = fake_cloud(lambda action, params: {"TotalCount": 0, "DBInstanceSet": []})
    result = run_module(
        tcpg_instance_info,
        {"db_instance_id": "postgres-abcd1234", "project_id": 7, "private_ip": "10.0.0.1", "name": "orders"},
    )
    assert result["instances"] == []
    assert cloud.calls[0][1]["Filters"] == [
        {"Name": "db-instance-id", "Values": ["postgres-abcd1234"]},
        {"Name": "db-instance-name", "Values": ["orders"]},
        {"Name": "db-project-id", "Values": ["7"]},
        {"Name": "db-private-ip", "Values": ["10.0.0.1"]},
    ]


@pytest.mark.parametrize(
    "args, words",
    [
        ({"db_instance_id": "postgres-X"}, "db_instance_id must be"),
        ({"name": "  "}, "name must not be empty"),
        ({"private_ip": "10.0.1"}, "private_ip must be an IP address"),
        ({"private_ip": "10.0.1.10 "}, "private_ip must be an IP address"),
        ({"project_id": -1}, "project_id must be 0"),
    ],
)
def test_instance_info_bad_input(fake_cloud, run_module, args, words):
    cloud = fake_cloud(lambda action, params: {})
    result = run_module(tcpg_instance_info, args)
    assert result["failed"] and words in result["msg"] and cloud.calls == []


GROUP = {
    "ReadOnlyGroupId": "pgrogrp-aaaaaaaa",
    "ReadOnlyGroupName": "reports",
    "MasterDBInstanceId": "postgres-00000001",
    "Status": "ok",
    "Region": "ap-guangzhou",
    "Zone": "ap-guangzhou-3",
    "VpcId": "vpc-aaaaaaaa",
    "SubnetId": "subnet-aaaaaaaa",
    "DBInstanceNetInfo": [
        {
            "NetType": "private",
            "Status": "opened",
            "Ip": "10.0.0.9",
            "Port": 5432,
            "VpcId": "vpc-aaaaaaaa",
            "SubnetId": "subnet-aaaaaaaa",
            "Address": "",
        }
    ],
    "ReadOnlyDBInstanceList": [
        {"DBInstanceId": "pgro-aaaaaaaa", "DBInstanceStatus": "running", "StatusInReadonlyGroup": "ok"}
    ],
}


def test_rogroup_info_by_master_costs_one_call(fake_cloud, run_module):
    cloud = fake_cloud(lambda action, params: {"ReadOnlyGroupList": [GROUP]})
    result = run_module(tcpg_rogroup_info, {"db_instance_id": "postgres-00000001"})
    assert cloud.actions() == ["DescribeReadOnlyGroups"]
    group = result["read_only_groups"][0]
    assert group["networks"][0]["vip"] == "10.0.0.9"
    assert group["members"] == [{"db_instance_id": "pgro-aaaaaaaa", "status": "running", "status_in_group": "ok"}]


def test_rogroup_info_finds_the_master(fake_cloud, run_module):
    def handler(action, params):
        if action == "DescribeDBInstances":
            return {"TotalCount": 1, "DBInstanceSet": [instance(1)]}
        return {"ReadOnlyGroupList": [GROUP]}

    cloud = fake_cloud(handler)
    result = run_module(tcpg_rogroup_info, {"read_only_group_id": "pgrogrp-aaaaaaaa"})
    assert cloud.actions() == ["DescribeReadOnlyGroups"]
    assert result["read_only_groups"][0]["master_db_instance_id"] == "postgres-00000001"


def test_rogroup_info_unknown_master_is_empty(fake_cloud, run_module):
    def handler(action, params):
        raise TencentCloudAPIError(action, "ResourceNotFound.InstanceNotFoundError", "no", "r")

    fake_cloud(handler)
    assert run_module(tcpg_rogroup_info, {"db_instance_id": "postgres-00000009"})["read_only_groups"] == []


@pytest.mark.parametrize(
    "args, words",
    [
        ({}, "one of the following is required"),
        ({"read_only_group_id": "pgro-aaaaaaaa"}, "read_only_group_id must be"),
        ({"db_instance_id": "x"}, "db_instance_id must be"),
    ],
)
def test_rogroup_info_bad_input(fake_cloud, run_module, args, words):
    cloud = fake_cloud(lambda action, params: {})
    result = run_module(tcpg_rogroup_info, args)
    assert result["failed"] and words in result["msg"] and cloud.calls == []
