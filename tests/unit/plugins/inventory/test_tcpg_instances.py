# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tencentcloud.postgresql.plugins.inventory import tcpg_instances as plugin

INSTANCE = {
    "DBInstanceId": "postgres-abcd1234",
    "DBInstanceName": "orders",
    "DBInstanceStatus": "running",
    "Region": "ap-guangzhou",
    "Zone": "ap-guangzhou-3",
    "ProjectId": 1001,
    "DBMajorVersion": "15",
    "DBVersion": "15.4",
    "DBInstanceType": "primary",
    "VpcId": "vpc-home0001",
    "SubnetId": "subnet-home0001",
    "TagList": [{"TagKey": "team", "TagValue": "payments"}],
    "DBInstanceNetInfo": [
        {
            "NetType": "private",
            "VpcId": "vpc-other001",
            "SubnetId": "subnet-other001",
            "Ip": "172.16.0.5",
            "Port": 5432,
            "Status": "opened",
            "Address": "",
        },
        {
            "NetType": "private",
            "VpcId": "vpc-home0001",
            "SubnetId": "subnet-home0001",
            "Ip": "10.0.1.10",
            "Port": 5433,
            "Status": "opened",
            "Address": "",
        },
        {
            "NetType": "public",
            "Status": "opened",
            "Ip": "198.18.0.1",
            "Port": 25432,
            "Address": "postgres-abcd1234.gz.postgres.tencentcdb.com",
        },
    ],
}


def test_host_facts_use_the_module_shapes():
    facts = plugin._host_facts(INSTANCE, "ap-guangzhou", [])
    assert facts["tags"] == {"team": "payments"}
    assert facts["extranet"] == {
        "status": "opened",
        "address": "postgres-abcd1234.gz.postgres.tencentcdb.com",
        "ip": "198.18.0.1",
        "port": 25432,
        "ipv6": False,
    }
    assert [n["vip"] for n in facts["networks"]] == ["10.0.1.10", "172.16.0.5"]  # sorted, as the modules return them
    assert (facts["project_id"], facts["db_major_version"], facts["instance_type"]) == (1001, "15", "primary")


def test_private_address_prefers_the_network_the_instance_was_created_in():
    facts = plugin._host_facts(INSTANCE, "ap-guangzhou", [])
    assert plugin._address(facts, public=False) == ("10.0.1.10", 5433, None)
    assert plugin._address(facts, public=True) == ("postgres-abcd1234.gz.postgres.tencentcdb.com", 25432, None)


def test_no_address_says_why():
    closed = dict(
        INSTANCE,
        DBInstanceNetInfo=[
            {
                "NetType": "private",
                "VpcId": "vpc-home0001",
                "SubnetId": "subnet-home0001",
                "Ip": "10.0.1.10",
                "Port": 5432,
                "Status": "opening",
            },
            {"NetType": "public", "Status": "closed", "Ip": "198.18.0.1", "Port": 25432},
        ],
    )
    facts = plugin._host_facts(closed, "ap-guangzhou", [])
    assert plugin._address(facts, public=True) == (
        None,
        None,
        "connect_with is public and the public address is closed",
    )
    assert plugin._address(facts, public=False) == (
        None,
        None,
        "connect_with is private and the instance has no opened private network",
    )


def test_group_names_use_underscores():
    assert plugin._group_name("ap-shanghai-fsi") == "ap_shanghai_fsi"
    assert plugin._group_name("pgrogrp-abcd1234") == "pgrogrp_abcd1234"
