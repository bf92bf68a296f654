# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from ansible.module_utils.common import warnings as ansible_warnings

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudAPIError
from ansible_collections.tencentcloud.postgresql.plugins.modules import tcpg_instance_network as module
from ansible_collections.tencentcloud.postgresql.tests.unit.plugins.modules.network_fakes import (
    INSTANCE,
    S1,
    S2,
    S3,
    VPC,
    Instance,
)

WRITES = ("CreateDBInstanceNetworkAccess", "DeleteDBInstanceNetworkAccess")
READ = "DescribeDBInstanceAttribute"


@pytest.fixture(autouse=True)
def fresh_warnings():
    ansible_warnings._global_warnings.clear()
    yield
    ansible_warnings._global_warnings.clear()


def args(**kwargs):
    base = {"db_instance_id": INSTANCE, "vpc_id": VPC, "subnet_id": S1}
    base.update(kwargs)
    return dict((k, v) for k, v in base.items() if v is not None)


def writes(cloud):
    return [c for c in cloud.calls if c[0] in WRITES]


# What only an instance does; what both network modules do is in test_network_modules.py.


def test_a_basic_network_counts_toward_the_limit(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10"), basic=["10.66.0.3"]))
    result = run_module(module, args(subnet_id=S3))
    assert result["failed"] and "already has 2 networks" in result["msg"]
    assert "1 basic-network address" in result["msg"] and writes(cloud) == []


def test_the_only_vpc_network_may_go_when_a_basic_network_remains(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10"), basic=["10.66.0.3"]))
    result = run_module(module, args(state="absent"))
    assert result["changed"] is True and result["networks"] == []
    assert [w[0] for w in writes(cloud)] == ["DeleteDBInstanceNetworkAccess"]


def test_check_mode_on_a_busy_instance_says_a_run_would_wait(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10"), status="restarting"))
    result = run_module(module, args(subnet_id=S3), check_mode=True)
    assert result["changed"] is True and cloud.actions() == [READ]
    assert "instance %s is busy (status restarting); a real run waits for it first" % INSTANCE in str(
        result["warnings"]
    )


# -- trouble ------------------------------------------------------------------------------------------------


def test_an_unknown_vpc_is_explained(fake_cloud, run_module):
    instance = Instance((S1, "10.0.1.10"))

    def handler(action, params):
        if action == "CreateDBInstanceNetworkAccess":
            raise TencentCloudAPIError(
                action, "InvalidParameter.VpcNotFoundError", "no such VPC", "rid-9", mutating=True
            )
        return instance(action, params)

    fake_cloud(handler)
    result = run_module(module, args(vpc_id="vpc-zzzzzzzz", subnet_id=S3))
    assert result["failed"]
    assert result["msg"].startswith(
        "could not add network vpc-zzzzzzzz/%s to instance %s: check that subnet %s "
        "exists in VPC vpc-zzzzzzzz of this region" % (S3, INSTANCE, S3)
    )
    assert "rid-9" in result["msg"] and result["error"]["request_id"] == "rid-9"


def test_an_unknown_instance(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10")))
    result = run_module(module, args(db_instance_id="postgres-zzzzzzzz"))
    assert result["failed"] and result["msg"] == "instance postgres-zzzzzzzz was not found in region ap-guangzhou"
    assert result["db_instance_id"] == "postgres-zzzzzzzz" and writes(cloud) == []
    assert result["resource_actions"] == ["postgres:DescribeDBInstanceAttribute"]


@pytest.mark.parametrize("status", ["isolated", "isolating", "recycled", "offline"])
def test_an_instance_on_its_way_out_is_refused(fake_cloud, run_module, status):
    for check_mode in (False, True):
        cloud = fake_cloud(Instance((S1, "10.0.1.10"), (S2, "10.0.2.10"), status=status))
        result = run_module(module, args(state="absent"), check_mode=check_mode)
        assert result["failed"]
        assert result["msg"] == "instance %s is %s: its networks cannot be changed" % (INSTANCE, status)
        assert cloud.actions() == [READ]


@pytest.mark.parametrize(
    "extra, words",
    [
        ({"db_instance_id": "pgrogrp-aaaaaaaa"}, "db_instance_id must be 'postgres-' or 'pgro-' followed by 8"),
        ({"db_instance_id": "postgres-AAAAAAAA"}, "db_instance_id must be 'postgres-' or 'pgro-' followed by 8"),
        ({"db_instance_id": "pgro-AAAAAAAA"}, "db_instance_id must be 'postgres-' or 'pgro-' followed by 8"),
        ({"db_instance_id": None}, "one of the following is required: db_instance_id, db_instance_ids"),
    ],
)
def test_bad_identity_fails_before_any_call(fake_cloud, run_module, extra, words):
    cloud = fake_cloud(Instance((S1, "10.0.1.10")))
    result = run_module(module, args(**extra))
    assert result["failed"] and words in result["msg"]
    assert cloud.calls == []
